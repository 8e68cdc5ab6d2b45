"""Writes of the one-stop desk: one service per transition (STYLE.md "Workflow").

Every service is keyword-only and atomic; it locks the dossier, checks its current status (an illegal
transition raises :class:`~cchc.core.errors.DomainError` with a Vietnamese message and changes nothing),
writes the values, lets :func:`cchc.dossiers.rules.derive` recompute status and timeliness on save (the change
log records the edit, Dossier is audited) and appends the timeline event in the same transaction.

Every service takes the acting user as the required keyword ``actor`` and asks the permission door
(:mod:`cchc.dossiers.permissions`) before it reads the state: a refusal raises
:class:`~cchc.core.permissions.Forbidden` and changes nothing. The command line and the demo pass
:func:`~cchc.core.permissions.system_actor`. The writes (change log, timeline) are attributed to ``actor``.

Separation of duties (docs/dossiers.md): the desk assigns a specialist (``assign``), who proposes the result
(``propose``); a leader of the competent unit approves it or sends it back (``approve``); only then, when
the procedure requires approval, is the result ready (``finish``) or the refusal recorded (``refuse``); the
desk returns it. Each of these hand-overs is a :class:`~cchc.dossiers.models.DossierStep` row and an event.

No transition moves the due instant: it is the appointment on the receipt (``formats/deadlines.md``).
Instants (``at``) default to now; a past instant may be given to record something done earlier, never one
before the receipt or in the future. A service may leave ``warnings`` (Vietnamese sentences) on the dossier it
returns, e.g. an apology sent later than the rule allows: recorded, not refused.
"""

import functools
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from cchc.core.audit import _actor_label, _request_id, acting_as, current_actor, record_event
from cchc.core.errors import DomainError
from cchc.core.parsing import LOCAL_TZ
from cchc.core.permissions import is_system, require
from cchc.dossiers import deadlines
from cchc.dossiers.models import (
    Channel,
    Dossier,
    DossierStep,
    DossierTransfer,
    DueSource,
    Origin,
    Outcome,
    ReturnMethod,
    Review,
    Status,
    StepKind,
)
from cchc.dossiers.permissions import SPECIALIST_ROLES, competent_unit
from cchc.procedures.text import clean, one_line

#: Status names in the messages of the services.
STATUS_VI = {
    Status.PROCESSING: "đang giải quyết",
    Status.AWAITING_SUPPLEMENT: "chờ bổ sung",
    Status.FINISHED: "đã có kết quả",
    Status.RETURNED: "đã trả kết quả",
    Status.REFUSED: "đã từ chối",
    Status.WITHDRAWN: "đã rút",
}
PENDING = frozenset({Status.PROCESSING, Status.AWAITING_SUPPLEMENT})
PROCESSING = frozenset({Status.PROCESSING})


@dataclass(frozen=True)
class Transition:
    """One transition: the statuses it starts from, the permission it needs (``cchc.dossiers.permissions``),
    the timeline verb it writes and its name in messages. Services, the dossier page and the tests read it."""

    allowed_from: frozenset
    permission: str
    verb: str
    action: str


UPDATE = "dossiers.dossier.update"
TRANSITIONS = {
    "request_supplement": Transition(PROCESSING, UPDATE, "supplement_requested", "yêu cầu bổ sung"),
    "complete_supplement": Transition(
        frozenset({Status.AWAITING_SUPPLEMENT}), UPDATE, "supplement_completed", "nhận hồ sơ bổ sung"
    ),
    "assign": Transition(PENDING, "dossiers.dossier.assign", "assigned", "giao thụ lý"),
    "propose": Transition(PROCESSING, "dossiers.dossier.propose", "proposed", "trình phê duyệt"),
    "approve": Transition(PROCESSING, "dossiers.dossier.approve", "approved", "phê duyệt"),
    "transfer": Transition(PENDING, UPDATE, "transferred", "chuyển hồ sơ"),
    "finish": Transition(PROCESSING, "dossiers.dossier.decide", "finished", "ghi nhận có kết quả"),
    "return": Transition(
        frozenset({Status.FINISHED}), "dossiers.dossier.return_result", "returned", "trả kết quả"
    ),
    "refuse": Transition(PENDING, "dossiers.dossier.decide", "refused", "từ chối hồ sơ"),
    "withdraw": Transition(PENDING, UPDATE, "withdrawn", "rút hồ sơ"),
    "apologise": Transition(PENDING, UPDATE, "apology_sent", "gửi văn bản xin lỗi"),
    "mark_paid_online": Transition(
        PENDING | {Status.FINISHED, Status.RETURNED}, UPDATE, "paid_online", "ghi nhận thanh toán trực tuyến"
    ),
    "rate": Transition(frozenset({Status.FINISHED, Status.RETURNED}), UPDATE, "rated", "ghi nhận đánh giá"),
}
#: How far in the future a recorded instant may lie (clocks of two machines differ a little).
CLOCK_SLACK = timedelta(minutes=5)
MAX_CODE_ATTEMPTS = 5


