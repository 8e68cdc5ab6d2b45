"""The derived values of a dossier (``formats/dossiers-csv.md`` "Derived values", ``report-dossiers.md``).

- ``end`` = the first non-blank of ``finished_at``, ``returned_at``, ``stopped_at``;
- ``pause`` = ``supplement_received_at − supplement_requested_at`` when both are set;
- ``adjusted_end`` = ``end − pause``;
- timeliness of an ended, not withdrawn dossier: late if ``supplement_count`` > 1 or
  ``adjusted_end`` > ``due``; else early if the local date of ``adjusted_end`` is before the local date
  of ``due``; else on time.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
ZERO = timedelta(0)


def end_of(finished_at, returned_at, stopped_at):
    return finished_at or returned_at or stopped_at


def pause_of(requested_at, received_at) -> timedelta | None:
    if requested_at is not None and received_at is not None:
        return received_at - requested_at
    return None


def timeliness_of(
    *, adjusted_end: datetime | None, due: datetime, supplement_count: int, outcome: str
) -> str:
    if adjusted_end is None or outcome == "withdrawn":
        return ""
    if supplement_count > 1 or adjusted_end > due:
        return "late"
    if adjusted_end.astimezone(LOCAL_TZ).date() < due.astimezone(LOCAL_TZ).date():
        return "early"
    return "on_time"


def status_of(values: dict) -> str:
    outcome = values.get("outcome") or ""
    ended = end_of(values.get("finished_at"), values.get("returned_at"), values.get("stopped_at"))
    if ended is not None and outcome in ("withdrawn", "refused"):
        return outcome
    if values.get("returned_at") is not None:
        return "returned"
    if values.get("finished_at") is not None:
        return "finished"
    if values.get("supplement_requested_at") is not None and values.get("supplement_received_at") is None:
        return "awaiting_supplement"
    return "processing"


def derive_values(values: dict) -> dict:
    """The derived columns for a dict of the stored values (used by bulk imports and by ``derive``)."""
    end = end_of(values.get("finished_at"), values.get("returned_at"), values.get("stopped_at"))
    pause = pause_of(values.get("supplement_requested_at"), values.get("supplement_received_at"))
    adjusted = end - pause if end is not None and pause is not None else end
    return {
        "end_at": end,
        "pause": pause,
        "adjusted_end_at": adjusted,
        "due_plus_pause_at": values["due_at"] + pause if pause is not None else values["due_at"],
        "timeliness": timeliness_of(
            adjusted_end=adjusted,
            due=values["due_at"],
            supplement_count=values.get("supplement_count") or 0,
            outcome=values.get("outcome") or "",
        ),
        "status": status_of(values),
    }


DERIVED_FIELDS = ("end_at", "pause", "adjusted_end_at", "due_plus_pause_at", "timeliness", "status")
INPUT_FIELDS = (
    "due_at",
    "finished_at",
    "returned_at",
    "stopped_at",
    "supplement_requested_at",
    "supplement_received_at",
    "supplement_count",
    "outcome",
)


def derive(dossier) -> None:
    """Recompute a dossier's derived fields in place."""
    values = {name: getattr(dossier, name) for name in INPUT_FIELDS}
    for name, value in derive_values(values).items():
        setattr(dossier, name, value)
