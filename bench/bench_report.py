"""Benchmark: the periodic dossier report (``cchc report dossiers``) on 5,000,000 dossiers in PostgreSQL.

A database of its own (``cchc_bench_report``, dropped at the end unless ``--keep``) is set up with ``cchc
setup`` and filled in SQL: ``--n`` dossiers (default 5,000,000) over the current communes of one province
(68, Lâm Đồng), received from 1/1/2024 to 31/12/2025, with supplements, repeated supplements, ends,
refusals, withdrawals and stalled dossiers; the derived columns (end, pause, adjusted end, due + pause,
timeliness, status) are computed in the same SQL by the rules of ``cchc.dossiers.rules`` (a sample is
checked against ``derive_values``). Indexes and constraints are dropped during the load and rebuilt after
it. Loading through ``cchc import`` is measured by ``bench_import.py``, not here.

Then, in the same run and on the same database, one case after the other, each ``--runs`` times (after one
warm-up):

- ``report_province_year``: ``dossier_report`` for the province and its subtree, year 2025 (the command's
  path);
- ``report_province_year_page``: the same through ``Dossier.objects.visible_to(inspector)`` (the page's path);
- ``report_commune_quarter``: the busiest commune alone, second quarter of 2025;
- ``sql_*``: the best hand-written single SQL query for the same figures (the subtree as a literal array of
  unit ids; two forms of the scope condition are tried, "received before the end and not ended before the
  start" and "received in the period, or before it and not ended before it"; the faster one is the
  reference), checked to give exactly the report's figures. (A sub-select on ``org_unit.path`` for the
  subtree was tried during development: PostgreSQL mis-estimates it and loops over the units, 7× slower on
  500,000 dossiers; the report therefore reads the unit ids first.)

Targets: report within 1.5× of the hand-written query (median against median), the commune report under
200 ms, the province report under 5 s. The machine's load average is recorded before and after (other
processes share it). Figures are printed and saved as JSON (``bench/results/report.json``).

Usage: python bench/bench_report.py [--n 5000000] [--runs 5] [--keep] [--output bench/results/report.json]
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_BASE = os.environ.get("CCHC_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "cchc_bench_report"
PROVINCE = "68"
YEAR = (date(2025, 1, 1), date(2025, 12, 31))
QUARTER = (date(2025, 4, 1), date(2025, 6, 30))

#: Columns filled by the generator (every other column keeps its database default or NULL).
LOAD_SQL = """
INSERT INTO dossiers_dossier (
    code, receiving_unit_id, procedure_id, field, processing_days, channel, received_at, due_at, due_source,
    supplement_requested_at, supplement_received_at, supplement_count, finished_at, returned_at, stopped_at,
    outcome, fee_vnd, paid_online, digitized, e_result, disliked, applicant_name, applicant_phone,
    applicant_address, origin, public_token, supplement_reason, stop_reason, apology_reason, return_method,
    search_text, status, end_at, pause, adjusted_end_at, due_plus_pause_at, timeliness)
