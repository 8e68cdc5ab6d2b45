"""Demo data of the PAR inspections, in the seeds' spirit (kiểm tra CCHC tại các xã, phường; Thông báo kết
luận số 514/TBKL-...; each official explains the cause and the fix by a deadline):

- 2025: the inspection plan of the province (68), carried out by a team of the Home Affairs department led by
  its head of PAR, inspected four demo wards from 09/5 to 23/5/2025; every checklist is filled, findings are
  the seeds' strengths and shortcomings, and each conclusion notice is issued (Phan Thiết: 514/TBKL-SNV).
  Of the 12 remediation items, 7 are reported and verified (closed); the others are open, reported and
  awaiting verification, or reopened — most past their deadline (overdue), two due at the end of 2026.
- 2026: Phường Hàm Thắng inspected in May with its notice issued, where the incomplete tracking registers
  found in 2025 (still open) recur and are marked as recurring; and Phường Phan Thiết (22945) inspected from
  24/11/2026, still under way (checklist generated, a few items checked) for the browser test to finish.

Everything goes through the services (history, change log and remediation tasks stay consistent); only the
timestamps of past actions are set afterwards to the days they happened. Loaded once.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cchc.core.audit import acting_as
from cchc.core.models import Notification
from cchc.core.permissions import system_actor
from cchc.inspections import services
from cchc.inspections.models import (
    ChecklistItem,
    Finding,
    FindingKind,
    InspectionPlan,
    ItemResult,
    MemberRole,
)
from cchc.org import services as org_services
from cchc.org.demo import OTHER_WARD, PROVINCE, WARD
from cchc.org.models import Person, Unit
from cchc.plans import services as plan_services
from cchc.plans.models import Task

#: The demo acts as an explicit system actor where no demo user plays the step.
DEMO = system_actor("demo")

#: (full name, title, unit code): the Home Affairs team (Trần Văn Kiểm is the demo user ``noivu``)
TEAM = {
    "leader": ("Nguyễn Văn Thành", "Trưởng phòng Cải cách hành chính, Sở Nội vụ", "68-SNV"),
    "deputy": ("Lê Thị Thu Trang", "Phó Chánh Văn phòng UBND tỉnh", "68-VPUB"),
    "member": ("Trần Văn Kiểm", "Chuyên viên Sở Nội vụ", "68-SNV"),
    "secretary": ("Đỗ Minh Khoa", "Chuyên viên Phòng Cải cách hành chính, Sở Nội vụ", "68-SNV"),
}
TOPICS = (
    "Công tác chỉ đạo, điều hành CCHC; kiểm soát thủ tục hành chính; thực hiện cơ chế một cửa, một cửa liên "
    "thông; số hóa hồ sơ, kết quả giải quyết TTHC; khắc phục tồn tại, hạn chế qua kiểm tra năm trước."
)

#: strengths (seeds 000 and 003): key → (text, checklist item code or "")
STRENGTHS = {
    "T1": (
        "Lãnh đạo Đảng ủy, UBND phường quan tâm, tập trung chỉ đạo công tác CCHC; ban hành Kế hoạch CCHC năm "
        "và các kế hoạch thành phần đầy đủ, kịp thời.",
        "1.1.1",
    ),
    "T2": (
        "Niêm yết TTHC có gắn mã QR; triển khai mô hình “Thanh niên hỗ trợ nộp hồ sơ trực tuyến và thanh "
        "toán trực tuyến”.",
        "",
    ),
    "T3": (
        "Có thư xin lỗi đối với hồ sơ trễ hẹn; không có hồ sơ quá hạn chưa xử lý tại thời điểm kiểm tra.",
        "MC-03",
    ),
    "T4": (
        "Bộ phận Một cửa được trang bị đầy đủ thiết bị công nghệ thông tin theo Đề án Một cửa hiện đại, hoạt "
        "động tốt tại thời điểm kiểm tra.",
        "",
    ),
    "T5": (
        "Ban hành Quy chế làm việc, Thông báo phân công nhiệm vụ đối với cán bộ, công chức; công khai dự "
        "toán ngân sách năm.",
        "4.1.1",
    ),
}

#: shortcomings (seed 003): key → (text, item code, request, deadline)
SHORTCOMINGS = {
    "S1": (
        "Chưa cập nhật Kế hoạch rà soát, đánh giá thủ tục hành chính năm 2025 theo chỉ đạo của UBND tỉnh.",
        "3.4.1",
        "Ban hành bổ sung Kế hoạch rà soát, đánh giá TTHC năm 2025, phân công cụ thể công chức và thời hạn.",
        date(2025, 6, 30),
    ),
    "S2": (
        "Sổ theo dõi hồ sơ, phiếu kiểm soát quá trình giải quyết hồ sơ TTHC ghi chép chưa đầy đủ.",
        "MC-07",
        "Rà soát, ghi chép đầy đủ sổ theo dõi và phiếu kiểm soát; Chủ tịch UBND kiểm tra định kỳ hằng tháng.",
        date(2025, 6, 15),  # a Sunday: due the next working day
    ),
    "S3": (
        (
            "Niêm yết TTHC chưa kịp thời, thiếu đánh số trang và "
            "chưa thể hiện niêm yết theo quyết định công bố nào."
        ),
        "MC-08",
        (
            "Cập nhật niêm yết theo quyết định công bố mới nhất, "
            "đánh số trang, ghi rõ số hiệu quyết định công bố."
        ),
        date(2025, 6, 30),
    ),
    "S4": (
        "Chưa số hóa hồ sơ TTHC còn hiệu lực qua rà soát từ năm 2024 trở về trước.",
        "7.4.2",
        "Xây dựng lộ trình và hoàn thành số hóa hồ sơ TTHC còn hiệu lực từ năm 2024 trở về trước.",
        date(2026, 12, 31),
    ),
    "S5": (
        "TTHC ngành dọc chưa được đưa ra tiếp nhận hồ sơ tại Bộ phận Một cửa theo danh mục được phê duyệt.",
        "3.2.1",
        "Phối hợp cơ quan ngành dọc đưa TTHC ra tiếp nhận tại Bộ phận Một cửa theo danh mục được phê duyệt.",
        date(2025, 7, 31),
    ),
    "S6": (
        "Trạng thái một số hồ sơ trên Hệ thống thông tin giải quyết TTHC chưa trùng khớp thực tế (đã trả kết "
        "quả nhưng trên hệ thống vẫn đang xử lý).",
        "MC-09",
        (
            "Rà soát, cập nhật trạng thái toàn bộ hồ sơ trên hệ "
            "thống; không để hồ sơ đã trả kết quả còn đang xử lý."
        ),
        date(2025, 6, 30),
    ),
    "S7": (
        "Chưa ban hành kế hoạch tuyên truyền CCHC năm; chưa tuyên truyền Đề án 06 của Chính phủ.",
        "1.4.1",
        "Ban hành kế hoạch tuyên truyền CCHC năm 2025, lồng ghép tuyên truyền Đề án 06.",
        date(2025, 7, 15),
    ),
    "S8": (
        (
            "Chưa cập nhật quy trình nội bộ, quy trình điện tử "
            "giải quyết TTHC sau khi sắp xếp đơn vị hành chính."
        ),
        "3.1.1",
        (
            "Rà soát, trình Chủ tịch UBND tỉnh phê duyệt quy trình "
            "nội bộ, quy trình điện tử của các TTHC còn thiếu."
        ),
        date(2026, 7, 15),
    ),
}

#: how each 2025 item ends: closed (reported, verified), reported (awaiting), reopened, or open
CAUSES = {
    "S1": (
        "Công chức được giao chưa theo dõi văn bản chỉ đạo mới của UBND tỉnh.",
        "Đã ban hành Kế hoạch "
        "rà soát, đánh giá TTHC năm 2025, phân công 03 công chức, hoàn thành rà soát 12 TTHC.",
    ),
    "S2": (
        "Công chức Một cửa kiêm nhiệm nhiều việc, chưa ghi chép kịp thời.",
        "Đã bổ sung đầy đủ sổ theo dõi từ tháng 01/2025; Chủ tịch UBND phường ký kiểm tra sổ hằng tháng.",
    ),
    "S3": (
        "Chưa cập nhật kịp thời quyết định công bố TTHC mới của Chủ tịch UBND tỉnh.",
        "Đã niêm yết lại toàn bộ TTHC theo quyết định công bố mới, đánh số trang, gắn mã QR.",
    ),
    "S5": (
        "Chưa thống nhất với cơ quan ngành dọc về bố trí công chức tiếp nhận.",
        "Đã đưa 05 TTHC lĩnh vực đất đai, thuế ra tiếp nhận tại Bộ phận Một cửa từ 01/7/2025.",
    ),
    "S6": (
        "Công chức chuyên môn chưa cập nhật kết quả trên hệ thống khi trả kết quả trực tiếp.",
        "Đã rà soát, cập nhật trạng thái 37 hồ sơ; giao Bộ phận Một cửa kiểm tra hằng tuần.",
    ),
    "S7": (
        "Chưa bố trí công chức phụ trách tuyên truyền.",
        "Đã ban hành Kế hoạch tuyên truyền CCHC năm 2025, "
        "đăng 06 tin bài về Đề án 06 trên trang thông tin điện tử.",
    ),
    "S8": (
        "Quyết định công bố TTHC mới sau sắp xếp chưa kèm quy trình nội bộ.",
        "Đã rà soát 18 TTHC, trình "
        "phê duyệt và cập nhật quy trình điện tử trên Hệ thống thông tin giải quyết TTHC.",
    ),
}

#: the 2025 inspections: unit, dates, notice (number, date), strengths, shortcomings → outcome
INSPECTIONS_2025 = [
    (
        OTHER_WARD,
        (9, 9),
        ("505/TBKL-SNV", date(2025, 5, 14)),
        ["T1", "T3"],
        {"S2": "open", "S5": "closed", "S6": "closed"},
    ),
    (
        WARD,
        (12, 13),
        ("514/TBKL-SNV", date(2025, 5, 19)),
        ["T1", "T2", "T5"],
        {"S1": "closed", "S2": "reported", "S3": "closed", "S4": "open"},
    ),
    (
        "22918",
        (15, 16),
        ("521/TBKL-SNV", date(2025, 5, 22)),
        ["T2", "T4"],
        {"S1": "closed", "S3": "reopened", "S7": "closed"},
    ),
    (
        "22960",
        (21, 23),
        ("530/TBKL-SNV", date(2025, 5, 28)),
        ["T1", "T4", "T3"],
        {"S4": "open", "S6": "closed"},
    ),
]
NOT_APPLICABLE = {"2.4.2": "Chưa đến kỳ đánh giá.", "6.3.1": "Không phát sinh vốn đầu tư công được giao."}
SURVEYED = ("3.5.1", "4.5.1", "5.5.1", "8.1.1", "8.1.2", "8.2.1", "8.2.2", "8.3.2")

#: PAR officers who report for their ward (demo users of cchc.org.demo)
REPORTERS = {WARD: "cchc.phanthiet", OTHER_WARD: "cchc.hamthang"}
OWNERS = {WARD: "Lê Minh Tuấn", OTHER_WARD: "Võ Văn Bình"}


def _at(day: date, hour: int = 16) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _team() -> list[tuple[Person, str]]:
    members = []
    for role, (name, title, code) in TEAM.items():
        person = Person.objects.filter(full_name=name, unit__code=code).first()
        if person is None:
            person = org_services.person_create(full_name=name, unit=Unit.objects.get(code=code), title=title)
        members.append((person, role))
    return members


def _fill(inspection, findings: dict[str, str], strengths: list[str], inspector, *, upto: int | None = None):
    """Check the items: shortcomings with the finding's words, some not applicable, the rest meet."""
    notes = {SHORTCOMINGS[k][1]: SHORTCOMINGS[k][0] for k in findings}
    strong = {STRENGTHS[k][1] for k in strengths if STRENGTHS[k][1]}
    items = list(inspection.checklist.order_by("position", "pk"))
    for item in items[:upto]:
        if item.code in notes:
            result, note = ItemResult.SHORTCOMING, notes[item.code]
        elif item.code in NOT_APPLICABLE:
            result, note = ItemResult.NOT_APPLICABLE, NOT_APPLICABLE[item.code]
        elif item.code in SURVEYED:
            result, note = ItemResult.NOT_APPLICABLE, "Đánh giá qua điều tra xã hội học cuối năm."
        else:
            result, note = ItemResult.MEETS, "Có hồ sơ, tài liệu kiểm chứng." if item.code in strong else ""
        services.checklist_check(item=item, result=result, note=note, actor=inspector)
    ChecklistItem.objects.filter(inspection=inspection).exclude(checked_at=None).update(
        checked_at=_at(inspection.start_date, 10)
    )


