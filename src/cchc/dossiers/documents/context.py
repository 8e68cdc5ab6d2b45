"""What each form says: one context dict per form, rendered by both the DOCX and the PDF templates.

The wording of the forms (Circular 01/2018/TT-VPCP and 03/2025/TT-VPCP) lives here, as a list of blocks, so
that the two formats never disagree; the templates carry the official layout (header with the issuing body and
the national motto, "Số: .../...", the place and date line, the title, the signatures).

Blocks: ``{"kind": "field", "label", "value"}`` (a label and its value), ``{"kind": "text", "text"}`` (a
justified paragraph), ``{"kind": "item", "text"}`` (an indented line of a list), ``{"kind": "qr"}`` (the QR
code of the receipt).

Free text that the desk typed (what to supplement, why a dossier is refused or late) comes from the dossier's
fields (``supplement_reason``, ``stop_reason``, ``apology_reason``), else from its timeline: the message of
the latest event with the verbs of :data:`REASON_VERBS`; the officer who signs is the event's actor.
"""

from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from cchc.core.models import Event
from cchc.dossiers.documents import formatting as fmt
from cchc.dossiers.documents.catalogue import FormSet, FormSpec, form_set_on
from cchc.dossiers.models import Dossier, Status, Timeliness

BLANK = "…………………………………"
DELAY = "Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của Ông/Bà."

#: Event verbs whose message is the free text of a form (the desk's services write them).
REASON_VERBS = {
    "receipt": ("received",),
    "supplement": ("supplement_requested",),
    "refusal": ("refused",),
    "apology": ("apology_sent", "apologised"),
    "stop": ("stopped", "withdrawn"),
}

#: Vietnamese names of the timeline's verbs on the tracking sheet (unknown verbs are shown as they are).
VERB_LABELS = {
    "received": "Tiếp nhận hồ sơ",
    "imported": "Nhập từ tệp dữ liệu",
    "import_updated": "Cập nhật từ tệp dữ liệu",
    "digitized": "Số hóa hồ sơ",
    "transferred": "Chuyển hồ sơ",
    "transfer": "Chuyển hồ sơ",
    "assigned": "Giao thụ lý",
    "proposed": "Trình phê duyệt kết quả",
    "approved": "Phê duyệt kết quả",
    "sent_back": "Trả lại để thụ lý lại",
    "supplement_requested": "Yêu cầu bổ sung, hoàn thiện hồ sơ",
    "supplement_completed": "Nhận hồ sơ đã bổ sung",
    "supplement_received": "Nhận hồ sơ đã bổ sung",
    "paid_online": "Thanh toán trực tuyến phí, lệ phí",
    "finished": "Có kết quả giải quyết",
    "returned": "Trả kết quả",
    "refused": "Từ chối giải quyết",
    "withdrawn": "Rút hồ sơ",
    "stopped": "Dừng giải quyết",
    "apologised": "Gửi văn bản xin lỗi",
    "apology_sent": "Gửi văn bản xin lỗi",
    "due_explained": "Ghi lý do hạn trả kết quả",
    "due_changed": "Thay đổi hạn trả kết quả",
    "due_recomputed": "Tính lại hạn trả kết quả (lịch làm việc thay đổi)",
    "rated": "Đánh giá mức độ hài lòng",
}

#: Verbs whose message repeats what the sheet already says (the procedure, the import file).
SILENT_VERBS = ("received", "imported", "import_updated")