def _now() -> datetime:
    return timezone.now().replace(microsecond=0)


def _fmt(moment: datetime) -> str:
    return f"{moment.astimezone(LOCAL_TZ):%d/%m/%Y %H:%M}"


def _second(moment: datetime) -> datetime:
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=LOCAL_TZ)
    if moment.microsecond:
        moment = moment.replace(microsecond=0) + timedelta(seconds=moment.microsecond >= 500_000)
    return moment


def _locked(dossier: Dossier) -> Dossier:
    locked = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("receiving_unit", "competent_unit", "handling_unit", "procedure")
        .get(pk=dossier.pk)
    )
    locked.warnings = []
    return locked


def requires_approval(dossier: Dossier) -> bool:
    """Whether the result needs a leader's approval first (per procedure, on by default)."""
    return dossier.procedure.requires_approval


def approved_for(dossier: Dossier, outcome: str) -> bool:
    """Whether ``outcome`` (approved / refused) may be recorded: a leader approved it, or none needs to."""
    if not requires_approval(dossier):
        return True
    return dossier.review == Review.APPROVED and dossier.proposed_outcome == outcome


def allowed_actions(dossier: Dossier) -> list[str]:
    """The transitions that the dossier's current state allows (what its page offers; the actor's permission
    is asked separately)."""
    extra = {
        "assign": dossier.review not in (Review.PROPOSED, Review.APPROVED),
        "propose": dossier.specialist_id is not None and dossier.review in ("", Review.SENT_BACK),
        "approve": dossier.review == Review.PROPOSED,
        "finish": approved_for(dossier, Outcome.APPROVED),
        "refuse": approved_for(dossier, Outcome.REFUSED),
        "apologise": dossier.apology_sent_at is None,
        "mark_paid_online": dossier.fee_vnd > 0 and not dossier.paid_online,
        "rate": dossier.rated_at is None,
    }
    return [
        name
        for name, transition in TRANSITIONS.items()
        if dossier.status in transition.allowed_from and extra.get(name, True)
    ]


def _require(dossier: Dossier, transition: str, actor) -> None:
    """The door first (a refusal says nothing about the state), then the status."""
    step = TRANSITIONS[transition]
    require(actor, step.permission, dossier, f"Bạn không có quyền {step.action} hồ sơ {dossier.code}.")
    if dossier.status not in step.allowed_from:
        raise DomainError(
            "illegal_transition",
            f"Không thể {step.action}: hồ sơ {dossier.code} đang ở trạng thái “{STATUS_VI[dossier.status]}”.",
        )


@contextmanager
def _attributed(actor):
    """Attribute the writes inside the block (change log, timeline) to ``actor``."""
    if is_system(actor):
        context = acting_as(None, label=actor.label, request_id=_request_id.get())
    elif current_actor() is not None and current_actor().pk == actor.pk:
        context = nullcontext()
    else:
        context = acting_as(actor, request_id=_request_id.get())
    with context:
        yield


def service(func):
    """A write of the desk: keyword-only, ``actor`` required, atomic, attributed to the actor."""

    @functools.wraps(func)
    def run(*, actor, **kwargs):
        if actor is None:
            raise TypeError(f"{func.__name__}() needs an actor (a user, or system_actor() for commands)")
        with transaction.atomic(), _attributed(actor):
            return func(actor=actor, **kwargs)

    return run


