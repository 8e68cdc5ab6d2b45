"""Writes of the organisation app. Keyword-only, atomic, audited."""

from datetime import date

from django.db import transaction

from cchc.core.audit import record_event
from cchc.core.errors import DomainError
from cchc.org.models import Person, Position, PositionAssignment, RoleAssignment, Unit, UnitKind
from cchc.org.reference import official_units

_KIND_BY_DIVISION = {
    "tỉnh": UnitKind.PROVINCE,
    "thành phố trung ương": UnitKind.PROVINCE,
    "xã": UnitKind.COMMUNE,
    "phường": UnitKind.COMMUNE,
    "đặc khu": UnitKind.COMMUNE,
}

#: Date the two-tier local government took effect (Resolution 202/2025/QH15, Law on Local Government 2025).
TWO_TIER_START = date(2025, 7, 1)


@transaction.atomic
def load_official_units() -> dict[str, int]:
    """Create or refresh the 34 provinces and 3,321 communes of the national list. Idempotent."""
    existing = {u.code: u for u in Unit.objects.filter(official=True).select_related("parent")}
    created = updated = 0
    new_rows: list[Unit] = []
    paths: dict[str, Unit] = dict(existing)
    for ref in official_units():
        kind = _KIND_BY_DIVISION.get(ref.division_type, UnitKind.COMMUNE)
        parent = paths.get(ref.parent_code) if ref.parent_code else None
        unit = existing.get(ref.code)
        if unit is None:
            unit = Unit(
                code=ref.code,
                name=ref.name,
                kind=kind,
                division_type=ref.division_type,
                parent=parent,
                official=True,
                valid_from=TWO_TIER_START,
            )
            unit.path = unit.compute_path()
            unit.depth = unit.path.count("/") - 2
            new_rows.append(unit)
            created += 1
            if ref.parent_code is None:  # provinces are parents of the communes that follow
                Unit.objects.bulk_create([unit])
                new_rows.pop()
        elif (unit.name, unit.division_type, unit.parent_id, unit.valid_to) != (
            ref.name,
            ref.division_type,
            parent.pk if parent else None,
            None,
        ):
            unit.name, unit.division_type, unit.parent, unit.valid_to = (
                ref.name,
                ref.division_type,
                parent,
                None,
            )
            unit.save()
            updated += 1
        paths[ref.code] = unit
    Unit.objects.bulk_create(new_rows, batch_size=500)
    return {"created": created, "updated": updated, "total": len(paths)}


def _clean_and_save(obj) -> None:
    from django.core.exceptions import ValidationError

    try:
        obj.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError("invalid", f"{field}: {' '.join(messages)}", field=field) from exc
    obj.save()


@transaction.atomic
def unit_create(
    *,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None = None,
    division_type: str = "",
    valid_from: date | None = None,
    valid_to: date | None = None,
    note: str = "",
) -> Unit:
    unit = Unit(
        code=code.strip(),
        name=name.strip(),
        kind=kind,
        parent=parent,
        division_type=division_type,
        valid_from=valid_from,
        valid_to=valid_to,
        note=note,
    )
    _clean_and_save(unit)
    record_event(unit, "created", name, unit_code=unit.code)
    return unit


@transaction.atomic
def unit_retire(*, unit: Unit, valid_to: date, successors: list[Unit]) -> Unit:
    """Close a unit (e.g. a district abolished on 30/6/2025) and link the units that took it over."""
    if unit.official:
        raise DomainError(
            "official_unit", "Đơn vị trong danh mục quốc gia hiện hành không thể kết thúc ở đây."
        )
    unit.valid_to = valid_to
    _clean_and_save(unit)
    unit.successors.add(*successors)
    record_event(
        unit,
        "retired",
        ", ".join(s.name for s in successors),
        unit_code=unit.code,
        valid_to=valid_to.isoformat(),
        successors=[s.code for s in successors],
    )
    return unit


@transaction.atomic
def person_create(
    *, full_name: str, unit: Unit, title: str = "", phone: str = "", email: str = "", user=None
) -> Person:
    person = Person(full_name=full_name.strip(), unit=unit, title=title, phone=phone, email=email, user=user)
    _clean_and_save(person)
    record_event(person, "created", f"{person.full_name} — {unit.name}", unit_code=unit.code)
    return person


PERSON_EDITABLE = ("full_name", "title", "phone", "email", "active")


@transaction.atomic
def person_update(*, person: Person, **changes) -> Person:
    unknown = set(changes) - set(PERSON_EDITABLE)
    if unknown:
        raise DomainError("invalid", f"Không sửa được trường: {', '.join(sorted(unknown))}")
    person = Person.objects.select_for_update().get(pk=person.pk)
    for field, value in changes.items():
        setattr(person, field, value.strip() if isinstance(value, str) else value)
    _clean_and_save(person)
    return person


@transaction.atomic
def position_create(*, unit: Unit, title: str, category: str, quota: int = 1) -> Position:
    position = Position(unit=unit, title=title.strip(), category=category, quota=quota)
    _clean_and_save(position)
    return position


@transaction.atomic
def position_assign(
    *, position: Position, person: Person, concurrent: bool = False, start: date | None = None
) -> PositionAssignment:
    if not concurrent and person.unit_id != position.unit_id:
        raise DomainError("wrong_unit", "Chỉ người của cùng đơn vị mới giữ chức danh này (trừ kiêm nhiệm).")
    assignment = PositionAssignment(position=position, person=person, concurrent=concurrent, start=start)
    _clean_and_save(assignment)
    verb = "assigned_concurrently" if concurrent else "assigned"
    record_event(person, verb, position.title, unit_code=position.unit.code, position=position.pk)
    return assignment


@transaction.atomic
def role_grant(*, user, unit: Unit, role: str) -> RoleAssignment:
    assignment, _ = RoleAssignment.objects.get_or_create(user=user, unit=unit, role=role)
    return assignment
