"""Every write of the inspections app: plans, inspections and teams, the checklist, findings, the conclusion
notice, and the remediation of each shortcoming (through the plans app's tasks).

``actor`` is a required keyword (a user, or :func:`cchc.core.permissions.system_actor` for the command line
and the demo); each function asks the permission door (:mod:`cchc.inspections.permissions`)."""

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cchc.core.audit import record_event
from cchc.core.errors import DomainError
from cchc.core.permissions import is_system, require
from cchc.core.text import nfc
from cchc.inspections.checklist import ONESTOP_RULES
from cchc.inspections.models import (
    ChecklistItem,
    Finding,
    FindingKind,
    Inspection,
    InspectionPlan,
    InspectionStatus,
    ItemEvidence,
    ItemResult,
    ItemSource,
    MemberRole,
    TeamMember,
)
from cchc.org.models import Unit
from cchc.plans import evidence as evidence_checks
from cchc.plans.models import Task, TaskKind, TaskStatus
from cchc.plans.services import task_cancel, task_complete, task_create, task_reopen, task_report_progress
from cchc.scoring.models import Framework, Method
from cchc.scoring.rules import indicators_of

#: unit kinds → the framework level that scores them
LEVELS = {"province": "province", "commune": "commune", "department": "department", "district": "district"}


def _label(actor) -> str:
    return actor.get_username()


def _user(actor):
    """The user account to store as uploader (none for the system actor of a command or the demo)."""
    return None if is_system(actor) else actor


def _require_open(inspection: Inspection) -> None:
    if inspection.locked:
        raise DomainError(
            "issued",
            f"Đã ban hành thông báo kết luận {inspection.notice_number}: nội dung kiểm tra không thể sửa.",
        )


def remediation_task(finding: Finding) -> Task | None:
    from django.contrib.contenttypes.models import ContentType

    return (
        Task.objects.filter(source_type=ContentType.objects.get_for_model(Finding), source_id=str(finding.pk))
        .select_related("owner")
        .first()
    )


# --- plans and inspections ---------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, unit: Unit, year: int, title: str, doc_number: str = "", doc_date=None, actor):
    require(actor, "inspections.plan.manage", unit)
    if not nfc(title):
        raise DomainError("required", "Nhập tên kế hoạch kiểm tra.", field="title")
    plan = InspectionPlan.objects.create(
        unit=unit, year=year, title=nfc(title), doc_number=nfc(doc_number), doc_date=doc_date
    )
    record_event(plan, "created", plan.title, unit_code=unit.code)
    return plan


def default_framework(unit: Unit, year: int) -> Framework | None:
    level = LEVELS.get(unit.kind)
    return (
        Framework.objects.filter(unit_level=level, year__lte=year).order_by("-year", "code").first()
        if level
        else None
    )


@transaction.atomic
def inspection_create(
    *,
    plan: InspectionPlan,
    unit: Unit,
    start_date: date,
    end_date: date,
    topics: str = "",
    team=(),
    framework: Framework | None = None,
    actor,
) -> Inspection:
    """Schedule the inspection of ``unit`` (in the plan's unit's subtree), team ``[(person, role)]``."""
    require(actor, "inspections.plan.manage", plan.unit)
    if not unit.path.startswith(plan.unit.path):
        raise DomainError("unit", f"{unit.name} không thuộc phạm vi của kế hoạch kiểm tra.", field="unit")
    if end_date < start_date:
        raise DomainError("dates", "Ngày kết thúc phải sau ngày bắt đầu.", field="end_date")
    inspection = Inspection.objects.create(
        plan=plan,
        unit=unit,
        start_date=start_date,
        end_date=end_date,
        topics=nfc(topics),
        framework=framework or default_framework(unit, plan.year),
    )
    team_set(inspection=inspection, members=team, actor=actor)
    record_event(inspection, "scheduled", f"{start_date:%d/%m/%Y} – {end_date:%d/%m/%Y}", unit_code=unit.code)
    return inspection


@transaction.atomic
def team_set(*, inspection: Inspection, members, actor) -> None:
    """Replace the team: ``members`` is a list of ``(person, role)``; at most one leader."""
    require(actor, "inspections.plan.manage", inspection.plan.unit)
    _require_open(inspection)
    members = list(members)
    if sum(1 for _p, role in members if role == MemberRole.LEADER) > 1:
        raise DomainError("leaders", "Đoàn kiểm tra chỉ có một trưởng đoàn.", field="team")
    people = [person.pk for person, _role in members]
    if len(set(people)) != len(people):
        raise DomainError("twice", "Mỗi người chỉ giữ một vai trò trong đoàn kiểm tra.", field="team")
    inspection.team.all().delete()
    for person, role in members:
        if role not in MemberRole.values:
            raise DomainError("role", f"Vai trò không hợp lệ: {role}.", field="team")
        TeamMember.objects.create(inspection=inspection, person=person, role=role)


