"""Fast bulk writes for imports: prepared rows straight into the table, bypassing model instances.

Used only where an import record covers the rows (STYLE.md: the one place bulk writes are allowed).
PostgreSQL gets a binary ``COPY … FROM STDIN`` (psycopg adapts the Python values to the columns' types);
SQLite gets ``executemany`` with the values adapted the way Django stores them (UTC text, durations in
microseconds, decimals as text), so the ORM reads them back exactly. :func:`bulk_session` gives SQLite a
large page cache for the length of an import.
"""

import json
from contextlib import contextmanager
from datetime import datetime, timedelta
from itertools import repeat

from django.db import connection

#: SQLite page cache during a bulk import (KiB; the connection's default is 2 MiB): the indexes of a table
#: that grows by random keys stay in memory instead of being read back from the file.
SQLITE_IMPORT_CACHE_KIB = 256 * 1024

#: Keys per lookup query: small enough that PostgreSQL probes the unique index rather than scanning a table
#: that grows during the import (its statistics are stale until the import commits).
LOOKUP_SLICE = 1000


@contextmanager
def bulk_session():
    """Inside a transaction: a large SQLite page cache until the block ends (durability is not touched)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def _sqlite_datetime(value: datetime) -> str:
    """Django's SQLite text of an aware instant: UTC, ``YYYY-MM-DD HH:MM:SS[.ffffff]``."""
    wall_clock = datetime.combine(value.date(), value.time())  # naive; faster than replace(tzinfo=None)
    return (wall_clock - value.utcoffset()).isoformat(" ")


def _sqlite_duration(value: timedelta) -> int:
    return (value.days * 86400 + value.seconds) * 1_000_000 + value.microseconds


#: How SQLite is given the values of these fields (as Django does); instants: :func:`_sqlite_datetime`.
_SQLITE_ADAPTERS = {"DurationField": _sqlite_duration, "DecimalField": str}


def _sqlite_value(field, value):
    if value is None:
        return None
    if field.get_internal_type() == "DateTimeField":
        return _sqlite_datetime(value)
    adapter = _SQLITE_ADAPTERS.get(field.get_internal_type())
    return value if adapter is None else adapter(value)


def _sqlite_positions(fields) -> tuple[list[int], list[tuple[int, object]]]:
    """Positions in a row of ``fields`` values that SQLite needs adapted: instants, then the other kinds."""
    instants, adapters = [], []
    for index, field in enumerate(fields):
        kind = field.get_internal_type()
        if kind == "DateTimeField":
            instants.append(index)
        elif kind in _SQLITE_ADAPTERS:
            adapters.append((index, _SQLITE_ADAPTERS[kind]))
    return instants, adapters


def _sqlite_columns(rows: list[tuple], instants, adapters) -> list:
    """``rows`` as columns, adapted column by column (see :func:`_sqlite_positions`)."""
    columns = list(zip(*rows, strict=True))
    texts = {}  # the same instant often fills several columns (end_at is finished_at …)

    def text_of(value):
        text = texts.get(value)
        if text is None:
            text = texts[value] = _sqlite_datetime(value)
        return text

    for index in instants:
        columns[index] = [None if value is None else text_of(value) for value in columns[index]]
    for index, adapter in adapters:
        columns[index] = [None if value is None else adapter(value) for value in columns[index]]
    return columns


class RowInserter:
    """Insert rows of ``model``: each row is a tuple of ``columns`` (attnames) values; ``constants`` (attname:
    value) fills the other columns of every row."""

    def __init__(self, model, columns: tuple[str, ...], constants: dict):
        self.sqlite = connection.vendor == "sqlite"
        fields = [model._meta.get_field(name) for name in (*columns, *constants)]
        quote = connection.ops.quote_name
        self.table = quote(model._meta.db_table)
        self.column_list = ", ".join(quote(field.column) for field in fields)
        self.constants = tuple(constants.values())
        self.instants, self.adapters = [], []  # positions in a row that SQLite needs adapted
        if self.sqlite:
            self.instants, self.adapters = _sqlite_positions(fields[: len(columns)])
            constant_fields = fields[len(columns) :]
            self.constants = tuple(map(_sqlite_value, constant_fields, self.constants))
        else:  # binary COPY: the column types, as the server has them
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0",
                    [self.table],
                )
                types = dict(cursor.fetchall())
            self.types = [types[field.column] for field in fields]

    def insert(self, rows: list[tuple]) -> None:
        if not rows:
            return
        constants = self.constants
        with connection.cursor() as cursor:
            if not self.sqlite:
                sql = f"COPY {self.table} ({self.column_list}) FROM STDIN (FORMAT BINARY)"
                with cursor.copy(sql) as copy:
                    copy.set_types(self.types)
                    for row in rows:
                        copy.write_row(row + constants)
                return
            columns = _sqlite_columns(rows, self.instants, self.adapters)
            columns.extend(repeat(value, len(rows)) for value in constants)
            placeholders = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {self.table} ({self.column_list}) VALUES ({placeholders})"
            cursor.executemany(sql, zip(*columns, strict=True))


