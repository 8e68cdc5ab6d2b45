"""Setup step of the procedure catalogue (registered in ``ProceduresConfig.ready``)."""

from cchc.core.steps import setup_step


@setup_step(30, "procedures")
def load_procedures() -> str:
    from cchc.procedures.services import load_starter_catalogue

    total, added = load_starter_catalogue()
    return f"{total} procedures ({added} added)"
