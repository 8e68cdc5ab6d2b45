import pytest


@pytest.fixture
def starter(db):
    """The shipped starter catalogue (52 commune-level procedures)."""
    from cchc.procedures.services import load_starter_catalogue

    load_starter_catalogue()


@pytest.fixture
def empty_catalogue(db):
    """No procedure at all (the session database holds the starter catalogue, loaded by the setup steps)."""
    from cchc.procedures.models import Procedure

    Procedure.objects.all().delete()


@pytest.fixture
def run_import(capsys):
    """``cchc import procedures FILE ARGS``: returns (exit code, stdout, stderr lines)."""
    from django.core.management import call_command

    def run(path, *args):
        code = 0
        try:
            call_command("import_procedures", str(path), *args)
        except SystemExit as exc:
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, [line for line in err.splitlines() if line]

    return run


@pytest.fixture
def csv_file(tmp_path, monkeypatch):
    """Write a CSV into the (current) temporary folder; returns its relative path, as typed by a user."""
    from pathlib import Path

    monkeypatch.chdir(tmp_path)

    def write(text: str, name: str = "p.csv"):
        (tmp_path / name).write_text(text, encoding="utf-8")
        return Path(name)

    return write
