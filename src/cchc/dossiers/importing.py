"""``cchc import dossiers``: the interchange file into the database, all or nothing (``dossiers-csv.md``).

One pass over the file in chunks of ``CHUNK`` rows inside one transaction: each row is parsed and checked, its
due instant computed when the file has none (the deadline engine, vectorised per calendar), and new dossiers
are written in bulk (``cchc.dossiers.bulk``: COPY on PostgreSQL); a code that exists gets the row's values.
The changed dossiers of a chunk are rewritten by one ``executemany``. The import writes one
:class:`ImportBatch` (file, checksum, user, counts) and one timeline event per created or changed dossier, in
bulk. A changed dossier also gets one change-log row with the before and after values of every field that
changed (derived ones included), computed per chunk from the one query that finds the chunk's existing codes
and written with ``bulk_create``; a dossier whose receiving unit changes gets a ``transferred`` event too.
Any rejected row rolls the whole transaction back unless ``skip_invalid``.

Options used by the web import (``cchc.dossiers.webimport``), none of which changes the command line's
behaviour: ``check_only`` runs every check and counts what would be created or updated, then rolls the
transaction back (nothing is written, no rejects file); ``allowed_unit_ids`` turns rows of other units into
problems ``unit_code: not in your units`` and rows whose code is a dossier of a unit outside them into
problems ``code: mã hồ sơ đã thuộc đơn vị khác``; ``may_add_procedures=False`` (an importer without
catalogue rights) turns a row of a procedure missing from the catalogue into a problem on ``procedure_code``
instead of adding it to the nationwide catalogue; ``progress`` is called with the number of rows read so far.
"""

import csv
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from operator import itemgetter
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from cchc.core import audit
from cchc.core.models import Event
from cchc.dossiers import interchange
from cchc.dossiers.bulk import RowInserter, RowUpdater, bulk_session, existing_keys, insert_events_for_codes
from cchc.dossiers.models import Dossier, DueSource, ImportBatch, Origin, new_public_tokens
from cchc.dossiers.rules import DERIVED_FIELDS, derive_values
from cchc.org.models import Unit

CHUNK = 5000
PROGRESS_EVERY = 1000
_COLUMN_ORDER = {name: index for index, name in enumerate(interchange.COLUMNS)}

#: Values of the file as stored on a dossier (compared on re-import).
STORED = (
    "receiving_unit_id",
    "procedure_id",
    "procedure_version_id",
    "field",
    "processing_days",
    "channel",
    "received_at",
    "due_at",
    "due_source",
    "supplement_requested_at",
    "supplement_received_at",
    "supplement_count",
    "finished_at",
    "returned_at",
    "stopped_at",
    "outcome",
    "fee_vnd",
    "paid_online",
    "digitized",
    "e_result",
    "disliked",
)
#: The columns an import writes for each new dossier (then its public token; the others are constant).
WRITTEN = ("code", *STORED, *DERIVED_FIELDS)
_written_values = itemgetter(*WRITTEN)
#: The columns an import rewrites on an existing dossier; their before/after values, where they change, go
#: to the change log.
LOGGED = (*STORED, *DERIVED_FIELDS, "import_batch_id")
_logged_values = itemgetter(*LOGGED)

#: A row whose code is a dossier of a unit the importer may not change (the web import).
OTHER_UNITS_DOSSIER = "mã hồ sơ đã thuộc đơn vị khác"


def not_in_catalogue(code: str) -> str:
    """A row of a procedure missing from the catalogue, imported by someone who may not add procedures."""
    return (
        f"thủ tục {code!r} chưa có trong danh mục TTHC; chỉ quản trị viên danh mục được thêm thủ tục mới: "
        "hãy dùng một mã thủ tục (procedure_code) đã có trong danh mục"
    )


def _for_log(value):
    """Instants in UTC, as they are read back from the database, so that before and after compare as text."""
    return value.astimezone(UTC) if isinstance(value, datetime) else value


class Rejected(Exception):
    """The file was rejected: nothing was written."""


class _CheckedOnly(Exception):
    """Raised inside the transaction of a ``check_only`` run to roll it back."""


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected_rows: int = 0
    new_procedures: int = 0
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # (line, column, reason)
    rejects_path: Path | None = None
    header_rejected: bool = False
    batch_id: int | None = None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def round_second(value):
    if value is None or value.microsecond == 0:
        return value
    return value.replace(microsecond=0) + (
        timedelta(seconds=1) if value.microsecond >= 500_000 else timedelta(0)
    )


