"""``cchc audit dossiers --unit CODE [--subtree] [--format table|json] [--at INSTANT] [--rule CODE]``."""

import json

from django.core.management.base import BaseCommand
from django.utils import timezone

from cchc.core.parsing import ParseError, parse_instant
from cchc.dossiers.consistency import RULE_CODES, RULE_TITLES, audit_dossiers, counts_by_rule, dossiers_of
from cchc.dossiers.documents.formatting import full_name, short_date, short_instant
from cchc.org.models import Unit

FORMATS = ("table", "json")


class Command(BaseCommand):
    help = (
        "List dossiers whose records contradict reality or the rules (the consistency audit); a report: "
        "exits 0 with or without findings, 1 for a bad option value."
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="Code of the receiving unit.")
        parser.add_argument("--subtree", action="store_true", help="Include the units below it.")
        parser.add_argument("--format", default="table", help="table (default) or json.")
        parser.add_argument(
            "--at", help="The moment 'overdue' refers to (default: now), e.g. 2025-06-30T17:00."
        )
        parser.add_argument(
            "--rule", action="append", help=f"Only this rule (repeatable): {', '.join(RULE_CODES)}."
        )

    def handle(self, *args, unit, subtree, format, at, rule, **options):
        problems = []
        found = Unit.objects.filter(code=unit.strip()).first()
        if found is None:
            problems.append(f"cchc: --unit: unknown unit {unit!r}")
        if format not in FORMATS:
            problems.append(f"cchc: --format: {format!r} is not one of {', '.join(FORMATS)}")
        moment = timezone.now()
        if at is not None:
            try:
                moment = parse_instant(at)
            except ParseError as exc:
                problems.append(f"cchc: --at: {exc}")
        for code in rule or ():
            if code.upper() not in RULE_CODES:
                problems.append(f"cchc: --rule: unknown rule {code!r} (one of {', '.join(RULE_CODES)})")
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise SystemExit(1)
        rules = [code.upper() for code in rule] if rule else None
        queryset = dossiers_of(found, subtree=subtree)
        findings = audit_dossiers(queryset, at=moment, rules=rules)
        if format == "json":
            self._json(found, subtree, moment, queryset.count(), findings)
        else:
            self._table(found, subtree, moment, queryset.count(), findings)

    def _json(self, unit, subtree, moment, total, findings):
        data = {
            "unit": unit.code,
            "subtree": subtree,
            "at": timezone.localtime(moment).isoformat(),
            "dossiers": total,
            "findings": [f.as_json() for f in findings],
            "counts": counts_by_rule(findings),
        }
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))

    def _table(self, unit, subtree, moment, total, findings):
        out = self.stdout
        scope = " và các đơn vị trực thuộc" if subtree else ""
        out.write(
            f"Kiểm tra nhất quán hồ sơ: {full_name(unit)} ({unit.code}){scope}, lúc {short_instant(moment)}"
        )
        if findings:
            width = max(len("MÃ HỒ SƠ"), *(len(f.code) for f in findings))
            out.write(f"{'QUY TẮC':<18}  {'MÃ HỒ SƠ':<{width}}  {'ĐƠN VỊ':<8}  {'TIẾP NHẬN':<10}  GIẢI THÍCH")
            for f in findings:
                received = short_date(f.received_at)
                out.write(f"{f.rule:<18}  {f.code:<{width}}  {f.unit_code:<8}  {received:<10}  {f.message}")
        out.write(f"{len(findings)} phát hiện trên {total} hồ sơ.")
        for code, count in counts_by_rule(findings).items():
            if count:
                out.write(f"  {code}: {count} — {RULE_TITLES[code]}")
