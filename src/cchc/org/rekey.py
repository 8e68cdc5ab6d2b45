"""Re-keying an existing database to the official unit list (``data/units-2025.csv``).

Databases set up before the list shipped hold the units of the ``vietnam-provinces`` package, which
differs from the statistics office's list for 124 communes (codes the list does not have, codes given to
another unit, codes rotated among three units) and some spellings. :func:`rekey_units` matches each current
official unit of the database to a row of the list by province and spelling-insensitive name
(:func:`~cchc.org.reference.name_key`), then by code within the province, and changes code and name in
place: the primary key stays, so dossiers, roles, scores and history stay with the unit, not with the code.

It works on a model registry (``apps``) so that the migration ``org.0003`` can run it on historical
models; the change log and the timeline are written explicitly (historical models have no audit signals),
each entry naming the document of the change.
"""

from datetime import date

from cchc.org.reference import UNITS_DOCUMENT, UNITS_FILE, OfficialUnit, name_key, read_official_units

TWO_TIER_START = date(2025, 7, 1)
_PROVINCE, _COMMUNE = "province", "commune"


def rekey_units(
    apps, *, actor_label: str = "migrate", path=UNITS_FILE, document: str = UNITS_DOCUMENT
) -> dict:
    """Bring the official units of the database to the list in ``path``. Idempotent; returns a report:
    ``recoded`` and ``renamed`` ([(old code, new code, old name, new name)]), ``created`` (codes) and
    ``unmatched`` ([(code, name)] of units the list does not have, kept but no longer marked official)."""
    Unit = apps.get_model("org", "Unit")
    report = {"recoded": [], "renamed": [], "created": [], "unmatched": []}
    current = list(
        Unit._base_manager.filter(official=True, valid_to__isnull=True, kind__in=[_PROVINCE, _COMMUNE])
    )
    if not current:  # a fresh database: `cchc setup` loads the list
        return report
    rows = read_official_units(path)
    plan = _match(current, rows)
    writer = _Recorder(apps, actor_label=actor_label, document=document)
    _apply_codes(Unit, plan, writer, report)
    matched = {ref.code for ref in plan.values()}
    for unit in current:
        if unit.pk not in plan:
            Unit._base_manager.filter(pk=unit.pk).update(
                official=False,
                note=(unit.note + "\n" if unit.note else "")
                + f"Không có trong danh mục đơn vị hành chính theo {document}.",
            )
            writer.log(unit, {"official": True}, {"official": False})
            writer.event(unit, "not_in_official_list", f"Không có trong danh mục theo {document}.")
            report["unmatched"].append((unit.code, unit.name))
    _create_missing(Unit, [r for r in rows if r.code not in matched], writer, report)
    _refresh_paths(Unit)
    return report


def _match(current, rows: tuple[OfficialUnit, ...]) -> dict:
    """{unit pk: official row}: provinces by code, communes by (province, name key), then by code."""
    by_code = {r.code: r for r in rows}
    province_of = {u.pk: u.code for u in current if u.kind == _PROVINCE}
    plan = {u.pk: by_code[u.code] for u in current if u.kind == _PROVINCE and u.code in by_code}
    by_name = {(r.parent_code, name_key(r.name)): r for r in rows if r.parent_code}
    taken = {r.code for r in plan.values()}
    leftovers = []
    for unit in current:
        if unit.kind != _COMMUNE:
            continue
        ref = by_name.get((province_of.get(unit.parent_id), name_key(unit.name)))
        if ref is None or ref.code in taken:
            leftovers.append(unit)
            continue
        plan[unit.pk] = ref
        taken.add(ref.code)
    for unit in leftovers:  # a misspelt name (e.g. "Phố Bảng" for "Phó Bảng") under its own code
        ref = by_code.get(unit.code)
        if ref is not None and ref.code not in taken and ref.parent_code == province_of.get(unit.parent_id):
            plan[unit.pk] = ref
            taken.add(ref.code)
    return plan