class RowUpdater:
    """Update rows of ``model`` by primary key in one ``executemany``: each row is a tuple of ``columns``
    (attnames) values followed by the row's key (PostgreSQL adapts the values itself; SQLite gets them adapted
    as :class:`RowInserter` does)."""

    def __init__(self, model, columns: tuple[str, ...]):
        self.sqlite = connection.vendor == "sqlite"
        fields = [model._meta.get_field(name) for name in columns]
        quote = connection.ops.quote_name
        assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
        table, key = quote(model._meta.db_table), quote(model._meta.pk.column)
        self.sql = f"UPDATE {table} SET {assignments} WHERE {key} = %s"
        self.instants, self.adapters = _sqlite_positions(fields) if self.sqlite else ([], [])

    def update(self, rows: list[tuple]) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            if self.sqlite:
                rows = list(zip(*_sqlite_columns(rows, self.instants, self.adapters), strict=True))
            cursor.executemany(self.sql, rows)


def _one_of(keys: list) -> tuple[str, list]:
    """SQL ``IN (…)`` for ``keys`` and its parameters (one array parameter on PostgreSQL)."""
    if connection.vendor == "postgresql":
        return "= ANY(%s)", [keys]
    return f"IN ({', '.join(['%s'] * len(keys))})", keys


def existing_keys(model, name: str, keys: list[str]) -> list[str]:
    """The ``keys`` that are in column ``name`` of ``model``'s table (a plain query, no model conversion)."""
    quote = connection.ops.quote_name
    column = quote(model._meta.get_field(name).column)
    found = []
    with connection.cursor() as cursor:
        for start in range(0, len(keys), LOOKUP_SLICE):
            condition, params = _one_of(keys[start : start + LOOKUP_SLICE])
            cursor.execute(
                f"SELECT {column} FROM {quote(model._meta.db_table)} WHERE {column} {condition}", params
            )
            found.extend(key for (key,) in cursor.fetchall())
    return found


def insert_events_for_codes(
    *,
    codes: list[str],
    content_type_id: int,
    verb: str,
    message: str,
    at: datetime,
    actor_id,
    actor_label: str,
    data: dict,
) -> None:
    """One timeline event per dossier of ``codes`` (INSERT … SELECT: the ids are read in the database)."""
    from cchc.core.models import Event
    from cchc.dossiers.models import Dossier

    quote = connection.ops.quote_name
    event_table, dossier_table = quote(Event._meta.db_table), quote(Dossier._meta.db_table)
    postgresql = connection.vendor == "postgresql"
    json_param = "CAST(%s AS jsonb)" if postgresql else "%s"
    at_param = at if postgresql else _sqlite_datetime(at)
    with connection.cursor() as cursor:
        for start in range(0, len(codes), LOOKUP_SLICE):
            condition, params = _one_of(codes[start : start + LOOKUP_SLICE])
            cursor.execute(
                f"INSERT INTO {event_table} (content_type_id, object_id, verb, message, actor_id, "
                f"actor_label, unit_code, at, data) "
                f"SELECT %s, CAST(d.id AS TEXT), %s, %s, %s, %s, u.code, %s, {json_param} "
                f"FROM {dossier_table} d JOIN {quote('org_unit')} u ON u.id = d.receiving_unit_id "
                f"WHERE d.code {condition}",
                [content_type_id, verb, message, actor_id, actor_label, at_param, json.dumps(data), *params],
            )
