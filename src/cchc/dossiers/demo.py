"""Demo dossiers: two years (1/1/2025 to the day of loading) for five communes of the demo province 68,
consistent with the deadline rule, deterministic (fixed seed) and fast (bulk writes covered by one
:class:`~cchc.dossiers.models.ImportBatch`, events inserted in bulk).

What is generated, per commune and day (numbers are illustrative, in the seeds' spirit):

- receipts at the desk on working days in office hours (direct, some by post) and online at any hour; the
  online share grows from about 45% (early 2025) to about 62% (late 2026);
- procedures of the starter catalogue that have a processing time, weighted like a ward's desk (certification
  and civil status first);
- due instants from the real calendar of the unit (``due_many``); ends placed relative to the due instant with
  the vectorised engine: mostly early or on time, about 3% late, a few stalled dossiers still pending
  (some overdue now), supplements (6%, some with two requests), apology letters for most late ones (a few sent
  too late), refusals and withdrawals, digitisation, e-results, online payments and some dissatisfied ratings.
"""

import json
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import numpy as np
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from cchc.core.models import Event
from cchc.core.parsing import LOCAL_TZ
from cchc.dossiers.models import (
    Dossier,
    DueSource,
    ImportBatch,
    Origin,
    ReturnMethod,
    new_public_token,
    search_key,
)
from cchc.dossiers.rules import derive_values
from cchc.org.models import Unit

DEMO_LABEL = "demo:dossiers"
SEED = 20250101
START = date(2025, 1, 1)
OFFICER = "motcua.phanthiet"

#: (commune code, receipts per working day at the desk and online together)
UNITS = [("22945", 8.0), ("22933", 5.5), ("22918", 5.0), ("22960", 4.5), ("23089", 3.5)]

#: Procedure code → weight (how often a ward's desk receives it).
PROCEDURE_WEIGHTS = {
    "2.000815": 30,  # chứng thực bản sao từ bản chính
    "2.000884": 10,  # chứng thực chữ ký
    "1.001193": 12,  # đăng ký khai sinh
    "1.000656": 4,  # đăng ký khai tử
    "1.000894": 4,  # đăng ký kết hôn
    "1.004873": 7,  # xác nhận tình trạng hôn nhân
    "2.000635": 6,  # bản sao trích lục hộ tịch
    "1.004859": 2,  # thay đổi, cải chính hộ tịch
    "1.000689": 1,  # khai sinh kết hợp nhận cha, mẹ, con
    "1.004884": 1,  # đăng ký lại khai sinh
    "1.004837": 0.4,  # đăng ký giám hộ
    "1.001612": 2.5,  # thành lập hộ kinh doanh
    "2.000720": 1.5,  # thay đổi hộ kinh doanh
    "2.000575": 0.7,  # cấp lại giấy chứng nhận hộ kinh doanh
    "1.001266": 0.8,  # chấm dứt hộ kinh doanh
    "1.001776": 1.5,  # trợ cấp xã hội hằng tháng
    "1.014027": 1,  # trợ cấp hưu trí xã hội
    "1.001731": 0.5,  # hỗ trợ mai táng
    "1.010833": 0.8,  # xác nhận thân nhân người có công
    "1.010803": 0.3,  # trợ cấp thờ cúng liệt sĩ
    "1.011609": 0.5,  # hộ có mức sống trung bình
    "1.012812": 0.6,  # hòa giải tranh chấp đất đai
    "1.013227": 0.4,  # gia hạn giấy phép xây dựng
    "1.003622": 0.2,  # thông báo lễ hội
}

FAMILY = [
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Huỳnh", 5), ("Hoàng", 3), ("Phan", 4.5),
    ("Võ", 4), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 1.5), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1), ("Lý", 0.5),
    ("Trương", 1), ("Đinh", 0.6), ("Lương", 0.5),
]  # fmt: skip
MIDDLE_MALE = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Xuân", "Công", "Ngọc", "Hoàng"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Bích", "Hồng"]
GIVEN_MALE = ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Khang", "Long", "Nam", "Phúc",
              "Quang", "Sơn", "Tài", "Thắng", "Toàn", "Trung", "Tuấn", "Vinh"]  # fmt: skip
