"""Run every benchmark script ``bench/bench_*.py`` in turn (``make bench``).

Each script is run with this interpreter from the repository root, with ``src`` on ``PYTHONPATH``, its own
default arguments, and prints its figures; by convention it saves them as ``bench/results/<name>.json``.
Add a benchmark by adding a ``bench_<name>.py`` script: nothing here needs to change.

Usage: ``python bench/run_all.py [NAME ...]`` (e.g. ``deadlines`` for ``bench_deadlines.py``; default all).
Exits 1 when a script fails (the others still run).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


def scripts(names: list[str]) -> list[Path]:
    found = sorted(BENCH.glob("bench_*.py"))
    if not names:
        return found
    wanted = {n.removeprefix("bench_").removesuffix(".py") for n in names}
    unknown = wanted - {p.stem.removeprefix("bench_") for p in found}
    if unknown:
        raise SystemExit(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    return [p for p in found if p.stem.removeprefix("bench_") in wanted]


def main(argv: list[str] | None = None) -> int:
    names = list(sys.argv[1:] if argv is None else argv)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH", "")]))
    failed = []
    for script in scripts(names):
        print(f"=== {script.relative_to(ROOT)}", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(script)], cwd=ROOT, env=env)
        print(f"=== {script.name}: exit {code} in {time.perf_counter() - started:.1f} s\n", flush=True)
        if code:
            failed.append(script.name)
    if failed:
        print(f"FAILED: {', '.join(failed)}")
        return 1
    print("all benchmarks ran; results in bench/results/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
