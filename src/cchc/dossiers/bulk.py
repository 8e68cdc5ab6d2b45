"""Fast bulk writes for imports: plain ``executemany`` of prepared rows, bypassing model instances.

Used only where an import record covers the rows (STYLE.md: the one place bulk writes are allowed). Values are
adapted per field type the way Django stores them (SQLite: UTC text, durations in microseconds; PostgreSQL:
native types), so the ORM reads them back exactly.
"""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from operator import itemgetter

from django.db import connection


def _sqlite_datetime(value: datetime | None):
    if value is None:
        return None
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")


def _sqlite_duration(value: timedelta | None):
    if value is None:
        return None
    return (value.days * 86400 + value.seconds) * 1_000_000 + value.microseconds


def _sqlite_decimal(value: Decimal | None):
    return None if value is None else str(value)


def adapters(model, columns: list[str]) -> list:
    """One function per column turning a Python value into the database parameter."""
    native = connection.vendor == "postgresql"
    result = []
    for name in columns:
        field = model._meta.get_field(name)
        kind = field.get_internal_type()
        if native:
            result.append(None)
        elif kind == "DateTimeField":
            result.append(_sqlite_datetime)
        elif kind == "DurationField":
            result.append(_sqlite_duration)
        elif kind == "DecimalField":
            result.append(_sqlite_decimal)
        else:
            result.append(None)
    return result


def insert_rows(model, columns: list[str], rows: list[dict], *, batch: int = 5000) -> None:
    """INSERT the rows (dicts keyed by column attname) with executemany."""
    if not rows:
        return
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(model._meta.get_field(c).column) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )
    getter = itemgetter(*columns)
    converted = [(i, fn) for i, fn in enumerate(adapters(model, columns)) if fn is not None]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            params = []
            for row in rows[start : start + batch]:
                values = list(getter(row))
                for index, fn in converted:
                    value = values[index]
                    if value is not None:
                        values[index] = fn(value)
                params.append(values)
            cursor.executemany(sql, params)


def insert_events_for_codes(
    *,
    codes: list[str],
    content_type_id: int,
    verb: str,
    message: str,
    at: datetime,
    actor_id,
    actor_label: str,
    data_json: str,
) -> None:
    """One timeline event per dossier of ``codes`` (INSERT … SELECT: the ids come from the database)."""
    from cchc.core.models import Event
    from cchc.dossiers.models import Dossier

    if not codes:
        return
    quote = connection.ops.quote_name
    event_table, dossier_table = quote(Event._meta.db_table), quote(Dossier._meta.db_table)
    json_param = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    at_param = at if connection.vendor == "postgresql" else _sqlite_datetime(at)
    with connection.cursor() as cursor:
        for start in range(0, len(codes), 5000):
            chunk = codes[start : start + 5000]
            cursor.execute(
                f"INSERT INTO {event_table} (content_type_id, object_id, verb, message, actor_id, "
                f"actor_label, unit_code, at, data) "
                f"SELECT %s, CAST(d.id AS TEXT), %s, %s, %s, %s, u.code, %s, {json_param} "
                f"FROM {dossier_table} d JOIN {quote('org_unit')} u ON u.id = d.receiving_unit_id "
                f"WHERE d.code IN ({', '.join(['%s'] * len(chunk))})",
                [content_type_id, verb, message, actor_id, actor_label, at_param, data_json, *chunk],
            )
