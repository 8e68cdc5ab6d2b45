"""Benchmark of the vectorised deadline engine against a straightforward per-pair loop.

Usage (from the repository root)::

    PYTHONPATH=src python bench/bench_deadlines.py [--n 1000000] [--naive-n 20000] \
        [--output bench/results/deadlines.json]

Generates ``--n`` random (receipt instant, processing days) pairs over 2020-2030 as numpy arrays (fixed seed),
times ``compute_due_bulk`` from arrays to the array of due instants (the calendar and the per-day table are
built beforehand and timed separately), times a straightforward loop (per pair, step through office sessions
day by day, with one ``holidays.VN`` object created once) on ``--naive-n`` pairs, scales it to ``--n``,
checks that both give the same due instants on those pairs and reports the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time as timer
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from pathlib import Path

import holidays
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from cchc.workdays.engine import (  # noqa: E402
    DEFAULT_HOURS,
    LOCAL_TZ,
    WorkCalendar,
    build_segment_table,
    compute_due,
    compute_due_bulk,
)

SEED = 20250303
PROCESSING_DAYS = (0, 0.5, 1, 2, 3, 5, 7, 10, 15, 20, 30)
RECEIPT_FIRST = date(2020, 1, 1)
RECEIPT_LAST = date(2030, 12, 31)
CALENDAR_YEARS = range(2019, 2033)
TABLE_START, TABLE_END = date(2019, 12, 1), date(2032, 12, 31)


def make_pairs(n: int, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """Random receipts (epoch seconds) and processing times (hundredths of a day), as int64 arrays.

    80 % of receipts are uniform over 2020-2030 (most fall outside office hours), 20 % sit exactly on an
    office-session boundary (07:30, 11:30, 13:00, 17:00) or one second off it. 90 % of processing times come
    from {0, 0.5, 1, 2, 3, 5, 7, 10, 15, 20, 30} days, 10 % are any value from 0.01 to 30.00 days.
    """
    rng = np.random.default_rng(seed)
    first = int(datetime.combine(RECEIPT_FIRST, time(0), tzinfo=LOCAL_TZ).timestamp())
    last = int(datetime.combine(RECEIPT_LAST, time(23, 59, 59), tzinfo=LOCAL_TZ).timestamp())
    received = rng.integers(first, last + 1, size=n, dtype=np.int64)
    boundary = rng.random(n) < 0.2
    boundaries = np.array([s for pair in DEFAULT_HOURS.bounds for s in pair], dtype=np.int64)
    local_offset = 7 * 3600
    local_midnight = (received + local_offset) // 86400 * 86400 - local_offset
    snapped = local_midnight + rng.choice(boundaries, size=n) + rng.integers(-1, 2, size=n)
    received = np.where(boundary, snapped, received)

    cents = np.round(np.array(PROCESSING_DAYS) * 100).astype(np.int64)[
        rng.integers(0, len(PROCESSING_DAYS), n)
    ]
    free = rng.random(n) < 0.1
    cents = np.where(free, rng.integers(1, 3001, size=n, dtype=np.int64), cents)
    return received, cents


def naive_due(received_epoch: int, processing_seconds: int, vn: holidays.HolidayBase) -> int:
    """Straightforward loop: walk day by day and session by session from the receipt."""
    received = datetime.fromtimestamp(received_epoch, LOCAL_TZ).replace(tzinfo=None)
    remaining = processing_seconds
    day = received.date()
    while True:
        if vn.is_working_day(day):
            for start, end in DEFAULT_HOURS.sessions:
                session_start = datetime.combine(day, start)
                session_end = datetime.combine(day, end)
                if session_end <= received:
                    continue
                begin = max(session_start, received)
                if processing_seconds == 0:
                    due = datetime.combine(day, DEFAULT_HOURS.sessions[-1][1])
                    return int(due.replace(tzinfo=LOCAL_TZ).timestamp())
                available = int((session_end - begin).total_seconds())
                if remaining <= available:
                    due = begin + timedelta(seconds=remaining)
                    return int(due.replace(tzinfo=LOCAL_TZ).timestamp())
                remaining -= available
        day += timedelta(days=1)


def timed(func, repeat: int) -> tuple[list[float], object]:
    durations, result = [], None
    for _ in range(repeat):
        started = timer.perf_counter()
        result = func()
        durations.append(timer.perf_counter() - started)
    return durations, result


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="pairs for the vectorised engine")
    parser.add_argument("--naive-n", type=int, default=20_000, help="pairs for the straightforward loop")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of the vectorised engine")
    parser.add_argument("--output", default="bench/results/deadlines.json", help="JSON result file")
    args = parser.parse_args(argv)

    started = timer.perf_counter()
    received, cents = make_pairs(args.n)
    generate_s = timer.perf_counter() - started
    per_day = DEFAULT_HOURS.seconds_per_day
    assert per_day % 100 == 0, "processing days with two decimals must be whole seconds"
    processing = cents * (per_day // 100)

    started = timer.perf_counter()
    calendar = WorkCalendar.from_holidays(CALENDAR_YEARS)
    calendar_s = timer.perf_counter() - started

    build_segment_table.cache_clear()
    started = timer.perf_counter()
    table = build_segment_table(calendar, DEFAULT_HOURS, TABLE_START, TABLE_END)
    table_s = timer.perf_counter() - started

    bulk_runs, due = timed(
        lambda: compute_due_bulk(received, processing, calendar, DEFAULT_HOURS, TABLE_START, TABLE_END),
        args.repeat,
    )
    bulk_best, bulk_median = min(bulk_runs), statistics.median(bulk_runs)

    naive_n = min(args.naive_n, args.n)
    vn = holidays.VN(years=CALENDAR_YEARS)  # created once, outside the timed loop
    rows = list(zip(received[:naive_n].tolist(), processing[:naive_n].tolist(), strict=True))
    started = timer.perf_counter()
    naive = [naive_due(r, p, vn) for r, p in rows]
    naive_s = timer.perf_counter() - started
    naive_scaled_s = naive_s * args.n / naive_n
    mismatches = int(np.count_nonzero(np.array(naive, dtype=np.int64) != due[:naive_n]))

    scalar_n = min(2_000, args.n)
    started = timer.perf_counter()
    scalar = [
        int(compute_due(datetime.fromtimestamp(r, LOCAL_TZ), Fraction(c, 100), calendar).timestamp())
        for r, c in zip(received[:scalar_n].tolist(), cents[:scalar_n].tolist(), strict=True)
    ]
    scalar_s = timer.perf_counter() - started
    scalar_mismatches = int(np.count_nonzero(np.array(scalar, dtype=np.int64) != due[:scalar_n]))

    result = {
        "n": args.n,
        "seed": SEED,
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpu_count": os.cpu_count(),
            "numpy": np.__version__,
            "holidays": holidays.__version__,
        },
        "generate_pairs_s": round(generate_s, 4),
        "calendar_build_s": round(calendar_s, 4),
        "segment_table_build_s": round(table_s, 4),
        "segment_table_sessions": table.size,
        "bulk_runs_s": [round(x, 4) for x in bulk_runs],
        "bulk_best_s": round(bulk_best, 4),
        "bulk_median_s": round(bulk_median, 4),
        "bulk_rows_per_s": round(args.n / bulk_median),
        "naive_n": naive_n,
        "naive_s": round(naive_s, 4),
        "naive_scaled_s": round(naive_scaled_s, 2),
        "ratio_naive_scaled_over_bulk_median": round(naive_scaled_s / bulk_median, 1),
        "naive_equals_bulk": mismatches == 0,
        "naive_mismatches": mismatches,
        "scalar_compute_due_n": scalar_n,
        "scalar_compute_due_s": round(scalar_s, 4),
        "scalar_compute_due_scaled_s": round(scalar_s * args.n / scalar_n, 2),
        "scalar_equals_bulk": scalar_mismatches == 0,
    }

    print(f"pairs: {args.n:,} (seed {SEED}), generated in {generate_s:.3f} s")
    print(
        f"calendar build (holidays.VN {CALENDAR_YEARS.start}-{CALENDAR_YEARS.stop - 1}): {calendar_s:.3f} s"
    )
    print(f"segment table build ({table.size:,} sessions {TABLE_START}..{TABLE_END}): {table_s:.3f} s")
    print(
        f"compute_due_bulk: best {bulk_best:.3f} s, median {bulk_median:.3f} s over {args.repeat} runs "
        f"({args.n / bulk_median:,.0f} rows/s)"
    )
    print(f"naive loop: {naive_s:.3f} s for {naive_n:,} pairs -> {naive_scaled_s:.1f} s scaled to {args.n:,}")
    print(f"ratio naive/bulk: {naive_scaled_s / bulk_median:.1f}x")
    print(f"naive == bulk on {naive_n:,} pairs: {mismatches == 0} ({mismatches} mismatches)")
    print(
        f"scalar compute_due: {scalar_s:.3f} s for {scalar_n:,} pairs "
        f"(-> {scalar_s * args.n / scalar_n:.1f} s scaled); equals bulk: {scalar_mismatches == 0}"
    )

    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"saved {output}")
    if mismatches or scalar_mismatches:
        raise SystemExit(1)
    return result


if __name__ == "__main__":
    main()