def _record(inspection, strengths, shortcomings, inspector, *, deadlines=None) -> dict[str, Finding]:
    items = {i.code: i for i in inspection.checklist.all()}
    made = {}
    for key in strengths:
        text, code = STRENGTHS[key]
        services.finding_add(
            inspection=inspection, kind=FindingKind.STRENGTH, text=text, item=items.get(code), actor=inspector
        )
    for key in shortcomings:
        text, code, request, deadline = SHORTCOMINGS[key]
        made[key] = services.finding_add(
            inspection=inspection,
            kind=FindingKind.SHORTCOMING,
            text=text,
            item=items.get(code),
            request=request,
            deadline=(deadlines or {}).get(key, deadline),
            actor=inspector,
        )
    return made


def _issue(inspection, number: str, day: date, signer: str, inspector) -> None:
    services.notice_issue(
        inspection=inspection,
        number=number,
        notice_date=day,
        signer=signer,
        conclusion=(
            "Nhìn chung, UBND phường đã triển khai tương đối đầy đủ các nhiệm vụ CCHC theo kế hoạch; việc "
            "tiếp nhận, giải quyết hồ sơ TTHC cơ bản bảo đảm quy định."
        ),
        confirm_unchecked=True,  # the demo's checklists are filled only where a result matters
        actor=inspector,
    )
    type(inspection).objects.filter(pk=inspection.pk).update(issued_at=_at(day))


