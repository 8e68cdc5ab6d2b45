"""The plan report of a unit and year: one dict for the JSON, the table, the page and the XLSX.

Scope: the tasks of the plans OF the unit for the year (the annual plan and its component plans), counted as
in :meth:`TaskQuerySet.counted` (cancelled tasks and parents with live children are not counted).
``percent`` = done / counted × 100, a plain count rounded half up to 2 decimals, ``None`` without tasks
(weighted progress is for pages, not for this figure). A task assigned from above counts as done once the
assigning unit confirms it (``Task.counts_as_done``); until then it is neither done nor overdue. ``overdue``
uses the unit calendars on the date ``on``. ``by_area`` is sorted by area code, ``by_owner`` by name in
Vietnamese order (tasks with no owner last).
"""

from collections import defaultdict
from datetime import date
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from cchc.core.text import vn_sort_key
from cchc.org.models import Unit
from cchc.plans.areas import VIETNAMESE_NAMES
from cchc.plans.deadlines import Calendars, is_overdue
from cchc.plans.models import TaskStatus
from cchc.plans.selectors import percent, plan_scope, today


def _number(value):
    return float(value) if value is not None else None


def plan_report(unit: Unit, year: int, *, on: date | None = None, with_ids: bool = False) -> dict:
    """``{"unit", "year", "tasks_total", "tasks_done", "percent", "overdue", "by_area", "by_owner"}``.

    ``with_ids`` adds ``person_id`` to the ``by_owner`` entries (for the page's links; not in the JSON)."""
    on = on or today()
    calendars = Calendars()
    tasks = list(plan_scope(unit, year).counted().select_related("unit", "owner").order_by("pk"))
    areas: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    owners: dict[int | None, dict] = {}
    total = done = overdue = 0
    for task in tasks:
        is_done = task.counts_as_done  # a task set from above: once the assigning unit confirms it
        late = task.status != TaskStatus.DONE and is_overdue(task.deadline, on, calendars.for_unit(task.unit))
        total += 1
        done += is_done
        overdue += late
        area = areas[task.area or ""]
        area[0] += 1
        area[1] += is_done
        key = task.owner_id
        owner = owners.setdefault(
            key,
            {"name": task.owner.full_name if task.owner else None, "total": 0, "done": 0, "overdue": 0},
        )
        owner["total"] += 1
        owner["done"] += is_done
        owner["overdue"] += late
    by_area = [
        {
            "area": code or None,
            "tasks_total": t,
            "tasks_done": d,
            "percent": _number(percent(d, t)),
        }
        for code, (t, d) in sorted(areas.items(), key=lambda item: (item[0] == "", item[0].zfill(3)))
    ]
    by_owner = []
    for key, o in sorted(owners.items(), key=_owner_order):
        entry = {
            "person": o["name"],
            "tasks_total": o["total"],
            "tasks_done": o["done"],
            "overdue": o["overdue"],
        }
        if with_ids:
            entry["person_id"] = key
        by_owner.append(entry)
    return {
        "unit": unit.code,
        "year": year,
        "tasks_total": total,
        "tasks_done": done,
        "percent": _number(percent(done, total)),
        "overdue": overdue,
        "by_area": by_area,
        "by_owner": by_owner,
    }


def _owner_order(item) -> tuple:
    key, owner = item
    return (key is None, vn_sort_key(owner["name"] or ""), key or 0)


def _plain(value) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def as_table(report: dict, unit_name: str) -> str:
    """A plain-text table for the terminal (machine decimals, like the JSON)."""
    lines = [
        f"PAR plan {report['year']} - {unit_name} ({report['unit']})",
        f"tasks_total {report['tasks_total']}  tasks_done {report['tasks_done']}  "
        f"percent {_plain(report['percent'])}  overdue {report['overdue']}",
        "",
        f"{'area':<6}{'tasks_total':>12}{'tasks_done':>12}{'percent':>10}",
    ]
    lines += [
        f"{_plain(a['area']):<6}{a['tasks_total']:>12}{a['tasks_done']:>12}{_plain(a['percent']):>10}"
        for a in report["by_area"]
    ]
    width = max([len(_plain(o["person"])) for o in report["by_owner"]] + [6]) + 2
    lines += ["", f"{'person':<{width}}{'tasks_total':>12}{'tasks_done':>12}{'overdue':>10}"]
    lines += [
        f"{_plain(o['person']):<{width}}{o['tasks_total']:>12}{o['tasks_done']:>12}{o['overdue']:>10}"
        for o in report["by_owner"]
    ]
    return "\n".join(lines) + "\n"


def as_xlsx(report: dict, unit_name: str) -> bytes:
    """The same figures as a workbook (Vietnamese headings; percentages as numbers with 2 decimals)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Tổng hợp"
    bold = Font(bold=True)
    sheet.append([f"Kết quả thực hiện kế hoạch CCHC năm {report['year']} — {unit_name} ({report['unit']})"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    for label, value in [
        ("Tổng số nhiệm vụ", report["tasks_total"]),
        ("Đã hoàn thành", report["tasks_done"]),
        ("Tỷ lệ hoàn thành (%)", report["percent"]),
        ("Quá hạn", report["overdue"]),
    ]:
        sheet.append([label, value])
        sheet.cell(sheet.max_row, 1).font = bold
    sheet.cell(5, 2).number_format = "0.00"
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 14

    areas = book.create_sheet("Theo lĩnh vực")
    areas.append(["Mã", "Lĩnh vực", "Tổng số", "Hoàn thành", "Tỷ lệ (%)"])
    for a in report["by_area"]:
        areas.append(
            [
                a["area"] or "",
                VIETNAMESE_NAMES.get(a["area"] or "", "(chưa gắn lĩnh vực)"),
                a["tasks_total"],
                a["tasks_done"],
                a["percent"],
            ]
        )
        areas.cell(areas.max_row, 5).number_format = "0.00"
    owners = book.create_sheet("Theo người thực hiện")
    owners.append(["Người chủ trì", "Tổng số", "Hoàn thành", "Quá hạn"])
    for o in report["by_owner"]:
        owners.append([o["person"] or "(chưa giao người)", o["tasks_total"], o["tasks_done"], o["overdue"]])
    for ws, widths in ((areas, (6, 60, 10, 12, 10)), (owners, (32, 10, 12, 10))):
        for cell in ws[1]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True)
        for index, width in enumerate(widths):
            ws.column_dimensions[chr(65 + index)].width = width
    out = BytesIO()
    book.save(out)
    return out.getvalue()
