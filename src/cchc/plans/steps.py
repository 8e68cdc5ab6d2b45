"""Demo step of the plans app (registered in ``PlansConfig.ready``)."""

from cchc.core.steps import demo_step


@demo_step(40, "plans")
def demo_plans() -> list[str]:
    from cchc.plans.demo import load_demo_plans

    load_demo_plans()
    return []