# --- the checklist -----------------------------------------------------------------------------------------


@transaction.atomic
def checklist_generate(*, inspection: Inspection, actor) -> int:
    """Items from the framework's leaves and the one-stop rules; items already there are kept. Returns the
    number of items added."""
    require(actor, "inspections.inspection.inspect", inspection)
    _require_open(inspection)
    existing = set(inspection.checklist.values_list("source", "code"))
    position = inspection.checklist.aggregate(m=Max("position"))["m"] or 0
    new = []
    leaves = inspection.framework.criteria.filter(max_points__isnull=False) if inspection.framework else []
    for leaf in leaves:
        if (ItemSource.CRITERION, leaf.code) in existing:
            continue
        figure = indicators_of(leaf.rule)[0] if leaf.method == Method.RULE and leaf.rule else ""
        position += 1
        new.append(
            ChecklistItem(
                inspection=inspection,
                position=position,
                source=ItemSource.CRITERION,
                code=leaf.code,
                text=leaf.name[:500],
                figure=figure,
            )
        )
    for rule in ONESTOP_RULES:
        if (ItemSource.ONESTOP, rule.code) in existing:
            continue
        position += 1
        new.append(
            ChecklistItem(
                inspection=inspection,
                position=position,
                source=ItemSource.ONESTOP,
                code=rule.code,
                text=rule.text,
                figure=rule.figure,
            )
        )
    ChecklistItem.objects.bulk_create(new)
    if new:
        record_event(inspection, "checklist", f"{len(new)} nội dung kiểm tra", unit_code=inspection.unit.code)
    return len(new)


@transaction.atomic
def checklist_add(*, inspection: Inspection, text: str, actor) -> ChecklistItem:
    """A free item added by the team on site."""
    require(actor, "inspections.inspection.inspect", inspection)
    _require_open(inspection)
    if not nfc(text):
        raise DomainError("required", "Nhập nội dung kiểm tra.", field="text")
    count = inspection.checklist.filter(source=ItemSource.FREE).count()
    position = (inspection.checklist.aggregate(m=Max("position"))["m"] or 0) + 1
    return ChecklistItem.objects.create(
        inspection=inspection,
        position=position,
        source=ItemSource.FREE,
        code=f"TD-{count + 1:02d}",
        text=nfc(text)[:500],
    )


@transaction.atomic
def checklist_check(*, item: ChecklistItem, result: str, note: str = "", actor) -> ChecklistItem:
    """Record what the team saw for an item: meets, shortcoming or not applicable, with a note."""
    inspection = item.inspection
    require(actor, "inspections.inspection.inspect", inspection)
    _require_open(inspection)
    if result not in ItemResult.values:
        raise DomainError("result", f"Kết quả không hợp lệ: {result}.", field="result")
    if result == ItemResult.SHORTCOMING and not nfc(note):
        raise DomainError("required", "Ghi rõ tồn tại, hạn chế phát hiện được.", field="note")
    item.result = result
    item.note = nfc(note)
    item.checked_by = _label(actor)
    item.checked_at = timezone.now()
    item.save()
    if inspection.status == InspectionStatus.PLANNED:
        inspection.status = InspectionStatus.IN_PROGRESS
        inspection.save()
    return item


@transaction.atomic
def item_evidence_add(*, item: ChecklistItem, uploaded, actor) -> ItemEvidence:
    require(actor, "inspections.inspection.inspect", item.inspection)
    _require_open(item.inspection)
    return evidence_checks.store(
        ItemEvidence(item=item, uploaded_by=_user(actor), uploaded_by_label=_label(actor)), uploaded
    )


# --- findings and the notice -------------------------------------------------------------------------------


def _normal(text: str) -> str:
    return " ".join(nfc(text).casefold().split())


def find_recurrence(finding: Finding) -> Finding | None:
    """The same shortcoming in the unit's latest earlier inspection (same criterion, same checklist rule or
    the same words)."""
    if finding.kind != FindingKind.SHORTCOMING:
        return None
    inspection = finding.inspection
    previous = (
        Inspection.objects.filter(unit=inspection.unit, plan__year__lt=inspection.plan.year)
        .exclude(pk=inspection.pk)
        .order_by("-plan__year", "-start_date")
    )
    item_code = finding.item.code if finding.item_id and finding.item.source != ItemSource.FREE else ""
    for earlier in previous:
        for old in earlier.findings.filter(kind=FindingKind.SHORTCOMING).select_related("item"):
            same_criterion = finding.criterion_code and old.criterion_code == finding.criterion_code
            same_rule = item_code and old.item_id and old.item.code == item_code
            if same_criterion or same_rule or _normal(old.text) == _normal(finding.text):
                return old
    return None


