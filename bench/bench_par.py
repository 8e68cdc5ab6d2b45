"""Benchmark: the PAR report (``cchc report par``) for every commune of the country, 100 leaves each.

Usage (from the repository root)::

    PYTHONPATH=src python bench/bench_par.py [--only sqlite|postgres] [--runs 5] [--output F.json]

For each backend (a temporary SQLite file; PostgreSQL database ``cchc_bench_par`` on 127.0.0.1, created
and dropped), in a separate process: the schema and the 3,321 communes of ``cchc setup``, a framework of 8
areas and 100 leaves (an optional survey area, rule leaves), a scores file with one row per commune and leaf
(3,321 × 100 = 332,100 rows, some not applicable, a tenth appraised) imported through the scores import,
then the report computed ``--runs`` times (median). Target: the report in under 2 s. Default output:
``bench/results/par.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_DB = "cchc_bench_par"
AREAS = [(str(i), 12 if i <= 4 else 13) for i in range(1, 9)]  # 4 × 12 + 4 × 13 = 100 leaves


def framework_yaml() -> str:
    lines = [
        "code: BENCH-XA-2025",
        "name: Bộ tiêu chí đo hiệu năng (cấp xã)",
        "year: 2025",
        "unit_level: commune",
        "bands:",
        "  - {label: Xuất sắc, min: 90}",
        "  - {label: Tốt, min: 80}",
        "  - {label: Khá, min: 65}",
        "  - {label: Trung bình, min: 50}",
        "  - {label: Yếu, min: 0}",
        "criteria:",
    ]
    for area, leaves in AREAS:
        lines += [f'  - code: "{area}"', f"    name: Lĩnh vực {area}"]
        if area == "8":
            lines.append("    optional: true")
        lines.append("    children:")
        for leaf in range(1, leaves + 1):
            lines.append(f'      - {{code: "{area}.{leaf}", name: Tiêu chí {area}.{leaf}, max: 1')
            if area == "8":
                lines[-1] += ", method: survey"
            elif leaf == 1:
                lines[-1] += ', method: rule, rule: "max_points * on_time_rate"'
            lines[-1] += "}"
    return "\n".join(lines) + "\n"


def scores_csv(path: Path, units: list[str]) -> int:
    rng = random.Random(20251231)
    rows = ["unit_code,criterion_code,self_score,appraised_score,applicable"]
    for unit in units:
        for area, leaves in AREAS:
            for leaf in range(1, leaves + 1):
                if rng.random() < 0.03:
                    rows.append(f"{unit},{area}.{leaf},,,0")
                    continue
                score = rng.choice(("1", "0.75", "0.5", "0.25", "0"))
                appraised = rng.choice(("0.5", "0.25")) if rng.random() < 0.1 else ""
                rows.append(f"{unit},{area}.{leaf},{score},{appraised},1")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return len(rows) - 1


def run_backend(runs: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from cchc.core.permissions import system_actor
    from cchc.core.steps import setup_steps
    from cchc.org.models import Unit
    from cchc.scoring.frameworks import import_framework
    from cchc.scoring.report import as_json, compute
    from cchc.scoring.services import import_scores

    call_command("migrate", interactive=False, verbosity=0)
    units_step = next(step for step in setup_steps() if step.name == "units")
    with transaction.atomic():
        units_step.run()
    communes = list(Unit.objects.filter(kind="commune", valid_to__isnull=True).values_list("code", flat=True))
    actor = system_actor("bench")
    framework, _ = import_framework(framework_yaml(), actor=actor)
    folder = Path(tempfile.mkdtemp(prefix="cchc-bench-par-"))
    rows = scores_csv(folder / "scores.csv", communes)
    started = time.perf_counter()
    imported = import_scores(
        framework=framework, text=(folder / "scores.csv").read_text(encoding="utf-8"), actor=actor
    )
    import_s = time.perf_counter() - started
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        document = as_json(framework, compute(framework))
        timings.append(time.perf_counter() - started)
    ranked = [u for u in document["units"] if u["rank"] is not None]
    return {
        "database": connection.vendor,
        "communes": len(communes),
        "leaves": sum(n for _, n in AREAS),
        "score_rows": rows,
        "import_scores_s": round(import_s, 2),
        "import_rows_per_second": round(rows / import_s),
        "import_created": imported.created,
        "report_runs_s": [round(t, 3) for t in timings],
        "report_median_s": round(statistics.median(timings), 3),
        "units_in_report": len(document["units"]),
        "first": {k: ranked[0][k] for k in ("unit", "points", "max", "percent", "band", "rank")},
        "target_under_2_s": statistics.median(timings) < 2,
    }


def admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(sql)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--output", default="bench/results/par.json")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    opts = parser.parse_args()
    if opts.child:
        print(json.dumps(run_backend(opts.runs)))
        return 0
    results = []
    for backend in ("sqlite", "postgres"):
        if opts.only and backend != opts.only:
            continue
        env = dict(
            os.environ, PYTHONPATH=str(ROOT / "src"), CCHC_HOME=tempfile.mkdtemp(prefix="cchc-bench-par-")
        )
        if backend == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{env['CCHC_HOME']}/bench.sqlite3"
        else:
            admin(f"DROP DATABASE IF EXISTS {PG_DB}")
            admin(f"CREATE DATABASE {PG_DB}")
            env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
        try:
            out = subprocess.run(
                [sys.executable, __file__, "--child", "--runs", str(opts.runs)],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        finally:
            if backend == "postgres":
                admin(f"DROP DATABASE IF EXISTS {PG_DB}")
        result = json.loads(out.strip().splitlines()[-1])
        results.append(result)
        print(
            f"{backend}: {result['communes']} communes × {result['leaves']} leaves "
            f"({result['score_rows']:,} score rows, imported in {result['import_scores_s']} s): "
            f"report median {result['report_median_s']} s"
        )
    report = {
        "benchmark": "par_report",
        "load_average": os.getloadavg(),
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
        },
        "results": results,
    }
    Path(opts.output).parent.mkdir(parents=True, exist_ok=True)
    Path(opts.output).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