def _instant(at: datetime | None, *, after: datetime, after_label: str, field: str = "at") -> datetime:
    """``at`` (default now) to the second, not in the future and not before ``after``."""
    moment = _second(at) if at is not None else _now()
    if moment > timezone.now() + CLOCK_SLACK:
        raise DomainError("future", f"Thời điểm {_fmt(moment)} ở tương lai.", field=field)
    if moment < after:
        raise DomainError(
            "before", f"Thời điểm {_fmt(moment)} trước {after_label} ({_fmt(after)}).", field=field
        )
    return moment


def _text(value: str, *, field: str, message: str, required: bool = True) -> str:
    """Free text normalised to NFC and trimmed (line breaks kept); ``message`` when required and blank."""
    text = clean(value or "")
    if required and not text:
        raise DomainError("required", message, field=field)
    return text


def _event(dossier: Dossier, verb: str, message: str, *, at: datetime, **data) -> None:
    record_event(dossier, verb, message, unit_code=dossier.holder.code, at=at, **data)


# ---------------------------------------------------------------------------------------------------------
# Intake
# ---------------------------------------------------------------------------------------------------------


def _new_code(unit, received_at: datetime) -> str:
    """``<unit code>-<yymmdd>-<seq>``: the next free sequence number of the unit's receipt day."""
    prefix = f"{unit.code}-{received_at.astimezone(LOCAL_TZ):%y%m%d}-"
    tails = (
        c[len(prefix) :]
        for c in Dossier.objects.filter(code__startswith=prefix).values_list("code", flat=True)
    )
    seq = max((int(t) for t in tails if t.isdigit()), default=0) + 1
    return f"{prefix}{seq:03d}"


def _phone(value: str) -> str:
    text = one_line(value or "")
    if not text:
        return ""
    digits = "".join(ch for ch in text if ch.isdigit())
    if any(ch not in "0123456789 +.-()" for ch in text) or not 8 <= len(digits) <= 15:
        raise DomainError(
            "invalid_phone",
            f"Số điện thoại không hợp lệ: “{text}” (8 đến 15 chữ số).",
            field="applicant_phone",
        )
    return text