def _records(records) -> list[dict]:
    clean = []
    for record in records or []:
        if not isinstance(record, dict) or record.get("kind") not in ("dossier", "task"):
            raise DomainError("records", "Hồ sơ/nhiệm vụ liên quan không hợp lệ.", field="records")
        clean.append(record)
    return clean


@transaction.atomic
def finding_add(
    *,
    inspection: Inspection,
    kind: str,
    text: str,
    item: ChecklistItem | None = None,
    criterion_code: str = "",
    records=(),
    request: str = "",
    deadline: date | None = None,
    actor,
) -> Finding:
    """Record a strength or a shortcoming (with the team's request and deadline)."""
    require(actor, "inspections.inspection.inspect", inspection)
    _require_open(inspection)
    if kind not in FindingKind.values:
        raise DomainError("kind", f"Loại kết luận không hợp lệ: {kind}.", field="kind")
    if not nfc(text):
        raise DomainError("required", "Nhập nội dung kết luận.", field="text")
    if item is not None and item.inspection_id != inspection.pk:
        raise DomainError("item", "Nội dung kiểm tra không thuộc cuộc kiểm tra này.", field="item")
    if kind == FindingKind.STRENGTH and (deadline or nfc(request)):
        raise DomainError("strength", "Ưu điểm không có yêu cầu khắc phục và thời hạn.", field="deadline")
    if item is not None and not criterion_code and item.source == ItemSource.CRITERION:
        criterion_code = item.code
    position = (inspection.findings.filter(kind=kind).aggregate(m=Max("position"))["m"] or 0) + 1
    finding = Finding(
        inspection=inspection,
        kind=kind,
        position=position,
        text=nfc(text),
        item=item,
        criterion_code=nfc(criterion_code),
        records=_records(records),
        request=nfc(request),
        deadline=deadline,
    )
    finding.recurrence_of = find_recurrence(finding)
    finding.save()
    record_event(finding, "recorded", finding.text[:200], unit_code=inspection.unit.code)
    return finding


@transaction.atomic
def notice_issue(
    *,
    inspection: Inspection,
    number: str,
    notice_date: date,
    signer: str,
    conclusion: str = "",
    confirm_unchecked: bool = False,
    actor,
) -> Inspection:
    """Issue the conclusion notice: the inspection is locked and each shortcoming becomes a remediation item
    of the inspected unit (a task, deadline = the finding's).

    Checklist items still unchecked are allowed only with ``confirm_unchecked`` (the issuer saw the count);
    their number is kept on the inspection (``unchecked_at_issue``) and in the "issued" event.
    """
    inspection = (
        Inspection.objects.select_for_update().select_related("unit", "plan__unit").get(pk=inspection.pk)
    )
    require(actor, "inspections.notice.issue", inspection)
    _require_open(inspection)
    if not nfc(number):
        raise DomainError("required", "Nhập số thông báo kết luận.", field="number")
    if not inspection.findings.exists():
        raise DomainError("no_findings", "Chưa có kết luận nào (ưu điểm, tồn tại) để ban hành thông báo.")
    unchecked = inspection.checklist.filter(result=ItemResult.UNCHECKED).count()
    if unchecked and not confirm_unchecked:
        total = inspection.checklist.count()
        raise DomainError(
            "unchecked",
            f"Còn {unchecked}/{total} nội dung kiểm tra chưa được đánh giá. Đánh dấu ô xác nhận "
            "nếu vẫn ban hành thông báo kết luận.",
            field="confirm_unchecked",
        )
    inspection.notice_number = nfc(number)
    inspection.notice_date = notice_date
    inspection.notice_signer = nfc(signer)
    inspection.conclusion = nfc(conclusion)
    inspection.status = InspectionStatus.ISSUED
    inspection.issued_at = timezone.now()
    inspection.issued_by = _label(actor)
    inspection.unchecked_at_issue = unchecked
    inspection.save()
    for finding in inspection.findings.filter(kind=FindingKind.SHORTCOMING).order_by("position"):
        task_create(
            kind=TaskKind.REMEDIATION,
            unit=inspection.unit,
            title=f"Khắc phục: {finding.text}"[:500],
            description=finding.request,
            deadline=finding.deadline,
            source=finding,
            actor=actor,
        )
    message = f"Thông báo kết luận số {inspection.notice_number}"
    if unchecked:
        message += f" ({unchecked} nội dung kiểm tra chưa đánh giá, đã xác nhận)"
    record_event(inspection, "issued", message, unit_code=inspection.unit.code, unchecked=unchecked)
    return inspection


