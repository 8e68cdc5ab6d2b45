"""The consistency audit of dossiers (issue 4 item 7): records that contradict reality or the rules.

Each rule is a database query over the dossiers in scope, except the due-instant rule (recomputed with the
deadline engine, vectorised per unit) and the "one working day before" half of the apology rule (office time
between two instants). A finding names its rule code, the dossier and a Vietnamese explanation; nothing is
changed. ``cchc audit dossiers`` and the page ``/dossiers/audit/`` print the same findings.

A due instant that differs from the rule is excused by a recorded reason: a timeline event of the dossier with
the verb ``due_explained`` (:func:`cchc.dossiers.due_reasons.due_reason_record`, offered on the audit page) or
``due_changed`` (an officer's change of the appointment), with a non-empty message. Computed due instants are
the rule by definition, so for them any difference is a finding; for imported and manually set ones only a
difference without a reason is.

Apology rules apply to dossiers received at the desk: the interchange file has no apology columns, so an
imported dossier's apology is unknown rather than missing.
"""

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, CharField, F, Q, Value, When
from django.utils import timezone

from cchc.core.models import Event
from cchc.dossiers.documents import formatting as fmt
from cchc.dossiers.documents.context import STATUS_LABELS
from cchc.dossiers.models import Dossier, DueSource, Origin, Status, Timeliness
from cchc.org.models import Unit

#: Verbs of the timeline events that record why a due instant differs from the rule.
DUE_REASON_VERBS = ("due_explained", "due_changed")
ONE_SECOND = timedelta(seconds=1)


@dataclass(frozen=True)
class Rule:
    code: str
    title: str  # Vietnamese


RULES = (
    Rule("STATUS_DATES", "Trạng thái không khớp với các mốc thời gian"),
    Rule("END_BEFORE_RECEIPT", "Kết thúc trước thời điểm tiếp nhận"),
    Rule("DUE_MISMATCH", "Hạn trả kết quả khác với quy định mà không có lý do"),
    Rule("LATE_NO_APOLOGY", "Quá hạn mà không có văn bản xin lỗi"),
    Rule("APOLOGY_LATE", "Văn bản xin lỗi gửi muộn"),
    Rule("MULTI_SUPPLEMENT", "Yêu cầu bổ sung hồ sơ nhiều hơn một lần"),
    Rule("ONLINE_NO_ERESULT", "Hồ sơ trực tuyến không có kết quả điện tử"),
)
RULE_CODES = tuple(rule.code for rule in RULES)
RULE_TITLES = {rule.code: rule.title for rule in RULES}


@dataclass(frozen=True)
class Finding:
    rule: str
    dossier_id: int
    code: str
    unit_code: str
    received_at: datetime
    message: str  # Vietnamese

    @property
    def title(self) -> str:
        return RULE_TITLES[self.rule]

    def as_json(self) -> dict:
        data = asdict(self)
        data["received_at"] = fmt.local(self.received_at).isoformat()
        data["title"] = self.title
        return data


_FIELDS = ("id", "code", "receiving_unit__code", "received_at")


def _finding(rule: str, row: dict, message: str) -> Finding:
    return Finding(rule, row["id"], row["code"], row["receiving_unit__code"], row["received_at"], message)


def _at(moment) -> str:
    return fmt.short_instant(moment)


# ---- the rules ---------------------------------------------------------------------------------------------


def _ended() -> Q:
    return Q(finished_at__isnull=False) | Q(returned_at__isnull=False) | Q(stopped_at__isnull=False)


def status_from_dates():
    """The status the dates give (``rules.status_of`` as a database expression)."""
    return Case(
        When(_ended() & Q(outcome__in=["withdrawn", "refused"]), then=F("outcome")),
        When(returned_at__isnull=False, then=Value(Status.RETURNED)),
        When(finished_at__isnull=False, then=Value(Status.FINISHED)),
        When(
            supplement_requested_at__isnull=False,
            supplement_received_at__isnull=True,
            then=Value(Status.AWAITING_SUPPLEMENT),
        ),
        default=Value(Status.PROCESSING),
        output_field=CharField(),
    )


