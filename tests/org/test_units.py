from datetime import date

import pytest
from django.core.exceptions import ValidationError

from cchc.core.errors import DomainError
from cchc.org import services
from cchc.org.models import Unit, UnitKind, unit_header_label
from cchc.org.reference import official_units

pytestmark = pytest.mark.django_db


def test_reference_list_has_34_provinces_and_3321_communes_with_padded_codes():
    units = official_units()
    provinces = [u for u in units if u.parent_code is None]
    communes = [u for u in units if u.parent_code is not None]
    assert len(provinces) == 34 and len(communes) == 3321
    assert all(len(u.code) == 2 for u in provinces)
    assert all(len(u.code) == 5 for u in communes)
    assert any(u.code == "01" for u in provinces)  # Hà Nội, zero-padded


def test_setup_twice_leaves_exactly_34_provinces_and_3321_current_communes():
    first = services.load_official_units()
    second = services.load_official_units()
    assert first["created"] == 0 and second == {"created": 0, "updated": 0, "total": 3355}
    current = Unit.objects.filter(official=True, valid_to__isnull=True)
    assert current.filter(kind=UnitKind.PROVINCE).count() == 34
    assert current.filter(kind=UnitKind.COMMUNE).count() == 3321


def test_setup_restores_a_renamed_official_unit(ward_a):
    Unit.objects.filter(pk=ward_a.pk).update(name="Tên sai")
    result = services.load_official_units()
    assert result["updated"] == 1
    ward_a.refresh_from_db()
    assert ward_a.name == "Phường Phan Thiết"


def test_commune_path_lies_under_its_province(province, ward_a):
    assert ward_a.parent == province
    assert ward_a.path == "/68/22945/" and ward_a.depth == 1


def test_historical_district_is_recorded_under_the_province_with_successors(province, ward_a, ward_b):
    district = services.unit_create(
        code="H-BTH-PTH",
        name="Thành phố Phan Thiết",
        kind=UnitKind.DISTRICT,
        parent=province,
        division_type="thành phố",
        valid_to=date(2025, 6, 30),
    )
    district.successors.add(ward_a, ward_b)
    assert district.path == "/68/H-BTH-PTH/"
    assert not district.is_current(date(2025, 7, 1)) and district.is_current(date(2024, 10, 30))
    assert set(ward_a.predecessors.all()) == {district}


def test_historical_unit_cannot_take_an_official_current_code(province):
    with pytest.raises(DomainError) as err:
        services.unit_create(
            code="22945", name="Phường cũ", kind=UnitKind.COMMUNE, parent=province, valid_to=date(2025, 6, 30)
        )
    assert err.value.field == "code"


def test_department_cannot_take_an_official_code(province):
    with pytest.raises(DomainError):
        services.unit_create(code="68", name="Sở X", kind=UnitKind.DEPARTMENT, parent=province)


def test_unit_codes_are_unique_across_current_and_historical(province):
    services.unit_create(
        code="H-X", name="Huyện X", kind=UnitKind.DISTRICT, parent=province, valid_to=date(2020, 1, 1)
    )
    with pytest.raises(DomainError):
        services.unit_create(code="H-X", name="Phòng X", kind=UnitKind.OFFICE, parent=province)


def test_valid_to_before_valid_from_is_rejected(province):
    with pytest.raises(DomainError):
        services.unit_create(
            code="H-Y",
            name="Huyện Y",
            kind=UnitKind.DISTRICT,
            parent=province,
            valid_from=date(2020, 1, 1),
            valid_to=date(2019, 1, 1),
        )


def test_unit_cannot_be_moved_under_its_own_descendant(province, ward_a):
    province.parent = ward_a
    with pytest.raises(ValidationError):
        province.full_clean()


def test_official_unit_cannot_be_retired_here(ward_a):
    with pytest.raises(DomainError):
        services.unit_retire(unit=ward_a, valid_to=date(2026, 1, 1), successors=[])


def test_retiring_a_unit_links_successors_and_writes_an_event(province, ward_a):
    from cchc.core.selectors import object_history

    office = services.unit_create(
        code="H-OFF", name="Phòng Nội vụ huyện", kind=UnitKind.OFFICE, parent=province
    )
    services.unit_retire(unit=office, valid_to=date(2025, 6, 30), successors=[ward_a])
    office.refresh_from_db()
    assert office.valid_to == date(2025, 6, 30)
    assert list(office.successors.all()) == [ward_a]
    assert [e.verb for e in object_history(office)["events"]] == ["created", "retired"]


def test_header_label_names_the_commune_and_its_province(ward_a, province):
    assert unit_header_label(ward_a) == "UBND phường Phan Thiết — Lâm Đồng"
    assert unit_header_label(province) == "UBND tỉnh Lâm Đồng"


def test_moving_a_unit_carries_its_subtree(province):
    office = services.unit_create(code="H-A", name="Phòng A", kind=UnitKind.OFFICE, parent=province)
    team = services.unit_create(code="H-A1", name="Tổ A1", kind=UnitKind.OFFICE, parent=office)
    other = Unit.objects.get(code="01")
    office.parent = other
    office.save()
    team.refresh_from_db()
    assert team.path == "/01/H-A/H-A1/" and team.depth == 2
