"""The dossier report as a text table (``--format table``); the workbook is in ``bieu06.py``."""

#: (title, key path) of the figure columns, in the order of Biểu 06/VPCP/KSTT.
COLUMNS = [
    ("Tổng số", ("received", "total")),
    ("Từ kỳ trước", ("received", "carried_over")),
    ("Mới tiếp nhận", ("received", "new")),
    ("Trực tuyến", ("received", "online")),
    ("Trực tiếp", ("received", "direct")),
    ("Bưu chính", ("received", "postal")),
    ("Tổng số", ("resolved", "total")),
    ("Trước hạn", ("resolved", "early")),
    ("Đúng hạn", ("resolved", "on_time")),
    ("Quá hạn", ("resolved", "late")),
    ("Rút hồ sơ", ("withdrawn",)),
    ("Tổng số", ("pending", "total")),
    ("Trong hạn", ("pending", "within_deadline")),
    ("Quá hạn", ("pending", "overdue")),
]


def _get(block: dict, path: tuple) -> int:
    value = block
    for key in path:
        value = value[key]
    return value


def report_rows(report: dict) -> list[tuple[str, list[int]]]:
    rows = [(r["field"] or "(không xác định)", [_get(r, p) for _, p in COLUMNS]) for r in report["by_field"]]
    rows.append(("Tổng cộng", [_get(report, p) for _, p in COLUMNS]))
    return rows


def _pct(value) -> str:
    return "–" if value is None else f"{value * 100:.2f}%".replace(".", ",")


def as_table(report: dict) -> str:
    heads = [
        "Lĩnh vực",
        "Nhận",
        "Kỳ trước",
        "Mới",
        "T.tuyến",
        "T.tiếp",
        "B.chính",
        "Đã GQ",
        "Trước",
        "Đúng",
        "Quá",
        "Rút",
        "Đang GQ",
        "Trong",
        "Quá",
    ]
    rows = [[name, *map(str, figures)] for name, figures in report_rows(report)]
    widths = [max(len(str(x)) for x in col) for col in zip(heads, *rows, strict=True)]
    lines = [
        f"Báo cáo tình hình giải quyết hồ sơ TTHC — đơn vị {report['unit']}"
        f"{' (cả đơn vị trực thuộc)' if report['subtree'] else ''}, từ {report['from']} đến {report['to']}",
        "  ".join(
            h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(heads, widths, strict=True))
        ),
    ]
    for row in rows:
        lines.append(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    rates = report["rates"]
    lines.append(
        f"Tỷ lệ đúng hạn {_pct(rates['on_time'])}; trực tuyến {_pct(rates['online'])}; "
        f"số hóa {_pct(rates['digitized'])}; thanh toán trực tuyến {_pct(rates['paid_online'])}"
    )
    return "\n".join(lines) + "\n"
