"""Demo data: the 2026 PAR plan of Phường Phan Thiết (22945) with its component plans, and a smaller plan of
Phường Hàm Thắng (22933), in the seeds' spirit: the ward has done 42 of its 56 planned tasks (75%), and some
tasks are overdue. Dates are fixed 2026 dates, so what is overdue depends on the day the demo is looked at
(on 26/11/2026: three tasks). Loaded once: nothing happens when the plan exists already.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cchc.core.models import Notification
from cchc.core.permissions import system_actor
from cchc.org.demo import OTHER_WARD, PROVINCE, WARD
from cchc.org.models import Person, Unit
from cchc.plans import services
from cchc.plans.models import Plan, TaskKind
from cchc.plans.reminders import remind

#: The demo acts as an explicit system actor where no demo user plays the step.
DEMO = system_actor("demo")

YEAR = 2026

#: Demo people of the ward by short key (cchc.org.demo).
PEOPLE = {
    "ha": "Nguyễn Thị Thu Hà",  # chutich.phanthiet
    "tuan": "Lê Minh Tuấn",  # cchc.phanthiet
    "lan": "Phạm Thị Lan",  # motcua.phanthiet
    "phuc": "Huỳnh Văn Phúc",
    "hong": "Trương Thị Hồng",
    "bao": "Ngô Quốc Bảo",
    "binh": "Võ Văn Bình",  # cchc.hamthang
    "mai": "Đặng Thị Mai",  # xem.hamthang (a viewer who owns tasks)
}

# (number, parent, title, area, owner, deadline dd/mm, status, progress); status: done, open, cancel.
MAIN_TASKS = [
    (
        "1",
        "",
        "Ban hành Kế hoạch cải cách hành chính năm 2026 của UBND phường",
        "1",
        "tuan",
        "15/01",
        "done",
        100,
    ),
    ("2", "", "Ban hành Kế hoạch kiểm tra công tác CCHC năm 2026", "1", "tuan", "31/01", "done", 100),
    ("3", "", "Tự kiểm tra công tác CCHC tại các bộ phận chuyên môn", "1", "tuan", "30/06", "done", 100),
    ("4", "", "Báo cáo công tác CCHC quý I/2026", "1", "tuan", "15/03", "done", 100),
    ("5", "", "Báo cáo công tác CCHC 6 tháng đầu năm 2026", "1", "tuan", "15/06", "done", 100),
    ("6", "", "Báo cáo công tác CCHC quý III/2026", "1", "tuan", "15/09", "done", 100),
    ("7", "", "Báo cáo công tác CCHC năm 2026", "1", "tuan", "15/12", "open", 40),
    ("8", "", "Khắc phục tồn tại, hạn chế qua kết quả Chỉ số CCHC năm 2025", "1", "ha", "30/11", "parent", 0),
    ("8.1", "8", "Rà soát, phân công khắc phục từng tiêu chí bị trừ điểm", "1", "ha", "31/03", "done", 100),
    ("8.2", "8", "Họp giao ban CCHC hằng tháng với các bộ phận chuyên môn", "1", "ha", "30/11", "done", 100),
    ("8.3", "8", "Báo cáo kết quả khắc phục gửi Sở Nội vụ", "1", "tuan", "30/10", "open", 70),
    (
        "9",
        "",
        "Tự đánh giá, chấm điểm Chỉ số CCHC năm 2026 kèm tài liệu kiểm chứng",
        "1",
        "tuan",
        "20/12",
        "open",
        0,
    ),
    (
        "10",
        "",
        "Rà soát, hệ thống hóa văn bản QPPL do HĐND, UBND phường ban hành",
        "2",
        "phuc",
        "30/06",
        "done",
        100,
    ),
    ("11", "", "Theo dõi tình hình thi hành pháp luật năm 2026", "2", "phuc", "15/12", "open", 70),
    ("12", "", "Phổ biến văn bản QPPL mới cho cán bộ, công chức", "2", "phuc", "31/08", "done", 100),
    ("13", "", "Niêm yết, công khai TTHC có gắn mã QR tại Bộ phận Một cửa", "3", "lan", "31/03", "done", 100),
    ("14", "", "Thực hiện xin lỗi người dân khi phát sinh hồ sơ trễ hẹn", "3", "lan", "31/12", "open", 80),
    ("15", "", "Duy trì mô hình “Công dân không viết”", "3", "lan", "30/06", "done", 100),
    (
        "16",
        "",
        "Tiếp nhận, xử lý phản ánh, kiến nghị về quy định hành chính",
        "3",
        "lan",
        "30/09",
        "done",
        100,
    ),
    (
        "17",
        "",
        "Cập nhật 100% hồ sơ TTHC lên Hệ thống thông tin giải quyết TTHC của tỉnh",
        "3",
        "lan",
        "31/10",
        "done",
        100,
    ),
    ("18", "", "Ban hành Quy chế làm việc của UBND phường", "4", "ha", "31/03", "done", 100),
    (
        "19",
        "",
        "Rà soát chức năng, nhiệm vụ các bộ phận chuyên môn sau sắp xếp",
        "4",
        "ha",
        "30/04",
        "done",
        100,
    ),
    ("20", "", "Thông báo phân công nhiệm vụ đối với cán bộ, công chức", "4", "ha", "13/02", "done", 100),
    ("21", "", "Cập nhật cơ sở dữ liệu cán bộ, công chức của phường", "4", "hong", "30/06", "done", 100),
    ("22", "", "Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức năm 2026", "5", "hong", "27/02", "done", 100),
    ("23", "", "Cử công chức tham gia lớp bồi dưỡng kỹ năng số", "5", "hong", "31/08", "done", 100),
    ("24", "", "Kiểm tra kỷ luật, kỷ cương hành chính, giờ giấc làm việc", "5", "ha", "30/11", "done", 100),
    ("25", "", "Đánh giá, xếp loại chất lượng cán bộ, công chức năm 2026", "5", "ha", "20/12", "open", 0),
    (
        "26",
        "",
        "Đề xuất tuyển dụng 02 công chức Văn phòng - Thống kê, 01 công chức Văn hóa - Xã hội",
        "5",
        "ha",
        "30/09",
        "done",
        100,
    ),
    ("27", "", "Ban hành Quy chế chi tiêu nội bộ năm 2026", "6", "tuan", "30/01", "done", 100),
    ("28", "", "Ban hành Quy chế quản lý, sử dụng tài sản công", "6", "tuan", "31/03", "done", 100),
    ("29", "", "Công khai dự toán ngân sách năm 2026", "6", "tuan", "30/01", "done", 100),
    ("30", "", "Công khai quyết toán ngân sách năm 2025", "6", "tuan", "30/06", "done", 100),
    (
        "31",
        "",
        "Ký số 100% văn bản đi trên hệ thống quản lý văn bản và điều hành",
        "7",
        "tuan",
        "30/06",
        "done",
        100,
    ),
    ("32", "", "Hướng dẫn người dân nộp hồ sơ và thanh toán trực tuyến", "7", "lan", "31/12", "open", 75),
    ("33", "", "Đạt tỷ lệ hồ sơ giải quyết trực tuyến tối thiểu 50%", "7", "lan", "31/12", "open", 60),
    (
        "34",
        "",
        "Cập nhật tin, bài CCHC trên Trang thông tin điện tử của phường",
        "7",
        "bao",
        "30/11",
        "done",
        100,
    ),
    ("35", "", "Triển khai Tổ công nghệ số cộng đồng tại các khu phố", "7", "bao", "31/07", "done", 100),
    ("36", "", "Khảo sát sự hài lòng của người dân tại Bộ phận Một cửa", "8", "lan", "15/11", "open", 50),
    (
        "37",
        "",
        "Mức độ hài lòng tối thiểu 84%, lĩnh vực đất đai tối thiểu 82%",
        "8",
        "lan",
        "31/12",
        "open",
        0,
    ),
    ("38", "", "Tổ chức đối thoại với người dân về giải quyết TTHC", "8", "ha", "30/09", "done", 100),
    ("39", "", "Tổ chức Hội thi tìm hiểu về CCHC cấp phường", "1", "bao", "30/10", "cancel", 0),
]

COMPONENTS = [
    (
        "Kế hoạch tuyên truyền cải cách hành chính năm 2026",
        ("18/KH-UBND", "20/01", "ha"),
        [
            ("1", "", "Đăng tải tin, bài tuyên truyền CCHC hằng quý", "1", "bao", "15/12", "open", 75),
            (
                "2",
                "",
                "Tuyên truyền CCHC trên hệ thống loa truyền thanh khu phố",
                "1",
                "hong",
                "30/09",
                "done",
                100,
            ),
            (
                "3",
                "",
                "Lồng ghép tuyên truyền CCHC trong hội nghị tiếp xúc cử tri",
                "1",
                "hong",
                "31/07",
                "done",
                100,
            ),
            (
                "4",
                "",
                "Treo băng rôn, pa-nô tuyên truyền Đề án 06 tại trụ sở",
                "1",
                "bao",
                "31/03",
                "done",
                100,
            ),
            (
                "5",
                "",
                "Tuyên truyền về dịch vụ công trực tuyến, thanh toán trực tuyến",
                "7",
                "bao",
                "30/06",
                "done",
                100,
            ),
            ("6", "", "Báo cáo kết quả công tác tuyên truyền CCHC năm 2026", "1", "tuan", "10/12", "open", 0),
        ],
    ),
    (
        "Kế hoạch rà soát, đánh giá thủ tục hành chính năm 2026",
        ("22/KH-UBND", "05/02", "ha"),
        [
            (
                "1",
                "",
                "Thống kê TTHC thuộc thẩm quyền giải quyết của UBND phường",
                "3",
                "lan",
                "31/03",
                "done",
                100,
            ),
            ("2", "", "Rà soát nhóm TTHC lĩnh vực hộ tịch", "3", "phuc", "30/06", "done", 100),
            ("3", "", "Rà soát nhóm TTHC lĩnh vực chứng thực", "3", "phuc", "31/07", "done", 100),
            ("4", "", "Đề xuất phương án đơn giản hóa TTHC gửi UBND tỉnh", "3", "lan", "30/10", "open", 60),
            (
                "5",
                "",
                "Cập nhật quy trình nội bộ, quy trình điện tử giải quyết TTHC",
                "3",
                "lan",
                "30/09",
                "done",
                100,
            ),
        ],
    ),
    (
        "Kế hoạch số hóa hồ sơ, kết quả giải quyết thủ tục hành chính năm 2026",
        ("25/KH-UBND", "10/02", "ha"),
        [
            (
                "1",
                "",
                "Số hóa hồ sơ hộ tịch còn hiệu lực từ năm 2022 trở về trước",
                "7",
                "phuc",
                "30/09",
                "done",
                100,
            ),
            (
                "2",
                "",
                "Số hóa 100% kết quả giải quyết TTHC khi trả cho người dân",
                "7",
                "lan",
                "30/06",
                "done",
                100,
            ),
            ("3", "", "Số hóa thành phần hồ sơ đầu vào đạt tối thiểu 80%", "7", "lan", "31/12", "open", 85),
            ("4", "", "Trang bị máy quét tài liệu cho Bộ phận Một cửa", "7", "tuan", "31/03", "done", 100),
            ("5", "", "Cấp bản sao điện tử từ sổ gốc hộ tịch", "7", "phuc", "31/08", "done", 100),
        ],
    ),
]

DIRECTIVES = [
    # Kết luận của Chủ tịch UBND phường tại cuộc họp giao ban CCHC tháng 11/2026.
    (
        "Rà soát hồ sơ đang giải quyết, không để phát sinh hồ sơ trễ hẹn trong tháng 12",
        "3",
        "lan",
        "04/12",
        "open",
        30,
    ),
    ("Cập nhật đầy đủ trạng thái nhiệm vụ trên phần mềm giao việc", "1", "tuan", "30/11", "open", 0),
    ("Bố trí công chức hỗ trợ Bộ phận Một cửa vào giờ cao điểm", "3", "phuc", "13/11", "done", 100),
]

OTHER_TASKS = [
    ("1", "", "Ban hành Kế hoạch cải cách hành chính năm 2026", "1", "binh", "20/01", "done", 100),
    ("2", "", "Báo cáo công tác CCHC quý, 6 tháng, năm", "1", "binh", "15/12", "open", 75),
    ("3", "", "Rà soát văn bản QPPL của phường", "2", "binh", "30/06", "done", 100),
    ("4", "", "Niêm yết TTHC có mã QR", "3", "binh", "31/03", "done", 100),
    ("5", "", "Tuyên truyền CCHC tại nhà văn hóa khu phố", "1", "mai", "30/09", "done", 100),
    ("6", "", "Cập nhật cơ sở dữ liệu cán bộ, công chức", "4", "binh", "30/06", "done", 100),
    ("7", "", "Bồi dưỡng kỹ năng giao tiếp cho công chức Một cửa", "5", "mai", "31/08", "done", 100),
    ("8", "", "Công khai dự toán ngân sách năm 2026", "6", "binh", "30/01", "done", 100),
    ("9", "", "Số hóa kết quả giải quyết TTHC", "7", "binh", "31/12", "open", 70),
    ("10", "", "Khảo sát sự hài lòng của người dân", "8", "mai", "30/10", "open", 40),
    ("11", "", "Đối thoại với người dân về TTHC", "8", "binh", "18/12", "open", 0),
    ("12", "", "Hướng dẫn nộp hồ sơ trực tuyến tại khu phố", "7", "mai", "11/12", "open", 20),
]

# A one-page PDF for the demo evidence files (the checks only need a real PDF header).
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _day(text: str) -> date:
    day, month = (int(p) for p in text.split("/"))
    return date(YEAR, month, day)


def _done_at(deadline: date) -> datetime:
    """A plausible completion instant: a few days before the deadline, at 16:00, never in the future."""
    moment = timezone.make_aware(datetime.combine(deadline - timedelta(days=3), time(16, 0)))
    return min(moment, timezone.now())


def _load_tasks(plan: Plan, rows, people: dict[str, Person]) -> dict[str, object]:
    made = {}
    for number, parent, title, area, owner, deadline, status, progress in rows:
        due = _day(deadline)
        task = services.task_create(
            plan=plan,
            number=number,
            parent=made.get(parent),
            title=title,
            area=area,
            owner=people[owner],
            start_date=max(date(YEAR, 1, 5), due - timedelta(days=120)),
            deadline=due,
            actor=DEMO,
        )
        made[number] = task
        if status == "done":
            services.task_complete(task=task, at=_done_at(due), actor=DEMO)
        elif status == "open" and progress:
            services.task_report_progress(task=task, progress=progress, actor=DEMO)
        elif status == "cancel":
            services.task_cancel(
                task=task,
                reason="Không còn phù hợp sau sắp xếp đơn vị hành chính; "
                "nội dung lồng ghép vào kế hoạch tuyên truyền.",
                actor=DEMO,
            )
    return made


#: Tasks the province set for Phường Phan Thiết (owner: Lê Minh Tuấn), each in one state of the separation of
#: duties: (title, area, deadline, state); states: open, extension (asked, awaiting the province), pending
#: (reported done, awaiting the province's confirmation), confirmed.
PROVINCE_TASKS = [
    ("Rà soát, cập nhật quy trình nội bộ giải quyết TTHC cấp xã", "3", date(2027, 1, 29), "open"),
    ("Báo cáo kết quả số hóa hồ sơ TTHC năm 2026", "7", date(2026, 12, 15), "extension"),
    ("Niêm yết công khai TTHC sau sắp xếp đơn vị hành chính", "3", date(2026, 9, 30), "pending"),
    ("Kiện toàn Bộ phận Một cửa cấp xã", "4", date(2026, 8, 31), "confirmed"),
]


def _province_tasks(people: dict[str, Person]) -> None:
    """The province's plan, whose tasks for the ward are decided and confirmed by the province."""
    province, ward = Unit.objects.get(code=PROVINCE), Unit.objects.get(code=WARD)
    users = get_user_model().objects.in_bulk(["noivu", "cchc.phanthiet"], field_name="username")
    decider, reporter = users.get("noivu", DEMO), users.get("cchc.phanthiet", DEMO)
    plan = _issued_plan(
        province, "Kế hoạch cải cách hành chính năm 2026 của UBND tỉnh", "25/KH-UBND", "08/01", "Hồ Văn Mười"
    )
    for number, (title, area, deadline, state) in enumerate(PROVINCE_TASKS, start=1):
        task = services.task_create(
            plan=plan,
            number=str(number),
            title=title,
            area=area,
            unit=ward,
            owner=people["tuan"],
            start_date=date(YEAR, 1, 15),
            deadline=deadline,
            actor=decider,
        )
        if state == "extension":
            services.task_report_progress(task=task, progress=60, actor=reporter)
            services.task_request_extension(
                task=task,
                new_deadline=date(2027, 3, 31),
                reason="Chờ Sở Khoa học và Công nghệ nâng cấp kho dữ liệu số hóa",
                actor=reporter,
            )
        elif state in ("pending", "confirmed"):
            services.task_complete(task=task, note="Đã hoàn thành, gửi kèm báo cáo", actor=reporter)
            if state == "confirmed":
                services.task_confirm(task=task, note="Đã kiểm tra báo cáo", actor=decider)


