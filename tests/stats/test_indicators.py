"""The statistics' figures in the indicator registry (read by scoring without importing stats)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from cchc.core import indicators
from cchc.dossiers.importing import import_dossiers
from cchc.dossiers.services import apology_deadline_met
from cchc.org.models import Unit
from cchc.stats.indicators import apology_in_time
from cchc.stats.report import dossier_report
from cchc.workdays.selectors import unit_calendar
from tests.factories import dossier_for

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=TZ)


def test_the_five_figures_are_registered():
    assert {
        "on_time_rate",
        "online_rate",
        "digitized_rate",
        "paid_online_rate",
        "apology_compliance_rate",
    } <= set(indicators.names())


def test_rates_equal_the_yearly_subtree_report(examples_dir):
    import_dossiers(path=examples_dir / "dossiers-example.csv")
    province = Unit.objects.get(code="68")
    from datetime import date

    report = dossier_report(
        unit=province, date_from=date(2025, 1, 1), date_to=date(2025, 12, 31), subtree=True
    )
    for name, key in [
        ("on_time_rate", "on_time"),
        ("online_rate", "online"),
        ("digitized_rate", "digitized"),
        ("paid_online_rate", "paid_online"),
    ]:
        ratio = indicators.evaluate(name, province, 2025)
        expected = report["rates"][key]
        assert (None if ratio.value is None else round(float(ratio.value), 4)) == expected, name
        assert ratio.records_url.startswith("/stats/dossiers/?unit=68&subtree=1&from=2025-01-01")


def test_a_year_without_dossiers_is_not_applicable(ward_a):
    ratio = indicators.evaluate("on_time_rate", ward_a, 2031)
    assert ratio.denominator == 0 and ratio.value is None


def late(unit, code, *, due, apology=None, **values):
    return dossier_for(
        unit,
        code=code,
        received_at=due.replace(day=1, hour=8),
        due_at=due,
        finished_at=due.replace(hour=16),
        outcome="approved",
        apology_sent_at=apology,
        **values,
    )


def test_apology_compliance_counts_apologies_sent_a_working_day_before_the_due_instant(ward_a):
    due = at(2025, 3, 10, 9, 0)  # Monday 09:00
    late(ward_a, "A-IN-TIME", due=due, apology=at(2025, 3, 7, 9, 0))  # Fri 09:00: exactly one working day
    late(ward_a, "A-TOO-LATE", due=due, apology=at(2025, 3, 7, 9, 1))  # a minute less than a working day
    late(ward_a, "A-AFTER-DUE", due=due, apology=at(2025, 3, 10, 10, 0))
    late(ward_a, "A-NONE", due=due)
    dossier_for(
        ward_a, code="ON-TIME", received_at=at(2025, 3, 3, 8), due_at=due, finished_at=at(2025, 3, 5, 9)
    )
    ratio = indicators.evaluate("apology_compliance_rate", ward_a, 2025)
    assert (ratio.numerator, ratio.denominator) == (1, 4)
    assert "cell=late" in ratio.records_url


def test_a_supplement_pause_moves_the_apology_deadline_like_the_desk(ward_a):
    d = late(
        ward_a,
        "A-PAUSED",
        due=at(2025, 3, 10, 9, 0),
        apology=at(2025, 3, 10, 8, 0),  # after due − 1 day, but the pause of 2 days moves the due instant
        supplement_requested_at=at(2025, 3, 3, 9, 0),
        supplement_received_at=at(2025, 3, 5, 9, 0),
        supplement_count=2,
    )
    assert d.timeliness == "late"
    ratio = indicators.evaluate("apology_compliance_rate", ward_a, 2025)
    assert (ratio.numerator, ratio.denominator) == (1, 1)
    assert apology_deadline_met(d, d.apology_sent_at)


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        (at(2025, 3, 7, 9, 0), True),
        (at(2025, 3, 7, 9, 30), False),
        (at(2025, 3, 6, 17, 0), True),
        (at(2025, 3, 10, 9, 0), False),
        (None, False),
    ],
)
def test_stats_and_desk_agree_on_the_apology_rule(ward_a, sent, expected):
    due = at(2025, 3, 10, 9, 0)
    d = dossier_for(ward_a, code="RULE", received_at=at(2025, 3, 3, 8), due_at=due)
    assert apology_in_time(sent, due, unit_calendar(ward_a)) is expected
    if sent is not None:
        assert apology_deadline_met(d, sent) is expected


def test_apology_rule_skips_holidays(ward_a):
    # Due Monday 3/2/2025 09:00, the first working day after Tết (27/1–31/1/2025 off): a working day before it
    # is Friday 24/1 09:00.
    due = at(2025, 2, 3, 9, 0)
    assert apology_in_time(at(2025, 1, 24, 9, 0), due, unit_calendar(ward_a))
    assert not apology_in_time(at(2025, 1, 24, 9, 1), due, unit_calendar(ward_a))