GIVEN_FEMALE = ["Anh", "Chi", "Dung", "Giang", "Hà", "Hằng", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai",
                "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Thảo", "Trang", "Yến"]  # fmt: skip

DAY = 8 * 3600  # office seconds per working day with the default hours
SUPPLEMENT_REASONS = [
    "Bổ sung bản sao giấy tờ tùy thân",
    "Bổ sung giấy xác nhận thông tin về cư trú",
    "Hoàn thiện tờ khai theo mẫu quy định",
]


@dataclass
class _Row:
    received: datetime
    channel: str
    procedure: object
    version: object
    values: dict = field(default_factory=dict)
    events: list = field(default_factory=list)  # (verb, instant, message, data)


def is_loaded() -> bool:
    return ImportBatch.objects.filter(file_name=DEMO_LABEL).exists()


def _catalogue() -> list[tuple[object, object, float]]:
    from cchc.procedures.selectors import procedures_by_code

    found = procedures_by_code(PROCEDURE_WEIGHTS)
    result = []
    for code, weight in PROCEDURE_WEIGHTS.items():
        procedure = found.get(code)
        version = procedure.latest_version() if procedure is not None else None
        if version is not None and version.processing_days is not None and version.processing_unit == "days":
            result.append((procedure, version, weight))
    return result


def _epoch(moments) -> np.ndarray:
    return np.array([int(m.timestamp()) for m in moments], dtype=np.int64)


def _instants(values: np.ndarray) -> list[datetime]:
    return [datetime.fromtimestamp(int(v), LOCAL_TZ) for v in values]


class _Clock:
    """Working-time arithmetic of one unit on the vectorised engine."""

    def __init__(self, unit):
        from cchc.workdays.selectors import BULK_END, BULK_START, unit_calendar

        uc = unit_calendar(unit)
        self.calendar, self.hours, self.span = uc.calendar, uc.hours, (BULK_START, BULK_END)

    def shift(self, starts: np.ndarray, seconds: np.ndarray) -> np.ndarray:
        """The instants ``seconds`` (> 0) of office time after ``starts`` (epoch seconds)."""
        from cchc.workdays.engine import compute_due_bulk

        return compute_due_bulk(starts, np.maximum(seconds, 1), self.calendar, self.hours, *self.span)


def _receipts(unit, per_day: float, rng: random.Random, nrng: np.random.Generator, now: datetime):
    """(instant, channel) of every receipt of the unit from START to now, in order."""
    from cchc.workdays.selectors import calendar_for

    calendar = calendar_for(unit)
    result = []
    day, last = START, now.astimezone(LOCAL_TZ).date()
    total_days = (last - START).days or 1
    while day <= last:
        progress = (day - START).days / total_days
        online_share = 0.45 + 0.17 * progress
        working = calendar.is_working(day)
        n_online = nrng.poisson(per_day * online_share * (1.0 if working else 0.12))
        n_desk = nrng.poisson(per_day * (1 - online_share)) if working else 0
        for _ in range(n_desk):
            if rng.random() < 0.62:
                seconds = rng.randint(7 * 3600 + 1800, 11 * 3600 + 1500)
            else:
                seconds = rng.randint(13 * 3600, 16 * 3600 + 3300)
            channel = "postal" if rng.random() < 0.07 else "direct"
            result.append((datetime.combine(day, time(), LOCAL_TZ) + timedelta(seconds=seconds), channel))
        for _ in range(n_online):
            seconds = rng.randint(6 * 3600, 23 * 3600) if rng.random() < 0.93 else rng.randint(0, 86399)
            result.append((datetime.combine(day, time(), LOCAL_TZ) + timedelta(seconds=seconds), "online"))
        day += timedelta(days=1)
    return sorted(r for r in result if r[0] < now)


def _person(rng: random.Random) -> tuple[str, str]:
    family = rng.choices([f for f, _ in FAMILY], weights=[w for _, w in FAMILY])[0]
    if rng.random() < 0.5:
        name = f"{family} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"
    else:
        name = f"{family} {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}"
    phone = f"0{rng.choice('3579')}{rng.randint(10_000_000, 99_999_999)}" if rng.random() < 0.86 else ""
    return name, phone


