"""Writes of the statistics: targets (chỉ tiêu) per unit and year, and the national defaults."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction

from cchc.core.audit import record_event
from cchc.core.errors import DomainError
from cchc.core.permissions import require
from cchc.stats.config import TARGET_INDICATORS, version_for
from cchc.stats.models import Indicator, Target

#: Years for which ``load_national_targets`` writes the national defaults (Decision 766 is from 2022).
FIRST_TARGET_YEAR = 2022


def _percent(value) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise DomainError(
            "invalid_value", f"Chỉ tiêu «{value}» không phải là một số.", field="value"
        ) from None
    if not number.is_finite() or number < 0 or number > 100:
        raise DomainError("invalid_value", "Chỉ tiêu phải từ 0 đến 100 (%).", field="value")
    if number != number.quantize(Decimal("0.01")):
        raise DomainError("invalid_value", "Chỉ tiêu có tối đa 2 chữ số thập phân.", field="value")
    return number


def _check(year: int, indicator: str) -> None:
    if indicator not in TARGET_INDICATORS:
        raise DomainError("unknown_indicator", f"Không có chỉ tiêu «{indicator}».", field="indicator")
    if not 2000 <= int(year) <= 2100:
        raise DomainError("invalid_year", f"Năm {year} không hợp lệ (2000–2100).", field="year")


@transaction.atomic
def target_set(*, unit, year: int, indicator: str, value, legal_basis: str = "", actor) -> Target:
    """Set ``unit``'s target of ``indicator`` for ``year`` (percent); it applies to the units below too,
    unless they set their own."""
    require(actor, "stats.target.set", unit)
    _check(year, indicator)
    number = _percent(value)
    target, created = Target.objects.select_for_update().get_or_create(
        unit=unit,
        year=year,
        indicator=indicator,
        defaults={"value": number, "legal_basis": legal_basis.strip()},
    )
    if not created:
        target.value, target.legal_basis = number, legal_basis.strip()
        target.save()
    record_event(
        target,
        "target_set",
        f"Chỉ tiêu {Indicator(indicator).label} năm {year}: {number}%",
        unit_code=unit.code,
        value=str(number),
    )
    return target


@transaction.atomic
def target_clear(*, unit, year: int, indicator: str, actor) -> None:
    """Remove ``unit``'s own target: the inherited one applies again."""
    require(actor, "stats.target.set", unit)
    _check(year, indicator)
    target = Target.objects.filter(unit=unit, year=year, indicator=indicator).first()
    if target is None:
        raise DomainError(
            "no_target",
            f"Đơn vị {unit.name} không có chỉ tiêu riêng năm {year} cho chỉ số này.",
            field="indicator",
        )
    record_event(target, "target_cleared", f"Bỏ chỉ tiêu riêng năm {year}", unit_code=unit.code)
    target.delete()


@transaction.atomic
def load_national_targets(*, last_year: int | None = None) -> int:
    """Write the configuration's national defaults for every year from 2022 to ``last_year`` (default: next
    year) where no national row exists yet; rows already there (perhaps changed) are kept. Returns how many
    rows were created."""
    last_year = last_year or date.today().year + 1
    existing = set(Target.objects.filter(unit__isnull=True).values_list("year", "indicator"))
    rows = [
        Target(
            unit=None,
            year=year,
            indicator=indicator,
            value=value,
            legal_basis="Chỉ tiêu mặc định (cấu hình)",
        )
        for year in range(FIRST_TARGET_YEAR, last_year + 1)
        for indicator, value in version_for(year).targets.items()
        if (year, indicator) not in existing
    ]
    Target.objects.bulk_create(rows)
    return len(rows)
