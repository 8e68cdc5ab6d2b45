"""Benchmark: ``cchc import dossiers`` of a generated file into SQLite and PostgreSQL.

Measures the whole import (parsing, validation, deadlines, writes, audit record and events) as a separate
process: wall time, rows per second, peak memory (GNU time's maximum resident set size), and the load
average before and after (the machine may be shared). Next to it, in the same run, the same rows (read back
from the imported table) inserted by a bare ``executemany`` (SQLite) or ``COPY`` (PostgreSQL) into an
index-free copy of the table; and the database's share of an import alone: the same rows into a copy with the
table's indexes and constraints and one event each into a copy of the event table, then commit (the least any
import can take on this machine, before it reads a byte). Targets: ≥ 20,000 rows/s, peak memory < 1 GB.
Last, the re-import of the same file with every row changed (its fee raised, its ends cleared): an update of
every dossier, with its change-log row and its event.

Usage: python bench/bench_import.py [--n 1000000] [--only sqlite|postgres]
       [--output bench/results/import.json]
"""

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_BASE = os.environ.get("CCHC_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def machine() -> dict:
    return {"platform": platform.platform(), "python": platform.python_version(), "cpu_count": os.cpu_count()}


def cchc(args, env, timed=False):
    command = [sys.executable, "-m", "cchc.cli", *args]
    if timed:
        command = ["/usr/bin/time", "-v", *command]
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(result.stdout + result.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    return elapsed, int(rss.group(1)) * 1024 if rss else None, result.stdout.strip()


EVENTS_SQL = (
    "INSERT INTO {events} (content_type_id, object_id, verb, message, actor_id, actor_label, unit_code, at, "
    "data) "
    "SELECT 1, CAST(d.id AS TEXT), 'imported', 'bench', NULL, '', u.code, {now}, '{{}}' "
    "FROM {dossiers} d JOIN org_unit u ON u.id = d.receiving_unit_id WHERE d.code "
)


def _copy_schema_sqlite(conn, table: str, copy: str) -> None:
    definitions = conn.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL ORDER BY type = 'index'",
        [table],
    ).fetchall()
    conn.execute(f"DROP TABLE IF EXISTS {copy}")
    for (sql,) in definitions:
        conn.execute(sql.replace(f'"{table}"', f'"{copy}"').replace('INDEX "', f'INDEX "{copy}_'))


def bare_sqlite(db_path: Path, *, schema: bool = False) -> tuple[float, int]:
    """Insert the imported rows again into an index-free copy of the table; or (``schema``) the database's
    whole share of an import: the rows into a copy with the table's constraints and indexes, one event each
    into a copy of the event table, with the import's page cache, chunks and statements, then commit."""
    import sqlite3

    conn = sqlite3.connect(db_path)
    columns = [r[1] for r in conn.execute("PRAGMA table_info(dossiers_dossier)") if r[1] != "id"]
    column_list = ", ".join(columns)
    rows = conn.execute(f"SELECT {column_list} FROM dossiers_dossier").fetchall()
    if not schema:
        conn.execute("DROP TABLE IF EXISTS bare_dossier")
        conn.execute(f"CREATE TABLE bare_dossier AS SELECT {column_list} FROM dossiers_dossier WHERE 0")
        started = time.perf_counter()
        conn.executemany(
            f"INSERT INTO bare_dossier ({column_list}) VALUES ({', '.join('?' * len(columns))})", rows
        )
        conn.commit()
        return time.perf_counter() - started, len(rows)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA cache_size = -262144")
    _copy_schema_sqlite(conn, "dossiers_dossier", "bare_dossier")
    _copy_schema_sqlite(conn, "core_event", "bare_event")
    conn.commit()
    placeholders = ", ".join("?" * len(columns))
    code = columns.index("code")
    events = EVENTS_SQL.format(events="bare_event", dossiers="bare_dossier", now="CURRENT_TIMESTAMP")
    started = time.perf_counter()
    for start in range(0, len(rows), 5000):  # the import's chunks: rows, then their events by code
        part = rows[start : start + 5000]
        conn.executemany(f"INSERT INTO bare_dossier ({column_list}) VALUES ({placeholders})", part)
        for first in range(0, len(part), 1000):
            keys = [row[code] for row in part[first : first + 1000]]
            conn.execute(f"{events} IN ({', '.join('?' * len(keys))})", keys)
    conn.commit()
    return time.perf_counter() - started, len(rows)


def bare_postgres(url: str, *, schema: bool = False) -> tuple[float, int]:
    """As :func:`bare_sqlite`, with ``COPY`` (``schema``: the rows with the table's indexes, constraints and
    foreign keys, checked at commit as Django declares them; one event each, by code as the import does)."""
    import psycopg

    with psycopg.connect(url) as conn:
        columns = [
            r[0]
            for r in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'dossiers_dossier' "
                "AND column_name <> 'id' ORDER BY ordinal_position"
            )
        ]
        rows = conn.execute(f"SELECT {', '.join(columns)} FROM dossiers_dossier").fetchall()
        copies = (("dossiers_dossier", "bare_dossier"), ("core_event", "bare_event"))
        for _, copy in copies:
            conn.execute(f"DROP TABLE IF EXISTS {copy}")
        if schema:
            for table, copy in copies:
                conn.execute(f"CREATE TABLE {copy} (LIKE {table} INCLUDING ALL)")
                foreign_keys = conn.execute(
                    "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
                    "AND contype = 'f'",
                    [table],
                ).fetchall()
                for (definition,) in foreign_keys:
                    conn.execute(f"ALTER TABLE {copy} ADD {definition}")
        else:
            conn.execute(
                f"CREATE TABLE bare_dossier AS SELECT {', '.join(columns)} FROM dossiers_dossier WITH NO DATA"
            )
        conn.commit()
        codes = [row[columns.index("code")] for row in rows]
        events = EVENTS_SQL.format(events="bare_event", dossiers="bare_dossier", now="now()")
        started = time.perf_counter()
        for start in range(0, len(rows), 5000):  # the import's chunks: rows, then their events
            with conn.cursor().copy(f"COPY bare_dossier ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows[start : start + 5000]:
                    copy.write_row(row)
            if schema:
                for first in range(start, min(start + 5000, len(rows)), 1000):
                    conn.execute(f"{events} = ANY(%s)", [codes[first : first + 1000]])
        conn.commit()
        return time.perf_counter() - started, len(rows)


def changed_copy(csv_path: Path) -> Path:
    """The generated file with every row changed: its fee raised by 1,000 VND and its ends cleared (an ended
    dossier is pending again), so that its re-import updates every dossier."""
    import csv

    target = csv_path.with_name("dossiers-changed.csv")
    with (
        open(csv_path, encoding="utf-8", newline="") as source,
        open(target, "w", encoding="utf-8", newline="") as out,
    ):
        reader = csv.DictReader(source)
        writer = csv.DictWriter(out, fieldnames=reader.fieldnames)
        writer.writeheader()
        for record in reader:
            record["fee_vnd"] = str(int(record["fee_vnd"].replace(".", "") or 0) + 1000)
            for column in ("finished_at", "returned_at", "stopped_at", "outcome"):
                record[column] = ""
            writer.writerow(record)
    return target


def run_backend(name: str, csv_path: Path, n: int, home: Path) -> dict:
    env = {**os.environ, "CCHC_HOME": str(home), "DJANGO_SETTINGS_MODULE": "cchc.settings"}
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    if name == "sqlite":
        db = home / "var" / "bench.sqlite3"
        env["DATABASE_URL"] = f"sqlite:///{db}"
    else:
        import psycopg

        with psycopg.connect(f"{PG_BASE}/postgres", autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS cchc_bench")
            conn.execute("CREATE DATABASE cchc_bench")
        env["DATABASE_URL"] = f"{PG_BASE}/cchc_bench"
    cchc(["setup"], env)
    load_before = os.getloadavg()[0]
    elapsed, rss, summary = cchc(["import", "dossiers", str(csv_path)], env, timed=True)
    load_after = os.getloadavg()[0]
    bare = bare_sqlite if name == "sqlite" else bare_postgres
    target = db if name == "sqlite" else env["DATABASE_URL"]
    bare_seconds, bare_rows = bare(target)
    schema_seconds, _ = bare(target, schema=True)
    assert bare_rows == n, (bare_rows, n)
    reimport_seconds, reimport_rss, reimport_summary = cchc(
        ["import", "dossiers", str(changed_copy(csv_path))], env, timed=True
    )
    return {
        "backend": name,
        "rows": n,
        "import_seconds": round(elapsed, 2),
        "rows_per_second": round(n / elapsed),
        "peak_memory_mb": round(rss / 2**20, 1) if rss else None,
        "bare_insert_seconds": round(bare_seconds, 2),
        "bare_rows_per_second": round(n / bare_seconds),
        "ratio_to_bare": round(elapsed / bare_seconds, 1),
        "database_share_seconds": round(schema_seconds, 2),
        "database_share_rows_per_second": round(n / schema_seconds),
        "load_average_1min": [round(load_before, 2), round(load_after, 2)],
        "summary": summary,
        "reimport_changed_seconds": round(reimport_seconds, 2),
        "reimport_changed_rows_per_second": round(n / reimport_seconds),
        "reimport_peak_memory_mb": round(reimport_rss / 2**20, 1) if reimport_rss else None,
        "reimport_summary": reimport_summary,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "import.json"))
    opts = parser.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    from gen_dossiers import generate

    results = []
    with tempfile.TemporaryDirectory(prefix="cchc-bench-") as tmp:
        home = Path(tmp)
        csv_path = home / "dossiers.csv"
        started = time.perf_counter()
        generate(opts.n, str(csv_path))
        print(
            f"generated {opts.n:,} rows in {time.perf_counter() - started:.1f} s "
            f"({csv_path.stat().st_size / 2**20:.0f} MB)"
        )
        for backend in ("sqlite", "postgres"):
            if opts.only and backend != opts.only:
                continue
            result = run_backend(backend, csv_path, opts.n, home)
            results.append(result)
            print(
                f"{backend:>8}: import {result['import_seconds']} s = {result['rows_per_second']:,} rows/s, "
                f"peak {result['peak_memory_mb']} MB; bare insert {result['bare_insert_seconds']} s "
                f"({result['bare_rows_per_second']:,} rows/s); import/bare = {result['ratio_to_bare']}×; "
                f"the database's share alone (rows and events with the tables' indexes and constraints, "
                f"commit) {result['database_share_rows_per_second']:,} rows/s; "
                f"load {result['load_average_1min'][0]} → {result['load_average_1min'][1]}; "
                f"re-import with every row changed {result['reimport_changed_seconds']} s "
                f"({result['reimport_changed_rows_per_second']:,} rows/s)"
            )
    Path(opts.output).parent.mkdir(parents=True, exist_ok=True)
    report = {"benchmark": "import_dossiers", "machine": machine(), "results": results}
    Path(opts.output).write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
