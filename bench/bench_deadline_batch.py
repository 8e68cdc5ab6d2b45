"""Benchmark of ``cchc deadline --batch``: a CSV of receipts in, due instants out, end to end.

Usage (from the repository root)::

    PYTHONPATH=src python bench/bench_deadline_batch.py [--n 100000] [--output FILE.json]

Sets up a throw-away SQLite home (``cchc setup``, not timed), writes ``--n`` random rows (fixed seed; ISO and
Vietnamese instants, decimal commas), times the command as a user runs it (process start, Django set-up,
parsing, the vectorised engine, CSV output) and checks a sample of its answers against the scalar engine.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time as timer
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

SEED = 20250303
UNIT = "22945"


def make_csv(n: int) -> str:
    rng = random.Random(SEED)
    first = datetime(2020, 1, 1)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["received_at", "processing_days"])
    for _ in range(n):
        moment = first + timedelta(minutes=rng.randrange(11 * 365 * 24 * 60))
        text = (
            f"{moment:%Y-%m-%dT%H:%M}"
            if rng.random() < 0.7
            else f"{moment.day}/{moment.month}/{moment.year} {moment:%H:%M}"
        )
        days = rng.choice(["0", "0,5", "1", "2", "3", "5", "7", "10", "15", "20", "30", "1.25"])
        writer.writerow([text, days])
    return out.getvalue()


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--output", default="bench/results/deadline_batch.json")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "CCHC_HOME": home,
            "DATABASE_URL": f"sqlite:///{home}/var/cchc.sqlite3",
            "DJANGO_SETTINGS_MODULE": "cchc.settings",
            "PYTHONPATH": str(ROOT / "src"),
        }
        cli = [sys.executable, "-m", "cchc.cli"]
        started = timer.perf_counter()
        subprocess.run([*cli, "setup"], env=env, check=True, capture_output=True)
        setup_s = timer.perf_counter() - started
        path = Path(home) / "rows.csv"
        path.write_text(make_csv(args.n), encoding="utf-8")

        started = timer.perf_counter()
        subprocess.run(
            [*cli, "deadline", "--unit", UNIT, "--received", "2025-03-03T09:00", "--days", "1"],
            env=env,
            check=True,
            capture_output=True,
        )
        single_s = timer.perf_counter() - started

        started = timer.perf_counter()
        done = subprocess.run(
            [*cli, "deadline", "--unit", UNIT, "--batch", str(path)], env=env, capture_output=True, text=True
        )
        batch_s = timer.perf_counter() - started
        if done.returncode:
            print(done.stderr[:2000])
            raise SystemExit(1)
        rows = list(csv.reader(io.StringIO(done.stdout)))[1:]

        os.environ.update({k: env[k] for k in ("CCHC_HOME", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")})
        import django

        django.setup()
        from cchc.core.parsing import parse_decimal, parse_instant
        from cchc.org.models import Unit
        from cchc.workdays.selectors import due_for

        unit = Unit.objects.get(code=UNIT)
        sample = random.Random(SEED + 1).sample(range(len(rows)), min(2000, len(rows)))
        mismatches = sum(
            due_for(unit, parse_instant(rows[i][0]), parse_decimal(rows[i][1])).isoformat() != rows[i][2]
            for i in sample
        )

    result = {
        "n": args.n,
        "seed": SEED,
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpu_count": os.cpu_count(),
        },
        "setup_s": round(setup_s, 2),
        "single_command_s": round(single_s, 3),
        "batch_command_s": round(batch_s, 3),
        "batch_rows_per_s": round(args.n / batch_s),
        "checked_rows": len(sample),
        "mismatches_vs_scalar": mismatches,
    }
    print(f"cchc setup on a fresh SQLite home: {setup_s:.2f} s (not part of the figures below)")
    print(f"cchc deadline, one receipt: {single_s:.3f} s (process start included)")
    print(
        f"cchc deadline --batch, {args.n:,} rows: {batch_s:.3f} s "
        f"({args.n / batch_s:,.0f} rows/s, end to end)"
    )
    print(
        f"sample of {len(sample):,} rows equal to the scalar engine: {mismatches == 0} "
        f"({mismatches} mismatches)"
    )
    output = ROOT / args.output
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"saved {output.relative_to(ROOT)}")
    if mismatches:
        raise SystemExit(1)
    return result


if __name__ == "__main__":
    main()
