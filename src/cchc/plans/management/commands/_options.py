"""Option parsing shared by the plans commands: one line per problem, ``cchc: --OPTION: reason`` (exit 1)."""

import sys

from cchc.core.parsing import ParseError, parse_date


def fail(problems: list[str]) -> None:
    for line in problems:
        sys.stderr.write(line + "\n")
    raise SystemExit(1)


def integer(value: str | None, option: str, problems: list[str], *, low: int, high: int) -> int | None:
    if value is None:
        return None
    text = value.strip()
    if not text.lstrip("-").isdigit():
        problems.append(f"cchc: {option}: not a whole number: {value!r}")
        return None
    number = int(text)
    if not low <= number <= high:
        problems.append(f"cchc: {option}: must be between {low} and {high}, got {number}")
        return None
    return number


def day(value: str | None, option: str, problems: list[str]):
    if value is None:
        return None
    try:
        return parse_date(value)
    except ParseError as exc:
        problems.append(f"cchc: {option}: {exc}")
        return None