@service
def dossier_receive(
    *,
    receiving_unit,
    procedure,
    channel: str,
    received_at: datetime | None = None,
    applicant_name: str,
    applicant_phone: str = "",
    applicant_address: str = "",
    competent_unit=None,
    fee_vnd: int | None = None,
    digitized: bool = False,
    code: str | None = None,
    actor,
    processing_days=None,
) -> Dossier:
    """Receive a dossier at ``receiving_unit``'s desk (the officer fills it for the citizen).

    The due instant comes from the deadline rule with the procedure version in force on the receipt date and
    its cut-off; ``processing_days`` (working days) is only needed when the catalogue has no processing time.
    ``fee_vnd`` defaults to the version's fee; ``code`` to ``<unit code>-<yymmdd>-<seq>``. ``actor`` is the
    officer (``system_actor()`` for a command), who must be allowed ``dossiers.dossier.receive`` there.
    """
    from cchc.workdays.selectors import office_hours_for

    if receiving_unit is None:
        raise DomainError("required", "Chọn đơn vị tiếp nhận.", field="receiving_unit")
    require(
        actor,
        "dossiers.dossier.receive",
        receiving_unit,
        f"Bạn không có quyền tiếp nhận hồ sơ tại {receiving_unit.name}.",
    )
    name = one_line(_text(applicant_name, field="applicant_name", message="Nhập họ tên người nộp hồ sơ."))
    if channel not in Channel.values:
        raise DomainError("invalid_channel", f"Kênh tiếp nhận không hợp lệ: {channel!r}.", field="channel")
    phone = _phone(applicant_phone)
    now = _now()
    received = _second(received_at) if received_at is not None else now
    if received > timezone.now() + CLOCK_SLACK:
        raise DomainError("future", f"Thời điểm tiếp nhận {_fmt(received)} ở tương lai.", field="received_at")
    if procedure is None:
        raise DomainError("required", "Chọn thủ tục hành chính.", field="procedure")
    version = procedure.version_on(received)
    try:
        processing = deadlines.processing_for(version, processing_days)
    except ArithmeticError:
        raise DomainError(
            "invalid_processing_time", f"Thời hạn không hợp lệ: {processing_days!r}.", field="processing_days"
        ) from None
    due = deadlines.due_instant(receiving_unit, received, processing)
    fee = fee_vnd if fee_vnd is not None else ((version.fee_vnd if version is not None else None) or 0)
    if fee < 0:
        raise DomainError("negative_fee", "Phí, lệ phí không được âm.", field="fee_vnd")
    if competent_unit is not None and competent_unit.pk == receiving_unit.pk:
        competent_unit = None
    dossier = Dossier(
        receiving_unit=receiving_unit,
        competent_unit=competent_unit,
        procedure=procedure,
        procedure_version=version,
        field=procedure.field,
        processing_days=processing.in_days(office_hours_for(receiving_unit).seconds_per_day),
        channel=channel,
        received_at=received,
        due_at=due,
        due_source=DueSource.COMPUTED,
        fee_vnd=fee,
        digitized=bool(digitized),
        applicant_name=name,
        applicant_phone=phone,
        applicant_address=one_line(applicant_address or ""),
        origin=Origin.DESK,
        received_by=None if is_system(actor) else actor,
    )
    given = one_line(code or "")
    if given:
        if Dossier.objects.filter(code=given).exists():
            raise DomainError("duplicate_code", f"Mã hồ sơ {given} đã có.", field="code")
        dossier.code = given
        dossier.save()
    else:
        for attempt in range(MAX_CODE_ATTEMPTS):
            dossier.code = _new_code(receiving_unit, received)
            try:
                with transaction.atomic():
                    dossier.save()
                break
            except IntegrityError:  # the same number taken meanwhile by another desk
                dossier.pk = None
                if attempt == MAX_CODE_ATTEMPTS - 1:
                    raise
    record_event(
        dossier,
        "received",
        f"{procedure.code} {procedure.name}",
        unit_code=receiving_unit.code,
        at=received,
        channel=channel,
        due_at=due.astimezone(LOCAL_TZ).isoformat(),
    )
    dossier.warnings = []
    return dossier


# ---------------------------------------------------------------------------------------------------------
# Supplement (the clock pauses: formats/dossiers-csv.md "pause")
# ---------------------------------------------------------------------------------------------------------


@service
def dossier_request_supplement(
    *, dossier: Dossier, reason: str, at: datetime | None = None, actor
) -> Dossier:
    """Ask the applicant to supplement the dossier (form 02); the clock pauses until it comes back."""
    d = _locked(dossier)
    _require(d, "request_supplement", actor)
    reason = _text(reason, field="reason", message="Nhập nội dung cần bổ sung, hoàn thiện.")
    after, label = d.received_at, "thời điểm tiếp nhận"
    if d.supplement_received_at is not None:
        after, label = d.supplement_received_at, "lần bổ sung trước"
    moment = _instant(at, after=after, after_label=label)
    d.supplement_count += 1
    d.supplement_requested_at = moment
    d.supplement_received_at = None
    d.supplement_reason = reason
    d.save()
    if d.supplement_count > 1:
        d.warnings.append(
            f"Đây là lần yêu cầu bổ sung thứ {d.supplement_count}: hồ sơ yêu cầu bổ sung quá một lần bị tính "
            "là trễ hạn."
        )
    _event(d, "supplement_requested", reason, at=moment, count=d.supplement_count)
    return d


@service
def dossier_complete_supplement(*, dossier: Dossier, at: datetime | None = None, actor) -> Dossier:
    """The applicant brought what was asked for: the clock runs again."""
    d = _locked(dossier)
    _require(d, "complete_supplement", actor)
    moment = _instant(at, after=d.supplement_requested_at, after_label="thời điểm yêu cầu bổ sung")
    d.supplement_received_at = moment
    d.save()
    _event(d, "supplement_completed", "", at=moment, pause_seconds=int(d.pause.total_seconds()))
    return d


