import pytest

from tests.conftest import EXAMPLES


@pytest.fixture
def framework_text():
    return (EXAMPLES / "framework-example.yaml").read_text(encoding="utf-8")


@pytest.fixture
def example_framework(db, framework_text):
    from cchc.core.permissions import system_actor
    from cchc.scoring.frameworks import import_framework

    framework, _replaced = import_framework(framework_text, actor=system_actor("test"))
    return framework


@pytest.fixture
def write(tmp_path):
    def write(name: str, text: str, *, bom: bool = False):
        path = tmp_path / name
        path.write_text(("\ufeff" if bom else "") + text, encoding="utf-8")
        return path

    return write
