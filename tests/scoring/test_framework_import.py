"""``cchc import framework``: par-framework.md "Framework file" — every rejection rule, nothing changed."""

import pytest
from django.core.management import call_command

from cchc.core.permissions import system_actor
from cchc.scoring.frameworks import FrameworkRejected, export_framework, import_framework, parse
from cchc.scoring.models import Criterion, Framework, Method

BASE = """\
code: T-2025
name: Thử
year: 2025
unit_level: commune
bands:
  - {label: Tốt, min: 80}
  - {label: Yếu, min: 0}
criteria:
"""


def problems_of(text: str) -> list[str]:
    with pytest.raises(FrameworkRejected) as exc:
        parse(text)
    return exc.value.problems


def test_the_contract_example_imports_as_a_tree_with_leaves_and_areas(example_framework):
    nodes = {c.code: c for c in example_framework.criteria.all()}
    assert example_framework.code == "VD-XA-2025" and example_framework.year == 2025
    assert sorted(c for c, n in nodes.items() if n.max_points is not None) == [
        "1.1",
        "1.2",
        "2.1.1",
        "2.1.2",
        "2.2",
    ]
    assert nodes["2.1.1"].parent == nodes["2.1"] and nodes["2.1.1"].area_code == "2"
    assert nodes["2.1.1"].method == Method.MANUAL and nodes["2.1"].max_points is None
    assert example_framework.band_for(__import__("decimal").Decimal("69.37")) == "Khá"


def test_the_shipped_sample_frameworks_are_loaded_by_setup(db):
    sample = Framework.objects.get(code="MAU-XA-2025")
    leaves = sample.criteria.filter(max_points__isnull=False)
    assert sample.criteria.filter(parent__isnull=True).count() == 8
    assert sum(c.max_points for c in leaves) == 100
    assert "876/QĐ-BNV" in sample.source_note


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ('  - {code: "1", name: A, max: 0}\n', "criteria[0].max: must be > 0"),
        ('  - {code: "1", name: A, max: -1}\n', "criteria[0].max: must be > 0"),
        ('  - {code: "1", name: A, max: 1.005}\n', "criteria[0].max: at most 2 decimals"),
        ('  - {code: "1", name: A, max: abc}\n', "criteria[0].max: must be a number, got 'abc'"),
        ("  - {code: 1.10, name: A, max: 1}\n", "criteria[0].code: must be a string, got 1.1"),
        ('  - {code: "1", name: A}\n', "criteria[0]: needs either children or max"),
        (
            '  - {code: "1", name: A, max: 1, children: [{code: "1.1", name: B, max: 1}]}\n',
            "criteria[0].max: a criterion",
        ),
        ('  - {code: "1", name: A, max: 1, colour: red}\n', "criteria[0].colour: unknown key"),
        ('  - {code: "1", max: 1}\n', "criteria[0].name: required"),
        ('  - {code: "1", name: A, max: 1, method: vote}\n', "criteria[0].method: must be one of"),
        (
            '  - {code: "1", name: A, max: 1, method: rule}\n',
            "criteria[0].rule: required when method is rule",
        ),
        (
            '  - {code: "1", name: A, max: 1, rule: "max_points"}\n',
            "criteria[0].rule: only allowed when method",
        ),
        (
            '  - {code: "1", name: A, max: 1, method: rule, rule: "max_points * happiness_rate"}\n',
            "criteria[0].rule: unknown name 'happiness_rate'",
        ),
        (
            '  - {code: "1", name: A, max: 1, method: rule, rule: "__import__(\'os\')"}\n',
            "criteria[0].rule: only min(), max() and round() may be called",
        ),
        (
            '  - {code: "1", name: A, max: 1, method: rule, rule: "max_points *"}\n',
            "criteria[0].rule: not a valid",
        ),
        (
            '  - {code: "1", name: A, children: [{code: "1.1", name: B, max: 1, optional: true}]}\n',
            "criteria[0].children[0].optional: allowed only on top-level criteria",
        ),
        (
            '  - {code: "1", name: A, children: [{code: "1.1", name: B, max: 1}, {code: "1.1", name: C, max: 1}]}\n',  # noqa: E501
            "criteria[0].children[1].code: duplicate code '1.1'",
        ),
        ('  - {code: "1", name: A, children: []}\n', "criteria[0].children: must be a non-empty list"),
        (
            '  - {code: "1", name: A, children: [{code: "1.1", name: B, max: 0}]}\n',
            "criteria[0].children[0].max: must be > 0",
        ),
    ],
)
def test_a_wrong_node_is_reported_with_its_path(criteria, expected):
    assert any(p.startswith(expected) for p in problems_of(BASE + criteria)), problems_of(BASE + criteria)


