"""Framework files (par-framework.md): read and check a YAML file, store it, write it back.

Problems are collected, never raised one by one: a file is rejected whole with one line per problem, as
``FILE: PATH: reason`` (``criteria[0].children[1].max: must be > 0``).
"""

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import yaml
from django.db import transaction

from cchc.core.numbers import json_number
from cchc.core.permissions import require
from cchc.scoring import rules
from cchc.scoring.models import Criterion, Framework, Method, Score, UnitLevel

TOP_KEYS = ("code", "name", "year", "unit_level", "legal_basis", "bands", "criteria")
REQUIRED_TOP = ("code", "name", "year", "unit_level", "bands", "criteria")
NODE_KEYS = ("code", "name", "children", "max", "method", "rule", "evidence", "guidance", "optional")


class FrameworkRejected(Exception):
    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems

    def lines(self, filename: str) -> list[str]:
        return [f"{filename}: {p}" for p in self.problems]


@dataclass
class Node:
    code: str
    name: str
    depth: int
    area_code: str
    parent: "Node | None" = None
    max: Decimal | None = None
    method: str = Method.MANUAL
    rule: str = ""
    evidence: str = ""
    guidance: str = ""
    optional: bool = False
    children: list["Node"] = field(default_factory=list)


@dataclass
class Parsed:
    code: str
    name: str
    year: int
    unit_level: str
    legal_basis: str
    bands: list[dict]
    nodes: list[Node]  # pre-order
    source_note: str = ""


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses duplicate keys in a mapping (PyYAML keeps the last one silently)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


def _decimal(value) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _places(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _leading_comments(text: str) -> str:
    lines = []
    for line in text.lstrip("\ufeff").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[1:].strip() if line.startswith("# ") or line == "#" else line[1:])
    return "\n".join(lines).strip()


class _Checker:
    def __init__(self):
        self.problems: list[str] = []
        self.codes: dict[str, str] = {}
        self.nodes: list[Node] = []

    def add(self, path: str, reason: str) -> None:
        self.problems.append(f"{path}: {reason}")

    def text(self, data: dict, key: str, path: str, *, required: bool) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.add(f"{path}{key}" if path else key, "required")
            return ""
        if not isinstance(value, str):
            hint = ' (quote it, e.g. "1.10")' if key == "code" else ""
            self.add(f"{path}{key}" if path else key, f"must be a string, got {value!r}{hint}")
            return ""
        value = _nfc(value)
        if required and not value:
            self.add(f"{path}{key}" if path else key, "must not be empty")
        return value

    def top(self, data) -> Parsed | None:
        if not isinstance(data, dict):
            self.add(
                "(file)", "must be a mapping with the keys code, name, year, unit_level, bands, criteria"
            )
            return None
        for key in data:
            if key not in TOP_KEYS:
                self.add(str(key), "unknown key")
        for key in REQUIRED_TOP:
            if key not in data:
                self.add(key, "required")
        code = self.text(data, "code", "", required="code" in data)
        name = self.text(data, "name", "", required="name" in data)
        legal = self.text(data, "legal_basis", "", required=False)
        year = data.get("year")
        if "year" in data and (
            isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100
        ):
            self.add("year", f"must be a year between 2000 and 2100, got {year!r}")
        level = data.get("unit_level")
        if "unit_level" in data and level not in UnitLevel.values:
            self.add("unit_level", f"must be one of {' | '.join(UnitLevel.values)}, got {level!r}")
        bands = self.bands(data["bands"]) if "bands" in data else []
        if "criteria" in data:
            self.children(data["criteria"], "criteria", None, 0)
        return Parsed(code, name, year, level, legal, bands, self.nodes)

    def bands(self, value) -> list[dict]:
        if not isinstance(value, list) or not value:
            self.add("bands", "must be a non-empty list of {label, min}")
            return []
        result = []
        previous = None
        for i, band in enumerate(value):
            path = f"bands[{i}]"
            if not isinstance(band, dict):
                self.add(path, "must be a mapping {label, min}")
                continue
            for key in band:
                if key not in ("label", "min"):
                    self.add(f"{path}.{key}", "unknown key")
            label = self.text(band, "label", f"{path}.", required=True)
            if "min" not in band:
                self.add(f"{path}.min", "required")
                continue
            low = _decimal(band["min"])
            if low is None or not 0 <= low <= 100:
                self.add(f"{path}.min", f"must be a number between 0 and 100, got {band['min']!r}")
                continue
            if _places(low) > 2:
                self.add(f"{path}.min", "at most 2 decimals")
            if previous is not None and low >= previous:
                self.add(f"{path}.min", "bands must be sorted from the highest min to the lowest")
            previous = low
            result.append({"label": label, "min": format(low.normalize(), "f")})
        if previous is not None and previous != 0:
            self.add(f"bands[{len(value) - 1}].min", "the last band's min must be 0")
        labels = [b["label"] for b in result]
        if len(set(labels)) != len(labels):
            self.add("bands", "labels must be different")
        return result

    def children(self, value, path: str, parent: Node | None, depth: int) -> None:
        if not isinstance(value, list) or not value:
            self.add(path, "must be a non-empty list of criteria")
            return
        for i, item in enumerate(value):
            self.node(item, f"{path}[{i}]", parent, depth)

    def node(self, data, path: str, parent: Node | None, depth: int) -> None:
        if not isinstance(data, dict):
            self.add(path, "must be a mapping with code and name")
            return
        for key in data:
            if key not in NODE_KEYS:
                self.add(f"{path}.{key}", "unknown key")
        code = self.text(data, "code", f"{path}.", required=True)
        name = self.text(data, "name", f"{path}.", required=True)
        if code:
            if code in self.codes:
                self.add(f"{path}.code", f"duplicate code {code!r} (also at {self.codes[code]})")
            else:
                self.codes[code] = path
        node = Node(
            code=code, name=name, depth=depth, parent=parent, area_code=parent.area_code if parent else code
        )
        node.evidence = self.text(data, "evidence", f"{path}.", required=False)
        node.guidance = self.text(data, "guidance", f"{path}.", required=False)
        if "optional" in data:
            if depth:
                self.add(f"{path}.optional", "allowed only on top-level criteria (areas)")
            elif not isinstance(data["optional"], bool):
                self.add(f"{path}.optional", f"must be true or false, got {data['optional']!r}")
            else:
                node.optional = data["optional"]
        has_children, has_max = "children" in data, "max" in data
        if has_children and has_max:
            self.add(f"{path}.max", "a criterion with children has no max (it is the sum of its leaves)")
        elif not has_children and not has_max:
            self.add(path, "needs either children or max")
        self.nodes.append(node)
        if parent is not None:
            parent.children.append(node)
        if has_children:
            for key in ("method", "rule"):
                if key in data:
                    self.add(f"{path}.{key}", "only leaves (with max) have a scoring method")
            self.children(data["children"], f"{path}.children", node, depth + 1)
            return
        if has_max:
            self.leaf(data, path, node)

    def leaf(self, data: dict, path: str, node: Node) -> None:
        points = _decimal(data["max"])
        if points is None:
            self.add(f"{path}.max", f"must be a number, got {data['max']!r}")
        elif points <= 0:
            self.add(f"{path}.max", "must be > 0")
        elif _places(points) > 2:
            self.add(f"{path}.max", "at most 2 decimals")
        else:
            node.max = points
        method = data.get("method", Method.MANUAL)
        if method not in Method.values:
            self.add(f"{path}.method", f"must be one of manual | rule | survey, got {method!r}")
        node.method = method
        if method == Method.RULE:
            if "rule" not in data:
                self.add(f"{path}.rule", "required when method is rule")
                return
            problem = rules.check(data["rule"])
            if problem:
                self.add(f"{path}.rule", problem)
            else:
                node.rule = data["rule"].strip()
        elif "rule" in data:
            self.add(f"{path}.rule", "only allowed when method is rule")