class _Catalogue:
    """Procedures by code with versions, plus the file's unknown procedures (the first naming row wins)."""

    def __init__(self):
        from cchc.procedures.models import Procedure
        from cchc.procedures.selectors import procedures_by_code

        self._by_code = procedures_by_code(Procedure.objects.values_list("code", flat=True))
        self.added = 0

    def get(self, code):
        return self._by_code.get(code)

    def add_from_row(self, values: dict, line: int, file_label: str):
        from cchc.procedures.selectors import procedures_by_code
        from cchc.procedures.services import procedure_get_or_create_from_import

        procedure, created = procedure_get_or_create_from_import(
            code=values["procedure_code"],
            name=values["procedure_name"],
            field=values["field"],
            processing_days=values["processing_days"],
            source=f"{file_label}:{line}",
        )
        self.added += int(created)
        self._by_code.update(procedures_by_code([procedure.code]))
        return self._by_code[procedure.code]


class _Deadlines:
    """Due instants for rows without ``due_at``, per receiving unit (its calendar and office hours)."""

    def __init__(self):
        self._units: dict[int, tuple] = {}  # unit id -> (unit calendar, group)
        self._groups: dict[tuple, int] = {}  # (calendar, hours) -> group: units that share one engine call

    def _unit(self, unit_id: int):
        if unit_id not in self._units:
            from cchc.workdays.selectors import unit_calendar

            uc = unit_calendar(Unit.objects.get(pk=unit_id))  # read once: one calendar for the whole import
            group = self._groups.setdefault((uc.calendar, uc.hours), len(self._groups))
            self._units[unit_id] = (uc, group)
        return self._units[unit_id]

    def seconds_per_day(self, unit_id: int) -> int:
        return self._unit(unit_id)[0].hours.seconds_per_day

    def fill(self, rows: list) -> None:
        """Set ``due_at`` on the stored values of each parsed row from its ``deadline`` (processing time, unit
        of time, cut-off): days without a cut-off go through the vectorised engine, one call per calendar."""
        from cchc.workdays.engine import compute_due
        from cchc.workdays.selectors import due_many_on

        groups = defaultdict(list)
        for row in rows:
            groups[self._unit(row.stored["receiving_unit_id"])[1]].append(row)
        for group in groups.values():
            uc, _ = self._unit(group[0].stored["receiving_unit_id"])
            calendar, hours = uc.calendar, uc.hours
            simple = [r for r in group if r.deadline[1] == "days" and r.deadline[2] is None]
            dues = due_many_on(uc, [(r.stored["received_at"], r.deadline[0]) for r in simple])
            for row, due in zip(simple, dues, strict=True):
                row.stored["due_at"] = due
            for row in group:
                if row.stored["due_at"] is None:
                    processing, unit_of_time, cutoff = row.deadline
                    received = row.stored["received_at"]
                    row.stored["due_at"] = compute_due(
                        received, processing, calendar, hours, unit=unit_of_time, cutoff=cutoff
                    )


