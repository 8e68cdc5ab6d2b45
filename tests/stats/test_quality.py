"""The Decision 766 index: points per indicator, "not applicable" with a reason, configuration per year."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured

from cchc.dossiers.importing import import_dossiers
from cchc.org.models import Unit
from cchc.stats import config
from cchc.stats.quality import quality_index, score
from cchc.stats.selectors import period_counts

pytestmark = pytest.mark.django_db


def test_full_points_at_or_above_the_threshold_else_proportional():
    assert score(Decimal(50), Decimal(12), Decimal(50)) == Decimal(12)
    assert score(Decimal(40), Decimal(12), Decimal(50)) == Decimal("9.60")
    assert score(Decimal("66.67"), Decimal(6), None) == Decimal("4.00")


def counts(**values):
    keys = (
        "progress_ok handled online new paid_online with_fee e_result result_required digitized resolved "
        "late "
        "disliked"
    ).split()
    return {**dict.fromkeys(keys, 0), **values}


def test_index_of_known_counts():
    index = quality_index(
        counts(
            progress_ok=90,
            handled=100,
            online=30,
            new=60,
            paid_online=0,
            with_fee=0,
            e_result=40,
            result_required=80,
            digitized=50,
            resolved=80,
            late=4,
            disliked=4,
        ),
        2025,
    )
    by_code = {i.code: i for i in index.indicators}
    assert by_code["2.1"].rate == Decimal("90.00") and by_code["2.1"].points == Decimal("18.00")
    assert by_code["3.3"].rate == Decimal("50.00") and by_code["3.3"].points == Decimal(12)
    assert not by_code["3.6"].applicable and by_code["3.6"].points is None
    assert "phí" in by_code["3.6"].reason or "fee" in by_code["3.6"].reason
    assert by_code["4.1"].points == Decimal("3.00")
    assert by_code["4.2"].rate == Decimal("83.33") and by_code["4.2"].points == Decimal(4)
    assert by_code["5.4"].rate == Decimal("90.00") and by_code["5.4"].points == Decimal(6)
    assert index.applicable_max == Decimal(48)  # 3.6 leaves the maximum
    assert index.points == Decimal("43.00") and index.percent == Decimal("89.58")


def test_no_dossiers_makes_every_indicator_not_applicable_never_zero():
    index = quality_index(counts(), 2025)
    assert all(not i.applicable and i.reason for i in index.indicators)
    assert index.percent is None and index.points == 0


def test_index_from_the_example_dossiers(examples_dir):
    import_dossiers(path=examples_dir / "dossiers-example.csv")
    unit = Unit.objects.get(code="68")
    found = period_counts(unit=unit, subtree=True, date_from=date(2025, 1, 1), date_to=date(2025, 3, 31))
    index = quality_index(found, 2025)
    report = json.loads((examples_dir / "report-68-subtree-2025Q1.json").read_text(encoding="utf-8"))
    online = next(i for i in index.indicators if i.code == "3.3")
    assert (online.numerator, online.denominator) == (report["received"]["online"], report["received"]["new"])
    progress = next(i for i in index.indicators if i.code == "2.1")
    assert progress.denominator == report["resolved"]["total"] + report["pending"]["total"]
    assert progress.numerator == (
        report["resolved"]["early"] + report["resolved"]["on_time"] + report["pending"]["within_deadline"]
    )


def test_the_version_in_force_is_the_latest_from_year_not_after_the_year():
    first = config.versions()[0]
    assert config.version_for(2019) is first and config.version_for(2030).from_year <= 2030
    assert sum(first.groups.values()) == 100


def test_a_bad_configuration_is_refused(tmp_path, monkeypatch):
    raw = json.loads(config.CONFIG_PATH.read_text(encoding="utf-8"))
    raw["versions"][0]["indicators"][0]["group"] = "9"
    bad = tmp_path / "quality.json"
    bad.write_text(json.dumps(raw), encoding="utf-8")
    monkeypatch.setattr(config, "CONFIG_PATH", bad)
    config.versions.cache_clear()
    try:
        with pytest.raises(ImproperlyConfigured, match="unknown group"):
            config.versions()
    finally:
        monkeypatch.undo()
        config.versions.cache_clear()
