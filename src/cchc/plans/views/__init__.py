"""Pages of the plans app, one module per area: plans, tasks, work lists and the report."""