WITH
units AS (
    SELECT array_agg(id ORDER BY code) AS ids FROM org_unit
    WHERE path LIKE '/68/%%' AND kind = 'commune' AND valid_to IS NULL
),
procs AS (
    SELECT array_agg(id ORDER BY code) AS ids, array_agg(field ORDER BY code) AS fields
    FROM procedures_procedure
),
raw AS (
    SELECT g,
        units.ids[1 + floor(power(random(), 1.3) * cardinality(units.ids))::int] AS unit_id,
        1 + floor(random() * cardinality(procs.ids))::int AS p,
        procs.ids AS pids, procs.fields AS pfields,
        random() AS r_channel,
        -- in the order of receipt, like the rows of a real table
        timestamptz '2024-01-01 00:00:00+07'
            + (g - 1 + random()) / %(n)s * interval '731 days' AS received_at,
        (ARRAY[0, 0.5, 1, 2, 3, 5, 7, 10, 15, 20])[1 + floor(random() * 10)::int] AS days,
        random() AS r_supp, random() AS r_supp_back, random() AS r_count,
        random() * interval '30 hours' + interval '1 hour' AS supp_after,
        random() * interval '96 hours' + interval '1 hour' AS supp_took,
        random() AS r_pending, random() AS r_fate, random() AS r_speed, random() AS r_return,
        random() * interval '48 hours' AS return_after,
        random() AS r_fee, random() AS r_paid, random() AS r_digit, random() AS r_eres, random() AS r_dislike
    FROM generate_series(1, %(n)s) AS g, units, procs
),
timed AS (
    SELECT *,
        received_at + days::float8 * interval '1 day 9 hours' + interval '2 hours' AS due_at,
        CASE WHEN r_supp < 0.08 THEN received_at + supp_after END AS supp_req
    FROM raw
),
supplemented AS (
    SELECT *,
        CASE WHEN supp_req IS NOT NULL AND r_supp_back < 0.8 THEN supp_req + supp_took END AS supp_rec,
        CASE WHEN supp_req IS NULL THEN 0 WHEN r_count < 0.1 THEN 2 ELSE 1 END AS supp_count
    FROM timed
),
fated AS (
    SELECT *,
        -- pending: a third of the last three weeks' dossiers, a few stalled ones before
        CASE WHEN r_pending
                < CASE WHEN received_at >= timestamptz '2025-12-10 00:00+07' THEN 0.35 ELSE 0.005 END
            THEN 'pending' WHEN r_fate < 0.94 THEN 'approved' WHEN r_fate < 0.97 THEN 'refused'
            ELSE 'withdrawn' END AS fate
    FROM supplemented
),
ended AS (
    SELECT *,
        CASE WHEN fate = 'approved' THEN coalesce(supp_rec, supp_req, received_at)
            + (due_at - received_at) * (0.05 + 0.99 * r_speed) + interval '5 minutes' END AS finished,
        CASE WHEN fate IN ('refused', 'withdrawn') THEN received_at
            + (due_at - received_at) * r_speed + interval '10 minutes' END AS stopped,
        CASE WHEN fate = 'pending' THEN '' ELSE fate END AS outcome,
        CASE WHEN supp_rec IS NOT NULL THEN supp_rec - supp_req END AS pause
    FROM fated
),
returned AS (
    SELECT *,
        CASE WHEN finished IS NOT NULL AND r_return < 0.6 THEN finished + return_after END AS returned_at,
        coalesce(finished, stopped) AS end_at
    FROM ended
),
derived AS (
    SELECT *,
        end_at - coalesce(pause, interval '0') AS adjusted_end_at,
        due_at + coalesce(pause, interval '0') AS due_plus_pause_at
    FROM returned
)
SELECT
    'BR-' || g, unit_id, pids[p], pfields[p], days,
    CASE WHEN r_channel < 0.48 THEN 'online' WHEN r_channel < 0.95 THEN 'direct' ELSE 'postal' END,
    received_at, due_at, 'imported',
    supp_req, supp_rec, supp_count, finished, returned_at, stopped, outcome,
    CASE WHEN r_fee < 0.3 THEN 20000 ELSE 0 END, r_fee < 0.3 AND r_paid < 0.45, r_digit < 0.85, r_eres < 0.6,
    r_dislike < 0.03, '', '', '', 'import', md5(g::text), '', '', '', '',
    'br-' || g,
    CASE WHEN end_at IS NOT NULL AND outcome IN ('withdrawn', 'refused') THEN outcome
        WHEN returned_at IS NOT NULL THEN 'returned' WHEN finished IS NOT NULL THEN 'finished'
        WHEN supp_req IS NOT NULL AND supp_rec IS NULL THEN 'awaiting_supplement' ELSE 'processing' END,
    end_at, pause, adjusted_end_at, due_plus_pause_at,
    CASE WHEN end_at IS NULL OR outcome = 'withdrawn' THEN ''
        WHEN supp_count > 1 OR adjusted_end_at > due_at THEN 'late'
        WHEN (adjusted_end_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
            < (due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date THEN 'early'
        ELSE 'on_time' END
FROM derived
"""

#: The hand-written report: one pass, one GROUP BY field, the contract's conditions as FILTER clauses.
HAND_SQL = """
SELECT field,
    count(*) FILTER (WHERE received_at < %(start)s) AS carried_over,
    count(*) FILTER (WHERE received_at >= %(start)s) AS new,
    count(*) FILTER (WHERE received_at >= %(start)s AND channel = 'online') AS online,
    count(*) FILTER (WHERE received_at >= %(start)s AND channel = 'direct') AS direct,
    count(*) FILTER (WHERE received_at >= %(start)s AND channel = 'postal') AS postal,
    count(*) FILTER (WHERE end_at < %(end)s AND outcome <> 'withdrawn' AND timeliness = 'early') AS early,
    count(*) FILTER (WHERE end_at < %(end)s AND outcome <> 'withdrawn' AND timeliness = 'on_time') AS on_time,
    count(*) FILTER (WHERE end_at < %(end)s AND outcome <> 'withdrawn' AND timeliness = 'late') AS late,
    count(*) FILTER (WHERE end_at < %(end)s AND outcome = 'withdrawn') AS withdrawn,
    count(*) FILTER (WHERE (end_at IS NULL OR end_at >= %(end)s) AND (
        (supplement_requested_at < %(end)s
            AND (supplement_received_at IS NULL OR supplement_received_at >= %(end)s))
        OR (supplement_received_at < %(end)s AND due_plus_pause_at >= %(end)s)
        OR ((supplement_received_at IS NULL OR supplement_received_at >= %(end)s) AND due_at >= %(end)s)
    )) AS within_deadline,
    count(*) FILTER (WHERE end_at IS NULL OR end_at >= %(end)s) AS pending,
    count(*) FILTER (WHERE received_at >= %(start)s AND digitized) AS digitized,
    count(*) FILTER (WHERE received_at >= %(start)s AND fee_vnd > 0) AS with_fee,
    count(*) FILTER (WHERE received_at >= %(start)s AND fee_vnd > 0 AND paid_online) AS paid_online
FROM dossiers_dossier
WHERE {units} AND {scope}
GROUP BY field
"""
SCOPE_AND = "received_at < %(end)s AND (end_at IS NULL OR end_at >= %(start)s)"
SCOPE_OR = (
    "((received_at >= %(start)s AND received_at < %(end)s)"
    " OR (received_at < %(start)s AND (end_at IS NULL OR end_at >= %(start)s)))"
)
UNITS_ARRAY = "receiving_unit_id = ANY(%(ids)s)"
UNIT_ONE = "receiving_unit_id = %(unit_id)s"


def log(message: str) -> None:
    print(message, flush=True)


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    except OSError:  # pragma: no cover
        return ""


def admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_BASE}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def create_database() -> None:
    admin(f"DROP DATABASE IF EXISTS {DB_NAME}")
    admin(f"CREATE DATABASE {DB_NAME}")


def start_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    os.environ.setdefault("CCHC_HOME", str(ROOT / "var" / "bench-report"))
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def setup_schema() -> float:
    """What ``cchc setup`` does (schema, units, calendar, catalogue, targets), in this process."""
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("setup", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return time.perf_counter() - started


def load(url: str, n: int) -> dict:
    """Drop the table's indexes and constraints, insert the rows in SQL, rebuild, VACUUM ANALYZE."""
    import psycopg

    timings = {}
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '1GB'")
        constraints = conn.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'dossiers_dossier'::regclass AND contype IN ('u', 'f', 'c')"
        ).fetchall()
        owned = {name for name, _ in constraints}
        indexes = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'dossiers_dossier' "
            "AND indexname <> 'dossiers_dossier_pkey'"
        ).fetchall()
        indexes = [(name, sql) for name, sql in indexes if name not in owned]
        for name, _ in constraints:
            conn.execute(f'ALTER TABLE dossiers_dossier DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        started = time.perf_counter()
        conn.execute("SELECT setseed(0.2025)")
        conn.execute(LOAD_SQL, {"n": n})
        timings["insert_s"] = round(time.perf_counter() - started, 1)
        log(f"inserted {n:,} rows in {timings['insert_s']} s")
        started = time.perf_counter()
        for name, definition in constraints:
            suffix = " NOT VALID" if definition.startswith("FOREIGN KEY") else ""
            conn.execute(f'ALTER TABLE dossiers_dossier ADD CONSTRAINT "{name}" {definition}{suffix}')
        for _, sql in indexes:
            conn.execute(sql)
        timings["indexes_s"] = round(time.perf_counter() - started, 1)
        log(f"rebuilt {len(constraints)} constraints and {len(indexes)} indexes in {timings['indexes_s']} s")
        started = time.perf_counter()
        conn.execute("VACUUM ANALYZE dossiers_dossier")
        timings["vacuum_analyze_s"] = round(time.perf_counter() - started, 1)
        size = conn.execute("SELECT pg_size_pretty(pg_total_relation_size('dossiers_dossier'))").fetchone()[0]
        timings["table_size"] = size
    return timings


def check_derived_sample(size: int = 2000) -> int:
    """The generated derived columns equal the rules' on a random sample (returns the rows checked)."""
    import random

    from cchc.dossiers.models import Dossier
    from cchc.dossiers.rules import DERIVED_FIELDS, INPUT_FIELDS, derive_values

    last = Dossier.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    picked = random.Random(5).sample(range(1, last + 1), min(size, last))
    rows = Dossier.objects.filter(pk__in=picked).values(*INPUT_FIELDS, *DERIVED_FIELDS)
    for row in rows:
        expected = derive_values({k: row[k] for k in INPUT_FIELDS})
        got = {k: row[k] for k in DERIVED_FIELDS}
        assert got == expected, (row, expected)
    return len(rows)


def hand_report(sql: str, params: dict) -> list[dict]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [c.name for c in cursor.description]
        rows = [dict(zip(columns, r, strict=True)) for r in cursor.fetchall()]
    return rows


def as_report_counts(rows: list[dict]) -> dict:
    """The hand query's rows in the shape of the report's figures (for the equality check)."""
    by_field = {}
    for r in rows:
        pending = r["pending"]
        by_field[r["field"]] = {
            "received": {
                "total": r["carried_over"] + r["new"],
                "carried_over": r["carried_over"],
                "new": r["new"],
                "online": r["online"],
                "direct": r["direct"],
                "postal": r["postal"],
            },
            "resolved": {
                "total": r["early"] + r["on_time"] + r["late"],
                "early": r["early"],
                "on_time": r["on_time"],
                "late": r["late"],
            },
            "withdrawn": r["withdrawn"],
            "pending": {
                "total": pending,
                "within_deadline": r["within_deadline"],
                "overdue": pending - r["within_deadline"],
            },
        }
    return by_field


def same_figures(report: dict, rows: list[dict]) -> bool:
    mine = {
        r["field"]: {k: r[k] for k in ("received", "resolved", "withdrawn", "pending")}
        for r in report["by_field"]
    }
    return mine == as_report_counts(rows)


def timed(func, runs: int) -> dict:
    func()  # warm-up
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        samples.append(time.perf_counter() - started)
    return {
        "median_s": round(statistics.median(samples), 4),
        "min_s": round(min(samples), 4),
        "runs_s": [round(s, 4) for s in samples],
    }


def measure(runs: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from cchc.dossiers.models import Dossier
    from cchc.org.models import Role, Unit
    from cchc.org.services import role_grant
    from cchc.stats.report import Period, dossier_report

    province = Unit.objects.get(code=PROVINCE)
    busiest_id = (
        Dossier.objects.values("receiving_unit_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["receiving_unit_id"]
    )
    commune = Unit.objects.get(pk=busiest_id)
    user, _ = get_user_model().objects.get_or_create(username="bench.inspector")
    role_grant(user=user, unit=province, role=Role.INSPECTOR)
    ids = list(Unit.objects.filter(path__startswith=province.path).values_list("pk", flat=True))
    year, quarter = Period.of_dates(*YEAR), Period.of_dates(*QUARTER)
    province_params = {"start": year.start, "end": year.end, "path": province.path + "%", "ids": ids}
    commune_params = {"start": quarter.start, "end": quarter.end, "unit_id": commune.pk}

    def report_province():
        return dossier_report(unit=province, date_from=YEAR[0], date_to=YEAR[1], subtree=True)

    def report_province_page():
        return dossier_report(
            unit=province,
            date_from=YEAR[0],
            date_to=YEAR[1],
            subtree=True,
            base=Dossier.objects.visible_to(user),
        )

    def report_commune():
        return dossier_report(unit=commune, date_from=QUARTER[0], date_to=QUARTER[1])

    variants = {
        f"sql_{case}_{form}": (HAND_SQL.format(units=units, scope=scope), params)
        for case, units, params in (
            ("province_year", UNITS_ARRAY, province_params),
            ("commune_quarter", UNIT_ONE, commune_params),
        )
        for form, scope in (("and", SCOPE_AND), ("or", SCOPE_OR))
    }
    checks = {
        name: same_figures(report_province() if "province" in name else report_commune(), hand_report(*query))
        for name, query in variants.items()
    }
    checks["province_page"] = report_province_page() == report_province()
    log(f"same figures: {checks}")
    cases = {
        "report_province_year": report_province,
        "report_province_year_page": report_province_page,
        "report_commune_quarter": report_commune,
    }
    cases.update({name: (lambda q=query: hand_report(*q)) for name, query in variants.items()})
    results = {name: timed(func, runs) for name, func in cases.items()}
    for name, figures in results.items():
        log(
            f"{name:>30}: median {figures['median_s'] * 1000:9.1f} ms, best {figures['min_s'] * 1000:9.1f} ms"
        )
    received = report_province()["received"]["total"]
    return {
        "province": province.code,
        "province_scope_dossiers_2025": received,
        "commune": commune.code,
        "commune_name": commune.name,
        "commune_scope_dossiers_2025q2": report_commune()["received"]["total"],
        "same_figures": checks,
        "timings": results,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=5_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the database (and reuse it with --reuse)")
    parser.add_argument("--reuse", action="store_true", help="measure on a database kept by --keep")
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "report.json"))
    opts = parser.parse_args()
    url = f"{PG_BASE}/{DB_NAME}"
    result = {
        "benchmark": "report_dossiers",
        "rows": opts.n,
        "started": datetime.now().isoformat(timespec="seconds"),
        "machine": {
            "platform": platform.platform(),
            "cpu_count": os.cpu_count(),
            "python": platform.python_version(),
        },
        "load_average_before": loadavg(),
        "uptime_before": uptime(),
    }
    log(f"load average before: {result['load_average_before']} ({result['uptime_before']})")
    try:
        if not opts.reuse:
            create_database()
        start_django(url)
        from django.db import connection

        if not opts.reuse:
            result["setup_s"] = round(setup_schema(), 1)
            log(f"cchc setup in {result['setup_s']} s")
            connection.close()
            result["load"] = load(url, opts.n)
        result["postgres"] = connection.cursor().connection.info.server_version
        result["derived_sample_checked"] = check_derived_sample()
        result.update(measure(opts.runs))
    finally:
        result["load_average_after"] = loadavg()
        result["uptime_after"] = uptime()
        if not opts.keep:
            try:
                from django.db import connections

                connections.close_all()
            except Exception:  # noqa: BLE001, S110  (Django may not be set up yet)
                pass
            admin(f"DROP DATABASE IF EXISTS {DB_NAME}")
            log(f"dropped {DB_NAME}")
    t = result["timings"]
    best_sql = min(t["sql_province_year_and"]["median_s"], t["sql_province_year_or"]["median_s"])
    best_commune = min(t["sql_commune_quarter_and"]["median_s"], t["sql_commune_quarter_or"]["median_s"])
    result["ratios"] = {
        "province_report_over_best_sql": round(t["report_province_year"]["median_s"] / best_sql, 2),
        "province_page_over_best_sql": round(t["report_province_year_page"]["median_s"] / best_sql, 2),
        "commune_report_over_best_sql": round(t["report_commune_quarter"]["median_s"] / best_commune, 2),
    }
    result["targets"] = {
        "province_report_within_1_5x_of_sql": result["ratios"]["province_report_over_best_sql"] <= 1.5,
        "commune_report_within_1_5x_of_sql": result["ratios"]["commune_report_over_best_sql"] <= 1.5,
        "commune_report_under_200_ms": t["report_commune_quarter"]["median_s"] < 0.2,
        "province_report_under_5_s": t["report_province_year"]["median_s"] < 5,
    }
    log(f"ratios: {result['ratios']}")
    log(f"targets: {result['targets']}")
    log(f"load average after: {result['load_average_after']}")
    Path(opts.output).parent.mkdir(parents=True, exist_ok=True)
    Path(opts.output).write_text(
        json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )
    log(f"saved {opts.output}")
    return 0 if all(result["targets"].values()) and all(result["same_figures"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