def _apply_codes(Unit, plan: dict, writer, report: dict) -> None:
    """Change codes, names and division types; codes move through temporary ones so that rotations (A→B,
    B→C, C→A) never meet the unique constraint; a unit outside the plan holding a needed code is set aside."""
    units = {u.pk: u for u in Unit._base_manager.filter(pk__in=plan)}
    changes = {
        pk: ref
        for pk, ref in plan.items()
        if (units[pk].code, units[pk].name, units[pk].division_type)
        != (ref.code, ref.name, ref.division_type)
    }
    recoding = {pk for pk, ref in changes.items() if units[pk].code != ref.code}
    needed = {changes[pk].code for pk in recoding}
    for other in Unit._base_manager.filter(code__in=needed).exclude(pk__in=recoding):
        aside = f"{other.code}-cu{other.pk}"
        Unit._base_manager.filter(pk=other.pk).update(code=aside)
        writer.log(other, {"code": other.code}, {"code": aside})
        writer.event(
            other, "recoded", f"Mã {other.code} thuộc đơn vị khác theo {writer.document}; mã tạm {aside}."
        )
    for pk in recoding:
        Unit._base_manager.filter(pk=pk).update(code=f"~rekey-{pk}")
    for pk, ref in changes.items():
        unit = units[pk]
        Unit._base_manager.filter(pk=pk).update(code=ref.code, name=ref.name, division_type=ref.division_type)
        before = {"code": unit.code, "name": unit.name, "division_type": unit.division_type}
        after = {"code": ref.code, "name": ref.name, "division_type": ref.division_type}
        writer.log(unit, before, after, repr_=ref.name)
        parts = []
        if unit.code != ref.code:
            parts.append(f"mã {unit.code} → {ref.code}")
            report["recoded"].append((unit.code, ref.code, unit.name, ref.name))
        elif unit.name != ref.name:
            report["renamed"].append((unit.code, ref.code, unit.name, ref.name))
        if unit.name != ref.name:
            parts.append(f"tên “{unit.name}” → “{ref.name}”")
        if unit.division_type != ref.division_type:
            parts.append(f"loại “{unit.division_type}” → “{ref.division_type}”")
        writer.event(
            unit,
            "recoded",
            f"Theo {writer.document}: {'; '.join(parts)}.",
            unit_code=ref.code,
            old_code=unit.code,
            new_code=ref.code,
            old_name=unit.name,
            new_name=ref.name,
            document=writer.document,
        )


def _create_missing(Unit, rows: list[OfficialUnit], writer, report: dict) -> None:
    provinces = {
        u.code: u for u in Unit._base_manager.filter(kind=_PROVINCE, code__in={r.parent_code for r in rows})
    }
    for ref in rows:  # provinces first (the file's order), then their communes
        parent = provinces.get(ref.parent_code) if ref.parent_code else None
        (unit,) = Unit._base_manager.bulk_create(  # no save signals: the change log is written below
            [
                Unit(
                    code=ref.code,
                    name=ref.name,
                    kind=_COMMUNE if ref.parent_code else _PROVINCE,
                    division_type=ref.division_type,
                    parent=parent,
                    official=True,
                    valid_from=TWO_TIER_START,
                    path=f"{parent.path if parent else '/'}{ref.code}/",
                    depth=1 if parent else 0,
                )
            ]
        )
        if parent is None:
            provinces[ref.code] = unit
        writer.log(unit, None, {"code": ref.code, "name": ref.name}, action="create")
        writer.event(
            unit, "created", f"Theo {writer.document}.", unit_code=ref.code, document=writer.document
        )
        report["created"].append(ref.code)


def _refresh_paths(Unit) -> None:
    """Recompute the materialised ``path`` and ``depth`` of every unit whose chain of codes changed."""
    rows = {
        pk: (parent, code, path)
        for pk, parent, code, path in Unit._base_manager.values_list("pk", "parent_id", "code", "path")
    }
    computed: dict[int, str] = {}

    def path_of(pk: int) -> str:
        if pk not in computed:
            parent, code, _ = rows[pk]
            computed[pk] = f"{path_of(parent) if parent else '/'}{code}/"
        return computed[pk]

    for pk, (_, _, stored) in rows.items():
        path = path_of(pk)
        if path != stored:
            Unit._base_manager.filter(pk=pk).update(path=path, depth=path.count("/") - 2)


class _Recorder:
    """Change-log rows and timeline events, written by hand (historical models have no audit signals)."""

    def __init__(self, apps, *, actor_label: str, document: str):
        ContentType = apps.get_model("contenttypes", "ContentType")
        self.ChangeLog = apps.get_model("core", "ChangeLog")
        self.Event = apps.get_model("core", "Event")
        self.content_type, _ = ContentType.objects.get_or_create(app_label="org", model="unit")
        self.actor_label = actor_label
        self.document = document

    def log(self, unit, before, after, *, action: str = "update", repr_: str | None = None) -> None:
        self.ChangeLog.objects.create(
            content_type_id=self.content_type.pk,
            object_id=str(unit.pk),
            object_repr=(repr_ or unit.name)[:300],
            action=action,
            actor_label=self.actor_label,
            before=before,
            after={**(after or {}), "document": self.document},
        )

    def event(self, unit, verb: str, message: str, *, unit_code: str = "", **data) -> None:
        from django.utils import timezone

        self.Event.objects.create(
            content_type_id=self.content_type.pk,
            object_id=str(unit.pk),
            verb=verb,
            message=message,
            unit_code=unit_code or unit.code,
            at=timezone.now(),
            data=data,
            actor_label=self.actor_label,
        )
