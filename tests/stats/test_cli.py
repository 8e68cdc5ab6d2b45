"""``cchc report dossiers`` on the command line: formats, exit codes and the stderr lines of cli.md."""

import json

import pytest

from cchc.dossiers.importing import import_dossiers

pytestmark = pytest.mark.django_db


def call(capsys, *args):
    """Run the command in-process; returns (exit code, stdout, stderr)."""
    from django.core.management import call_command

    try:
        call_command("report_dossiers", *args)
        code = 0
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_is_the_contract_object(capsys, examples_dir):
    import_dossiers(path=examples_dir / "dossiers-example.csv")
    code, out, _ = call(
        capsys, "--unit", "22933", "--from", "2025-01-01", "--to", "2025-03-31", "--format", "json"
    )
    assert code == 0
    assert json.loads(out) == json.loads(
        (examples_dir / "report-22933-2025Q1.json").read_text(encoding="utf-8")
    )


def test_table_is_the_default_format(capsys, examples_dir):
    import_dossiers(path=examples_dir / "dossiers-example.csv")
    code, out, _ = call(capsys, "--unit", "68", "--subtree", "--from", "2025-01-01", "--to", "2025-03-31")
    assert code == 0
    lines = out.splitlines()
    assert "đơn vị 68 (cả đơn vị trực thuộc)" in lines[0]
    assert lines[-2].startswith("Tổng cộng") and "Tỷ lệ đúng hạn" in lines[-1]


def test_unknown_unit_malformed_date_and_reversed_period_exit_1_with_one_line_each(capsys):
    code, out, err = call(capsys, "--unit", "XYZ", "--from", "2025-13-01", "--to", "2025-01-01")
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert lines[0] == "cchc: --unit: unknown unit 'XYZ'"
    assert lines[1].startswith("cchc: --from: ") and len(lines) == 2
    code, _, err = call(capsys, "--unit", "68", "--from", "2025-03-01", "--to", "2025-01-31")
    assert code == 1 and err.strip() == "cchc: --from: 2025-03-01 is after --to 2025-01-31"
    code, _, err = call(capsys, "--unit", "68", "--from", "01/03/2025", "--to", "2025-03-31")
    assert code == 1 and err.strip().startswith("cchc: --from: ")


def test_xlsx_without_output_is_a_usage_error(capsys):
    from cchc.stats.management.commands.report_dossiers import Command

    argv = ["cchc", "report_dossiers", "--unit", "68", "--from", "2025-01-01", "--to", "2025-01-31"]
    with pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv([*argv, "--format", "xlsx"])
    assert exit_info.value.code == 2 and "--output" in capsys.readouterr().err


def test_output_file_for_json(capsys, tmp_path, examples_dir):
    import_dossiers(path=examples_dir / "dossiers-example.csv")
    target = tmp_path / "r.json"
    args = ["--unit", "22960", "--from", "2025-03-10", "--to", "2025-03-10", "--format", "json", "--output"]
    code, out, _ = call(capsys, *args, str(target))
    assert code == 0 and "report written to" in out
    expected = json.loads((examples_dir / "report-22960-2025-03-10.json").read_text(encoding="utf-8"))
    assert json.loads(target.read_text(encoding="utf-8")) == expected


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        (["--subtree", "--format", "json"], "cchc: --by: one row per unit is a layout of the form"),
        (["--subtree"], "cchc: --by: one row per unit is a layout of the form"),
        (
            ["--format", "xlsx", "--output", "x.xlsx"],
            "cchc: --by: one row per unit below --unit needs --subtree",
        ),
    ],
)
def test_by_unit_is_a_usage_error_without_subtree_or_with_another_format(capsys, extra, reason):
    code, out, err = call(
        capsys, "--unit", "68", "--from", "2025-01-01", "--to", "2025-03-31", "--by", "unit", *extra
    )
    assert code == 2 and out == ""
    assert err.strip().startswith(reason) and len(err.strip().splitlines()) == 1


def test_an_unknown_grouping_is_a_usage_error(capsys):
    from cchc.stats.management.commands.report_dossiers import Command

    argv = [
        "cchc",
        "report_dossiers",
        "--unit",
        "68",
        "--subtree",
        "--from",
        "2025-01-01",
        "--to",
        "2025-01-31",
    ]
    with pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv([*argv, "--format", "xlsx", "--output", "x.xlsx", "--by", "field"])
    assert exit_info.value.code == 2 and "--by" in capsys.readouterr().err


def test_xlsx_reports_an_unknown_unit_like_the_other_formats(capsys, tmp_path):
    target = tmp_path / "r.xlsx"
    code, _, err = call(
        capsys,
        "--unit",
        "XYZ",
        "--from",
        "2025-01-01",
        "--to",
        "2025-01-31",
        "--format",
        "xlsx",
        "--output",
        str(target),
    )
    assert code == 1 and err.strip() == "cchc: --unit: unknown unit 'XYZ'" and not target.exists()
