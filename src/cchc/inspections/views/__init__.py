"""Pages of the inspections app, one module per area: plans and schedules, the inspection on site (checklist,
findings, the conclusion notice), remediation and the follow-up of open findings."""
