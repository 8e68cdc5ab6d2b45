"""Writes of the organisation app. Keyword-only, atomic, audited."""

from datetime import date

from django.db import transaction

from cchc.core.audit import record_event
from cchc.core.errors import DomainError
from cchc.core.permissions import require
from cchc.org.models import Person, Position, PositionAssignment, RoleAssignment, Unit, UnitKind
from cchc.org.reference import official_units

#: Date the two-tier local government took effect (Resolution 202/2025/QH15, Law on Local Government 2025).
TWO_TIER_START = date(2025, 7, 1)

#: Timeline verbs of official changes made after the list (imports): ``cchc setup`` does not undo them.
OFFICIAL_CHANGE_VERBS = ("renamed", "merged")


def _kind_of(ref) -> str:
    return UnitKind.COMMUNE if ref.parent_code else UnitKind.PROVINCE


@transaction.atomic
def load_official_units() -> dict[str, int]:
    """Create or refresh the 34 provinces and 3,321 communes of the official list
    (:data:`~cchc.org.reference.UNITS_FILE`). Idempotent. A unit changed since by an official change
    (``cchc import units``: a rename, a merger) is left as that change made it."""
    existing = {u.code: u for u in Unit.objects.filter(official=True).select_related("parent")}
    changed_later = _officially_changed_ids()
    created = updated = 0
    new_rows: list[Unit] = []
    paths: dict[str, Unit] = dict(existing)
    for ref in official_units():
        kind = _kind_of(ref)
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
        elif unit.pk not in changed_later and (
            unit.name,
            unit.division_type,
            unit.parent_id,
            unit.valid_to,
        ) != (
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


def _officially_changed_ids() -> set[int]:
    from django.contrib.contenttypes.models import ContentType

    from cchc.core.models import Event

    events = Event.objects.filter(
        content_type=ContentType.objects.get_for_model(Unit), verb__in=OFFICIAL_CHANGE_VERBS
    )
    return {int(pk) for pk in events.values_list("object_id", flat=True)}


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
def person_update(*, person: Person, actor, **changes) -> Person:
    require(actor, "org.person.change", person)
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


class UnitsRejected(Exception):
    """The units file has problems that need the database to see; nothing was written."""

    def __init__(self, problems):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


@transaction.atomic
def import_units(*, rows, document: str = "") -> dict[str, int]:
    """Apply a units file (:mod:`cchc.org.unitfile`) as official changes, all or nothing. Idempotent.

    A new code is a new official unit valid from the row's ``valid_from`` (default today); a known code with
    another name, kind or province is renamed from ``valid_from`` (today at the latest); the codes in
    ``replaces`` end the day before ``valid_from`` and point to the row's unit as their successor. Each change
    goes on the unit's timeline with its effective date and document (the row's, else ``document``).
    """
    from datetime import timedelta

    from cchc.org.reference import name_key
    from cchc.org.unitfile import Problem

    codes = {r.code for r in rows} | {c for r in rows for c in r.replaces}
    locked = Unit.objects.select_for_update(of=("self",)).select_related("parent").filter(code__in=codes)
    units = {u.code: u for u in locked}
    provinces = {
        u.code: u
        for u in Unit.objects.filter(kind=UnitKind.PROVINCE, code__in={r.province_code for r in rows})
    }
    file_provinces = {r.code: r for r in rows if r.province_code is None}
    own_rows = {r.code for r in rows}
    today = date.today()
    problems = []
    for row in rows:
        unit = units.get(row.code)
        if row.province_code is not None:
            known = file_provinces.get(row.province_code) or provinces.get(row.province_code)
            if known is None:
                problems.append(Problem(row.line, "province_code", f"không có tỉnh mã {row.province_code}"))
            elif row.province_name and name_key(row.province_name) != name_key(known.name):
                problems.append(
                    Problem(row.line, "province_name", f"tỉnh mã {row.province_code} là {known.name}")
                )
        if unit is not None and not unit.official:
            problems.append(
                Problem(row.line, "code", f"mã {row.code} là của đơn vị ngoài danh mục: {unit.name}")
            )
        elif unit is not None and unit.valid_to is not None and not _same(unit, row):
            problems.append(
                Problem(row.line, "code", f"đơn vị {row.code} đã kết thúc ngày {unit.valid_to:%d/%m/%Y}")
            )
        elif unit is not None and not _same(unit, row) and row.valid_from and row.valid_from > today:
            problems.append(
                Problem(row.line, "valid_from", "ngày hiệu lực sau hôm nay: nhập khi thay đổi có hiệu lực")
            )
        for code in row.replaces:
            old = units.get(code)
            if code in own_rows:
                problems.append(Problem(row.line, "replaces", f"{code} vừa bị thay thế vừa có dòng riêng"))
            elif old is None or not old.official:
                problems.append(Problem(row.line, "replaces", f"không có đơn vị mã {code} trong danh mục"))
            elif old.valid_to is not None and not old.successors.filter(code=row.code).exists():
                problems.append(
                    Problem(row.line, "replaces", f"đơn vị {code} đã kết thúc ngày {old.valid_to:%d/%m/%Y}")
                )
            elif old.valid_to is None and old.valid_from and old.valid_from >= row.valid_from:
                problems.append(
                    Problem(
                        row.line, "replaces", f"đơn vị {code} chỉ có hiệu lực từ {old.valid_from:%d/%m/%Y}"
                    )
                )
    if problems:
        raise UnitsRejected(problems)

    result = {"created": 0, "renamed": 0, "replaced": 0, "unchanged": 0}
    for row in sorted(rows, key=lambda r: r.province_code is not None):  # provinces before their communes
        basis = row.document or document
        unit = units.get(row.code)
        parent = None
        if row.province_code is not None:
            parent = provinces.get(row.province_code) or units.get(row.province_code)
        if unit is None:
            unit = Unit(
                code=row.code,
                name=row.name,
                kind=UnitKind.COMMUNE if parent else UnitKind.PROVINCE,
                division_type=row.division_type,
                parent=parent,
                official=True,
                valid_from=row.valid_from or today,
            )
            unit.save()
            units[row.code] = unit
            if parent is None:
                provinces[row.code] = unit
            record_event(unit, "created", _with_basis(row.name, unit.valid_from, basis), unit_code=unit.code)
            result["created"] += 1
        elif unit.valid_to is None and not _same(unit, row):
            old_name = unit.name
            unit.name, unit.division_type, unit.parent = row.name, row.division_type, parent or unit.parent
            unit.save()
            effective = row.valid_from or today
            record_event(
                unit,
                "renamed",
                _with_basis(f"“{old_name}” → “{row.name}”", effective, basis),
                unit_code=unit.code,
                old_name=old_name,
                new_name=row.name,
                effective=effective.isoformat(),
                document=basis,
            )
            result["renamed"] += 1
        else:
            result["unchanged"] += 1
        for code in row.replaces:
            old = units[code]
            if old.valid_to is not None:
                continue  # replaced by an earlier import of the same file
            old.valid_to = row.valid_from - timedelta(days=1)
            old.save()
            old.successors.add(unit)
            record_event(
                old,
                "merged",
                _with_basis(f"{old.name} → {unit.name} ({unit.code})", row.valid_from, basis),
                unit_code=old.code,
                successor=unit.code,
                effective=row.valid_from.isoformat(),
                document=basis,
            )
            result["replaced"] += 1
    return result


def _same(unit: Unit, row) -> bool:
    parent_code = unit.parent.code if unit.parent_id else None
    return (unit.name, unit.division_type, parent_code) == (row.name, row.division_type, row.province_code)


def _with_basis(text: str, effective: date, document: str) -> str:
    basis = f", theo {document}" if document else ""
    return f"{text} (từ ngày {effective:%d/%m/%Y}{basis})"
