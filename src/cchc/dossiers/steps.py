"""Demo step of the dossiers app (registered in ``DossiersConfig.ready``)."""

from cchc.core.steps import demo_step


@demo_step(30, "dossiers")
def demo_dossiers() -> list[str]:
    """Two years of history (bulk, as an import), then today's dossiers carried through the desk's steps by
    the demo users; returns the demo specialist's login."""
    from cchc.dossiers.demo import load_demo_dossiers
    from cchc.dossiers.demo_steps import load_demo_steps

    load_demo_dossiers()
    return [f"{u:<20} {p}  — {role} @ {unit}" for u, p, role, unit in load_demo_steps()]