# ---------------------------------------------------------------------------------------------------------
# Separation of duties: assign a specialist, propose, approve (docs/dossiers.md)
# ---------------------------------------------------------------------------------------------------------

OUTCOME_VI = {Outcome.APPROVED: "giải quyết (có kết quả)", Outcome.REFUSED: "từ chối"}


def _require_approval(d: Dossier, outcome: str) -> None:
    if approved_for(d, outcome):
        return
    if d.review == Review.PROPOSED:
        detail = "đề xuất đang chờ lãnh đạo phê duyệt"
    elif d.review == Review.APPROVED:
        detail = f"lãnh đạo đã phê duyệt đề xuất {OUTCOME_VI.get(d.proposed_outcome, d.proposed_outcome)}"
    elif d.specialist_id is None:
        detail = "hồ sơ chưa được giao công chức thụ lý"
    else:
        detail = "công chức thụ lý chưa trình lãnh đạo phê duyệt"
    raise DomainError(
        "needs_approval",
        f"Không thể ghi nhận {OUTCOME_VI[outcome]} cho hồ sơ {d.code}: thủ tục này cần lãnh đạo phê duyệt "
        f"trước ({detail}).",
    )


def _label(actor) -> str:
    return actor.label if is_system(actor) else actor.get_username()


def _person(user) -> str:
    from cchc.dossiers.selectors import person_name

    return person_name(user)


def _step_instant(d: Dossier, at: datetime | None) -> datetime:
    """A step's instant: not in the future, not before the receipt nor the previous step."""
    last = d.steps.order_by("-started_at", "-id").values_list("started_at", flat=True).first()
    if last is not None and last > d.received_at:
        return _instant(at, after=last, after_label="bước xử lý trước")
    return _instant(at, after=d.received_at, after_label="thời điểm tiếp nhận")


def _close_steps(d: Dossier, moment: datetime) -> None:
    """End the open step (whoever held the dossier for it has handed it on)."""
    for step in d.steps.filter(ended_at__isnull=True):
        step.ended_at = max(moment, step.started_at)
        step.save(update_fields=["ended_at"])


def _hand_over(d: Dossier, kind: str, *, actor, at, from_unit, to_unit, to_user=None, outcome="", note=""):
    _close_steps(d, at)
    return DossierStep.objects.create(
        dossier=d,
        kind=kind,
        from_unit=from_unit,
        to_unit=to_unit,
        from_user=None if is_system(actor) else actor,
        from_label=_label(actor),
        to_user=to_user,
        started_at=at,
        outcome=outcome,
        note=note,
    )


def may_handle(user, dossier: Dossier) -> bool:
    """Whether ``user`` may be assigned to handle ``dossier``: an active user holding the specialist role, or
    an officer role, on its competent unit or above (a superuser's rights do not make one a specialist)."""
    from cchc.core.scoping import forget_roles, role_paths

    forget_roles(user)
    path = competent_unit(dossier).path
    return bool(user.is_active) and any(path.startswith(p) for p in role_paths(user, SPECIALIST_ROLES))


@service
def dossier_assign(
    *, dossier: Dossier, specialist, note: str = "", at: datetime | None = None, actor
) -> Dossier:
    """The desk assigns (or reassigns) the specialist who handles the dossier (giao thụ lý). Not while a
    proposal waits for approval or after the approval."""
    d = _locked(dossier)
    _require(d, "assign", actor)
    if d.review in (Review.PROPOSED, Review.APPROVED):
        raise DomainError(
            "under_review", f"Không thể giao lại hồ sơ {d.code}: đề xuất đã trình lãnh đạo phê duyệt."
        )
    unit = competent_unit(d)
    if specialist is None:
        raise DomainError("required", "Chọn công chức thụ lý.", field="specialist")
    if not may_handle(specialist, d):
        raise DomainError(
            "not_a_specialist",
            f"{_person(specialist)} không phải công chức của {unit.name} nên không thể thụ lý hồ sơ này.",
            field="specialist",
        )
    if specialist.pk == d.specialist_id:
        raise DomainError("same_specialist", f"Hồ sơ đã giao cho {_person(specialist)}.", field="specialist")
    note = _text(note, field="note", message="", required=False)
    moment = _step_instant(d, at)
    previous = d.specialist
    d.specialist = specialist
    d.review = ""
    d.proposed_outcome = ""
    d.save()
    _hand_over(
        d,
        StepKind.ASSIGN,
        actor=actor,
        at=moment,
        from_unit=d.holder,
        to_unit=unit,
        to_user=specialist,
        note=note,
    )
    message = _person(specialist) + (f" (thay {_person(previous)})" if previous is not None else "")
    record_event(
        d,
        "assigned",
        message + (f": {note}" if note else ""),
        unit_code=unit.code,
        at=moment,
        specialist=specialist.get_username(),
    )
    return d


