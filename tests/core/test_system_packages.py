"""scripts/system-packages.sh, shared by ``make test``/``make demo`` and ``.ci/run``: run with stub ``dpkg``,
``id`` and ``apt-get`` first on PATH, so nothing is installed for real."""

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "system-packages.sh"


@pytest.fixture
def stubs(tmp_path):
    """A bin folder with stubs: ``dpkg -s P`` succeeds for the packages in ``installed.txt``, ``id -u`` prints
    ``uid.txt``, ``apt-get`` appends its arguments to ``apt.log``."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (tmp_path / "installed.txt").write_text("")
    (tmp_path / "uid.txt").write_text("1000\n")
    scripts = {
        "dpkg": f'[ "$1" = -s ] && grep -qx "$2" {tmp_path}/installed.txt',
        "id": f"cat {tmp_path}/uid.txt",
        "apt-get": f'echo "$*" >> {tmp_path}/apt.log',
    }
    for name, body in scripts.items():
        path = bin_dir / name
        path.write_text(f"#!/bin/sh\n{body}\n")
        path.chmod(0o755)

    def run(*args, installed=(), uid=1000):
        (tmp_path / "installed.txt").write_text("".join(f"{p}\n" for p in installed))
        (tmp_path / "uid.txt").write_text(f"{uid}\n")
        result = subprocess.run(
            ["bash", str(SCRIPT), *args],
            env={"PATH": f"{bin_dir}:/usr/bin:/bin"},
            capture_output=True,
            text=True,
            timeout=30,
        )
        log = tmp_path / "apt.log"
        return result, (log.read_text().splitlines() if log.exists() else [])

    return run


TEST_PACKAGES = [
    "python3-venv",
    "libpango-1.0-0",
    "libpangoft2-1.0-0",
    "chromium",
    "fonts-liberation",
    "fonts-liberation2",
    "poppler-utils",
    "gettext",
]


def test_nothing_missing_is_silent_and_succeeds(stubs):
    result, apt_calls = stubs("--test", installed=TEST_PACKAGES)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert apt_calls == []


def test_missing_packages_without_root_print_the_one_apt_get_line_and_stop(stubs):
    installed = [p for p in TEST_PACKAGES if p not in {"chromium", "poppler-utils"}]
    result, apt_calls = stubs("--test", installed=installed, uid=1000)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == "sudo apt-get install -y chromium poppler-utils\n"
    assert apt_calls == []


def test_missing_packages_as_root_are_installed_with_apt_get(stubs):
    result, apt_calls = stubs("--test", "--postgresql", installed=["python3-venv"], uid=0)
    assert result.returncode == 0, result.stderr
    wanted = [*TEST_PACKAGES[1:], "postgresql"]
    assert apt_calls == ["update -qq", f"install -y -qq {' '.join(wanted)}"]


def test_demo_needs_only_the_venv_and_pdf_libraries(stubs):
    result, _ = stubs(installed=[])
    assert result.stderr == "sudo apt-get install -y python3-venv libpango-1.0-0 libpangoft2-1.0-0\n"


def test_unknown_option_is_a_usage_error(stubs):
    result, apt_calls = stubs("--everything")
    assert result.returncode == 2
    assert "usage" in result.stderr
    assert apt_calls == []


def test_ci_and_make_run_the_same_script():
    assert "scripts/system-packages.sh --test --postgresql" in (ROOT / ".ci" / "run").read_text()
    makefile = (ROOT / "Makefile").read_text()
    assert "SYSTEM_PACKAGES := bash scripts/system-packages.sh" in makefile
    test_recipe = makefile.split("\ntest:\n", 1)[1].split("\n\n", 1)[0]
    assert "$(SYSTEM_PACKAGES) --test" in test_recipe