CHANNEL_RETURN = {
    "direct": "Bộ phận Một cửa (nhận trực tiếp)",
    "online": "Trực tuyến, qua Cổng Dịch vụ công",
    "postal": "Dịch vụ bưu chính công ích",
}
CHANNEL_LABELS = {"direct": "Trực tiếp", "online": "Trực tuyến", "postal": "Bưu chính công ích"}
STATUS_LABELS = {
    Status.PROCESSING: "Đang giải quyết",
    Status.AWAITING_SUPPLEMENT: "Chờ bổ sung",
    Status.FINISHED: "Đã có kết quả",
    Status.RETURNED: "Đã trả kết quả",
    Status.REFUSED: "Từ chối",
    Status.WITHDRAWN: "Rút hồ sơ",
}
TIMELINESS_LABELS = {
    Timeliness.EARLY: "Trước hạn",
    Timeliness.ON_TIME: "Đúng hạn",
    Timeliness.LATE: "Quá hạn",
}


class FormNotApplicable(LookupError):
    """The form does not apply to this dossier (e.g. a supplement request for a dossier without one)."""


def document_date(dossier: Dossier, key: str, on: date | None = None) -> date:
    """The date a form bears: the day of the step it records (the tracking sheet is opened at receipt)."""
    moment = {
        "supplement": dossier.supplement_requested_at,
        "refusal": dossier.stopped_at or dossier.end_at,
        "apology": dossier.apology_sent_at,
        "stop": dossier.stopped_at,
    }.get(key)
    if moment is None and key == "apology":
        return on or timezone.localdate()
    return fmt.local(moment or dossier.received_at).date()


def form_set_of(dossier: Dossier, key: str = "receipt") -> FormSet:
    """The set in force on the form's date (the circular's date of effect decides, not its signature)."""
    return form_set_on(document_date(dossier, key))


def applies(dossier: Dossier, key: str) -> bool:
    """Whether ``key`` can be printed for ``dossier``."""
    if key in ("receipt", "tracking"):
        return True
    if key == "supplement":
        return dossier.supplement_requested_at is not None
    if key == "refusal":
        return dossier.outcome == "refused"
    if key == "apology":
        return dossier.apology_sent_at is not None or dossier.apology_new_due_at is not None
    if key == "stop":  # the 2025 set's form 05: a dossier whose handling was stopped (withdrawn)
        return (
            dossier.outcome == "withdrawn"
            and dossier.stopped_at is not None
            and form_set_of(dossier, "stop").has("stop")
        )
    return False


def events_of(dossier: Dossier) -> list[Event]:
    content_type = ContentType.objects.get_for_model(Dossier)
    return list(
        Event.objects.filter(content_type=content_type, object_id=str(dossier.pk))
        .select_related("actor")
        .order_by("at", "id")
    )


def _user_name(user) -> str:
    """The officer's name the Vietnamese way: their staff record's full name, else family name first."""
    if user is None:
        return ""
    from cchc.org.models import Person

    person = Person.objects.filter(user=user).values_list("full_name", flat=True).first()
    if person:
        return fmt.nfc(person)
    return fmt.nfc(f"{user.last_name} {user.first_name}".strip()) or user.get_username()


def _actor_name(event: Event | None) -> str:
    if event is None:
        return ""
    if event.actor is not None:
        return _user_name(event.actor)
    return "" if event.actor_label.startswith(("cli:", "system")) else event.actor_label


def _lines(text: str) -> list[str]:
    return [line.strip() for line in fmt.nfc(text).splitlines() if line.strip()]


def _latest(events: list[Event], verbs) -> Event | None:
    found = [e for e in events if e.verb in verbs]
    return found[-1] if found else None


def book_number(dossier: Dossier) -> int:
    """The dossier's number in its receiving unit's register (one book per unit and calendar year)."""
    received = fmt.local(dossier.received_at)
    year_start = datetime(received.year, 1, 1, tzinfo=received.tzinfo)
    earlier = Dossier.objects.filter(
        receiving_unit_id=dossier.receiving_unit_id,
        received_at__gte=year_start,
        received_at__lt=dossier.received_at,
    ).count()
    same_instant = Dossier.objects.filter(
        receiving_unit_id=dossier.receiving_unit_id, received_at=dossier.received_at, code__lte=dossier.code
    ).count()
    return earlier + same_instant


