from pathlib import Path

import pytest

from tests.dossier_files import EXAMPLES, HEADER


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the reference data once per session; each test then runs in a rolled-back transaction."""
    with django_db_blocker.unblock():
        from cchc.core.steps import setup_steps

        for step in setup_steps():  # units, calendar, procedure catalogue: as `cchc setup`
            step.run()


@pytest.fixture
def province(db):
    from cchc.org.models import Unit

    return Unit.objects.get(code="68")


@pytest.fixture
def ward_a(db):
    from cchc.org.models import Unit

    return Unit.objects.get(code="22945")  # Phường Phan Thiết


@pytest.fixture
def ward_b(db):
    from cchc.org.models import Unit

    return Unit.objects.get(code="22933")  # Phường Hàm Thắng


@pytest.fixture
def examples_dir():
    if not EXAMPLES.is_dir():
        pytest.fail(f"the contract examples are missing at {EXAMPLES}")
    return EXAMPLES


@pytest.fixture
def write_csv(tmp_path):
    def write(*lines: str, name: str = "dossiers.csv", header: str = HEADER, bom: bool = False) -> Path:
        path = tmp_path / name
        path.write_text(("\ufeff" if bom else "") + "\n".join([header, *lines]) + "\n", encoding="utf-8")
        return path

    return write


def pytest_terminal_summary(terminalreporter):
    """Print how many URLs × roles the generic permission and form walks covered."""
    from tests.core.test_permission_matrix import COVERAGE

    if not COVERAGE:
        return
    terminalreporter.section("permission matrix and form pages")
    for what, pairs in sorted(COVERAGE.items()):
        urls = {url for url, _role in pairs}
        roles = {role for _url, role in pairs}
        terminalreporter.write_line(f"{what}: {len(urls)} URLs × {len(roles)} roles = {len(pairs)} posts")
