"""``cchc import scores`` (par-framework.md "Scores file"): every rejection rule; a rejected file changes
nothing."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from cchc.core.models import ChangeLog
from cchc.core.permissions import system_actor
from cchc.scoring.models import Assessment, AssessmentStatus, Score
from cchc.scoring.services import ScoresRejected, import_scores
from tests.conftest import EXAMPLES

SYSTEM = system_actor("test")

HEADER = "unit_code,criterion_code,self_score,appraised_score,applicable"


def rejected(framework, *rows: str, header: str = HEADER):
    before = list(Score.objects.values_list("pk", "self_score", "appraised_score", "applicable"))
    with pytest.raises(ScoresRejected) as exc:
        import_scores(framework=framework, text="\n".join([header, *rows]) + "\n", actor=SYSTEM)
    assert list(Score.objects.values_list("pk", "self_score", "appraised_score", "applicable")) == before
    return [(line, column, reason) for line, column, reason in exc.value.problems]


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ("99999,1.1,1,,1", "unit_code", "unknown unit '99999'"),
        ("22945,9.9,1,,1", "criterion_code", "unknown criterion '9.9' in this framework"),
        ("22945,2.1,1,,1", "criterion_code", "'2.1' is not a leaf (it has sub-criteria)"),
        ("22945,1.1,-1,,1", "self_score", "must be >= 0, got -1"),
        ("22945,1.1,2.5,,1", "self_score", "2.5 is above the maximum 2 of 1.1"),
        ("22945,1.1,1,2.01,1", "appraised_score", "2.01 is above the maximum 2 of 1.1"),
        ("22945,1.1,1.005,,1", "self_score", "at most 2 decimals, got 1.005"),
        ("22945,1.1,1,,0", "self_score", "a score on a row marked not applicable (applicable = 0)"),
        ("22945,1.1,,1,0", "appraised_score", "a score on a row marked not applicable (applicable = 0)"),
        ("22945,1.1,abc,,1", "self_score", "not a number: 'abc'"),
        (
            "22945,1.1,1,,maybe",
            "applicable",
            "not a boolean: 'maybe' (use 1/0, true/false, có/không or x/blank)",
        ),
        (",1.1,1,,1", "unit_code", "required"),
    ],
)
def test_each_rejection_rule_names_line_column_and_reason(example_framework, row, column, reason):
    problems = rejected(example_framework, "22945,1.2,3,,1", row)
    assert problems == [(3, column, reason)]


def test_a_duplicate_unit_and_criterion_is_reported_on_the_second_occurrence(example_framework):
    assert rejected(example_framework, "22945,1.1,1,,1", "22933,1.1,1,,1", "22945,1.1,2,,1") == [
        (4, "criterion_code", "unit 22945 and criterion 1.1 already on line 2")
    ]


def test_header_problems_are_on_line_1(example_framework):
    assert rejected(example_framework, "22945,1.1,1", header="unit_code,criterion,self_score") == [
        (1, "criterion", "unknown column"),
        (1, "criterion_code", "required column missing"),
    ]


def test_a_locked_assessment_rejects_the_whole_file(example_framework, ward_a):
    import_scores(framework=example_framework, text=f"{HEADER}\n22945,1.1,1,,1\n", actor=SYSTEM)
    Assessment.objects.filter(unit=ward_a).update(status=AssessmentStatus.SUBMITTED)
    problems = rejected(example_framework, "22933,1.1,2,,1", "22945,1.1,2,,1", "22945,1.2,2,,1")
    assert problems == [(3, "unit_code", "the assessment of unit 22945 is locked (đã gửi thẩm định)")]
    assert not Assessment.objects.filter(unit__code="22933").exists()


def test_vietnamese_decimals_booleans_and_a_bom_are_read(example_framework, write, capsys):
    path = write("s.csv", f'{HEADER}\n22945,1.2,"2,250",,có\n22945,2.2,,,không\n22945,1.1,2,,\n', bom=True)
    call_command("import_scores", "--framework", "VD-XA-2025", str(path), stdout=StringIO())
    scores = {s.criterion.code: s for s in Score.objects.filter(assessment__unit__code="22945")}
    assert scores["1.2"].self_score == Decimal("2.25") and scores["1.2"].applicable
    assert not scores["2.2"].applicable and scores["1.1"].applicable


def test_the_command_prints_file_line_column_reason_and_exits_1(example_framework, write, capsys):
    path = write("s.csv", f"{HEADER}\n22945,1.1,3,,1\n")
    with pytest.raises(SystemExit) as exc:
        call_command("import_scores", "--framework", "VD-XA-2025", str(path))
    assert exc.value.code == 1
    assert capsys.readouterr().err == f"{path}:2: self_score: 3 is above the maximum 2 of 1.1\n"


def test_an_unknown_framework_is_an_option_error(db, write, capsys):
    with pytest.raises(SystemExit) as exc:
        call_command("import_scores", "--framework", "NOPE", str(write("s.csv", HEADER + "\n")))
    assert exc.value.code == 1 and capsys.readouterr().err == "cchc: --framework: unknown framework NOPE\n"


def test_importing_again_replaces_the_units_imported_scores(example_framework):
    import_scores(
        framework=example_framework, text=f"{HEADER}\n22945,1.1,2,,1\n22945,1.2,3,,1\n", actor=SYSTEM
    )
    result = import_scores(framework=example_framework, text=f"{HEADER}\n22945,1.1,1,,1\n", actor=SYSTEM)
    assert (result.created, result.updated, result.removed) == (0, 1, 1)
    scores = dict(
        Score.objects.filter(assessment__unit__code="22945").values_list("criterion__code", "self_score")
    )
    assert scores == {"1.1": Decimal(1)}
    again = import_scores(framework=example_framework, text=f"{HEADER}\n22945,1.1,1,,1\n", actor=SYSTEM)
    assert (again.created, again.updated, again.removed) == (0, 0, 0)


def test_imported_scores_are_in_the_change_log(example_framework):
    import_scores(framework=example_framework, text=f"{HEADER}\n22945,1.1,2,,1\n", actor=SYSTEM)
    import_scores(framework=example_framework, text=f"{HEADER}\n22945,1.1,1.5,,1\n", actor=SYSTEM)
    score = Score.objects.get(assessment__unit__code="22945", criterion__code="1.1")
    entries = ChangeLog.objects.filter(content_type__model="score", object_id=str(score.pk)).order_by("id")
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[1].before["self_score"] == "2.00" and entries[1].after["self_score"] == "1.50"


def test_the_contract_example_gives_the_contract_report(db, write):
    call_command("import_framework", str(EXAMPLES / "framework-example.yaml"), stdout=StringIO())
    call_command(
        "import_scores", "--framework", "VD-XA-2025", str(EXAMPLES / "scores-example.csv"), stdout=StringIO()
    )
    out = StringIO()
    call_command("report_par", "--framework", "VD-XA-2025", "--format", "json", stdout=out)
    assert json.loads(out.getvalue()) == json.loads(
        (EXAMPLES / "report-par-example.json").read_text(encoding="utf-8")
    )
