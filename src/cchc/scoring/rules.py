"""Rule-scored leaves: expressions over ``max_points`` and the indicators of par-framework.md.

Rules are checked when a framework is imported (only the allowed names, functions and operators; never
``eval``) and evaluated with ``simpleeval``. The result is clamped to [0, max] and rounded half-up to 2
decimals.
"""

import ast
from decimal import ROUND_HALF_UP, Decimal

from simpleeval import SimpleEval

#: the indicator names a rule may use (par-framework.md), each a fraction in [0, 1]
INDICATORS = (
    "on_time_rate",
    "online_rate",
    "digitized_rate",
    "paid_online_rate",
    "plan_completion_rate",
    "apology_compliance_rate",
    "remediation_closure_rate",
)
FUNCTIONS = {"min": min, "max": max, "round": round}
NAMES = frozenset(("max_points", *INDICATORS))
CENT = Decimal("0.01")

_ALLOWED_NODES = (
    ast.Expression,
    ast.BoolOp,
    ast.BinOp,
    ast.UnaryOp,
    ast.Compare,
    ast.IfExp,
    ast.Call,
    ast.Name,
    ast.Constant,
    ast.Load,
    ast.And,
    ast.Or,
    ast.Not,
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Div,
    ast.USub,
    ast.UAdd,
    ast.Eq,
    ast.NotEq,
    ast.Lt,
    ast.LtE,
    ast.Gt,
    ast.GtE,
)


def indicators_of(rule: str) -> list[str]:
    """The indicator names a (valid) rule reads, in order of first use."""
    seen: list[str] = []
    for node in ast.walk(ast.parse(rule, mode="eval")):
        if isinstance(node, ast.Name) and node.id in INDICATORS and node.id not in seen:
            seen.append(node.id)
    return seen


def check(rule: str) -> str | None:
    """Why ``rule`` is not acceptable, or ``None``."""
    if not isinstance(rule, str) or not rule.strip():
        return "must be a non-empty expression"
    try:
        tree = ast.parse(rule.strip(), mode="eval")
    except SyntaxError as exc:
        return f"not a valid expression: {exc.msg}"
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED_NODES):
            return f"not allowed in a rule: {type(node).__name__}"
        if isinstance(node, ast.Name) and node.id not in NAMES and node.id not in FUNCTIONS:
            return f"unknown name '{node.id}' (allowed: max_points, {', '.join(INDICATORS)}, min, max, round)"
        if isinstance(node, ast.Call) and (
            not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS or node.keywords
        ):
            return "only min(), max() and round() may be called"
        if isinstance(node, ast.Name) and node.id in FUNCTIONS:
            continue
        if isinstance(node, ast.Constant) and (
            isinstance(node.value, bool) or not isinstance(node.value, int | float)
        ):
            return f"only numbers may be written in a rule, not {node.value!r}"
    for sample in (Decimal("0.5"), Decimal(1)):
        try:
            evaluate(rule, Decimal(1), dict.fromkeys(INDICATORS, sample))
        except Exception as exc:  # noqa: BLE001 - any failure of a trial run makes the rule unusable
            return f"cannot be evaluated: {exc}"
    return None


def evaluate(rule: str, max_points: Decimal, values: dict[str, Decimal]) -> Decimal:
    """The leaf's points: the rule's value clamped to [0, max_points], rounded half-up to 2 decimals."""
    names = {"max_points": float(max_points), **{k: float(v) for k, v in values.items()}}
    result = SimpleEval(names=names, functions=FUNCTIONS).eval(rule.strip())
    number = Decimal(str(round(float(result), 9)))
    number = min(max(number, Decimal(0)), max_points)
    return number.quantize(CENT, rounding=ROUND_HALF_UP)