def _plan(unit, per_day, catalogue, rng, nrng, now) -> list[_Row]:
    """Receipts, due instants and the lifecycle of every demo dossier of one unit."""
    from cchc.workdays.selectors import due_many

    receipts = _receipts(unit, per_day, rng, nrng, now)
    if not receipts:
        return []
    weights = [w for _, _, w in catalogue]
    rows = []
    for received, channel in receipts:
        procedure, version, _w = rng.choices(catalogue, weights=weights)[0]
        rows.append(_Row(received, channel, procedure, version))
    dues = due_many(unit, [(r.received, Decimal(r.version.processing_days)) for r in rows])
    clock = _Clock(unit)
    received = _epoch(r.received for r in rows)
    due = _epoch(dues)
    span = np.array([int(Decimal(r.version.processing_days) * DAY) for r in rows], dtype=np.int64)
    n = len(rows)
    late_share = np.linspace(0.045, 0.02, n)
    draw = nrng.random(n)
    kind = np.where(draw < 0.012, 1, np.where(draw < 0.027, 2, 0))  # 1 withdrawn, 2 refused, 0 approved
    late = (kind == 0) & (nrng.random(n) < late_share)
    recent = received > int((now - timedelta(days=60)).timestamp())
    stalled = recent & (nrng.random(n) < 0.006)
    # Working offset of the (adjusted) end from receipt: same-day procedures a few hours, others a share of
    # the processing time (mostly before the due date).
    same_day = span == 0
    fraction = np.where(kind == 0, nrng.uniform(0.15, 1.0, n), nrng.uniform(0.1, 0.7, n))
    offset = np.where(same_day, nrng.integers(900, 4 * 3600, n), (fraction * span).astype(np.int64))
    base_end = np.minimum(clock.shift(received, offset), due)
    base_end = np.where(late, clock.shift(due, nrng.integers(3600, 3 * DAY, n)), base_end)
    # Supplements: requested during processing, completed 1–8 working days later; the end moves by the pause.
    supplements = np.where(nrng.random(n) < 0.12, np.where(nrng.random(n) < 0.1, 2, 1), 0)
    supplements[same_day] = 0
    requested = clock.shift(received, np.maximum((offset * nrng.uniform(0.1, 0.6, n)).astype(np.int64), 1))
    completed = clock.shift(requested, nrng.integers(1, 9, n) * DAY)
    pause = np.where(supplements > 0, completed - requested, 0)
    end = base_end + pause
    returned = clock.shift(end, nrng.integers(1, 3 * DAY, n))
    returned = np.where(nrng.random(n) < 0.35, end, returned)
    apology_before = nrng.random(n)
    apology = clock.shift(received, np.maximum(span - nrng.integers(1, 3, n) * DAY, 1))
    apology = np.where(apology_before < 0.12, due - 1800, apology)  # sent too late
    apology_in_time = clock.shift(apology, np.full(n, DAY)) <= due  # a working day of office time still left
    new_due = clock.shift(due, 3 * DAY)
    plan = {
        "kind": kind,
        "late": late,
        "stalled": stalled,
        "supplements": supplements,
        "requested": requested,
        "completed": completed,
        "end": end,
        "returned": returned,
        "apology": apology,
        "apology_draw": apology_before,
        "apology_in_time": apology_in_time,
        "new_due": new_due,
        "extra": nrng.random((n, 5)),
    }
    now_ts = int(now.timestamp())
    for i, row in enumerate(rows):
        _lifecycle(
            row, {name: values[i] for name, values in plan.items()}, due=dues[i], now_ts=now_ts, rng=rng
        )
    return rows


def _at(value) -> datetime:
    return datetime.fromtimestamp(int(value), LOCAL_TZ)