def header(lines: dict, place_unit, form_set: FormSet, spec: FormSpec, *, number: str, day: date) -> dict:
    """The header of Decree 30/2020/NĐ-CP (Appendix I): top right the form number and its legal basis; left
    the agency lines (``lines``: :func:`~.formatting.desk_lines` or :func:`~.formatting.body_lines`) and
    *Số: 12/TNHS-UBND*; right the national name on one line, the motto, the place and date line."""
    symbol = f"{spec.symbol}-{lines['body']}" if spec.symbol and lines.get("body") else spec.symbol
    return {
        "governing_body": lines["governing_body"],
        "issuer": lines["issuer"],
        "issuer_2": lines["issuer_2"],
        "number_line": f"Số: {number}/{symbol}" if spec.symbol and number else "",
        "place_date": f"{fmt.place_name(place_unit)}, {fmt.long_date(day)}",
        "form_label": f"Mẫu số {spec.number}",
        "basis": f"(Ban hành kèm theo {form_set.circular})",
        "title": spec.title,
        "form_set": form_set.code,
        "form_number": spec.number,
    }


def _or_blank(value) -> str:
    text = fmt.nfc(value).strip()
    return text or BLANK


def _procedure_line(dossier: Dossier) -> str:
    return f"{fmt.nfc(dossier.procedure.name)} (mã TTHC {dossier.procedure.code})"


def dossier_context(dossier: Dossier, key: str, *, public_url: str = "", on: date | None = None) -> dict:
    """The context of form ``key`` for ``dossier``; raises :class:`FormNotApplicable`."""
    if key not in REASON_VERBS and key != "tracking":
        raise FormNotApplicable(key)
    if not applies(dossier, key):
        raise FormNotApplicable(key)
    form_set = form_set_of(dossier, key)
    spec = form_set.form(key)
    events = events_of(dossier)
    builder = {
        "receipt": _receipt,
        "supplement": _supplement,
        "refusal": _refusal,
        "apology": _apology,
        "stop": _stop,
        "tracking": _tracking,
    }[key]
    context = builder(dossier, form_set, spec, events, on or timezone.localdate())
    context.update(code=dossier.code, form_key=key, qr_url="", qr_png=None)
    if key == "receipt" and public_url:
        from cchc.dossiers.documents.qr import qr_png

        context.update(qr_url=public_url, qr_png=qr_png(public_url))
    return context


def _unit_of(dossier: Dossier):
    return dossier.receiving_unit


def _desk_header(dossier, form_set, spec, *, number: str, day: date) -> dict:
    unit = _unit_of(dossier)
    return header(fmt.desk_lines(unit, day), unit, form_set, spec, number=number, day=day)


