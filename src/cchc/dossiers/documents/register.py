"""The register (Sổ theo dõi hồ sơ) of a unit for a period: form 06 (2018 set) / 07 (2025 set)."""

from datetime import date, datetime, time, timedelta

from django.db.models import Q

from cchc.core.parsing import LOCAL_TZ
from cchc.dossiers.documents import formatting as fmt
from cchc.dossiers.documents.catalogue import REGISTER, form_set_on
from cchc.dossiers.documents.context import CHANNEL_LABELS, STATUS_LABELS, TIMELINESS_LABELS, header
from cchc.dossiers.models import Dossier

#: Column widths in mm (A4 landscape, 252 mm between the margins); the DOCX template uses the same.
WIDTHS = (9, 24, 32, 23, 27, 21, 22, 22, 22, 22, 28)
HEADERS = [
    "Số thứ tự",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Người nộp hồ sơ",
    "Địa chỉ, số điện thoại",
    "Cơ quan giải quyết",
    "Nhận hồ sơ",
    "Hẹn trả kết quả",
    "Có kết quả",
    "Trả kết quả",
    "Ghi chú",
]


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=LOCAL_TZ)


def register_dossiers(queryset, *, unit, subtree: bool, date_from: date, date_to: date):
    """The dossiers of the register: received by ``unit`` (or its subtree) on a local date in the period."""
    units = Q(receiving_unit__path__startswith=unit.path) if subtree else Q(receiving_unit=unit)
    return (
        queryset.filter(
            units, received_at__gte=_midnight(date_from), received_at__lt=_midnight(date_to + timedelta(1))
        )
        .select_related("procedure", "receiving_unit", "competent_unit")
        .order_by("received_at", "code")
    )


def _book_offsets(dossiers: list[Dossier]) -> dict[tuple[int, int], int]:
    """For each (unit, year) of the list: how many of the unit's dossiers of that year precede its first."""
    firsts: dict[tuple[int, int], Dossier] = {}
    for d in dossiers:
        firsts.setdefault((d.receiving_unit_id, fmt.local(d.received_at).year), d)
    offsets = {}
    for (unit_id, year), first in firsts.items():
        offsets[(unit_id, year)] = (
            Dossier.objects.filter(receiving_unit_id=unit_id, received_at__gte=_midnight(date(year, 1, 1)))
            .filter(
                Q(received_at__lt=first.received_at) | Q(received_at=first.received_at, code__lt=first.code)
            )
            .count()
        )
    return offsets


def register_context(*, unit, dossiers, date_from: date, date_to: date, subtree: bool, on: date) -> dict:
    """``dossiers``: the rows already scoped and ordered (:func:`register_dossiers`)."""
    form_set = form_set_on(date_from)
    spec = form_set.form(REGISTER)
    items = list(dossiers)
    offsets = _book_offsets(items)
    counters: dict[tuple[int, int], int] = {}
    rows = []
    for d in items:
        key = (d.receiving_unit_id, fmt.local(d.received_at).year)
        counters[key] = counters.get(key, offsets[key]) + 1
        contact = ", ".join(x for x in (fmt.nfc(d.applicant_address), fmt.nfc(d.applicant_phone)) if x)
        note = [STATUS_LABELS.get(d.status, d.status), CHANNEL_LABELS.get(d.channel, d.channel)]
        if d.timeliness:
            note.insert(1, TIMELINESS_LABELS[d.timeliness])
        rows.append(
            [
                str(counters[key]),
                d.code,
                fmt.nfc(d.procedure.name),
                fmt.nfc(d.applicant_name),
                contact,
                fmt.full_name(d.competent_unit or d.receiving_unit),
                fmt.short_instant(d.received_at),
                fmt.short_instant(d.due_at),
                fmt.short_instant(d.finished_at),
                fmt.short_instant(d.returned_at or d.stopped_at),
                "; ".join(note),
            ]
        )
    scope = " và các đơn vị trực thuộc" if subtree else ""
    return {
        **header(fmt.desk_lines(unit, date_from), unit, form_set, spec, number="", day=on),
        "subtitle": f"{fmt.full_name(unit)}{scope}",
        "period": f"Từ ngày {fmt.short_date(date_from)} đến ngày {fmt.short_date(date_to)}",
        "book": f"Quyển số: {date_from.year}" if date_from.year == date_to.year else "",
        "count_line": f"Tổng số hồ sơ: {len(rows)}",
        "table": {"headers": HEADERS, "rows": rows},
        "widths": WIDTHS,
        "form_key": REGISTER,
        "code": unit.code,
    }