class _Importer:
    def __init__(
        self,
        path: Path,
        *,
        skip_invalid: bool,
        file_label: str,
        check_only: bool = False,
        allowed_unit_ids: set[int] | None = None,
        may_add_procedures: bool = True,
        progress=None,
    ):
        self.path = path
        self.label = file_label
        self.skip_invalid = skip_invalid
        self.check_only = check_only
        self.allowed_unit_ids = allowed_unit_ids
        self.may_add_procedures = may_add_procedures
        self.progress = progress
        self.result = ImportResult()
        self.units = dict(Unit.objects.values_list("code", "id"))
        self.catalogue = _Catalogue()
        self.deadlines = _Deadlines()
        self.seen: dict[str, int] = {}
        self.rejected: list[tuple[dict, list[tuple[str, str]]]] = []
        self.deferred: list[interchange.ParsedRow] = []
        self.header: list[str] = []
        self.batch: ImportBatch | None = None
        self.dossier_ct = ContentType.objects.get_for_model(Dossier)
        self._versions: dict = {}
        self._unit_names: dict[int, tuple[str, str]] | None = None  # id -> (code, name), on the first move
        self.inserter: RowInserter | None = None  # once the import record exists (it is a column)
        self.updater = RowUpdater(Dossier, LOGGED)

    def _new_rows_inserter(self) -> RowInserter:
        """New dossiers: the written columns, a public token, the model's defaults for the others."""
        columns = (*WRITTEN, "public_token")
        constants = {
            f.attname: f.get_default()
            for f in Dossier._meta.concrete_fields
            if not f.primary_key and f.attname not in columns
        }
        constants.update(origin=Origin.IMPORT, import_batch_id=self.batch.pk)
        return RowInserter(Dossier, columns, constants)

    # -- checks that need the database -------------------------------------------------------------------
    def _unit_id(self, parsed):
        code = parsed.values["unit_code"]
        if not code:
            return None
        unit_id = self.units.get(code)
        if unit_id is None and parsed.raw.get("__numeric_unit__"):
            for width in (2, 5):
                unit_id = unit_id or self.units.get(code.zfill(width))
        if unit_id is None:
            parsed.problems.append(("unit_code", f"unknown unit {code!r}"))
        elif self.allowed_unit_ids is not None and unit_id not in self.allowed_unit_ids:
            parsed.problems.append(("unit_code", "not in your units"))
        return unit_id

    def _version(self, procedure, received):
        """The catalogue version in force on the receipt's local date (else the latest), cached per day."""
        key = (procedure.pk, received.date())  # received is local time (parse_instant)
        if key not in self._versions:
            self._versions[key] = procedure.version_on(key[1]) or procedure.latest_version()
        return self._versions[key]

    def _check(self, parsed) -> None:
        """Checks made once, in file order: duplicate codes (reported on the second occurrence), the unit."""
        code = parsed.values.get("code")
        if code:
            first = self.seen.setdefault(code, parsed.line)
            if first != parsed.line:
                parsed.problems.append(("code", f"duplicate code {code!r} (first on line {first})"))
        parsed.unit_id = self._unit_id(parsed)

    def _resolve(self, parsed, *, final: bool):
        """Complete a checked row into stored values, or add problems. None when deferred."""
        if "__width__" in parsed.raw:
            return parsed
        v = parsed.values
        unit_id = parsed.unit_id
        code = v["code"]
        procedure = self.catalogue.get(v["procedure_code"]) if v["procedure_code"] else None
        if procedure is None and v["procedure_code"]:
            if not self.may_add_procedures:
                parsed.problems.append(("procedure_code", not_in_catalogue(v["procedure_code"])))
            elif v["procedure_name"] and not parsed.problems:
                procedure = self.catalogue.add_from_row(v, parsed.line, self.label)
            elif not v["procedure_name"] and not final:
                return None  # a later row of the file may name it
            elif not v["procedure_name"]:
                parsed.problems.append(
                    ("procedure_code", f"unknown procedure {v['procedure_code']!r} and no procedure_name")
                )
        if parsed.problems or procedure is None or unit_id is None:
            return parsed
        version = self._version(procedure, v["received_at"])
        processing, unit_of_time, cutoff = v["processing_days"], "days", None
        if processing is None and version is not None and version.processing_days is not None:
            processing, unit_of_time = version.processing_days, version.processing_unit
        if version is not None:
            cutoff = version.cutoff_time
        if v["due_at"] is None and processing is None:
            parsed.problems.append(
                ("processing_days", "no processing time in the row or the catalogue, and no due_at")
            )
            return parsed
        days = processing
        if processing is not None and unit_of_time == "hours":
            days = (Decimal(processing) * 3600 / self.deadlines.seconds_per_day(unit_id)).quantize(
                Decimal("0.001"), rounding=ROUND_HALF_UP
            )
        if v["due_at"] is None:
            parsed.deadline = (processing, unit_of_time, cutoff)
        parsed.stored = {
            "code": code,
            "receiving_unit_id": unit_id,
            "procedure_id": procedure.pk,
            "procedure_version_id": version.pk if version is not None else None,
            "field": v["field"] or procedure.field,
            "processing_days": days,
            "channel": v["channel"],
            "received_at": round_second(v["received_at"]),
            "due_at": round_second(v["due_at"]),
            "due_source": DueSource.IMPORTED if v["due_at"] is not None else DueSource.COMPUTED,
            "supplement_requested_at": round_second(v["supplement_requested_at"]),
            "supplement_received_at": round_second(v["supplement_received_at"]),
            "supplement_count": v["supplement_count"],
            "finished_at": round_second(v["finished_at"]),
            "returned_at": round_second(v["returned_at"]),
            "stopped_at": round_second(v["stopped_at"]),
            "outcome": v["outcome"],
            "fee_vnd": v["fee_vnd"],
            "paid_online": v["paid_online"],
            "digitized": v["digitized"],
            "e_result": v["e_result"],
            "disliked": v["disliked"],
        }
        return parsed

    # -- the pass ---------------------------------------------------------------------------------------
    def run(self) -> ImportResult:
        try:
            self.header, rows = interchange.read_rows(self.path)
        except interchange.HeaderError as exc:
            self.result.problems = [(1, column, reason) for column, reason in exc.problems]
            self.result.header_rejected = True
            return self.result
        chunk: list = []
        for line, raw in rows:
            self.result.rows += 1
            if self.progress is not None and self.result.rows % PROGRESS_EVERY == 0:
                self.progress(self.result.rows)
            parsed = interchange.parse_row(line, raw)
            if "__width__" not in raw:
                self._check(parsed)
            resolved = self._resolve(parsed, final=False)
            if resolved is None:
                self.deferred.append(parsed)
                continue
            chunk.append(resolved)
            if len(chunk) >= CHUNK:
                self._flush(chunk)
                chunk = []
        for parsed in self.deferred:
            chunk.append(self._resolve(parsed, final=True))
        self._flush(chunk)
        if self.progress is not None:
            self.progress(self.result.rows)
        self.result.new_procedures = self.catalogue.added
        self.result.problems.sort()
        return self.result

    def _check_owners(self, chunk: list, existing: dict[str, dict]) -> None:
        """A row whose code is a dossier of a unit outside ``allowed_unit_ids`` is a problem: an import never
        takes over another unit's dossier; moving one between units needs the right to change both."""
        for parsed in chunk:
            current = existing.get(parsed.values.get("code"))
            if current is not None and current["receiving_unit_id"] not in self.allowed_unit_ids:
                parsed.problems.append(("code", OTHER_UNITS_DOSSIER))

    def _flush(self, chunk: list) -> None:
        existing = None
        if self.allowed_unit_ids is not None:
            existing = self._existing(
                [parsed.values["code"] for parsed in chunk if parsed.values.get("code")]
            )
            self._check_owners(chunk, existing)
        good = []
        for parsed in chunk:
            if parsed.problems:
                parsed.problems.sort(key=lambda problem: _COLUMN_ORDER.get(problem[0], -1))
                self.result.rejected_rows += 1
                for column, reason in parsed.problems:
                    self.result.problems.append((parsed.line, column, reason))
                self.rejected.append((parsed.line, parsed.raw, parsed.problems))
            else:
                good.append(parsed)
        if self.result.problems and not self.skip_invalid:
            return  # the file will be rejected: keep checking, write nothing
        self.deadlines.fill([parsed for parsed in good if parsed.deadline is not None])
        rows = [parsed.stored for parsed in good]
        if existing is None:
            existing = self._existing([row["code"] for row in rows])
        new, events, changes, updates = [], [], [], []
        now = timezone.now()
        ctx = {"actor": audit.current_actor(), "actor_label": audit._actor_label.get()}
        for values in rows:
            values.update(derive_values(values))
            current = existing.get(values["code"])
            if current is None:
                new.append(values)
                continue
            if values["due_source"] == DueSource.IMPORTED and values["due_at"] == current["due_at"]:
                values["due_source"] = current["due_source"]  # an exported appointment read back is no change
            changed = [k for k in STORED if current[k] != values[k]]
            if not changed:
                self.result.unchanged += 1
                continue
            self.result.updated += 1
            if self.check_only:
                continue
            values["import_batch_id"] = self.batch.pk
            updates.append((*_logged_values(values), current["pk"]))
            logged = [k for k in LOGGED if current[k] != values[k]]
            changes.append(
                (
                    current["pk"],
                    values["code"],
                    {k: _for_log(current[k]) for k in logged},
                    {k: _for_log(values[k]) for k in logged},
                )
            )
            if current["receiving_unit_id"] != values["receiving_unit_id"]:
                events.append(self._transfer_event(current, values, now, ctx))
            events.append(
                Event(
                    content_type=self.dossier_ct,
                    object_id=str(current["pk"]),
                    verb="import_updated",
                    message=self.label,
                    at=now,
                    data={"batch": self.batch.pk, "fields": sorted(changed)},
                    **ctx,
                )
            )
        self.result.created += len(new)
        if self.check_only:
            return
        if self.inserter is None:
            self.inserter = self._new_rows_inserter()
        tokens = new_public_tokens(len(new))
        self.inserter.insert([(*_written_values(row), token) for row, token in zip(new, tokens, strict=True)])
        insert_events_for_codes(
            codes=[row["code"] for row in new],
            content_type_id=self.dossier_ct.pk,
            verb="imported",
            message=self.label,
            at=now,
            actor_id=ctx["actor"].pk if ctx["actor"] else None,
            actor_label=ctx["actor_label"],
            data={"batch": self.batch.pk},
        )
        self.updater.update(updates)  # covered by the import record and the change-log rows below
        Event.objects.bulk_create(events, batch_size=2000)
        audit.log_bulk_changes(Dossier, changes)

    def _transfer_event(self, current: dict, values: dict, now, ctx: dict) -> Event:
        """The ``transferred`` event of a dossier whose receiving unit the row changes (as the desk's
        hand-over writes it: from the old unit, ``from``/``to`` codes)."""
        if self._unit_names is None:
            self._unit_names = {
                pk: (code, name) for pk, code, name in Unit.objects.values_list("pk", "code", "name")
            }
        (old_code, old_name), (new_code, new_name) = (
            self._unit_names[current["receiving_unit_id"]],
            self._unit_names[values["receiving_unit_id"]],
        )
        return Event(
            content_type=self.dossier_ct,
            object_id=str(current["pk"]),
            verb="transferred",
            message=f"{old_name} → {new_name} (nhập từ tệp {self.label})",
            unit_code=old_code,
            at=now,
            data={"from": old_code, "to": new_code, "batch": self.batch.pk},
            **ctx,
        )

    @staticmethod
    def _existing(codes: list[str]) -> dict[str, dict]:
        """The stored and derived values of the dossiers that have one of ``codes``, by code (a plain lookup
        first: a file of new dossiers loads nothing)."""
        found = existing_keys(Dossier, "code", codes)
        if not found:
            return {}
        queryset = Dossier.objects.filter(code__in=found).values("pk", "code", *LOGGED)
        return {current["code"]: current for current in queryset}

    def write_rejects(self) -> Path | None:
        if not self.rejected:
            return None
        target = self.path.with_name(self.path.name + ".rejected.csv")
        with open(target, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([*self.header, "reason"])
            for _line, raw, problems in sorted(self.rejected, key=lambda r: r[0]):
                cells = [raw.get(name, "") for name in self.header]
                writer.writerow([*cells, "; ".join(f"{c}: {r}" for c, r in problems)])
        return target


def import_dossiers(
    *,
    path: Path,
    skip_invalid: bool = False,
    file_label: str | None = None,
    check_only: bool = False,
    allowed_unit_ids: set[int] | None = None,
    may_add_procedures: bool = True,
    progress=None,
) -> ImportResult:
    """Import a dossier file. Raises :class:`Rejected` (with ``.result``) when the file is rejected.

    ``check_only``: check and count, write nothing (the result's ``created``/``updated``/``unchanged`` are
    what the import would do; ``batch_id`` stays None). ``allowed_unit_ids``: the receiving units the rows may
    name and whose existing dossiers they may change (None: any). ``may_add_procedures``: whether a procedure
    missing from the catalogue may be added from the row (False: the row is rejected).
    ``progress(rows_read)``: called every ``PROGRESS_EVERY`` rows and at the end.
    """
    path = Path(path)
    label = file_label or str(path)
    checksum = sha256_of(path)
    importer = None
    try:
        with transaction.atomic(), bulk_session():
            importer = _Importer(
                path,
                skip_invalid=skip_invalid,
                file_label=label,
                check_only=check_only,
                allowed_unit_ids=allowed_unit_ids,
                may_add_procedures=may_add_procedures,
                progress=progress,
            )
            importer.batch = ImportBatch.objects.create(
                file_name=label,
                sha256=checksum,
                actor=audit.current_actor(),
                actor_label=audit._actor_label.get(),
            )
            result = importer.run()
            if result.problems and (not skip_invalid or result.header_rejected):
                raise Rejected
            if check_only:
                raise _CheckedOnly
            batch = importer.batch
            batch.rows, batch.created, batch.updated = result.rows, result.created, result.updated
            batch.unchanged, batch.rejected = result.unchanged, result.rejected_rows
            batch.finished_at = timezone.now()
            batch.save()
            result.batch_id = batch.pk
    except Rejected:
        exc = Rejected()
        exc.result = importer.result
        raise exc from None
    except _CheckedOnly:
        return importer.result
    if skip_invalid:
        result.rejects_path = importer.write_rejects()
    return result