def _receipt(dossier, form_set, spec, events, on) -> dict:
    unit = _unit_of(dossier)
    received = fmt.local(dossier.received_at)
    number = book_number(dossier)
    components = dossier.procedure_version.component_list if dossier.procedure_version_id else []
    blocks = [
        {"kind": "text", "text": f"{fmt.desk_text(unit, received.date())}:"},
        {"kind": "field", "label": "Tiếp nhận hồ sơ của", "value": _or_blank(dossier.applicant_name)},
        {"kind": "field", "label": "Địa chỉ", "value": _or_blank(dossier.applicant_address)},
        {"kind": "field", "label": "Số điện thoại", "value": _or_blank(dossier.applicant_phone)},
        {"kind": "field", "label": "Email", "value": _or_blank(getattr(dossier, "applicant_email", ""))},
        {"kind": "field", "label": "Nội dung yêu cầu giải quyết", "value": _procedure_line(dossier)},
        {"kind": "field", "label": "1. Thành phần hồ sơ nộp gồm", "value": "" if components else BLANK},
        *({"kind": "item", "text": f"- {fmt.nfc(c)}"} for c in components),
        {"kind": "field", "label": "2. Số lượng hồ sơ", "value": "01 (bộ)"},
        {
            "kind": "field",
            "label": "3. Thời gian giải quyết hồ sơ theo quy định là",
            "value": _or_blank(fmt.days_text(dossier.processing_days)),
        },
        {"kind": "field", "label": "4. Thời gian nhận hồ sơ", "value": fmt.long_instant(dossier.received_at)},
        {
            "kind": "field",
            "label": "5. Thời gian trả kết quả giải quyết hồ sơ",
            "value": fmt.long_instant(dossier.due_at),
        },
        {"kind": "field", "label": "6. Đăng ký nhận kết quả tại", "value": CHANNEL_RETURN[dossier.channel]},
        {"kind": "field", "label": "7. Phí, lệ phí", "value": fmt.money(dossier.fee_vnd)},
        {
            "kind": "field",
            "label": "Vào Sổ theo dõi hồ sơ, Quyển số",
            "value": f"{received.year}, Số thứ tự: {number}",
        },
        {"kind": "qr"},
    ]
    receiver = _user_name(dossier.received_by) or _actor_name(_latest(events, REASON_VERBS["receipt"]))
    return {
        **_desk_header(dossier, form_set, spec, number=str(number), day=received.date()),
        "subtitle": f"Mã hồ sơ: {dossier.code}",
        "blocks": blocks,
        "signatures": [
            {
                "title": "NGƯỜI NỘP HỒ SƠ",
                "note": "(Ký và ghi rõ họ tên)",
                "name": fmt.nfc(dossier.applicant_name),
            },
            {"title": "NGƯỜI TIẾP NHẬN HỒ SƠ", "note": "(Ký và ghi rõ họ tên)", "name": receiver},
        ],
    }


def _supplement(dossier, form_set, spec, events, on) -> dict:
    unit = _unit_of(dossier)
    event = _latest(events, REASON_VERBS["supplement"])
    requested = fmt.local(dossier.supplement_requested_at).date()
    content = _lines(dossier.supplement_reason or (event.message if event else ""))
    desk = fmt.desk_text(unit, requested)
    officer = _actor_name(event) or _user_name(dossier.received_by)
    blocks = [
        {"kind": "field", "label": "Hồ sơ của", "value": _or_blank(dossier.applicant_name)},
        {"kind": "field", "label": "Nội dung yêu cầu giải quyết", "value": _procedure_line(dossier)},
        {"kind": "field", "label": "Ngày tiếp nhận", "value": fmt.short_date(dossier.received_at)},
        {
            "kind": "text",
            "text": f"Sau khi nghiên cứu, đối chiếu với quy định hiện hành, {desk} đề nghị Ông/Bà bổ sung, "
            "hoàn thiện hồ sơ gồm những nội dung sau:",
        },
        *({"kind": "item", "text": f"{i}. {line}"} for i, line in enumerate(content, start=1)),
        *([] if content else [{"kind": "item", "text": BLANK}, {"kind": "item", "text": BLANK}]),
        {"kind": "field", "label": "Lần yêu cầu bổ sung", "value": str(max(dossier.supplement_count, 1))},
        {
            "kind": "text",
            "text": "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ với "
            f"{officer or BLANK} để được hướng dẫn.",
        },
    ]
    return {
        **_desk_header(dossier, form_set, spec, number=str(book_number(dossier)), day=requested),
        "subtitle": f"Mã hồ sơ: {dossier.code}",
        "blocks": blocks,
        "signatures": [{"title": "NGƯỜI HƯỚNG DẪN", "note": "(Ký và ghi rõ họ tên)", "name": officer}],
    }


