"""Writes of the procedure catalogue. Keyword-only, atomic, audited (change log + timeline events)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from cchc.core.audit import record_event
from cchc.core.errors import DomainError
from cchc.procedures.interchange import Problem, ProcedureRow, read_file
from cchc.procedures.models import CODE_RE, Procedure, ProcedureVersion
from cchc.procedures.selectors import procedures_by_code
from cchc.procedures.text import one_line

STARTER_FILE = Path(__file__).resolve().parent / "data" / "procedures-commune.csv"
STARTER_ORIGIN = "Danh mục khởi tạo (procedures-commune.csv)"


class CatalogueRejected(DomainError):
    """An import found problems; nothing was written. ``problems`` lists them by line and column."""

    def __init__(self, problems: list[Problem]):
        super().__init__("catalogue_rejected", f"Tệp bị từ chối: {len(problems)} lỗi; không có gì được ghi.")
        self.problems = problems


@dataclass
class ImportResult:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)  # name, field or level changed
    new_versions: list[str] = field(default_factory=list)
    amended_versions: list[str] = field(default_factory=list)  # changed in place (same start date)
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.new_versions or self.amended_versions)


@dataclass
class _Plan:
    new: list[tuple[Procedure, dict, int]] = field(default_factory=list)
    identity: list[tuple[Procedure, list[str]]] = field(default_factory=list)
    versions: list[tuple[Procedure, ProcedureVersion | None, dict, date | None]] = field(default_factory=list)


@transaction.atomic
def catalogue_import(
    *,
    rows: list[ProcedureRow],
    effective: date | None = None,
    add_only: bool = False,
    origin: str = "",
) -> ImportResult:
    """Add the new codes and bring the existing ones in line with the rows; all or nothing.

    - A new code gets a procedure and a first version valid from ``effective`` (open start when not given).
    - An existing code: a changed name, field or level is updated in place; changed version values (any
      column of the version that the file has) make a new version valid from ``effective`` (default today)
      and close the latest one the day before. When the latest version already starts on that day it is
      amended instead. A start before the latest version's start is a problem of the row.
    - ``add_only`` (the setup step): existing codes are left alone.

    Raises :class:`CatalogueRejected` with every problem; then nothing is written.
    """
    today = timezone.localdate()
    existing = procedures_by_code(r.code for r in rows)
    plan, result, problems = _Plan(), ImportResult(), []
    for row in rows:
        procedure = existing.get(row.code)
        if procedure is None:
            plan.new.append(
                (_new_procedure(row.code, row.identity, f"{origin}, dòng {row.line}"), row.rules, row.line)
            )
            continue
        if add_only:
            result.unchanged += 1
            continue
        changed_identity = [k for k, v in row.identity.items() if getattr(procedure, k) != v]
        latest = procedure.latest_version()
        current = latest.values() if latest is not None else {}
        wanted = {**_version_defaults(), **current, **row.rules}
        if latest is not None and wanted == current:
            version_change = None
        else:
            start = effective or today
            if latest is not None and latest.valid_from is not None and latest.valid_from > start:
                problems.append(
                    Problem(
                        row.line,
                        "code",
                        f"the latest version of {row.code} starts on {latest.valid_from.isoformat()}, "
                        f"after the effective date {start.isoformat()}",
                    )
                )
                continue
            version_change = (procedure, latest, wanted, start if latest is not None else effective)
        if changed_identity:
            for name in changed_identity:
                setattr(procedure, name, row.identity[name])
            plan.identity.append((procedure, changed_identity))
        if version_change is not None:
            plan.versions.append(version_change)
        if not changed_identity and version_change is None:
            result.unchanged += 1
    if problems:
        raise CatalogueRejected(problems)
    _apply(plan, result, first_start=effective)
    return result


def _version_defaults() -> dict:
    return ProcedureVersion().values()


def _new_procedure(code: str, identity: dict, origin: str) -> Procedure:
    procedure = Procedure(code=code, source=origin, **identity)
    procedure.refresh_search_text()
    return procedure


def _apply(plan: _Plan, result: ImportResult, *, first_start: date | None) -> None:
    if plan.new:
        created = Procedure.objects.bulk_create([p for p, _rules, _line in plan.new], batch_size=500)
        ProcedureVersion.objects.bulk_create(
            [
                ProcedureVersion(procedure=p, valid_from=first_start, **{**_version_defaults(), **rules})
                for p, (_, rules, _line) in zip(created, plan.new, strict=True)
            ],
            batch_size=500,
        )
        for procedure in created:
            record_event(procedure, "added", procedure.source)
            result.added.append(procedure.code)
    for procedure, names in plan.identity:
        procedure.save(update_fields=[*names, "search_text"])
        record_event(procedure, "updated", ", ".join(names))
        result.updated.append(procedure.code)
    closing: dict[date, list[int]] = defaultdict(list)  # new end date → versions to close
    new_versions: list[ProcedureVersion] = []
    for procedure, latest, wanted, start in plan.versions:
        if latest is not None and latest.valid_from == start:
            for name, value in wanted.items():
                setattr(latest, name, value)
            latest.save()
            record_event(procedure, "version_amended", _from_text(start))
            result.amended_versions.append(procedure.code)
            continue
        if latest is not None and (latest.valid_to is None or latest.valid_to >= start):
            closing[start - timedelta(days=1)].append(latest.pk)
        new_versions.append(ProcedureVersion(procedure=procedure, valid_from=start, **wanted))
    for end, pks in closing.items():  # logged row by row by the audited queryset
        for i in range(0, len(pks), 500):
            ProcedureVersion.objects.filter(pk__in=pks[i : i + 500]).update(valid_to=end)
    ProcedureVersion.objects.bulk_create(new_versions, batch_size=500)
    for version in new_versions:
        record_event(version.procedure, "version_added", _from_text(version.valid_from))
        result.new_versions.append(version.procedure.code)


def _from_text(start: date | None) -> str:
    return f"Hiệu lực từ {start:%d/%m/%Y}" if start else "Hiệu lực từ đầu"


def load_starter_catalogue() -> tuple[int, int]:
    """Add the shipped starter procedures whose codes are not in the catalogue yet: (rows in file, added)."""
    rows, problems = read_file(STARTER_FILE)
    if problems:  # a broken shipped file is a programming error, not a user's
        raise RuntimeError("; ".join(p.format(STARTER_FILE.name) for p in problems))
    result = catalogue_import(rows=rows, add_only=True, origin=STARTER_ORIGIN)
    return len(rows), len(result.added)


@transaction.atomic
def procedure_get_or_create_from_import(
    *, code: str, name: str, field: str, processing_days: Decimal | None, source: str = ""
) -> tuple[Procedure, bool]:
    """The catalogue entry of ``code``; when unknown, add it with this name, field and processing time.

    Used by the dossier import for procedures missing from the catalogue. An existing entry is never changed.
    Returns ``(procedure, created)``.
    """
    code = one_line(code)
    procedure = Procedure.objects.filter(code=code).first()
    if procedure is not None:
        return procedure, False
    name, field = one_line(name), one_line(field)
    if not CODE_RE.match(code):
        raise DomainError("invalid_code", f"Mã thủ tục không hợp lệ: {code!r}.", field="procedure_code")
    if not name:
        raise DomainError(
            "missing_name", f"Thủ tục {code} chưa có trong danh mục và không có tên.", field="procedure_name"
        )
    if processing_days is not None and Decimal(processing_days) < 0:
        raise DomainError("negative_days", "Thời hạn giải quyết không được âm.", field="processing_days")
    if len(field) > 200:
        raise DomainError("field_too_long", "Lĩnh vực dài quá 200 ký tự.", field="field")
    procedure = _new_procedure(code, {"name": name, "field": field}, source or "Thêm khi nhập hồ sơ")
    try:
        with transaction.atomic():
            procedure.save()
    except IntegrityError:  # added meanwhile by another import
        return Procedure.objects.get(code=code), False
    ProcedureVersion.objects.create(procedure=procedure, processing_days=processing_days)
    record_event(procedure, "added", procedure.source)
    return procedure, True
