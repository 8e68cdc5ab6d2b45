"""Setup step: the shipped sample frameworks (``data/*.yaml``), imported when their code is new."""

from pathlib import Path

from cchc.core.steps import demo_step, setup_step

DATA = Path(__file__).parent / "data"


@setup_step(60, "frameworks")
def load_frameworks() -> str:
    from cchc.core.permissions import system_actor
    from cchc.scoring.frameworks import import_framework
    from cchc.scoring.models import Framework

    loaded = []
    for path in sorted(DATA.glob("framework-*.yaml")):
        text = path.read_text(encoding="utf-8")
        from cchc.scoring.frameworks import parse

        if Framework.objects.filter(code=parse(text).code).exists():
            continue
        framework, _replaced = import_framework(text, actor=system_actor("setup"))
        loaded.append(framework.code)
    return f"PAR frameworks: {', '.join(loaded) if loaded else 'already loaded'}"


@demo_step(50, "scoring")
def demo_scoring() -> list[str]:
    from cchc.scoring.demo import load_demo_scoring

    load_demo_scoring()
    return []