def _status_dates(queryset, at) -> list[Finding]:
    rows = (
        queryset.annotate(expected_status=status_from_dates())
        .exclude(status=F("expected_status"))
        .values(*_FIELDS, "status", "expected_status", "returned_at", "finished_at", "stopped_at")
    )
    findings = []
    for row in rows:
        recorded = STATUS_LABELS.get(row["status"], row["status"])
        expected = STATUS_LABELS.get(row["expected_status"], row["expected_status"])
        if row["returned_at"] and row["status"] in (Status.PROCESSING, Status.AWAITING_SUPPLEMENT):
            why = f"Đã trả kết quả lúc {_at(row['returned_at'])} nhưng trạng thái vẫn là «{recorded}»."
        elif row["finished_at"] and row["status"] in (Status.PROCESSING, Status.AWAITING_SUPPLEMENT):
            why = f"Đã có kết quả lúc {_at(row['finished_at'])} nhưng trạng thái vẫn là «{recorded}»."
        else:
            why = f"Trạng thái ghi «{recorded}» nhưng theo các mốc thời gian phải là «{expected}»."
        findings.append(_finding("STATUS_DATES", row, why))
    return findings


_END_LABELS = (
    ("finished_at", "Có kết quả"),
    ("returned_at", "Trả kết quả"),
    ("stopped_at", "Dừng giải quyết"),
)


def _end_before_receipt(queryset, at) -> list[Finding]:
    condition = Q()
    for name, _label in _END_LABELS:
        condition |= Q(**{f"{name}__lt": F("received_at")})
    rows = queryset.filter(condition).values(*_FIELDS, "finished_at", "returned_at", "stopped_at")
    findings = []
    for row in rows:
        parts = [
            f"{label.lower()} lúc {_at(row[name])}"
            for name, label in _END_LABELS
            if row[name] is not None and row[name] < row["received_at"]
        ]
        message = f"{'; '.join(parts).capitalize()}, trước thời điểm tiếp nhận {_at(row['received_at'])}."
        findings.append(_finding("END_BEFORE_RECEIPT", row, message))
    return findings


def _rule_amount(row: dict, seconds_per_day: int) -> tuple[Decimal, str]:
    """The processing time the rule uses: the catalogue's hours when they give the stored days (exactly)."""
    days = Decimal(row["processing_days"])
    hours = row["procedure_version__processing_days"]
    if row["procedure_version__processing_unit"] == "hours" and hours is not None:
        converted = (Decimal(hours) * 3600 / seconds_per_day).quantize(
            Decimal("0.001"), rounding=ROUND_HALF_UP
        )
        if converted == days:
            return Decimal(hours), "hours"
    return days, "days"


def expected_due_instants(rows: list[dict]) -> dict[int, datetime | None]:
    """Due instants by the rule for rows of ``values()`` (per receiving unit; the vectorised engine where it
    applies). None where the rule cannot be applied (a processing time out of range)."""
    from cchc.core.errors import DomainError
    from cchc.workdays.selectors import due_for, due_many, office_hours_for

    by_unit = defaultdict(list)
    for row in rows:
        by_unit[row["receiving_unit_id"]].append(row)
    units = Unit.objects.in_bulk(list(by_unit))
    expected: dict[int, datetime | None] = {}
    for unit_id, unit_rows in by_unit.items():
        unit = units[unit_id]
        per_day = office_hours_for(unit).seconds_per_day
        plain, special = [], []
        for row in unit_rows:
            amount, unit_of_time = _rule_amount(row, per_day)
            target = special if unit_of_time == "hours" or row["procedure_version__cutoff_time"] else plain
            target.append((row, amount, unit_of_time))
        try:
            dues = due_many(unit, [(row["received_at"], amount) for row, amount, _ in plain])
            expected.update((row["id"], due) for (row, _, _), due in zip(plain, dues, strict=True))
        except DomainError:
            special.extend(plain)
        for row, amount, unit_of_time in special:
            try:
                expected[row["id"]] = due_for(
                    unit,
                    row["received_at"],
                    amount,
                    unit_of_time=unit_of_time,
                    cutoff=row["procedure_version__cutoff_time"],
                )
            except DomainError:
                expected[row["id"]] = None
    return expected


