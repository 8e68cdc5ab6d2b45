"""Benchmark of the procedure catalogue import/export at the size of a national catalogue.

Usage (from the repository root)::

    PYTHONPATH=src python bench/bench_procedures_import.py [--n 6000] [--output bench/results/procedures.json]

On a fresh SQLite database in a temporary folder (or ``DATABASE_URL``, which must then be an empty
database), it writes ``--n`` synthetic catalogue rows and times: the first import (every row added, with the
change log and the timeline), the same file again (nothing changes), an export to CSV, a file where every fee
changed (one new version per row), and a ``procedures_by_code`` + ``version_in_force`` lookup of every code.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import sys
import tempfile
import time as timer
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

HEADER = (
    "code,name,field,level,processing_days,processing_note,fee_vnd,fee_note,online_level,legal_basis,source"
)
FIELDS = ["Hộ tịch", "Chứng thực", "Đất đai", "Đăng ký hộ kinh doanh", "Bảo trợ xã hội", "Xây dựng"]


def _code(i: int) -> str:
    return f"{1 + i // 1_000_000}.{i % 1_000_000:06d}"


def _write(path: Path, n: int, fee_step: int) -> None:
    lines = [HEADER]
    for i in range(n):
        lines.append(
            f"{_code(i)},Thủ tục thử nghiệm số {i},{FIELDS[i % len(FIELDS)]},commune,"
            f"{i % 20},Ghi chú thời hạn {i},{(i % 50) * 1000 + fee_step},Ghi chú phí,"
            f"{'toan_trinh' if i % 2 else 'mot_phan'},Luật Hộ tịch 60/2014/QH13,bench"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _timed(func):
    start = timer.perf_counter()
    value = func()
    return timer.perf_counter() - start, value


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=6000, help="catalogue rows")
    parser.add_argument("--output", default="bench/results/procedures.json", help="JSON result file")
    opts = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="cchc-bench-procedures-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from cchc.procedures.interchange import read_file
    from cchc.procedures.selectors import procedures_by_code, version_in_force
    from cchc.procedures.services import catalogue_import

    call_command("migrate", interactive=False, verbosity=0)
    first, changed = folder / "catalogue.csv", folder / "changed.csv"
    _write(first, opts.n, 0)
    _write(changed, opts.n, 500)

    def do_import(path, effective=None):
        rows, problems = read_file(path)
        assert not problems, problems[:3]
        return catalogue_import(rows=rows, effective=effective, origin="bench")

    figures = {}
    figures["parse_s"], _ = _timed(lambda: read_file(first))
    figures["first_import_s"], result = _timed(lambda: do_import(first))
    assert len(result.added) == opts.n
    figures["reimport_unchanged_s"], result = _timed(lambda: do_import(first))
    assert result.unchanged == opts.n and not result.changed
    buffer = io.StringIO()
    figures["export_csv_s"], _ = _timed(lambda: call_command("export_procedures", stdout=buffer))
    figures["import_new_versions_s"], result = _timed(lambda: do_import(changed, date(2030, 1, 1)))
    assert len(result.new_versions) == opts.n
    codes = [_code(i) for i in range(opts.n)]

    def lookup():
        found = procedures_by_code(codes)
        return sum(version_in_force(found[c], date(2029, 12, 31)).fee_vnd for c in codes)

    figures["lookup_all_codes_s"], _ = _timed(lookup)
    report = {
        "benchmark": "procedures_import",
        "rows": opts.n,
        "database": django.db.connection.vendor,
        "figures": {k: round(v, 3) for k, v in figures.items()},
        "rows_per_second_first_import": round(opts.n / figures["first_import_s"]),
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
        },
    }
    Path(opts.output).parent.mkdir(parents=True, exist_ok=True)
    Path(opts.output).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    main()
