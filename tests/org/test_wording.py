"""Official unit names in documents (org.wording): the division type from the unit, its name or its kind."""

import pytest

from cchc.org.models import Unit, UnitKind
from cchc.org.wording import abbreviation, committee, committee_short, full_name, governing_body, place_name


def unit(name, kind, division_type="", parent=None):
    return Unit(code="X", name=name, kind=kind, division_type=division_type, parent=parent)


@pytest.mark.parametrize(
    ("name", "kind", "division_type", "short", "full"),
    [
        ("Lâm Đồng", UnitKind.PROVINCE, "", "UBND tỉnh Lâm Đồng", "Tỉnh Lâm Đồng"),  # never "UBND Lâm Đồng"
        ("Lâm Đồng", UnitKind.PROVINCE, "Tỉnh", "UBND tỉnh Lâm Đồng", "Tỉnh Lâm Đồng"),
        ("Tỉnh Lâm Đồng", UnitKind.PROVINCE, "", "UBND tỉnh Lâm Đồng", "Tỉnh Lâm Đồng"),
        ("Huế", UnitKind.PROVINCE, "", "UBND thành phố Huế", "Thành phố Huế"),
        ("Phường Phan Thiết", UnitKind.COMMUNE, "", "UBND phường Phan Thiết", "Phường Phan Thiết"),
        ("Phan Thiết", UnitKind.COMMUNE, "phường", "UBND phường Phan Thiết", "Phường Phan Thiết"),
        ("Đặc khu Phú Quý", UnitKind.COMMUNE, "", "UBND đặc khu Phú Quý", "Đặc khu Phú Quý"),
        ("Tuy Phong", UnitKind.COMMUNE, "", "UBND xã Tuy Phong", "Xã Tuy Phong"),
    ],
)
def test_territorial_units_get_their_official_names(name, kind, division_type, short, full):
    u = unit(name, kind, division_type)
    assert committee_short(u) == short and full_name(u) == full
    assert committee(u) == short.replace("UBND", "Ủy ban nhân dân")
    assert governing_body(u) == short.replace("UBND", "Ủy ban nhân dân").upper()
    assert abbreviation(u) == "UBND"


def test_a_department_keeps_its_name_and_is_abbreviated_by_its_initials():
    province = unit("Lâm Đồng", UnitKind.PROVINCE)
    department = unit("Sở Nội vụ", UnitKind.DEPARTMENT, parent=province)
    assert full_name(department) == "Sở Nội vụ" and abbreviation(department) == "SNV"
    assert place_name(department) == "Lâm Đồng"