def test_the_contract_message_for_a_nested_max():
    text = BASE + '  - code: "1"\n    name: A\n    children:\n      - {code: "1.1", name: B, max: 1}\n'
    text += '      - {code: "1.2", name: C, max: 0}\n'
    assert problems_of(text) == ["criteria[0].children[1].max: must be > 0"]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (BASE.replace("code: T-2025\n", ""), "code: required"),
        (BASE.replace("year: 2025", "year: twenty"), "year: must be a year"),
        (BASE.replace("unit_level: commune", "unit_level: village"), "unit_level: must be one of"),
        (
            BASE.replace("{label: Tốt, min: 80}", "{label: Tốt, min: 120}"),
            "bands[0].min: must be a number between",
        ),
        (
            BASE.replace("{label: Yếu, min: 0}", "{label: Yếu, min: 10}"),
            "bands[1].min: the last band's min must be 0",
        ),
        (BASE.replace("{label: Tốt, min: 80}", "{label: Tốt, min: 0}"), "bands[1].min: bands must be sorted"),
        (BASE.replace("name: Thử\n", "name: Thử\ncolour: red\n"), "colour: unknown key"),
        (
            BASE.replace("name: Thử\n", "name: Thử\nname: Lại\n"),
            "line 3: not valid YAML: duplicate key 'name'",
        ),
        (BASE + "  - {code: '1', name: A, max: 1\n", "line"),
    ],
)
def test_a_wrong_header_or_file_is_reported(header, expected):
    text = header if header.endswith("max: 1\n") else header + '  - {code: "1", name: A, max: 1}\n'
    assert any(p.startswith(expected) for p in problems_of(text)), problems_of(text)


def test_every_problem_of_a_file_is_listed_not_only_the_first():
    text = (
        BASE.replace("year: 2025", "year: x")
        + '  - {code: "1", name: A, max: 0}\n  - {code: 2, name: B, max: 1}\n'
    )
    assert len(problems_of(text)) == 3


def test_the_command_prints_file_path_reason_and_changes_nothing(write, capsys, db):
    path = write("bad.yaml", BASE + '  - {code: "1", name: A, max: 1}\n  - {code: "2", name: B, max: 0}\n')
    with pytest.raises(SystemExit) as exc:
        call_command("import_framework", str(path))
    assert exc.value.code == 1
    assert capsys.readouterr().err == f"{path}: criteria[1].max: must be > 0\n"
    assert not Framework.objects.filter(code="T-2025").exists()


def test_reimporting_a_code_replaces_it_while_no_scores_exist(example_framework, framework_text):
    changed = framework_text.replace(
        "name: Niêm yết có mã QR\n            max: 0.5", "name: Niêm yết có mã QR\n            max: 1"
    )
    framework, replaced = import_framework(changed, actor=system_actor("test"))
    assert replaced and framework.pk == example_framework.pk
    assert Criterion.objects.get(framework=framework, code="2.1.2").max_points == 1
    assert Criterion.objects.filter(framework=framework).count() == 8


def test_reimporting_a_framework_that_has_scores_is_rejected_and_keeps_it(
    example_framework, framework_text, write, capsys
):
    from cchc.scoring.services import import_scores

    import_scores(
        framework=example_framework,
        text="unit_code,criterion_code,self_score\n22945,1.1,2\n",
        actor=system_actor("test"),
    )
    path = write("again.yaml", framework_text.replace("max: 0.5", "max: 1"))
    with pytest.raises(SystemExit) as exc:
        call_command("import_framework", str(path))
    assert exc.value.code == 1 and "already has scores" in capsys.readouterr().err
    assert Criterion.objects.get(framework=example_framework, code="2.1.2").max_points == 0.5


def test_export_writes_a_file_that_imports_to_the_same_framework(example_framework):
    text = export_framework(example_framework)
    assert 'code: "1.1"' in text or "code: '1.1'" in text
    parsed = parse(text)
    assert [(n.code, n.max) for n in parsed.nodes] == [
        (c.code, c.max_points) for c in example_framework.criteria.order_by("position")
    ]
    assert parsed.bands == example_framework.bands


def test_the_commune_sample_round_trips_through_export(db):
    sample = Framework.objects.get(code="MAU-XA-2025")
    parsed = parse(export_framework(sample))
    rules = {n.code: n.rule for n in parsed.nodes if n.rule}
    assert rules == dict(sample.criteria.exclude(rule="").values_list("code", "rule"))