@service
def dossier_propose(
    *, dossier: Dossier, outcome: str, note: str = "", at: datetime | None = None, actor
) -> Dossier:
    """The assigned specialist submits the proposed result (resolve or refuse) to the competent unit's
    leaders (trình phê duyệt). A refusal needs its reason in ``note``."""
    d = _locked(dossier)
    _require(d, "propose", actor)
    if d.review == Review.PROPOSED:
        raise DomainError("already_proposed", f"Hồ sơ {d.code} đã trình, đang chờ lãnh đạo phê duyệt.")
    if d.review == Review.APPROVED:
        raise DomainError("already_approved", f"Đề xuất của hồ sơ {d.code} đã được phê duyệt.")
    if outcome not in OUTCOME_VI:
        raise DomainError("invalid_outcome", f"Kết quả đề xuất không hợp lệ: {outcome!r}.", field="outcome")
    note = _text(
        note,
        field="note",
        message="Nhập lý do đề xuất từ chối.",
        required=outcome == Outcome.REFUSED,
    )
    moment = _step_instant(d, at)
    unit = competent_unit(d)
    d.review = Review.PROPOSED
    d.proposed_outcome = outcome
    d.save()
    _hand_over(
        d, StepKind.PROPOSE, actor=actor, at=moment, from_unit=unit, to_unit=unit, outcome=outcome, note=note
    )
    record_event(
        d,
        "proposed",
        OUTCOME_VI[outcome] + (f": {note}" if note else ""),
        unit_code=unit.code,
        at=moment,
        outcome=outcome,
    )
    return d


@service
def dossier_approve(
    *, dossier: Dossier, approve: bool, note: str = "", at: datetime | None = None, actor
) -> Dossier:
    """A leader of the competent unit approves the proposal (phê duyệt; back to the desk for the result) or
    sends it back to the specialist with a reason. Never one's own proposal."""
    d = _locked(dossier)
    _require(d, "approve", actor)
    if d.review != Review.PROPOSED:
        raise DomainError("nothing_to_approve", f"Hồ sơ {d.code} không có đề xuất đang chờ phê duyệt.")
    note = _text(note, field="note", message="Nhập lý do trả lại để thụ lý lại.", required=not approve)
    moment = _step_instant(d, at)
    unit = competent_unit(d)
    d.review = Review.APPROVED if approve else Review.SENT_BACK
    d.save()
    if approve:
        _hand_over(
            d,
            StepKind.APPROVE,
            actor=actor,
            at=moment,
            from_unit=unit,
            to_unit=d.holder,
            outcome=d.proposed_outcome,
            note=note,
        )
        message = OUTCOME_VI.get(d.proposed_outcome, d.proposed_outcome) + (f": {note}" if note else "")
        record_event(d, "approved", message, unit_code=unit.code, at=moment, outcome=d.proposed_outcome)
    else:
        _hand_over(
            d,
            StepKind.SEND_BACK,
            actor=actor,
            at=moment,
            from_unit=unit,
            to_unit=unit,
            to_user=d.specialist,
            note=note,
        )
        record_event(d, "sent_back", note, unit_code=unit.code, at=moment)
    return d


# ---------------------------------------------------------------------------------------------------------
# Hand-over, result, stop
# ---------------------------------------------------------------------------------------------------------


