"""``cchc deadline`` (formats/cli.md): single receipts, batch files, and the exit codes 0, 1 and 2."""

from datetime import date

import pytest
from django.core.management import execute_from_command_line
from django.db import connections

from tests.workdays.test_engine import WORKED_EXAMPLES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def keep_test_connection(monkeypatch):
    """A command run from the command line closes the connections at its end; keep the test's open."""
    monkeypatch.setattr(connections, "close_all", lambda: None)


def run(capsys, *args):
    """Run ``cchc deadline ARGS`` as the console script does; returns (exit code, stdout, stderr)."""
    code = 0
    try:
        execute_from_command_line(["cchc", "deadline", *args])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("received, days, expected", WORKED_EXAMPLES)
def test_prints_the_contract_due_instant(capsys, ward_a, received, days, expected):
    assert run(capsys, "--unit", "22945", "--received", received, "--days", days) == (0, expected + "\n", "")


def test_accepts_vietnamese_instants_offsets_and_decimal_commas(capsys, ward_a):
    assert run(capsys, "--unit", "22945", "--received", "3/3/2025 9:00", "--days", "0,5")[1] == (
        "2025-03-03T14:30:00+07:00\n"
    )
    assert run(capsys, "--unit", "22945", "--received", "2025-03-03T02:00:00Z", "--days", "3")[1] == (
        "2025-03-06T09:00:00+07:00\n"
    )


def test_option_problems_are_reported_one_per_line_and_exit_1(capsys, ward_a):
    code, out, err = run(capsys, "--unit", "99999", "--received", "31/02/2025 9:00", "--days", "x")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "cchc: --unit: unknown unit 99999",
        "cchc: --received: not an instant: '31/02/2025 9:00' (day is out of range for month)",
        "cchc: --days: not a number: 'x'",
    ]


def test_negative_processing_time_names_the_value(capsys, ward_a):
    assert run(capsys, "--unit", "22945", "--received", "2025-03-03T09:00", "--days", "-1") == (
        1,
        "",
        "cchc: --days: negative processing time: -1\n",
    )


@pytest.mark.parametrize(
    "args",
    [
        ["--received", "2025-03-03T09:00", "--days", "1"],  # no --unit
        ["--unit", "22945", "--received", "2025-03-03T09:00"],  # no --days
        ["--unit", "22945", "--days", "1"],
        ["--unit", "22945"],
        ["--unit", "22945", "--batch", "f.csv", "--days", "1"],
        ["--unit", "22945", "--received", "2025-03-03T09:00", "--days", "1", "--bogus"],
    ],
)
def test_wrong_usage_exits_2(capsys, ward_a, args):
    code, out, err = run(capsys, *args)
    assert (code, out) == (2, "")
    assert "usage: cchc deadline" in err


def write(tmp_path, text, name="rows.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_batch_prints_the_rows_as_given_with_their_due_instants(capsys, tmp_path, ward_a):
    lines = ["received_at,processing_days"] + [f"{r},{d}" for r, d, _ in WORKED_EXAMPLES]
    lines += ['24/01/2025 14:00,"0,5"', " 2025-03-03 09:00:00 ,3"]
    path = write(tmp_path, "\ufeff" + "\n".join(lines) + "\n")
    code, out, err = run(capsys, "--unit", "22945", "--batch", path)
    assert (code, err) == (0, "")
    expected = ["received_at,processing_days,due_at"]
    expected += [f"{r},{d},{e}" for r, d, e in WORKED_EXAMPLES]
    expected += [
        '24/01/2025 14:00,"0,5",2025-02-03T08:30:00+07:00',  # 3 h on Friday, Tết, 1 h on Monday 3/2
        " 2025-03-03 09:00:00 ,3,2025-03-06T09:00:00+07:00",
    ]
    assert out.splitlines() == expected


def test_batch_header_is_matched_trimmed_and_case_insensitively_in_any_order(capsys, tmp_path, ward_a):
    path = write(tmp_path, " Processing_Days ,RECEIVED_AT\r\n1,2025-03-07T16:00\r\n")
    code, out, _ = run(capsys, "--unit", "22945", "--batch", path)
    assert code == 0
    assert out.splitlines() == [
        "received_at,processing_days,due_at",
        "2025-03-07T16:00,1,2025-03-10T16:00:00+07:00",
    ]


def test_batch_with_invalid_rows_prints_nothing_and_names_file_line_and_column(capsys, tmp_path, ward_a):
    text = (
        "received_at,processing_days\n"
        "2025-03-03T09:00,1\n"
        "2025-03-03T09:00,-3\n"
        "\n"
        "31/02/2025 9:00,1\n"
        '"2025-03-03T09:00","x"\n'
        "2025-03-03T09:00,\n"
        "2025-03-03T09:00,1,extra\n"
    )
    path = write(tmp_path, text)
    code, out, err = run(capsys, "--unit", "22945", "--batch", path)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{path}:3: processing_days: negative processing time: -3",
        f"{path}:5: received_at: not an instant: '31/02/2025 9:00' (day is out of range for month)",
        f"{path}:6: processing_days: not a number: 'x'",
        f"{path}:7: processing_days: missing value",
        f"{path}:8: row: 3 values, expected 2",
    ]