def _remediate(finding: Finding, key: str, outcome: str, inspector, reporter) -> None:
    """Play the item's story; the days: reported 10 days and verified 3 days before the deadline."""
    task = services.remediation_task(finding)
    owner = OWNERS.get(finding.inspection.unit.code)
    if owner:
        plan_services.task_assign(
            task=task, owner=Person.objects.get(full_name=owner), actor=reporter or DEMO
        )
    if outcome == "open":
        return
    cause, fix = CAUSES[key]
    services.remediation_report(finding=finding, cause=cause, fix=fix, actor=reporter or DEMO)
    deadline = finding.deadline
    reported, verified = _at(deadline - timedelta(days=10)), _at(deadline - timedelta(days=3))
    if outcome == "closed":
        services.remediation_verify(finding=finding, note="Đã kiểm tra tài liệu kiểm chứng.", actor=inspector)
        Finding.objects.filter(pk=finding.pk).update(reported_at=reported, verified_at=verified)
        Task.objects.filter(pk=task.pk).update(done_at=verified)
    elif outcome == "reopened":
        services.remediation_verify(finding=finding, actor=inspector)
        services.remediation_reopen(
            finding=finding,
            reason="Kiểm tra lại: một số TTHC lĩnh vực hộ tịch vẫn niêm yết theo quyết định công bố cũ.",
            actor=inspector,
        )
    else:
        Finding.objects.filter(pk=finding.pk).update(reported_at=reported)