@service
def dossier_transfer(
    *, dossier: Dossier, to_unit, note: str = "", at: datetime | None = None, actor
) -> Dossier:
    """Hand the dossier over to another unit (logged in :class:`DossierTransfer`); the due instant stays."""
    d = _locked(dossier)
    _require(d, "transfer", actor)
    if to_unit is None:
        raise DomainError("required", "Chọn đơn vị nhận hồ sơ.", field="to_unit")
    from_unit = d.holder
    if to_unit.pk == from_unit.pk:
        raise DomainError("same_unit", f"Hồ sơ đang ở {from_unit.name}.", field="to_unit")
    moment = _instant(at, after=d.received_at, after_label="thời điểm tiếp nhận")
    if to_unit.valid_to is not None and to_unit.valid_to < moment.astimezone(LOCAL_TZ).date():
        raise DomainError("unit_closed", f"{to_unit.name} đã kết thúc hoạt động.", field="to_unit")
    note = _text(note, field="note", message="", required=False)
    DossierTransfer.objects.create(
        dossier=d,
        from_unit=from_unit,
        to_unit=to_unit,
        at=moment,
        actor=current_actor(),
        actor_label=_actor_label.get(),
        note=note,
    )
    due = d.due_at
    d.handling_unit = to_unit
    d.save()
    assert d.due_at == due  # a hand-over never moves the appointment
    record_event(
        d,
        "transferred",
        f"{from_unit.name} → {to_unit.name}" + (f": {note}" if note else ""),
        unit_code=from_unit.code,
        at=moment,
        **{"from": from_unit.code, "to": to_unit.code},
    )
    return d


@service
def dossier_finish(*, dossier: Dossier, e_result: bool = False, at: datetime | None = None, actor) -> Dossier:
    """The result is ready (signed); ``e_result``: an electronic result was issued."""
    d = _locked(dossier)
    _require(d, "finish", actor)
    _require_approval(d, Outcome.APPROVED)
    after, label = d.received_at, "thời điểm tiếp nhận"
    if d.supplement_received_at is not None:
        after, label = d.supplement_received_at, "thời điểm nhận bổ sung"
    moment = _instant(at, after=after, after_label=label)
    d.finished_at = moment
    d.outcome = Outcome.APPROVED
    d.e_result = bool(e_result) or d.e_result
    d.save()
    _close_steps(d, moment)
    _event(d, "finished", "", at=moment, e_result=d.e_result, timeliness=d.timeliness)
    return d


@service
def dossier_return(*, dossier: Dossier, method: str, at: datetime | None = None, actor) -> Dossier:
    """Hand the result to the applicant: at the counter, by post or online."""
    d = _locked(dossier)
    _require(d, "return", actor)
    if method not in ReturnMethod.values:
        raise DomainError(
            "invalid_method", f"Hình thức trả kết quả không hợp lệ: {method!r}.", field="method"
        )
    moment = _instant(at, after=d.finished_at, after_label="thời điểm có kết quả")
    d.returned_at = moment
    d.return_method = method
    d.save()
    _event(d, "returned", "", at=moment, method=method)
    return d


@service
def dossier_refuse(*, dossier: Dossier, reason: str, at: datetime | None = None, actor) -> Dossier:
    """Refuse the dossier (form 03) with its reason: processing stops."""
    d = _locked(dossier)
    _require(d, "refuse", actor)
    _require_approval(d, Outcome.REFUSED)
    reason = _text(reason, field="reason", message="Nhập lý do từ chối.")
    moment = _instant(at, after=d.received_at, after_label="thời điểm tiếp nhận")
    d.stopped_at = moment
    d.outcome = Outcome.REFUSED
    d.stop_reason = reason
    d.save()
    _close_steps(d, moment)
    _event(d, "refused", reason, at=moment)
    return d


@service
def dossier_withdraw(*, dossier: Dossier, reason: str = "", at: datetime | None = None, actor) -> Dossier:
    """The applicant withdraws the dossier: processing stops (not counted as resolved)."""
    d = _locked(dossier)
    _require(d, "withdraw", actor)
    reason = _text(reason, field="reason", message="", required=False)
    moment = _instant(at, after=d.received_at, after_label="thời điểm tiếp nhận")
    d.stopped_at = moment
    d.outcome = Outcome.WITHDRAWN
    d.stop_reason = reason
    d.save()
    _close_steps(d, moment)
    _event(d, "withdrawn", reason, at=moment)
    return d