def _lifecycle(row: _Row, p: dict, *, due: datetime, now_ts: int, rng: random.Random) -> None:
    """The stored values and timeline events of one demo dossier from its planned instants ``p``."""
    online = row.channel == "online"
    fee = row.version.fee_vnd or 0
    extra = p["extra"]
    v = {
        "due_at": due,
        "supplement_requested_at": None,
        "supplement_received_at": None,
        "supplement_count": 0,
        "finished_at": None,
        "returned_at": None,
        "stopped_at": None,
        "outcome": "",
        "digitized": bool(online or extra[0] < (0.82 if row.channel == "direct" else 0.7)),
        "e_result": False,
        "paid_online": bool(fee > 0 and extra[1] < (0.75 if online else 0.08)),
        "disliked": False,
        "apology_sent_at": None,
        "apology_new_due_at": None,
        "apology_reason": "",
        "return_method": "",
        "rated_at": None,
        "supplement_reason": "",
        "stop_reason": "",
    }
    row.events.append(("received", row.received, f"{row.procedure.code} {row.procedure.name}", {}))
    if v["paid_online"]:
        row.events.append(("paid_online", row.received + timedelta(minutes=5), f"{fee} đ", {"fee_vnd": fee}))
    if p["supplements"] and p["requested"] < now_ts:
        v["supplement_count"] = int(p["supplements"])
        v["supplement_requested_at"] = _at(p["requested"])
        v["supplement_reason"] = rng.choice(SUPPLEMENT_REASONS)
        row.events.append(("supplement_requested", v["supplement_requested_at"], v["supplement_reason"], {}))
        if p["completed"] < now_ts:
            v["supplement_received_at"] = _at(p["completed"])
            row.events.append(("supplement_completed", v["supplement_received_at"], "", {}))
    due_ts = int(due.timestamp())
    overdue_now = due_ts < now_ts and (p["stalled"] or p["end"] > now_ts)
    if (p["late"] or overdue_now) and p["kind"] == 0 and p["apology"] < now_ts and p["apology_draw"] < 0.65:
        v["apology_sent_at"] = _at(p["apology"])
        v["apology_new_due_at"] = _at(p["new_due"])
        v["apology_reason"] = "Hồ sơ cần xác minh thêm với cơ quan liên quan"
        in_time = bool(p["apology_in_time"])
        row.events.append(("apology_sent", v["apology_sent_at"], v["apology_reason"], {"in_time": in_time}))
    waiting = p["supplements"] and v["supplement_received_at"] is None
    ended = not p["stalled"] and not waiting and p["end"] <= now_ts
    if ended and p["kind"] in (1, 2):
        v["stopped_at"] = _at(p["end"])
        v["outcome"] = "withdrawn" if p["kind"] == 1 else "refused"
        v["stop_reason"] = "Người nộp xin rút hồ sơ" if p["kind"] == 1 else "Không đủ điều kiện theo quy định"
        row.events.append((v["outcome"], v["stopped_at"], v["stop_reason"], {}))
    elif ended:
        v["finished_at"] = _at(p["end"])
        v["outcome"] = "approved"
        v["e_result"] = bool(row.version.requires_result_document and extra[2] < (0.85 if online else 0.35))
        row.events.append(("finished", v["finished_at"], "", {"e_result": v["e_result"]}))
        if p["returned"] <= now_ts:
            v["returned_at"] = _at(p["returned"])
            if online and v["e_result"]:
                v["return_method"] = ReturnMethod.ONLINE
            else:
                v["return_method"] = ReturnMethod.POST if row.channel == "postal" else ReturnMethod.COUNTER
            row.events.append(("returned", v["returned_at"], "", {"method": str(v["return_method"])}))
            v["disliked"] = bool(extra[3] < (0.04 if p["late"] else 0.008))
            if extra[4] < 0.3 or v["disliked"]:
                v["rated_at"] = v["returned_at"]
                row.events.append(("rated", v["rated_at"], "", {"satisfied": not v["disliked"]}))
    row.values = v


