"""`cchc import units FILE`: later official changes (renames, new units, mergers), effective-dated."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse

from cchc.core.models import ChangeLog, Event
from cchc.org import services
from cchc.org.models import Unit
from cchc.org.reference import UNITS_FILE

pytestmark = pytest.mark.django_db

HEADER = "code,name,kind,province_code,province_name,valid_from,replaces,document"
DOC = "Nghị quyết 99/NQ-UBTVQH15 (thử)"


@pytest.fixture
def run(capsys, tmp_path):
    """Write the lines under HEADER and run the command: (exit code, stdout, stderr lines)."""

    def run(*lines, header=HEADER, args=()):
        path = tmp_path / "units.csv"
        path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
        code = 0
        try:
            call_command("import_units", str(path), *args)
        except SystemExit as exc:
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, [line.replace(str(path), "F") for line in err.splitlines() if line]

    return run


def _state():
    return (
        list(Unit.objects.order_by("pk").values_list("code", "name", "valid_to", "official")),
        ChangeLog.objects.count(),
        Event.objects.count(),
    )


def test_a_rename_is_an_effective_dated_change_on_the_units_history(run, ward_a, client, admin_user):
    line = f"22945,Phường Phan Thiết Mới,Phường,68,Tỉnh Lâm Đồng,2026-01-01,,{DOC}"
    code, out, err = run(line)
    assert (code, err) == (0, [])
    assert "1 renamed" in out
    ward_a.refresh_from_db()
    assert ward_a.name == "Phường Phan Thiết Mới" and ward_a.code == "22945"
    event = Event.objects.get(object_id=str(ward_a.pk), verb="renamed")
    assert event.data["effective"] == "2026-01-01" and event.data["old_name"] == "Phường Phan Thiết"
    client.force_login(admin_user)
    page = client.get(reverse("core:history", args=["org", "unit", ward_a.pk])).content.decode()
    assert "“Phường Phan Thiết” → “Phường Phan Thiết Mới”" in page and "01/01/2026" in page and DOC in page

    assert run(line)[0:2] == (0, "1 units: 0 created, 0 renamed, 0 replaced, 1 unchanged\n")
    assert services.load_official_units()["updated"] == 0  # setup keeps the later official name
    ward_a.refresh_from_db()
    assert ward_a.name == "Phường Phan Thiết Mới"


def test_a_merger_ends_the_old_units_and_links_the_new_one(run, ward_a, ward_b):
    code, out, err = run(
        f"22999,Phường Phan Thiết Hàm Thắng,Phường,68,Tỉnh Lâm Đồng,2026-01-01,22945 22933,{DOC}"
    )
    assert (code, err) == (0, [])
    assert out == "1 units: 1 created, 0 renamed, 2 replaced, 0 unchanged\n"
    merged = Unit.objects.get(code="22999")
    assert merged.official and merged.parent.code == "68" and merged.valid_from == date(2026, 1, 1)
    assert merged.path == "/68/22999/" and merged.division_type == "phường"
    for unit in (ward_a, ward_b):
        unit.refresh_from_db()
        assert unit.valid_to == date(2025, 12, 31) and list(unit.successors.all()) == [merged]
        assert Event.objects.filter(object_id=str(unit.pk), verb="merged").count() == 1
    assert run(f"22999,Phường Phan Thiết Hàm Thắng,Phường,68,,2026-01-01,22945 22933,{DOC}")[1].endswith(
        "1 unchanged\n"
    )
    services.load_official_units()
    ward_a.refresh_from_db()
    assert ward_a.valid_to == date(2025, 12, 31)  # setup does not reopen a merged unit


def test_a_new_province_may_follow_its_communes_in_the_file(run):
    code, out, err = run("99001,Xã Thử,Xã,99,Tỉnh Thử,2026-01-01,,", "99,Tỉnh Thử,Tỉnh,,,2026-01-01,,")
    assert (code, err) == (0, []) and out.startswith("2 units: 2 created")
    commune = Unit.objects.get(code="99001")
    assert (commune.kind, commune.parent.code, commune.path) == ("commune", "99", "/99/99001/")
    assert Unit.objects.get(code="99").kind == "province"


def test_the_shipped_list_imports_as_unchanged(run):
    before = _state()
    header, *lines = UNITS_FILE.read_text(encoding="utf-8").splitlines()
    code, out, err = run(*lines, header=header)
    assert (code, err) == (0, []) and out.endswith("0 created, 0 renamed, 0 replaced, 3355 unchanged\n")
    assert _state() == before


def test_every_bad_row_is_reported_and_nothing_changes(run, ward_a):
    future = (date.today() + timedelta(days=10)).isoformat()
    before = _state()
    code, out, err = run(
        "22945,Phường Mới,Phường,68,Tỉnh Lâm Đồng,,,",  # fine alone
        "2294,Phường X,Phường,68,Tỉnh Lâm Đồng,,,",
        "22990,Phường Y,Quận,68,Tỉnh Lâm Đồng,,,",
        "22991,Phường Z,Phường,,,,,",
        "22992,Phường W,Phường,77,,,,",
        "22993,Phường V,Phường,68,Thành phố Hà Nội,,,",
        f"22933,Phường Hàm Thắng Mới,Phường,68,,{future},,",
        "22994,Phường U,Phường,68,,2026-13-01,,",
        "22995,Phường T,Phường,68,,2026-01-01,00000,",
        "22996,Phường S,Phường,68,,,22945,",
        "22945,Phường Mới,Phường,68,,,,",
    )
    assert code == 1 and out == ""
    assert err == [
        "F:3: code: mã phải gồm 5 chữ số: '2294'",
        "F:4: kind: không phải một trong Tỉnh, Thành phố, Xã, Phường, Đặc khu",
        "F:5: province_code: thiếu mã tỉnh của đơn vị cấp xã",
        "F:9: valid_from: ngày phải có dạng YYYY-MM-DD: '2026-13-01'",
        "F:11: valid_from: cần ngày hiệu lực khi đơn vị thay thế đơn vị khác",
        "F:12: code: mã 22945 đã có ở dòng 2",
    ]
    assert _state() == before

    code, _, err = run(
        "22992,Phường W,Phường,77,,,,",
        "22993,Phường V,Phường,68,Thành phố Hà Nội,,,",
        f"22933,Phường Hàm Thắng Mới,Phường,68,,{future},,",
        "22995,Phường T,Phường,68,,2026-01-01,00000,",
        "22996,Phường S,Phường,68,,2026-01-01,22945,",
        "22945,Phường Mới,Phường,68,,,,",
    )
    assert code == 1
    assert err == [
        "F:2: province_code: không có tỉnh mã 77",
        "F:3: province_name: tỉnh mã 68 là Tỉnh Lâm Đồng",
        "F:4: valid_from: ngày hiệu lực sau hôm nay: nhập khi thay đổi có hiệu lực",
        "F:5: replaces: không có đơn vị mã 00000 trong danh mục",
        "F:6: replaces: 22945 vừa bị thay thế vừa có dòng riêng",
    ]
    assert _state() == before


def test_a_code_of_a_unit_outside_the_list_is_refused(run, province):
    services.unit_create(code="68123", name="Phòng thử", kind="office", parent=province)
    before = _state()
    code, _, err = run("68123,Xã Mới,Xã,68,,,,")
    assert code == 1 and err == ["F:2: code: mã 68123 là của đơn vị ngoài danh mục: Phòng thử"]
    assert _state() == before


def test_a_file_with_an_unknown_column_is_refused(run):
    code, _, err = run(
        "22945,Phường Phan Thiết,Phường,68,,x", header="code,name,kind,province_code,province_name,extra"
    )
    assert code == 1 and err == ["F:1: extra: cột không có trong mẫu"]
