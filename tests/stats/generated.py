"""A generated, varied dossier file around the first quarter of 2025 (fixed seed): every branch of the report
(carried over, each channel, early / on time / late with pauses and repeated supplements, withdrawn, refused,
pending within / overdue with open supplements) appears many times, in two wards of province 68 and three
fields (one of them blank)."""

import random
from datetime import datetime, timedelta

from tests.dossier_files import row

FIELDS = [("1.001193", "Hộ tịch"), ("2.000815", "Chứng thực"), ("9.9", "")]
START = datetime(2024, 12, 1, 7, 0)


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def generated_rows(n: int = 240, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    lines = []
    for i in range(n):
        procedure, field = FIELDS[i % 3]
        received = START + timedelta(days=rnd.randint(0, 140), minutes=rnd.randint(0, 600))
        due = received + timedelta(days=rnd.choice([0, 1, 3, 5, 10]), hours=rnd.randint(1, 8))
        values = {
            "code": f"G-{i:04d}",
            "unit_code": rnd.choice(["22933", "22945"]),
            "procedure_code": procedure,
            "procedure_name": "Thủ tục không có lĩnh vực" if not field else "",
            "field": field,
            "channel": rnd.choice(["direct", "online", "postal"]),
            "received_at": _iso(received),
            "due_at": _iso(due),
            "fee_vnd": rnd.choice(["0", "0", "20000"]),
            "paid_online": rnd.choice(["0", "1"]),
            "digitized": rnd.choice(["0", "1"]),
            "e_result": rnd.choice(["0", "1"]),
            "disliked": "1" if rnd.random() < 0.1 else "0",
        }
        if rnd.random() < 0.3:
            requested = received + timedelta(hours=rnd.randint(1, 30))
            values["supplement_requested_at"] = _iso(requested)
            values["supplement_count"] = rnd.choice(["1", "1", "2"])
            if rnd.random() < 0.7:
                values["supplement_received_at"] = _iso(requested + timedelta(hours=rnd.randint(1, 120)))
        latest = received
        if "supplement_received_at" in values:
            latest = datetime.fromisoformat(values["supplement_received_at"])
        fate = rnd.random()
        end = latest + timedelta(hours=rnd.randint(1, 24 * 12))
        if fate < 0.55:
            values["finished_at"] = _iso(end)
            if rnd.random() < 0.5:
                values["returned_at"] = _iso(end + timedelta(hours=2))
        elif fate < 0.65:
            values["stopped_at"] = _iso(end)
            values["outcome"] = rnd.choice(["withdrawn", "refused"])
        lines.append(row(**values))
    return lines
