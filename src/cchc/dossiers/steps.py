"""Demo step of the dossiers app (registered in ``DossiersConfig.ready``)."""

from cchc.core.steps import demo_step


@demo_step(30, "dossiers")
def demo_dossiers() -> list[str]:
    from cchc.dossiers.demo import load_demo_dossiers

    load_demo_dossiers()
    return []