@transaction.atomic
def load_demo_inspections() -> bool:
    """Create the demo inspections once; returns False when they exist already."""
    province = Unit.objects.get(code=PROVINCE)
    if InspectionPlan.objects.filter(unit=province, year=2025).exists():
        return False
    started = timezone.now()
    users = get_user_model().objects.in_bulk(["noivu", *REPORTERS.values()], field_name="username")
    inspector = users["noivu"]
    team = _team()
    leader = next(p for p, role in team if role == MemberRole.LEADER)
    with acting_as(inspector):
        plan = services.plan_create(
            unit=province,
            year=2025,
            title="Kế hoạch kiểm tra công tác cải cách hành chính năm 2025",
            doc_number="45/KH-UBND",
            doc_date=date(2025, 3, 20),
            actor=inspector,
        )
        for code, (first, last), (number, day), strengths, outcomes in INSPECTIONS_2025:
            inspection = services.inspection_create(
                plan=plan,
                unit=Unit.objects.get(code=code),
                start_date=date(2025, 5, first),
                end_date=date(2025, 5, last),
                topics=TOPICS,
                team=team,
                actor=inspector,
            )
            services.checklist_generate(inspection=inspection, actor=inspector)
            _fill(inspection, outcomes, strengths, inspector)
            findings = _record(inspection, strengths, list(outcomes), inspector)
            _issue(inspection, number, day, leader.full_name, inspector)
            reporter = users.get(REPORTERS.get(code, ""))
            for key, outcome in outcomes.items():
                with acting_as(reporter or inspector):
                    _remediate(findings[key], key, outcome, inspector, reporter)

        plan_2026 = services.plan_create(
            unit=province,
            year=2026,
            title="Kế hoạch kiểm tra công tác cải cách hành chính năm 2026",
            doc_number="38/KH-UBND",
            doc_date=date(2026, 2, 27),
            actor=inspector,
        )
        # Hàm Thắng, May 2026: the tracking registers are incomplete again (recurring), one new shortcoming.
        ham_thang = services.inspection_create(
            plan=plan_2026,
            unit=Unit.objects.get(code=OTHER_WARD),
            start_date=date(2026, 5, 12),
            end_date=date(2026, 5, 13),
            topics=TOPICS,
            team=team,
            actor=inspector,
        )
        services.checklist_generate(inspection=ham_thang, actor=inspector)
        _fill(ham_thang, {"S2": "open", "S8": "closed"}, ["T1", "T3"], inspector)
        findings = _record(
            ham_thang, ["T1", "T3"], ["S2", "S8"], inspector, deadlines={"S2": date(2026, 6, 30)}
        )
        _issue(ham_thang, "612/TBKL-SNV", date(2026, 5, 20), leader.full_name, inspector)
        with acting_as(users["cchc.hamthang"]):
            _remediate(findings["S2"], "S2", "open", inspector, users["cchc.hamthang"])
            _remediate(findings["S8"], "S8", "closed", inspector, users["cchc.hamthang"])

        # Phan Thiết, from 24/11/2026: under way, a few items checked; the browser test finishes it.
        phan_thiet = services.inspection_create(
            plan=plan_2026,
            unit=Unit.objects.get(code=WARD),
            start_date=date(2026, 11, 24),
            end_date=date(2026, 11, 27),
            topics=TOPICS,
            team=team,
            actor=inspector,
        )
        services.checklist_generate(inspection=phan_thiet, actor=inspector)
        _fill(phan_thiet, {}, ["T1"], inspector, upto=4)
    # The assignment messages of the loading are history, not news.
    Notification.objects.filter(created_at__gte=started).update(read_at=timezone.now())
    return True
