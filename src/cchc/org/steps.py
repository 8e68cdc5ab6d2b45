"""Setup and demo steps of the organisation app (registered in ``OrgConfig.ready``)."""

from cchc.core.steps import demo_step, setup_step


@setup_step(10, "units")
def load_units() -> str:
    from cchc.org.models import Unit, UnitKind
    from cchc.org.services import load_official_units

    result = load_official_units()
    current = Unit.objects.filter(official=True, valid_to__isnull=True)
    provinces = current.filter(kind=UnitKind.PROVINCE).count()
    communes = current.filter(kind=UnitKind.COMMUNE).count()
    return (
        f"{provinces} provinces, {communes} commune-level units "
        f"({result['created']} created, {result['updated']} updated)"
    )


@demo_step(10, "organisation")
def demo_org() -> list[str]:
    from cchc.org.demo import load_demo_org

    return [f"{u:<20} {p}  — {role} @ {unit}" for u, p, role, unit in load_demo_org()]
