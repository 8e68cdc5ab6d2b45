"""Targets (chỉ tiêu): inheritance down the unit tree, national defaults, states and the projection."""

from datetime import date
from decimal import Decimal

import pytest

from cchc.core.errors import DomainError
from cchc.core.models import Event
from cchc.core.permissions import Forbidden, system_actor
from cchc.stats import services
from cchc.stats.models import Target
from cchc.stats.series import Projection, project
from cchc.stats.targets import AT_RISK, MET, MISSED, NO_DATA, effective_targets, target_state

pytestmark = pytest.mark.django_db

SYSTEM = system_actor("test")


def test_setup_loads_the_national_defaults_once():
    national = Target.objects.filter(unit__isnull=True, year=2025)
    assert {t.indicator: t.value for t in national} == {
        "online": 50,
        "on_time": 98,
        "digitized": 80,
        "satisfaction": 84,
    }
    assert services.load_national_targets() == 0


def test_a_province_target_applies_to_its_communes_until_they_set_their_own(province, ward_a):
    services.target_set(unit=province, year=2026, indicator="online", value="60", actor=SYSTEM)
    targets = effective_targets(ward_a, 2026)
    assert targets["online"].value == 60 and targets["online"].source == "inherited"
    assert targets["online"].source_unit == province
    assert targets["on_time"].value == 98 and targets["on_time"].source == "national"
    services.target_set(unit=ward_a, year=2026, indicator="online", value="55,5", actor=SYSTEM)
    assert effective_targets(ward_a, 2026)["online"].value == Decimal("55.5")
    assert effective_targets(ward_a, 2026)["online"].source == "own"
    assert effective_targets(province, 2026)["online"].value == 60
    assert effective_targets(ward_a, 2025)["online"].value == 50  # another year: the national row


def test_the_configuration_default_applies_when_no_row_exists(ward_a):
    Target.objects.filter(unit__isnull=True, year=2024).delete()
    targets = effective_targets(ward_a, 2024)
    assert targets["satisfaction"].value == 84 and targets["satisfaction"].source == "default"


def test_a_changed_national_row_is_kept_by_setup():
    Target.objects.filter(unit__isnull=True, year=2026, indicator="online").update(value=55)
    services.load_national_targets()
    assert Target.objects.get(unit__isnull=True, year=2026, indicator="online").value == 55


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "không phải là một số"),
        ("101", "từ 0 đến 100"),
        ("-1", "từ 0 đến 100"),
        ("50.123", "2 chữ số"),
    ],
)
def test_bad_target_values_are_refused_with_a_vietnamese_message(ward_a, value, message):
    with pytest.raises(DomainError) as error:
        services.target_set(unit=ward_a, year=2026, indicator="online", value=value, actor=SYSTEM)
    assert message in error.value.message and error.value.field == "value"
    assert not Target.objects.filter(unit=ward_a).exists()


def test_unknown_indicator_and_year_are_refused(ward_a):
    with pytest.raises(DomainError):
        services.target_set(unit=ward_a, year=2026, indicator="speed", value="50", actor=SYSTEM)
    with pytest.raises(DomainError):
        services.target_set(unit=ward_a, year=1999, indicator="online", value="50", actor=SYSTEM)
    with pytest.raises(DomainError):
        services.target_clear(unit=ward_a, year=2026, indicator="online", actor=SYSTEM)


def test_setting_a_target_is_on_the_timeline_and_in_the_change_log(ward_a):
    from cchc.core.models import ChangeLog

    target = services.target_set(unit=ward_a, year=2026, indicator="digitized", value="85", actor=SYSTEM)
    assert Event.objects.filter(object_id=str(target.pk), verb="target_set").exists()
    assert ChangeLog.objects.filter(object_id=str(target.pk), action="create").exists()


@pytest.mark.parametrize(
    ("rate", "open_", "projection", "expected"),
    [
        (None, True, None, NO_DATA),
        (Decimal("98"), True, None, MET),
        (Decimal("99"), True, Decimal("98.5"), MET),
        (Decimal("99"), True, Decimal("97.9"), AT_RISK),  # met so far, but the year-end projection is not
        (Decimal("93.01"), True, None, AT_RISK),  # less than 5 points under the target
        (Decimal("93"), True, None, MISSED),  # 5 points under
        (Decimal("97.99"), False, None, MISSED),  # a period that has ended is met or missed
        (Decimal("98"), False, Decimal("90"), MET),
    ],
)
def test_target_states(rate, open_, projection, expected):
    assert target_state(rate, Decimal(98), period_open=open_, projection=projection) == expected


def months_with(resolved: list[int], timely: list[int]) -> list[dict]:
    keys = ("new", "online", "digitized", "late", "disliked")
    return [
        {"resolved": r, "timely": t, **dict.fromkeys(keys, 0)} for r, t in zip(resolved, timely, strict=True)
    ]


def test_projection_adds_the_remaining_months_at_the_last_three_months_average():
    # Jan..Apr complete on 15 May: 100 resolved a month; timely 100, 100, 90, 96 → average of Feb..Apr
    resolved = [100, 100, 100, 100, 40] + [0] * 7
    timely = [100, 100, 90, 96, 40] + [0] * 7
    result = project("on_time", months_with(resolved, timely), year=2026, today=date(2026, 5, 15))
    # so far 386/400; remaining 8 months at 95.333.../100 → (386 + 762.67) / (400 + 800) = 95.72%
    assert result == Projection(Decimal("95.72"), 4, (2, 3, 4))


def test_no_projection_in_january_nor_for_another_year():
    months = months_with([10] * 12, [10] * 12)
    assert project("on_time", months, year=2026, today=date(2026, 1, 20)) is None
    assert project("on_time", months, year=2025, today=date(2026, 5, 1)) is None


def test_projection_with_fewer_than_three_complete_months_uses_those():
    months = months_with([10, 20] + [0] * 10, [10, 10] + [0] * 10)
    result = project("on_time", months, year=2026, today=date(2026, 3, 2))
    assert result.basis_months == (1, 2) and result.value == Decimal("66.67")


def test_only_the_units_officers_above_it_set_its_targets(client, ward_a, ward_b):
    from cchc.org.models import Role
    from tests.factories import user_with_role

    with pytest.raises(Forbidden):
        services.target_set(
            unit=ward_b, year=2026, indicator="online", value="70", actor=user_with_role(ward_a, Role.LEADER)
        )
    with pytest.raises(Forbidden):
        services.target_set(
            unit=ward_a, year=2026, indicator="online", value="70", actor=user_with_role(ward_a, Role.VIEWER)
        )
    leader = user_with_role(ward_a, Role.LEADER)
    services.target_set(unit=ward_a, year=2026, indicator="online", value="70", actor=leader)
    assert Target.objects.get(unit=ward_a, year=2026, indicator="online").value == 70
    client.force_login(user_with_role(ward_a, Role.VIEWER))
    response = client.post(
        f"/stats/targets/?unit={ward_a.code}&year=2026",
        {"indicator": "online", "value": "10", "legal_basis": ""},
    )
    assert response.status_code == 403
    assert Target.objects.get(unit=ward_a, year=2026, indicator="online").value == 70