def parse(text: str) -> Parsed:
    """Check a framework file; raise :class:`FrameworkRejected` with every problem found."""
    try:
        data = yaml.load(text.lstrip("\ufeff"), Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "(file)"
        reason = getattr(exc, "problem", None) or str(exc)
        raise FrameworkRejected([f"{where}: not valid YAML: {reason}"]) from None
    checker = _Checker()
    parsed = checker.top(data)
    if checker.problems or parsed is None:
        raise FrameworkRejected(checker.problems)
    parsed.source_note = _leading_comments(text)
    return parsed


@transaction.atomic
def import_framework(text: str, *, actor) -> tuple[Framework, bool]:
    """Store a framework file; returns ``(framework, replaced)``.

    Re-importing a code replaces the framework while no scores exist for it; otherwise it is rejected. The
    province's setting on evidence (not part of the file) is kept.
    """
    require(actor, "scoring.framework.import")
    parsed = parse(text)
    framework = Framework.objects.filter(code=parsed.code).first()
    replaced = framework is not None
    if replaced:
        if Score.objects.filter(assessment__framework=framework).exists():
            raise FrameworkRejected(
                [
                    f"code: framework {parsed.code!r} already has scores and cannot be "
                    "replaced; give the new "
                    "version another code"
                ]
            )
        framework.criteria.all().delete()
    else:
        framework = Framework(code=parsed.code)
    framework.name = parsed.name
    framework.year = parsed.year
    framework.unit_level = parsed.unit_level
    framework.legal_basis = parsed.legal_basis
    framework.bands = parsed.bands
    framework.source_note = parsed.source_note
    framework.save()
    rows: dict[int, Criterion] = {}
    for position, node in enumerate(parsed.nodes):
        row = Criterion(
            framework=framework,
            parent=rows[id(node.parent)] if node.parent else None,
            code=node.code,
            name=node.name,
            area_code=node.area_code,
            depth=node.depth,
            position=position,
            max_points=node.max if not node.children else None,
            method=node.method,
            rule=node.rule,
            evidence=node.evidence,
            guidance=node.guidance,
            optional=node.optional,
        )
        row.save()
        rows[id(node)] = row
    return framework, replaced


def export_framework(framework: Framework) -> str:
    """The framework as a YAML file of par-framework.md (re-importable as it is)."""
    nodes = list(framework.criteria.order_by("position"))
    children: dict[int | None, list[Criterion]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)

    def dump(node: Criterion) -> dict:
        item: dict = {"code": node.code, "name": node.name}
        if node.optional:
            item["optional"] = True
        if node.max_points is None:
            item["children"] = [dump(child) for child in children.get(node.pk, [])]
            return item
        item["max"] = json_number(node.max_points)
        if node.method != Method.MANUAL:
            item["method"] = node.method
        if node.rule:
            item["rule"] = node.rule
        for key in ("evidence", "guidance"):
            if getattr(node, key):
                item[key] = getattr(node, key)
        return item

    data = {
        "code": framework.code,
        "name": framework.name,
        "year": framework.year,
        "unit_level": framework.unit_level,
    }
    if framework.legal_basis:
        data["legal_basis"] = framework.legal_basis
    data["bands"] = [{"label": b["label"], "min": json_number(b["min"])} for b in framework.bands]
    data["criteria"] = [dump(node) for node in children.get(None, [])]
    header = "".join(f"# {line}\n".replace("# \n", "#\n") for line in framework.source_note.splitlines())
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110)