@transaction.atomic
def load_demo_dossiers(now: datetime | None = None) -> int:
    """Load the demo dossiers once; returns how many were created (0 when already there)."""
    if is_loaded():
        return 0
    now = (now or timezone.now()).replace(microsecond=0)
    batch = ImportBatch.objects.create(file_name=DEMO_LABEL, sha256="", actor_label="demo")
    catalogue = _catalogue()
    officer = get_user_model().objects.filter(username=OFFICER).first()
    rng, nrng = random.Random(SEED), np.random.default_rng(SEED)
    units = {u.code: u for u in Unit.objects.filter(code__in=[c for c, _ in UNITS])}
    created = 0
    for code, per_day in UNITS:
        unit = units.get(code)
        if unit is None or not catalogue:
            continue
        rows = _plan(unit, per_day, catalogue, rng, nrng, now)
        created += _write(unit, rows, rng, batch, officer if code == "22945" else None)
    batch.rows = batch.created = created
    batch.finished_at = now
    batch.save()
    return created


def _fast_insert(model, rows: list[dict]) -> None:
    """INSERT plain rows (dicts keyed by column attname, defaults filled in) with ``executemany``: the demo's
    rows are covered by its :class:`ImportBatch` (STYLE.md allows bulk writes under an import record), and
    Django's per-value preparation in ``bulk_create`` would take most of the loading time."""
    if not rows:
        return
    ops = connection.ops
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]

    sqlite = connection.vendor == "sqlite"

    def adapter(f):
        kind = f.get_internal_type()
        if kind == "DateTimeField" and sqlite:  # what Django stores: naive UTC text
            return lambda v: v.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
        if kind == "JSONField" and sqlite:
            return json.dumps
        if kind == "DateTimeField":
            return ops.adapt_datetimefield_value
        if kind == "DecimalField":
            return lambda v: ops.adapt_decimalfield_value(v, f.max_digits, f.decimal_places)
        if kind in ("DurationField", "JSONField"):
            return lambda v: f.get_db_prep_save(v, connection)
        return None

    convert = [(f.attname, adapter(f)) for f in fields]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        ops.quote_name(model._meta.db_table),
        ", ".join(ops.quote_name(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    params = [tuple(r[a] if fn is None or r[a] is None else fn(r[a]) for a, fn in convert) for r in rows]
    with connection.cursor() as cursor:
        for start in range(0, len(params), 2000):
            cursor.executemany(sql, params[start : start + 2000])


def _defaults(model) -> dict:
    return {f.attname: f.get_default() for f in model._meta.concrete_fields if not f.primary_key}


def _write(unit, rows: list[_Row], rng: random.Random, batch, officer) -> int:
    base = _defaults(Dossier)
    dossiers, seq = [], {}
    for row in rows:
        day = row.received.astimezone(LOCAL_TZ).strftime("%y%m%d")
        seq[day] = seq.get(day, 0) + 1
        code = f"{unit.code}-{day}-{seq[day]:03d}"
        name, phone = _person(rng)
        values = {**base, **row.values}
        values.update(derive_values(values))
        values.update(
            code=code,
            receiving_unit_id=unit.pk,
            procedure_id=row.procedure.pk,
            procedure_version_id=row.version.pk,
            field=row.procedure.field,
            processing_days=Decimal(row.version.processing_days),
            channel=row.channel,
            received_at=row.received,
            due_source=DueSource.COMPUTED,
            fee_vnd=row.version.fee_vnd or 0,
            applicant_name=name,
            applicant_phone=phone,
            applicant_address=f"Khu phố {rng.randint(1, 12)}, {unit.name}",
            origin=Origin.DESK,
            public_token=new_public_token(),
            received_by_id=officer.pk if officer is not None and row.channel != "online" else None,
            import_batch_id=batch.pk,
            search_text=search_key(code, name, phone),
        )
        dossiers.append(values)
    _fast_insert(Dossier, dossiers)
    ids = dict(Dossier.objects.filter(import_batch=batch, receiving_unit=unit).values_list("code", "pk"))
    content_type_id = ContentType.objects.get_for_model(Dossier).pk
    label = officer.get_username() if officer is not None else "demo"
    events = [
        {
            "content_type_id": content_type_id,
            "object_id": str(ids[values["code"]]),
            "verb": verb,
            "message": message,
            "actor_id": officer.pk if officer is not None and verb != "rated" else None,
            "actor_label": label,
            "unit_code": unit.code,
            "at": at,
            "data": data,
        }
        for values, row in zip(dossiers, rows, strict=True)
        for verb, at, message, data in row.events
    ]
    _fast_insert(Event, events)
    return len(dossiers)