def _issued_plan(
    unit: Unit, title: str, number: str, day: str, signer: str, parent: Plan | None = None
) -> Plan:
    plan = services.plan_create(unit=unit, year=YEAR, title=title, parent=parent, actor=DEMO)
    return services.plan_issue(
        plan=plan, doc_number=number, doc_date=_day(day), doc_signer=signer, actor=DEMO
    )


@transaction.atomic
def load_demo_plans() -> bool:
    """Create the demo plans once; returns False when they exist already."""
    ward = Unit.objects.get(code=WARD)
    if Plan.objects.filter(unit=ward, year=YEAR).exists():
        return False
    started = timezone.now()
    people = {key: Person.objects.get(full_name=name) for key, name in PEOPLE.items()}
    main = _issued_plan(
        ward,
        "Kế hoạch cải cách hành chính năm 2026 của UBND phường Phan Thiết",
        "15/KH-UBND",
        "12/01",
        people["ha"].full_name,
    )
    services.plan_amend(
        plan=main,
        doc_number="112/KH-UBND",
        doc_date=_day("16/06"),
        doc_signer=people["ha"].full_name,
        note="Bổ sung nhiệm vụ sau sắp xếp tổ chức bộ máy",
        actor=DEMO,
    )
    tasks = _load_tasks(main, MAIN_TASKS, people)
    for title, (number, day, signer), rows in COMPONENTS:
        component = _issued_plan(ward, title, number, day, people[signer].full_name, parent=main)
        _load_tasks(component, rows, people)
    for task_number, name in (
        ("1", "15-KH-UBND-ke-hoach-CCHC-2026.pdf"),
        ("27", "quy-che-chi-tieu-noi-bo-2026.pdf"),
    ):
        services.evidence_add(task=tasks[task_number], uploaded=ContentFile(DEMO_PDF, name=name), actor=DEMO)
    for title, area, owner, deadline, status, progress in DIRECTIVES:
        task = services.task_create(
            kind=TaskKind.DIRECTIVE,
            unit=ward,
            title=title,
            area=area,
            owner=people[owner],
            deadline=_day(deadline),
            actor=DEMO,
        )
        if status == "done":
            services.task_complete(task=task, at=_done_at(_day(deadline)), actor=DEMO)
        elif progress:
            services.task_report_progress(task=task, progress=progress, actor=DEMO)

    other = Unit.objects.get(code=OTHER_WARD)
    other_plan = _issued_plan(
        other,
        "Kế hoạch cải cách hành chính năm 2026 của UBND phường Hàm Thắng",
        "08/KH-UBND",
        "15/01",
        "Trần Quốc Việt",
    )
    _load_tasks(other_plan, OTHER_TASKS, people)
    _province_tasks(people)
    # The assignment messages of the loading are history, not news; today's reminders are.
    Notification.objects.filter(created_at__gte=started).update(read_at=timezone.now())
    remind(on=timezone.localdate(), days=3)
    return True
