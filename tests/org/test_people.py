import pytest

from cchc.core.errors import DomainError
from cchc.core.permissions import system_actor
from cchc.org import selectors, services
from cchc.org.models import PositionCategory

pytestmark = pytest.mark.django_db


def test_ward_missing_three_civil_servants_covered_concurrently(ward_a):
    """The seed: 02 office-statistics and 01 culture-society posts vacant, covered by others (kiêm nhiệm)."""
    vp = services.position_create(
        unit=ward_a, title="Công chức Văn phòng - Thống kê", category=PositionCategory.CIVIL_SERVANT, quota=3
    )
    vhxh = services.position_create(
        unit=ward_a, title="Công chức Văn hóa - Xã hội", category=PositionCategory.CIVIL_SERVANT, quota=1
    )
    holder = services.person_create(full_name="Lê Minh Tuấn", unit=ward_a)
    helper = services.person_create(
        full_name="Huỳnh Văn Phúc", unit=ward_a, title="Công chức Tư pháp - Hộ tịch"
    )
    youth = services.person_create(full_name="Ngô Quốc Bảo", unit=ward_a, title="Bí thư Đoàn phường")
    services.position_assign(position=vp, person=holder)
    services.position_assign(position=vp, person=helper, concurrent=True)
    services.position_assign(position=vhxh, person=youth, concurrent=True)

    staffing = {s.position.title: s for s in selectors.unit_staffing(ward_a)}
    assert staffing["Công chức Văn phòng - Thống kê"].vacant == 2
    assert [a.person for a in staffing["Công chức Văn phòng - Thống kê"].concurrent] == [helper]
    assert staffing["Công chức Văn hóa - Xã hội"].vacant == 1
    assert selectors.vacancy_total([ward_a]) == 3


def test_holder_must_belong_to_the_positions_unit_unless_concurrent(ward_a, ward_b):
    position = services.position_create(
        unit=ward_a, title="Chủ tịch UBND phường", category=PositionCategory.LEADER
    )
    outsider = services.person_create(full_name="Người Ngoài", unit=ward_b)
    with pytest.raises(DomainError):
        services.position_assign(position=position, person=outsider)
    services.position_assign(position=position, person=outsider, concurrent=True)


def test_person_update_rejects_unknown_fields(ward_a):
    person = services.person_create(full_name="Trần Thị B", unit=ward_a)
    with pytest.raises(DomainError):
        services.person_update(person=person, unit_id=1, actor=system_actor("test"))


def test_person_update_records_before_and_after(ward_a):
    from cchc.core.selectors import object_history

    person = services.person_create(full_name="Trần Thị B", unit=ward_a, phone="0900")
    services.person_update(person=person, phone="0911", actor=system_actor("test"))
    change = object_history(person)["changes"].first()
    assert change.action == "update"
    assert change.changed_fields == [("phone", "0900", "0911")]