def ids_with_due_reason(dossier_ids) -> set[int]:
    content_type = ContentType.objects.get_for_model(Dossier)
    ids = [str(i) for i in dossier_ids]
    found = set()
    for start in range(0, len(ids), 5000):
        found.update(
            Event.objects.filter(
                content_type=content_type, verb__in=DUE_REASON_VERBS, object_id__in=ids[start : start + 5000]
            )
            .exclude(message="")
            .values_list("object_id", flat=True)
        )
    return {int(i) for i in found}


_SOURCE_NOTES = {
    DueSource.COMPUTED: (
        "hạn do hệ thống tính nhưng không còn đúng quy định (lịch làm việc hoặc dữ liệu đã thay đổi)"
    ),
    DueSource.IMPORTED: "hạn nhập từ tệp, chưa ghi lý do",
    DueSource.MANUAL: "hạn do cán bộ đặt, chưa ghi lý do",
}


def _due_mismatch(queryset, at) -> list[Finding]:
    rows = list(
        queryset.filter(processing_days__isnull=False).values(
            *_FIELDS,
            "receiving_unit_id",
            "processing_days",
            "due_at",
            "due_source",
            "procedure_version__processing_days",
            "procedure_version__processing_unit",
            "procedure_version__cutoff_time",
        )
    )
    expected = expected_due_instants(rows)
    differing = [
        row
        for row in rows
        if expected.get(row["id"]) is not None and abs(expected[row["id"]] - row["due_at"]) >= ONE_SECOND
    ]
    excused = ids_with_due_reason(r["id"] for r in differing if r["due_source"] != DueSource.COMPUTED)
    findings = []
    for row in differing:
        if row["id"] in excused:
            continue
        rule_due = expected[row["id"]]
        message = (
            f"Hạn trả ghi {_at(row['due_at'])}, theo quy định ({fmt.days_text(row['processing_days'])} "
            f"từ {_at(row['received_at'])}) là {_at(rule_due)}; {_SOURCE_NOTES.get(row['due_source'], '')}."
        )
        findings.append(_finding("DUE_MISMATCH", row, message))
    return findings


def _overdue_pending(at: datetime) -> Q:
    """Not ended, not waiting for the applicant, and past the due instant (moved by a completed pause)."""
    open_supplement = Q(supplement_requested_at__isnull=False, supplement_received_at__isnull=True)
    return Q(end_at__isnull=True) & ~open_supplement & Q(due_plus_pause_at__lt=at)


def _late_no_apology(queryset, at) -> list[Finding]:
    late = Q(timeliness=Timeliness.LATE) | _overdue_pending(at)
    rows = queryset.filter(late, origin=Origin.DESK, apology_sent_at__isnull=True).values(
        *_FIELDS, "end_at", "due_at", "due_plus_pause_at", "supplement_count", "timeliness"
    )
    findings = []
    for row in rows:
        if row["end_at"] is None:
            message = f"Đã quá hạn trả kết quả ({_at(row['due_plus_pause_at'])}) mà chưa có văn bản xin lỗi."
        elif row["supplement_count"] > 1 and row["end_at"] <= row["due_plus_pause_at"]:
            message = (
                f"Hồ sơ tính là quá hạn (yêu cầu bổ sung {row['supplement_count']} lần) mà không có văn bản "
                "xin lỗi."
            )
        else:
            message = (
                f"Kết thúc lúc {_at(row['end_at'])}, sau hạn trả {_at(row['due_at'])}, mà không có văn bản "
                "xin lỗi."
            )
        findings.append(_finding("LATE_NO_APOLOGY", row, message))
    return findings


