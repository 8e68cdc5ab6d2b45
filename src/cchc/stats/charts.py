"""Charts as server-rendered SVG (no JavaScript, no external library): they print like the page.

Each function returns the SVG markup (already escaped) for a template to place inline. Every mark carries a
``<title>`` with its exact figure (shown on hover), every chart a text legend and the figures' labels, so a
black-and-white print stays readable (the series also differ in shade, and the target line is dashed).
"""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from cchc.core.templatetags.cchc import vn_number

FONT = 'font-family="Liberation Sans, Arial, sans-serif"'
CHANNEL_COLOURS = {"online": "#1a5fb4", "direct": "#a31515", "postal": "#e5a50a"}


def _pct(value) -> str:
    return "–" if value is None else f"{vn_number(value, 1)}%"


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return mark_safe(  # noqa: S308  (every text part below goes through escape())
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" {FONT} font-size="12">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _nice_max(value: int) -> int:
    if value <= 5:
        return 5
    magnitude = 10 ** (len(str(value)) - 1)
    for step in (1, 2, 2.5, 5, 10):
        top = int(step * magnitude)
        if top >= value:
            return top
    return value


def channel_bars(months: list[dict], labels: list[str], title: str) -> str:
    """Stacked bars of new dossiers by channel, one bar per month (``months``: dicts with the channels)."""
    width, height, left, bottom, top = 680, 280, 48, 40, 34
    plot_h, plot_w = height - bottom - top, width - left - 12
    peak = _nice_max(max((m["online"] + m["direct"] + m["postal"] for m in months), default=0))
    slot = plot_w / max(len(months), 1)
    bar = slot * 0.62
    body = []
    for i in range(5):  # grid and axis labels
        value = peak * i / 4
        y = top + plot_h - plot_h * i / 4
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 12}" y2="{y:.1f}" stroke="#d9dde3"/>')
        body.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{vn_number(value)}</text>')
    names = {"online": _("Online"), "direct": _("Direct"), "postal": _("By post")}
    for n, (month, label) in enumerate(zip(months, labels, strict=True)):
        x = left + n * slot + (slot - bar) / 2
        y = top + plot_h
        total = month["online"] + month["direct"] + month["postal"]
        for channel in ("online", "direct", "postal"):
            value = month[channel]
            if not value:
                continue
            h = plot_h * value / peak
            y -= h
            body.append(
                f'<rect class="bar-{channel}" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{CHANNEL_COLOURS[channel]}"><title>{escape(label)} — {escape(names[channel])}: '
                f"{vn_number(value)}</title></rect>"
            )
        if total:
            body.append(
                f'<text x="{x + bar / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" font-size="10">'
                f"{vn_number(total)}</text>"
            )
        label_y = height - bottom + 16
        body.append(f'<text x="{x + bar / 2:.1f}" y="{label_y}" text-anchor="middle">{escape(label)}</text>')
    x = left
    for channel in ("online", "direct", "postal"):
        body.append(f'<rect x="{x}" y="8" width="12" height="12" fill="{CHANNEL_COLOURS[channel]}"/>')
        body.append(f'<text x="{x + 16}" y="18">{escape(names[channel])}</text>')
        x += 16 + 8 * len(str(names[channel])) + 18
    return _svg(width, height, title, body)


def _axis_low(values: list[Decimal]) -> int:
    """The lower end of a percent axis that ends at 100%: the tens below the smallest value, at most 90."""
    return max(min(int(min(values, default=Decimal(0)) // 10 * 10), 90), 0)


def rate_line(rates: list[Decimal | None], labels: list[str], target: Decimal | None, title: str) -> str:
    """A monthly rate (percent) as a line with dots, and the target as a dashed line."""
    width, height, left, bottom, top = 680, 260, 48, 40, 30
    plot_h, plot_w = height - bottom - top, width - left - 96
    low = _axis_low([r for r in rates if r is not None] + ([target] if target is not None else []))
    span = Decimal(100 - low)
    slot = plot_w / max(len(rates), 1)

    def y_of(value) -> float:
        return top + plot_h - plot_h * float((Decimal(value) - low) / span)

    body = []
    for i in range(5):
        value = Decimal(low) + Decimal(100 - low) * i / 4
        y = y_of(value)
        places = 0 if value == int(value) else 1
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#d9dde3"/>')
        body.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{vn_number(value, places)}%</text>'
        )
    if target is not None:
        y = y_of(target)
        body.append(
            f'<line class="target" x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" '
            f'stroke="#a31515" stroke-width="2" stroke-dasharray="6 4"/>'
        )
        body.append(
            f'<text x="{left + plot_w + 4}" y="{y + 4:.1f}" fill="#a31515">'
            f"{escape(_('Target'))} {_pct(target)}</text>"
        )
    segment: list[str] = []
    segments = []
    for n, (rate, label) in enumerate(zip(rates, labels, strict=True)):
        x = left + n * slot + slot / 2
        body.append(
            f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle">{escape(label)}</text>'
        )
        if rate is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        y = y_of(rate)
        segment.append(f"{x:.1f},{y:.1f}")
        body.append(
            f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#1a5fb4">'
            f"<title>{escape(label)}: {_pct(rate)}</title></circle>"
        )
        body.append(
            f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle" font-size="10">{_pct(rate)}</text>'
        )
    if segment:
        segments.append(segment)
    for points in segments:
        body.insert(
            0, f'<polyline points="{" ".join(points)}" fill="none" stroke="#1a5fb4" stroke-width="2"/>'
        )
    return _svg(width, height, title, body)


def ranking_bars(rows: list[tuple[str, Decimal]], target: Decimal | None, title: str) -> str:
    """Horizontal bars of a rate (percent) per unit, best first, with the target as a dashed line."""
    label_w, width, row_h, top = 220, 680, 20, 24
    plot_w = width - label_w - 60
    height = top + row_h * max(len(rows), 1) + 30
    low = _axis_low([value for _, value in rows] + ([target] if target is not None else []))
    span = float(100 - low)

    def x_of(value) -> float:
        return label_w + plot_w * (float(value) - low) / span

    body = []
    for i in range(5):  # the axis: from ``low`` to 100%
        value = Decimal(low) + Decimal(100 - low) * i / 4
        x = x_of(value)
        places = 0 if value == int(value) else 1
        body.append(f'<line x1="{x:.1f}" y1="{top - 2}" x2="{x:.1f}" y2="{height - 26}" stroke="#d9dde3"/>')
        body.append(
            f'<text x="{x:.1f}" y="{height - 12}" text-anchor="middle" font-size="10">'
            f"{vn_number(value, places)}%</text>"
        )
    for n, (name, value) in enumerate(rows):
        y = top + n * row_h
        w = max(x_of(value) - label_w, 0.5)
        short = name if len(name) <= 32 else name[:31] + "…"
        body.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{escape(short)}</text>')
        body.append(
            f'<rect class="rank-bar" x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" '
            f'fill="#1a5fb4"><title>{escape(name)}: {_pct(value)}</title></rect>'
        )
        body.append(f'<text x="{label_w + w + 4:.1f}" y="{y + 14}">{_pct(value)}</text>')
    if target is not None:
        x = x_of(target)
        body.append(
            f'<line class="target" x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 26}" '
            f'stroke="#a31515" stroke-width="2" stroke-dasharray="6 4"/>'
        )
        body.append(
            f'<text x="{x:.1f}" y="{top - 8}" text-anchor="middle" fill="#a31515">'
            f"{escape(_('Target'))} {_pct(target)}</text>"
        )
    return _svg(width, height, title, body)