# ---------------------------------------------------------------------------------------------------------
# Apology, payment, rating
# ---------------------------------------------------------------------------------------------------------


def apology_deadline_met(dossier: Dossier, at: datetime) -> bool:
    """Whether an apology sent at ``at`` is in time: at least one working day of office time before the
    (pause-adjusted) due instant (DOMAIN.md §4, adopted)."""
    from cchc.workdays.engine import working_seconds_between
    from cchc.workdays.selectors import unit_calendar

    due = dossier.due_plus_pause_at or dossier.due_at
    if at >= due:
        return False
    uc = unit_calendar(dossier.receiving_unit)
    return working_seconds_between(at, due, uc.calendar, uc.hours) >= uc.hours.seconds_per_day


@service
def dossier_apologise(
    *, dossier: Dossier, new_due_at: datetime, reason: str, at: datetime | None = None, actor
) -> Dossier:
    """Send the apology letter with a new date (form 04). Allowed while pending, once. Sent later than one
    working day before the due instant it is recorded with a warning (``in_time: false`` on the event)."""
    d = _locked(dossier)
    _require(d, "apologise", actor)
    if d.apology_sent_at is not None:
        raise DomainError(
            "already_apologised", f"Hồ sơ {d.code} đã có văn bản xin lỗi ngày {_fmt(d.apology_sent_at)}."
        )
    reason = _text(reason, field="reason", message="Nhập lý do chậm trễ.")
    moment = _instant(at, after=d.received_at, after_label="thời điểm tiếp nhận")
    if new_due_at is None:
        raise DomainError("required", "Nhập ngày hẹn trả mới.", field="new_due_at")
    new_due = _second(new_due_at)
    if new_due <= d.due_at or new_due <= moment:
        raise DomainError(
            "new_due_too_early",
            f"Ngày hẹn mới ({_fmt(new_due)}) phải sau hạn đã hẹn ({_fmt(d.due_at)}) và sau thời điểm gửi.",
            field="new_due_at",
        )
    in_time = apology_deadline_met(d, moment)
    d.apology_sent_at = moment
    d.apology_new_due_at = new_due
    d.apology_reason = reason
    d.save()
    if not in_time:
        d.warnings.append(
            "Văn bản xin lỗi gửi muộn: phải gửi chậm nhất 01 ngày làm việc trước hạn trả "
            f"({_fmt(d.due_plus_pause_at or d.due_at)}). Đã ghi nhận."
        )
    _event(
        d,
        "apology_sent",
        reason,
        at=moment,
        new_due_at=new_due.astimezone(LOCAL_TZ).isoformat(),
        in_time=in_time,
    )
    return d


@service
def dossier_mark_paid_online(*, dossier: Dossier, at: datetime | None = None, actor) -> Dossier:
    """The fee was paid online (thanh toán trực tuyến)."""
    d = _locked(dossier)
    _require(d, "mark_paid_online", actor)
    if d.fee_vnd <= 0:
        raise DomainError("no_fee", f"Hồ sơ {d.code} không có phí, lệ phí.")
    if d.paid_online:
        raise DomainError("already_paid", f"Hồ sơ {d.code} đã ghi nhận thanh toán trực tuyến.")
    moment = _instant(at, after=d.received_at, after_label="thời điểm tiếp nhận")
    d.paid_online = True
    d.save()
    _event(d, "paid_online", f"{d.fee_vnd} đ", at=moment, fee_vnd=d.fee_vnd)
    return d


@service
def dossier_rate(*, dossier: Dossier, satisfied: bool, at: datetime | None = None, actor) -> Dossier:
    """The applicant's rating of the service once the result is ready (unsatisfied → ``disliked``)."""
    d = _locked(dossier)
    _require(d, "rate", actor)
    if d.rated_at is not None:
        raise DomainError("already_rated", f"Hồ sơ {d.code} đã được đánh giá.")
    moment = _instant(at, after=d.finished_at, after_label="thời điểm có kết quả")
    d.rated_at = moment
    d.disliked = not satisfied
    d.save()
    _event(d, "rated", "", at=moment, satisfied=bool(satisfied))
    return d