def _refusal(dossier, form_set, spec, events, on) -> dict:
    unit = _unit_of(dossier)
    event = _latest(events, REASON_VERBS["refusal"])
    day = document_date(dossier, "refusal")
    desk = fmt.desk_text(unit, day)
    reasons = _lines(dossier.stop_reason or (event.message if event else ""))
    officer = _actor_name(event) or _user_name(dossier.received_by)
    blocks = [
        {"kind": "field", "label": "Tiếp nhận hồ sơ của", "value": _or_blank(dossier.applicant_name)},
        {"kind": "field", "label": "Nội dung yêu cầu giải quyết", "value": _procedure_line(dossier)},
        {"kind": "field", "label": "Ngày tiếp nhận", "value": fmt.short_date(dossier.received_at)},
        {
            "kind": "text",
            "text": f"Sau khi nghiên cứu, đối chiếu với quy định hiện hành, {desk} thông báo không tiếp "
            "nhận, giải quyết hồ sơ này với lý do cụ thể như sau:",
        },
        *({"kind": "item", "text": f"- {line}"} for line in reasons),
        *([] if reasons else [{"kind": "item", "text": BLANK}]),
        {"kind": "text", "text": "Xin thông báo cho Ông/Bà được biết và thực hiện./."},
    ]
    return {
        **_desk_header(dossier, form_set, spec, number=str(book_number(dossier)), day=day),
        "subtitle": f"Mã hồ sơ: {dossier.code}",
        "blocks": blocks,
        "signatures": [
            {"title": "NGƯỜI TIẾP NHẬN HỒ SƠ", "note": "(Ký và ghi rõ họ tên)", "name": officer or BLANK}
        ],
    }


def _body_signature() -> dict:
    return {"title": "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", "note": "(Ký, ghi rõ họ tên và đóng dấu)", "name": ""}


def _apology(dossier, form_set, spec, events, on) -> dict:
    """Issued and signed by the body that is late (the competent unit, else the receiving unit): its own
    name heads the letter, not the desk's."""
    unit = dossier.competent_unit or dossier.receiving_unit
    event = _latest(events, REASON_VERBS["apology"])
    body = fmt.committee(unit)
    sent = document_date(dossier, "apology", on)
    reason = " ".join(_lines(dossier.apology_reason or (event.message if event else ""))).rstrip(".") or BLANK
    new_date = fmt.long_instant(dossier.apology_new_due_at) if dossier.apology_new_due_at else BLANK
    blocks = [
        {"kind": "field", "label": "Kính gửi", "value": f"Ông/Bà {_or_blank(dossier.applicant_name)}"},
        {
            "kind": "text",
            "text": f"Ngày {fmt.short_date(dossier.received_at)}, {body} tiếp nhận hồ sơ của Ông/Bà đề nghị "
            f"giải quyết: {_procedure_line(dossier)}.",
        },
        {"kind": "field", "label": "Mã hồ sơ", "value": dossier.code},
        {
            "kind": "field",
            "label": "Thời hạn trả kết quả giải quyết hồ sơ",
            "value": fmt.long_instant(dossier.due_at),
        },
        {
            "kind": "text",
            "text": f"Tuy nhiên đến nay, {body} chưa trả kết quả giải quyết hồ sơ của Ông/Bà. "
            f"Lý do: {reason}.",
        },
    ]
    if form_set.code == "2018":
        blocks.append(
            {
                "kind": "text",
                "text": f"{DELAY} {body} xin lỗi Ông/Bà và sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà vào "
                f"{new_date}.",
            }
        )
    else:
        blocks.append(
            {
                "kind": "text",
                "text": f"{DELAY} {body} xin lỗi Ông/Bà và đề nghị Ông/Bà đồng ý gia hạn thời gian giải "
                f"quyết hồ sơ; kết quả giải quyết hồ sơ sẽ được trả cho Ông/Bà vào {new_date}.",
            }
        )
    blocks.append({"kind": "text", "text": "Xin trân trọng cảm ơn sự hợp tác của Ông/Bà./."})
    return {
        **header(fmt.body_lines(unit), unit, form_set, spec, number=str(book_number(dossier)), day=sent),
        "subtitle": f"Mã hồ sơ: {dossier.code}",
        "blocks": blocks,
        "signatures": [_body_signature()],
    }


