"""Generate a dossier interchange file (formats/dossiers-csv.md) of N rows, deterministic (seeded).

Usage: python bench/gen_dossiers.py N OUT.csv
Rows spread over the communes of province 68 (Lâm Đồng), 2024-2025, a mix of channels, computed and imported
due instants, supplements, ends, refusals and withdrawals.
"""

import csv
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from cchc.dossiers.interchange import COLUMNS as HEADER  # noqa: E402  (the contract's column order)

PROCEDURES = [
    ("1.001193", "Hộ tịch", "0"),
    ("2.000815", "Chứng thực", "0.5"),
    ("1.004873", "Hộ tịch", "3"),
    ("2.000884", "Chứng thực", "0.5"),
    ("1.000894", "Hộ tịch", "0"),
    ("2.001035", "Chứng thực", "1"),
]


def communes() -> list[str]:
    from cchc.org.reference import official_units  # the official list the setup loads

    return [u.code for u in official_units() if u.parent_code == "68"]


def fmt(moment: datetime | None) -> str:
    return "" if moment is None else moment.strftime("%Y-%m-%dT%H:%M:%S")


def generate(n: int, out_path: str, seed: int = 20250303) -> None:
    rng = random.Random(seed)
    units = communes()
    start = datetime(2024, 1, 1, 7, 0)
    span = 730 * 24 * 3600
    with open(out_path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(n):
            code, field, days = rng.choice(PROCEDURES)
            received = start + timedelta(seconds=rng.randrange(span))
            due = ""
            if rng.random() < 0.2:
                due = fmt(received + timedelta(days=rng.choice((1, 3, 7))))
            requested = received_supp = None
            count = ""
            if rng.random() < 0.1:
                requested = received + timedelta(hours=rng.randrange(1, 30))
                received_supp = (
                    requested + timedelta(hours=rng.randrange(1, 72)) if rng.random() < 0.8 else None
                )
                count = "2" if rng.random() < 0.1 else "1"
            roll = rng.random()
            finished = returned = stopped = None
            outcome = ""
            base = received_supp or requested or received
            if roll < 0.8:
                finished = base + timedelta(hours=rng.randrange(1, 200))
                returned = finished + timedelta(hours=rng.randrange(0, 48)) if rng.random() < 0.7 else None
            elif roll < 0.85:
                stopped = base + timedelta(hours=rng.randrange(1, 48))
                outcome = "refused" if rng.random() < 0.5 else "withdrawn"
            fee = rng.choice(("0", "0", "2000", "10000", "50.000"))
            writer.writerow(
                [
                    f"BENCH-{i:08d}",
                    rng.choice(units),
                    code,
                    "",
                    field,
                    days,
                    rng.choice(("online", "online", "direct", "postal")),
                    fmt(received),
                    due,
                    fmt(requested),
                    fmt(received_supp),
                    count,
                    fmt(finished),
                    fmt(returned),
                    fmt(stopped),
                    outcome,
                    fee,
                    rng.choice("01"),
                    rng.choice("01"),
                    rng.choice("01"),
                    "1" if rng.random() < 0.05 else "0",
                ]
            )


if __name__ == "__main__":
    generate(int(sys.argv[1]), sys.argv[2])