def _apology_late(queryset, at) -> list[Finding]:
    """Sent after the (pause-adjusted) due instant, or with less than one working day of office time left
    before it: the desk's own rule (:func:`cchc.dossiers.services.apology_deadline_met`)."""
    from cchc.dossiers.services import apology_deadline_met

    candidates = (
        queryset.filter(apology_sent_at__isnull=False, apology_sent_at__gt=F("due_at") - timedelta(days=30))
        .select_related("receiving_unit")
        .only(*APOLOGY_FIELDS)
    )
    findings = []
    for dossier in candidates:
        sent, due = dossier.apology_sent_at, dossier.due_plus_pause_at or dossier.due_at
        if apology_deadline_met(dossier, sent):
            continue
        row = {
            "id": dossier.pk,
            "code": dossier.code,
            "receiving_unit__code": dossier.receiving_unit.code,
            "received_at": dossier.received_at,
        }
        if sent >= due:
            message = f"Văn bản xin lỗi gửi lúc {_at(sent)}, sau hạn trả kết quả {_at(due)}."
        else:
            message = (
                f"Văn bản xin lỗi gửi lúc {_at(sent)}, chưa đủ 1 ngày làm việc trước hạn trả kết quả "
                f"{_at(due)}."
            )
        findings.append(_finding("APOLOGY_LATE", row, message))
    return findings


APOLOGY_FIELDS = (
    "id",
    "code",
    "received_at",
    "due_at",
    "due_plus_pause_at",
    "apology_sent_at",
    "receiving_unit__code",
    "receiving_unit__path",
)


def _multi_supplement(queryset, at) -> list[Finding]:
    rows = queryset.filter(supplement_count__gt=1).values(*_FIELDS, "supplement_count")
    return [
        _finding(
            "MULTI_SUPPLEMENT",
            row,
            f"Hồ sơ bị yêu cầu bổ sung {row['supplement_count']} lần (chỉ được yêu cầu một lần); "
            "hồ sơ được tính là quá hạn.",
        )
        for row in rows
    ]


def _online_no_e_result(queryset, at) -> list[Finding]:
    rows = (
        queryset.filter(
            Q(finished_at__isnull=False) | Q(returned_at__isnull=False),
            channel="online",
            e_result=False,
            procedure_version__requires_result_document=True,
        )
        .exclude(outcome__in=["refused", "withdrawn"])  # a result was issued (blank outcome: approved)
        .values(*_FIELDS)
    )
    return [
        _finding(
            "ONLINE_NO_ERESULT",
            row,
            "Hồ sơ nộp trực tuyến đã có kết quả, thủ tục có kết quả là văn bản nhưng không có kết quả "
            "điện tử.",
        )
        for row in rows
    ]


CHECKS = {
    "STATUS_DATES": _status_dates,
    "END_BEFORE_RECEIPT": _end_before_receipt,
    "DUE_MISMATCH": _due_mismatch,
    "LATE_NO_APOLOGY": _late_no_apology,
    "APOLOGY_LATE": _apology_late,
    "MULTI_SUPPLEMENT": _multi_supplement,
    "ONLINE_NO_ERESULT": _online_no_e_result,
}


def audit_dossiers(queryset, *, at: datetime | None = None, rules=None) -> list[Finding]:
    """The findings over ``queryset`` (already scoped), by rule then receipt; ``at``: the moment that
    "overdue" refers to (default now); ``rules``: codes to run (default all)."""
    at = at or timezone.now()
    findings: list[Finding] = []
    for code in rules or RULE_CODES:
        found = CHECKS[code](queryset.order_by(), at)
        findings.extend(sorted(found, key=lambda f: (f.received_at, f.code)))
    return findings


def dossiers_of(unit, *, subtree: bool, base=None):
    """The dossiers received by ``unit`` (or its subtree), from ``base`` (a user's visible dossiers)."""
    queryset = base if base is not None else Dossier.objects.all()
    if subtree:
        return queryset.filter(receiving_unit__path__startswith=unit.path)
    return queryset.filter(receiving_unit=unit)


def counts_by_rule(findings: list[Finding]) -> dict[str, int]:
    counts = dict.fromkeys(RULE_CODES, 0)
    for finding in findings:
        counts[finding.rule] += 1
    return counts
