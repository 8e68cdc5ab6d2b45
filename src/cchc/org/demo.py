"""Demo data for the organisation: Lâm Đồng, two former districts of Bình Thuận, people, positions, users.

Names of people are invented. Successor links of the former districts are illustrative, not official.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from cchc.org import services
from cchc.org.models import PositionCategory, Role, Unit, UnitKind

DEMO_PASSWORD = "cchc-demo-2025"
PROVINCE = "68"
WARD = "22945"  # Phường Phan Thiết
OTHER_WARD = "22933"  # Phường Hàm Thắng

#: (username, full name, title, unit code, role)
DEMO_USERS = [
    ("quantri", "Quản trị hệ thống", "Quản trị viên", "68-SNV", Role.ADMIN),
    ("noivu", "Trần Văn Kiểm", "Chuyên viên Sở Nội vụ", "68-SNV", Role.INSPECTOR),
    ("chutich.phanthiet", "Nguyễn Thị Thu Hà", "Chủ tịch UBND phường", WARD, Role.LEADER),
    ("cchc.phanthiet", "Lê Minh Tuấn", "Công chức Văn phòng - Thống kê", WARD, Role.PAR_OFFICER),
    ("motcua.phanthiet", "Phạm Thị Lan", "Công chức Bộ phận Một cửa", WARD, Role.ONESTOP_OFFICER),
    ("cchc.hamthang", "Võ Văn Bình", "Công chức Văn phòng - Thống kê", OTHER_WARD, Role.PAR_OFFICER),
    ("xem.hamthang", "Đặng Thị Mai", "Công chức Văn hóa - Xã hội", OTHER_WARD, Role.VIEWER),
]

#: Where each demo user's role sits (the province for the province-level roles).
ROLE_UNIT = {"quantri": PROVINCE, "noivu": PROVINCE}


def is_loaded() -> bool:
    return get_user_model().objects.filter(username="quantri").exists()


@transaction.atomic
def load_demo_org() -> list[tuple[str, str, str, str]]:
    """Create the demo organisation once; returns (username, password, role, unit) for printing."""
    units = {u.code: u for u in Unit.objects.filter(code__in=[PROVINCE, WARD, OTHER_WARD])}
    province = units[PROVINCE]
    if not is_loaded():
        _load(province, units)
    User = get_user_model()
    logins = []
    for username, _name, _title, unit_code, role in DEMO_USERS:
        User.objects.get(username=username)
        unit = Unit.objects.get(code=ROLE_UNIT.get(username, unit_code))
        logins.append((username, DEMO_PASSWORD, Role(role).label, unit.name))
    return logins


def _load(province: Unit, units: dict[str, Unit]) -> None:
    snv = services.unit_create(
        code="68-SNV",
        name="Sở Nội vụ tỉnh Lâm Đồng",
        kind=UnitKind.DEPARTMENT,
        parent=province,
        division_type="sở",
        valid_from=date(2025, 7, 1),
    )
    services.unit_create(
        code="68-VPUB",
        name="Văn phòng UBND tỉnh Lâm Đồng",
        kind=UnitKind.DEPARTMENT,
        parent=province,
        division_type="văn phòng",
        valid_from=date(2025, 7, 1),
    )
    abolished = date(2025, 6, 30)
    phan_thiet = services.unit_create(
        code="H-BTH-PTH",
        name="Thành phố Phan Thiết",
        kind=UnitKind.DISTRICT,
        parent=province,
        division_type="thành phố",
        valid_to=abolished,
        note="Thuộc tỉnh Bình Thuận cũ; cấp huyện kết thúc hoạt động từ 01/7/2025 (dữ liệu minh họa).",
    )
    tuy_phong = services.unit_create(
        code="H-BTH-TPH",
        name="Huyện Tuy Phong",
        kind=UnitKind.DISTRICT,
        parent=province,
        division_type="huyện",
        valid_to=abolished,
        note="Thuộc tỉnh Bình Thuận cũ; cấp huyện kết thúc hoạt động từ 01/7/2025 (dữ liệu minh họa).",
    )
    for code, name in [("H-BTH-PHUTAI", "Phường Phú Tài"), ("H-BTH-BINHHUNG", "Phường Bình Hưng")]:
        old_ward = services.unit_create(
            code=code,
            name=name,
            kind=UnitKind.COMMUNE,
            parent=phan_thiet,
            division_type="phường",
            valid_to=abolished,
            note="Phường thuộc thành phố Phan Thiết cũ (dữ liệu minh họa).",
        )
        old_ward.successors.add(units[WARD])
    phan_thiet.successors.add(*Unit.objects.filter(code__in=["22945", "22918", "22933", "22960", "22954"]))
    tuy_phong.successors.add(*Unit.objects.filter(code__in=["22978", "22969", "22972", "22981"]))

    User = get_user_model()
    people = {}
    for username, full_name, title, unit_code, role in DEMO_USERS:
        unit = snv if unit_code == "68-SNV" else units[unit_code]
        last, _, first = full_name.rpartition(" ")
        user = User.objects.create_user(
            username=username,
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            is_superuser=username == "quantri",
            is_staff=username == "quantri",
        )
        people[username] = services.person_create(full_name=full_name, unit=unit, title=title, user=user)
        services.role_grant(user=user, unit=units[PROVINCE] if username in ROLE_UNIT else unit, role=role)

    ward = units[WARD]
    extra = {
        name: services.person_create(full_name=name, unit=ward, title=title)
        for name, title in [
            ("Huỳnh Văn Phúc", "Công chức Tư pháp - Hộ tịch"),
            ("Trương Thị Hồng", "Cán bộ Mặt trận Tổ quốc"),
            ("Ngô Quốc Bảo", "Bí thư Đoàn phường"),
        ]
    }
    # The seed: the ward misses 3 civil servants (2 office-statistics, 1 culture-society), covered by others.
    vp = services.position_create(
        unit=ward, title="Công chức Văn phòng - Thống kê", category=PositionCategory.CIVIL_SERVANT, quota=3
    )
    vhxh = services.position_create(
        unit=ward, title="Công chức Văn hóa - Xã hội", category=PositionCategory.CIVIL_SERVANT, quota=1
    )
    tp = services.position_create(
        unit=ward, title="Công chức Tư pháp - Hộ tịch", category=PositionCategory.CIVIL_SERVANT, quota=2
    )
    leader = services.position_create(
        unit=ward, title="Chủ tịch UBND phường", category=PositionCategory.LEADER, quota=1
    )
    start = date(2025, 7, 1)
    services.position_assign(position=leader, person=people["chutich.phanthiet"], start=start)
    services.position_assign(position=vp, person=people["cchc.phanthiet"], start=start)
    services.position_assign(position=tp, person=people["motcua.phanthiet"], start=start)
    services.position_assign(position=tp, person=extra["Huỳnh Văn Phúc"], start=start)
    services.position_assign(position=vp, person=extra["Huỳnh Văn Phúc"], concurrent=True, start=start)
    services.position_assign(position=vp, person=extra["Trương Thị Hồng"], concurrent=True, start=start)
    services.position_assign(position=vhxh, person=extra["Ngô Quốc Bảo"], concurrent=True, start=start)