def _stop(dossier, form_set, spec, events, on) -> dict:
    """Form 05 of the 2025 set: the body handling the dossier tells the applicant it stops handling it."""
    unit = dossier.competent_unit or dossier.receiving_unit
    event = _latest(events, REASON_VERBS["stop"])
    body = fmt.committee(unit)
    day = document_date(dossier, "stop")
    reasons = _lines(dossier.stop_reason or (event.message if event else ""))
    blocks = [
        {"kind": "field", "label": "Kính gửi", "value": f"Ông/Bà {_or_blank(dossier.applicant_name)}"},
        {
            "kind": "text",
            "text": f"Ngày {fmt.short_date(dossier.received_at)}, {body} tiếp nhận hồ sơ của Ông/Bà đề nghị "
            f"giải quyết: {_procedure_line(dossier)}.",
        },
        {"kind": "field", "label": "Mã hồ sơ", "value": dossier.code},
        {
            "kind": "text",
            "text": f"{body} thông báo dừng giải quyết hồ sơ của Ông/Bà kể từ "
            f"{fmt.long_instant(dossier.stopped_at)}. Lý do:",
        },
        *({"kind": "item", "text": f"- {line}"} for line in reasons),
        *([] if reasons else [{"kind": "item", "text": BLANK}]),
        {"kind": "text", "text": "Xin thông báo cho Ông/Bà được biết./."},
    ]
    return {
        **header(fmt.body_lines(unit), unit, form_set, spec, number=str(book_number(dossier)), day=day),
        "subtitle": f"Mã hồ sơ: {dossier.code}",
        "blocks": blocks,
        "signatures": [_body_signature()],
    }


#: The steps whose event hands the dossier over (the tracking sheet has one row for each).
HANDOVER_VERBS = (
    "received",
    "transferred",
    "transfer",
    "assigned",
    "proposed",
    "sent_back",
    "approved",
    "finished",
    "returned",
)
#: Steps done at the one-stop desk (receipt, the result coming back to it, its return to the applicant).
DESK_VERBS = ("received", "approved", "finished", "returned")
#: Table headers of the tracking sheet (Circular 01/2018/TT-VPCP form 05; 03/2025/TT-VPCP form 06).
TRACKING_HEADERS = [
    "TÊN CƠ QUAN",
    "THỜI GIAN GIAO, NHẬN HỒ SƠ",
    "KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/đúng hạn/quá hạn)",
    "GHI CHÚ",
]


def step_result(dossier: Dossier, at: datetime) -> str:
    """Early / on time / late of a step done at ``at`` against the dossier's due instant (its new date
    after an apology): late after it, on time on its day, early before."""
    due = dossier.apology_new_due_at or dossier.due_at
    if due is None:
        return ""
    if at > due:
        return "Quá hạn"
    return "Đúng hạn" if fmt.local(at).date() == fmt.local(due).date() else "Trước hạn"


def _holder(unit_name: str, person: str) -> str:
    return f"{unit_name} ({person})" if person and unit_name else unit_name or person