def test_batch_line_numbers_are_physical_lines_after_a_multi_line_cell(capsys, tmp_path, ward_a):
    path = write(tmp_path, 'received_at,processing_days\n"2025-03-03\nT09:00",1\n2025-03-03T09:00,bad\n')
    code, _, err = run(capsys, "--unit", "22945", "--batch", path)
    assert code == 1
    assert err.splitlines()[0].startswith(f"{path}:2: received_at: not an instant")
    assert err.splitlines()[1] == f"{path}:4: processing_days: not a number: 'bad'"


@pytest.mark.parametrize(
    "header, problems",
    [
        ("received_at,days", [":1: days: unknown column", ":1: processing_days: missing column"]),
        ("received_at,processing_days,note", [":1: note: unknown column"]),
        ("received_at,received_at,processing_days", [":1: received_at: column given twice"]),
    ],
)
def test_batch_header_problems_are_on_line_1(capsys, tmp_path, ward_a, header, problems):
    path = write(tmp_path, header + "\n2025-03-03T09:00,1\n")
    code, out, err = run(capsys, "--unit", "22945", "--batch", path)
    assert (code, out) == (1, "")
    assert err.splitlines() == [path + p for p in problems]


def test_batch_unknown_unit_and_missing_file_are_option_problems(capsys, tmp_path, ward_a):
    path = write(tmp_path, "received_at,processing_days\n2025-03-03T09:00,1\n")
    assert run(capsys, "--unit", "99999", "--batch", path) == (1, "", "cchc: --unit: unknown unit 99999\n")
    missing = str(tmp_path / "none.csv")
    code, out, err = run(capsys, "--unit", "22945", "--batch", missing)
    assert (code, out) == (1, "")
    assert err.startswith(f"cchc: --batch: cannot read {missing}")


def test_batch_with_only_a_header_prints_only_the_header(capsys, tmp_path, ward_a):
    path = write(tmp_path, "received_at,processing_days\n")
    assert run(capsys, "--unit", "22945", "--batch", path) == (0, "received_at,processing_days,due_at\n", "")


def test_batch_uses_the_units_calendar(capsys, tmp_path, ward_a, ward_b):
    from tests.factories import CalendarEntryFactory

    CalendarEntryFactory(unit=ward_a, date=date(2025, 3, 4))
    path = write(tmp_path, "received_at,processing_days\n2025-03-03T09:00,1\n")
    assert (
        run(capsys, "--unit", "22945", "--batch", path)[1]
        .splitlines()[1]
        .endswith("2025-03-05T09:00:00+07:00")
    )
    assert (
        run(capsys, "--unit", "22933", "--batch", path)[1]
        .splitlines()[1]
        .endswith("2025-03-04T09:00:00+07:00")
    )


def test_an_absurdly_long_processing_time_is_refused(capsys, ward_a):
    assert run(capsys, "--unit", "22945", "--received", "2025-03-03T09:00", "--days", "5000") == (
        1,
        "",
        "cchc: --days: processing time too large: 5000 (at most 3650 working days)\n",
    )