# --- remediation -------------------------------------------------------------------------------------------
# The inspected unit reports (cause, fix, evidence on the task, "reported fixed"); the inspection team decides
# (verify and close, reopen, cancel with a reason). Each step writes its own event on the finding's timeline.


def _task_of(finding: Finding) -> Task:
    task = remediation_task(finding)
    if task is None:
        raise DomainError(
            "no_task", "Tồn tại này chưa có nhiệm vụ khắc phục (thông báo kết luận chưa ban hành)."
        )
    return task


def _locked_finding(finding: Finding) -> Finding:
    return (
        Finding.objects.select_for_update(of=("self",))
        .select_related("inspection__unit", "inspection__plan__unit")
        .get(pk=finding.pk)
    )


@transaction.atomic
def remediation_report(*, finding: Finding, cause: str, fix: str, actor) -> Finding:
    """The unit's account: the cause of the shortcoming and what was done (evidence goes on the task); the
    item is then "reported fixed", awaiting the team's verification."""
    require(actor, "inspections.remediation.report", finding)
    finding = _locked_finding(finding)
    task = _task_of(finding)
    if finding.verified_at is not None:
        raise DomainError("closed", "Nội dung này đã được đoàn kiểm tra xác nhận hoàn thành.")
    if task.status == TaskStatus.CANCELLED:
        raise DomainError("cancelled", "Đoàn kiểm tra đã hủy nội dung khắc phục này.")
    if not nfc(cause) or not nfc(fix):
        raise DomainError(
            "required", "Nêu rõ nguyên nhân và kết quả khắc phục.", field="fix" if nfc(cause) else "cause"
        )
    finding.cause, finding.fix, finding.reported_at = nfc(cause), nfc(fix), timezone.now()
    finding.save()
    if task.progress < 99:
        task_report_progress(
            task=task, progress=99, note=f"Báo cáo khắc phục: {finding.fix[:200]}", actor=actor
        )
    record_event(finding, "fix_reported", finding.fix[:200], unit_code=finding.inspection.unit.code)
    return finding


@transaction.atomic
def remediation_verify(*, finding: Finding, note: str = "", actor) -> Finding:
    """The inspection team checks the fix and closes the item (the task is done)."""
    require(actor, "inspections.remediation.decide", finding)
    finding = _locked_finding(finding)
    task = _task_of(finding)
    if finding.reported_at is None:
        raise DomainError("not_reported", "Đơn vị chưa báo cáo kết quả khắc phục.")
    task_complete(task=task, note=nfc(note) or "Đoàn kiểm tra xác nhận đã khắc phục", actor=actor)
    finding.verified_at, finding.verified_by = timezone.now(), _label(actor)
    finding.save()
    record_event(finding, "verified", nfc(note), unit_code=finding.inspection.plan.unit.code)
    return finding


@transaction.atomic
def remediation_reopen(*, finding: Finding, reason: str, actor) -> Finding:
    """The inspection team finds the fix insufficient, or takes back a cancellation: the item is open again,
    with the reason."""
    require(actor, "inspections.remediation.decide", finding)
    finding = _locked_finding(finding)
    task = _task_of(finding)
    if not nfc(reason):
        raise DomainError("required", "Nêu lý do chưa đạt.", field="reason")
    if task.status in (TaskStatus.DONE, TaskStatus.CANCELLED):
        task_reopen(task=task, reason=nfc(reason), actor=actor)
    finding.verified_at, finding.verified_by, finding.reported_at = None, "", None
    finding.save()
    record_event(finding, "reopened", nfc(reason), unit_code=finding.inspection.plan.unit.code)
    return finding


@transaction.atomic
def remediation_cancel(*, finding: Finding, reason: str, actor) -> Finding:
    """The inspection team withdraws the item (e.g. the requirement no longer applies), with the reason: it
    leaves the closure figures (``docs/inspections.md``)."""
    require(actor, "inspections.remediation.decide", finding)
    finding = _locked_finding(finding)
    task = _task_of(finding)
    if not nfc(reason):
        raise DomainError("required", "Nêu lý do hủy nội dung khắc phục.", field="reason")
    if task.status == TaskStatus.DONE:
        raise DomainError("closed", "Nội dung đã được xác nhận hoàn thành; hãy mở lại trước khi hủy.")
    if task.status == TaskStatus.CANCELLED:
        raise DomainError("cancelled", "Nội dung khắc phục này đã bị hủy.")
    task_cancel(task=task, reason=nfc(reason), actor=actor)
    record_event(finding, "cancelled", nfc(reason), unit_code=finding.inspection.plan.unit.code)
    return finding
