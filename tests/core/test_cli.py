"""The ``cchc`` command line and the settings, run as real processes on a temporary SQLite database."""

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cchc.cli import command_argv

ROOT = Path(__file__).resolve().parents[2]


def run_cchc(tmp_path, *args, env_extra=None):
    env = {
        **os.environ,
        "CCHC_HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "cchc.settings",
        **(env_extra or {}),
    }
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "cchc.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )


def test_grouped_commands_map_to_management_commands():
    assert command_argv(["import", "dossiers", "f.csv"]) == ["import_dossiers", "f.csv"]
    assert command_argv(["report", "par", "--framework", "X"]) == ["report_par", "--framework", "X"]
    assert command_argv(["setup"]) == ["setup"]
    assert command_argv([]) == ["help", "--commands"]


def test_setup_twice_on_a_fresh_home_creates_var_and_loads_units_once(tmp_path):
    first = run_cchc(tmp_path, "setup")
    assert first.returncode == 0, first.stderr
    assert "34 provinces, 3321 commune-level units (3355 created, 0 updated)" in first.stdout
    second = run_cchc(tmp_path, "setup")
    assert second.returncode == 0, second.stderr
    assert "(0 created, 0 updated)" in second.stdout
    db = sqlite3.connect(tmp_path / "var" / "cchc.sqlite3")
    counts = dict(
        db.execute("SELECT kind, COUNT(*) FROM org_unit WHERE valid_to IS NULL GROUP BY kind").fetchall()
    )
    assert counts["province"] == 34 and counts["commune"] == 3321
    actor = db.execute("SELECT DISTINCT actor_label FROM core_changelog").fetchall()
    assert actor and all(a[0].startswith("cli:") for a in actor)


def test_unknown_option_is_a_usage_error_with_exit_2(tmp_path):
    result = run_cchc(tmp_path, "setup", "--no-such-option")
    assert result.returncode == 2
    assert "--no-such-option" in result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_cchc(tmp_path, "check", env_extra={"CCHC_PRODUCTION": "1", "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_deploy_check_only_warns_about_what_the_readme_explains(tmp_path):
    env = {
        "CCHC_PRODUCTION": "1",
        "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-key-for-tests-only",
        "CCHC_ALLOWED_HOSTS": "cchc.example.gov.vn",
    }
    result = run_cchc(tmp_path, "check", "--deploy", env_extra=env)
    warnings = set(re.findall(r"\((security\.\w+|[a-z_]+\.\w\d+)\)", result.stdout + result.stderr))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert warnings, "expected the documented HSTS preload warning"
    for code in warnings:
        assert code in readme, f"{code} is not explained in README.md"


@pytest.mark.parametrize("key", ["short", "cchc-local-development-key-not-for-production"])
def test_production_refuses_weak_secret_keys(tmp_path, key):
    result = run_cchc(tmp_path, "check", env_extra={"CCHC_PRODUCTION": "1", "SECRET_KEY": key})
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr
