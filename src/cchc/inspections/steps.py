"""Demo step of the inspections app (registered in ``InspectionsConfig.ready``), after plans and scoring."""

from cchc.core.steps import demo_step


@demo_step(60, "inspections")
def demo_inspections() -> list[str]:
    from cchc.inspections.demo import load_demo_inspections

    load_demo_inspections()
    return []
