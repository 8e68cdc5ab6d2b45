"""``cchc export dossiers``: the interchange format, one row per dossier, sorted by received_at then code."""

from collections.abc import Iterator

from cchc.dossiers.interchange import COLUMNS, format_bool, format_decimal, format_instant
from cchc.dossiers.models import Dossier


def export_rows(queryset) -> Iterator[list[str]]:
    """Rows of the export in the contract's column order (instants local, booleans 1/0, decimals trimmed)."""
    rows = (
        queryset.order_by("received_at", "code")
        .values_list(
            "code",
            "receiving_unit__code",
            "procedure__code",
            "procedure__name",
            "field",
            "processing_days",
            "channel",
            "received_at",
            "due_at",
            "supplement_requested_at",
            "supplement_received_at",
            "supplement_count",
            "finished_at",
            "returned_at",
            "stopped_at",
            "outcome",
            "fee_vnd",
            "paid_online",
            "digitized",
            "e_result",
            "disliked",
        )
        .iterator(chunk_size=5000)
    )
    for r in rows:
        yield [
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            format_decimal(r[5]),
            r[6],
            format_instant(r[7]),
            format_instant(r[8]),
            format_instant(r[9]),
            format_instant(r[10]),
            str(r[11]),
            format_instant(r[12]),
            format_instant(r[13]),
            format_instant(r[14]),
            r[15],
            str(r[16]),
            format_bool(r[17]),
            format_bool(r[18]),
            format_bool(r[19]),
            format_bool(r[20]),
        ]


def dossiers_for_export(*, unit, subtree: bool, date_from=None, date_to=None, base=None):
    """Dossiers received by ``unit`` (or its subtree) with a local receipt date in [from, to]."""
    from cchc.dossiers.selectors import received_between

    queryset = base if base is not None else Dossier.objects.all()
    if subtree:
        queryset = queryset.filter(receiving_unit__path__startswith=unit.path)
    else:
        queryset = queryset.filter(receiving_unit=unit)
    return received_between(queryset, date_from, date_to)


def write_xlsx(rows, path) -> int:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("dossiers")
    sheet.append(list(COLUMNS))
    count = 0
    for row in rows:
        sheet.append(row)
        count += 1
    workbook.save(path)
    return count