def handover_rows(dossier: Dossier, events: list[Event]) -> list[dict]:
    """One row per handover: who handed the dossier over and who received it, when, and the step's result.

    Consecutive steps make the rows (timeline events ``received``, ``transferred``, ``assigned``,
    ``proposed``, ``sent_back``, ``approved``, ``finished``, ``returned``): a step's actor hands the
    dossier over, at the step's instant, from where the previous step left it to the step's unit (the
    one-stop desk for the receiving unit's desk steps); the receiver is the next step's actor. The first row
    is the receipt (the applicant hands the dossier to the receiving officer), the return hands the result
    to the applicant.
    Without a timeline, the recorded instants (received, result, returned) stand for the steps.
    """
    from cchc.org.models import Unit

    steps = [e for e in events if e.verb in HANDOVER_VERBS]
    if not steps or steps[0].verb != "received":
        steps = _recorded_steps(dossier) + [e for e in steps if e.verb != "received"]
        steps.sort(key=lambda step: step.at)
    codes = {e.unit_code for e in steps if e.unit_code}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)} if codes else {}
    desk = fmt.desk_text(dossier.receiving_unit, document_date(dossier, "receipt"))
    applicant = fmt.nfc(dossier.applicant_name) or "Người nộp hồ sơ"

    def unit_of(step) -> str:
        unit = units.get(step.unit_code)
        at_desk = unit is None or unit.pk == dossier.receiving_unit_id
        if step.verb in DESK_VERBS and at_desk:
            return desk
        if unit is not None:
            return fmt.full_name(unit)
        return fmt.full_name(dossier.competent_unit or dossier.receiving_unit)

    rows = []
    for index, step in enumerate(steps):
        following = steps[index + 1] if index + 1 < len(steps) else None
        label = VERB_LABELS.get(step.verb, step.verb)
        message = "" if step.verb in SILENT_VERBS else "; ".join(_lines(step.message))
        if step.verb == "received":
            giver, giver_name, taker, taker_name = applicant, "", unit_of(step), _actor_name(step)
        elif step.verb == "returned":
            giver, giver_name, taker, taker_name = unit_of(step), _actor_name(step), applicant, ""
        else:
            giver, giver_name = unit_of(steps[index - 1]), _actor_name(step)
            taker, taker_name = unit_of(step), _actor_name(following) if following else ""
        rows.append(
            {
                "give": f"Giao: {_holder(giver, giver_name)}",
                "take": f"Nhận: {_holder(taker, taker_name)}",
                "time": fmt.long_instant(step.at),
                "giver": giver_name or (applicant if step.verb == "received" else ""),
                "receiver": taker_name or (applicant if step.verb == "returned" else ""),
                "result": "" if step.verb == "received" else step_result(dossier, step.at),
                "note": f"{label}: {message}" if message else label,
            }
        )
    return rows


class _Step:
    """A recorded instant standing for a timeline event (dossiers imported without a timeline)."""

    def __init__(self, at, verb):
        self.at, self.verb, self.unit_code, self.message, self.actor, self.actor_label = (
            at,
            verb,
            "",
            "",
            None,
            "",
        )


def _recorded_steps(dossier: Dossier) -> list:
    moments = [(dossier.received_at, "received"), (dossier.finished_at, "finished")]
    moments.append((dossier.returned_at, "returned"))
    return [_Step(at, verb) for at, verb in moments if at is not None]


def _tracking(dossier, form_set, spec, events, on) -> dict:
    unit = _unit_of(dossier)
    received = document_date(dossier, "receipt")
    blocks = [
        {"kind": "field", "label": "Kèm theo hồ sơ của", "value": _or_blank(dossier.applicant_name)},
        {"kind": "field", "label": "Nội dung yêu cầu giải quyết", "value": _procedure_line(dossier)},
        {"kind": "field", "label": "Thời gian nhận hồ sơ", "value": fmt.long_instant(dossier.received_at)},
        {
            "kind": "field",
            "label": "Thời gian trả kết quả giải quyết hồ sơ",
            "value": fmt.long_instant(dossier.apology_new_due_at or dossier.due_at),
        },
        {
            "kind": "field",
            "label": "Cơ quan (bộ phận) giải quyết hồ sơ",
            "value": fmt.full_name(dossier.competent_unit or unit),
        },
    ]
    return {
        **_desk_header(dossier, form_set, spec, number="", day=received),
        "subtitle": f"Mã hồ sơ: {dossier.code}",
        "blocks": blocks,
        "table": {"headers": TRACKING_HEADERS, "rows": handover_rows(dossier, events)},
        "signatures": [],
    }
