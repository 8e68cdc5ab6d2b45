"""Server-rendered SVG charts: well-formed, one mark per figure, the target drawn, text escaped."""

from decimal import Decimal
from xml.etree import ElementTree

from cchc.stats.charts import channel_bars, ranking_bars, rate_line

NS = "{http://www.w3.org/2000/svg}"
LABELS = [f"T{m}" for m in range(1, 13)]


def parse(svg: str):
    return ElementTree.fromstring(str(svg))


def test_stacked_bars_have_one_rect_per_non_zero_channel_and_month():
    months = [{"online": m, "direct": 2 * m, "postal": m % 2} for m in range(12)]
    root = parse(channel_bars(months, LABELS, "Hồ sơ theo kênh"))
    bars = [r for r in root.iter(f"{NS}rect") if r.get("class", "").startswith("bar-")]
    assert len(bars) == sum((m["online"] > 0) + (m["direct"] > 0) + (m["postal"] > 0) for m in months)
    assert root.get("aria-label") == "Hồ sơ theo kênh"
    titles = [t.text for t in root.iter(f"{NS}title")]
    assert "T12 — Trực tuyến: 11" in titles or any(t.endswith(": 11") for t in titles)


def test_empty_months_still_draw_axes_without_bars():
    root = parse(channel_bars([{"online": 0, "direct": 0, "postal": 0}] * 12, LABELS, "x"))
    assert not [r for r in root.iter(f"{NS}rect") if r.get("class", "").startswith("bar-")]


def test_rate_line_breaks_at_months_without_data_and_draws_the_target():
    rates = [Decimal("97.5"), Decimal("99"), None, Decimal("96.1")] + [None] * 8
    root = parse(rate_line(rates, LABELS, Decimal(98), "Đúng hạn"))
    assert len(list(root.iter(f"{NS}polyline"))) == 2
    assert len(list(root.iter(f"{NS}circle"))) == 3
    target = [line for line in root.iter(f"{NS}line") if line.get("class") == "target"]
    assert len(target) == 1 and target[0].get("stroke-dasharray")
    assert any("97,5%" in (t.text or "") for t in root.iter(f"{NS}text"))


def test_ranking_bars_escape_names_and_show_values():
    root = parse(
        ranking_bars([("Xã <A> & B", Decimal("99.5")), ("Phường C", Decimal("90"))], Decimal(98), "r")
    )
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert "Xã <A> & B" in texts and "99,5%" in texts
    widths = [float(r.get("width")) for r in root.iter(f"{NS}rect")]
    assert widths[0] > widths[1]
