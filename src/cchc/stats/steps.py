"""Setup step of the statistics app (registered in ``StatsConfig.ready``)."""

from cchc.core.steps import setup_step


@setup_step(50, "targets")
def load_targets() -> str:
    from cchc.stats.services import load_national_targets

    created = load_national_targets()
    return f"national default targets ({created} created)"
