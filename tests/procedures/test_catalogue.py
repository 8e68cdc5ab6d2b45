"""Catalogue services and selectors: versions in force, the dossier-import helpers, the setup step."""

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cchc.core.errors import DomainError
from cchc.core.text import vn_sort_key
from cchc.procedures.models import Procedure, ProcedureVersion
from cchc.procedures.selectors import can_change_catalogue, procedures_by_code, version_in_force
from cchc.procedures.services import procedure_get_or_create_from_import
from cchc.procedures.text import fold
from tests.factories import ProcedureFactory, ProcedureVersionFactory, procedure_with_version

pytestmark = pytest.mark.django_db
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def versioned():
    """A procedure of 3 days until 31/12/2025, 2 days from 01/01/2026."""
    procedure = ProcedureFactory(code="1.000001")
    ProcedureVersionFactory(procedure=procedure, valid_to=date(2025, 12, 31), processing_days=3)
    ProcedureVersionFactory(procedure=procedure, valid_from=date(2026, 1, 1), processing_days=2)
    return procedure


def test_a_dossier_gets_the_version_in_force_on_its_receipt_date(versioned):
    assert version_in_force(versioned, date(2024, 5, 1)).processing_days == 3
    assert version_in_force(versioned, date(2025, 12, 31)).processing_days == 3
    assert version_in_force(versioned, date(2026, 1, 1)).processing_days == 2
    assert version_in_force(versioned, date(2030, 1, 1)).processing_days == 2


def test_a_receipt_instant_counts_by_its_local_date(versioned):
    late_evening = datetime(2025, 12, 31, 23, 30, tzinfo=LOCAL)
    utc_new_year = datetime(2025, 12, 31, 17, 0, tzinfo=ZoneInfo("UTC"))  # 00:00 on 1/1/2026 in Việt Nam
    assert version_in_force(versioned, late_evening).processing_days == 3
    assert version_in_force(versioned, utc_new_year).processing_days == 2


def test_no_version_before_the_first_dated_version():
    procedure = procedure_with_version(code="1.000002", valid_from=date(2025, 7, 1))
    assert version_in_force(procedure, date(2025, 6, 30)) is None
    assert version_in_force(procedure, date(2025, 7, 1)) is not None


def test_procedures_by_code_looks_up_many_codes_and_their_versions_in_a_few_queries(
    versioned, django_assert_num_queries
):
    procedure_with_version(code="1.000002")
    with django_assert_num_queries(2):
        found = procedures_by_code(["1.000001", "1.000002", "9.999999", ""])
    assert sorted(found) == ["1.000001", "1.000002"]
    with django_assert_num_queries(0):
        assert version_in_force(found["1.000001"], date(2025, 1, 1)).processing_days == 3
        assert version_in_force(found["1.000002"], date(2025, 1, 1)).processing_days == 3


def test_an_unknown_procedure_from_a_dossier_file_is_added_once_and_never_changed():
    procedure, created = procedure_get_or_create_from_import(
        code=" 9.100001 ", name="Xác nhận lý lịch", field="", processing_days=Decimal("1")
    )
    assert created and procedure.code == "9.100001" and procedure.field == ""
    version = procedure.versions.get()
    assert version.valid_from is None and version.processing_days == 1
    again, created = procedure_get_or_create_from_import(
        code="9.100001", name="Tên khác", field="Tư pháp", processing_days=Decimal("5")
    )
    assert not created and again.pk == procedure.pk
    again.refresh_from_db()
    assert (again.name, again.field, again.versions.get().processing_days) == ("Xác nhận lý lịch", "", 1)


def test_an_unknown_procedure_without_processing_time_is_added_with_an_unknown_time():
    procedure, created = procedure_get_or_create_from_import(
        code="9.100002", name="Thủ tục mới", field="Đất đai", processing_days=None
    )
    assert created and procedure.versions.get().processing_days is None


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"code": "mã sai!", "name": "A", "field": "", "processing_days": None}, "procedure_code"),
        ({"code": "9.100003", "name": " ", "field": "", "processing_days": None}, "procedure_name"),
        ({"code": "9.100003", "name": "A", "field": "", "processing_days": Decimal(-1)}, "processing_days"),
    ],
)
def test_adding_from_a_dossier_file_rejects_bad_values(kwargs, field):
    with pytest.raises(DomainError) as info:
        procedure_get_or_create_from_import(**kwargs)
    assert info.value.field == field
    assert not Procedure.objects.filter(code="9.100003").exists()


def test_a_procedure_has_at_most_one_open_ended_version(versioned):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProcedureVersion.objects.create(procedure=versioned, valid_from=date(2027, 1, 1))


def test_overlapping_versions_are_refused_by_validation(versioned):
    overlapping = ProcedureVersion(
        procedure=versioned, valid_from=date(2025, 6, 1), valid_to=date(2025, 6, 30), processing_days=1
    )
    with pytest.raises(ValidationError) as info:
        overlapping.full_clean()
    assert "valid_from" in info.value.message_dict


def test_hours_are_converted_to_working_days_with_the_units_hours_per_day():
    version = ProcedureVersion(processing_days=Decimal(4), processing_unit="hours")
    assert version.processing_time_in_days() == Decimal("0.5")
    assert version.processing_time_in_days(hours_per_day=Decimal(4)) == 1
    assert ProcedureVersion(processing_days=None).processing_time_in_days() is None


def test_setup_step_adds_the_starter_catalogue_once(empty_catalogue):
    from cchc.procedures.steps import load_procedures

    assert load_procedures() == "52 procedures (52 added)"
    assert load_procedures() == "52 procedures (0 added)"
    assert Procedure.objects.count() == ProcedureVersion.objects.count() == 52


def test_setup_step_never_changes_an_existing_entry(empty_catalogue):
    from cchc.procedures.steps import load_procedures

    procedure_with_version(code="1.001193", name="Khai sinh (tên địa phương)", processing_days=1)
    assert load_procedures() == "52 procedures (51 added)"
    procedure = Procedure.objects.get(code="1.001193")
    assert procedure.name == "Khai sinh (tên địa phương)"
    assert procedure.versions.get().processing_days == 1


def test_starter_catalogue_keeps_sources_notes_and_leaves_the_cutoff_empty(starter):
    procedure = Procedure.objects.get(code="1.001193")
    version = procedure.current_version
    assert (procedure.field, procedure.level, version.processing_days) == ("Hộ tịch", "commune", 0)
    assert version.cutoff_time is None
    assert "15 giờ" in version.processing_note
    assert "github.com/hongdienvbhp/sotaydientuTTHC" in version.source
    assert version.online_level == "toan_trinh" and version.fee_vnd is None
    assert Procedure.objects.get(code="2.000635").current_version.fee_vnd == 8000
    assert Procedure.objects.get(code="2.000913").current_version.processing_days is None
    assert Procedure.objects.filter(versions__online_level="").count() == 2


def test_only_administrators_change_the_catalogue(ward_a, province):
    from django.contrib.auth.models import AnonymousUser

    from cchc.org.models import Role
    from tests.factories import UserFactory, user_with_role

    assert can_change_catalogue(user_with_role(province, Role.ADMIN))
    assert can_change_catalogue(UserFactory(is_superuser=True))
    assert not can_change_catalogue(user_with_role(ward_a, Role.LEADER))
    assert not can_change_catalogue(UserFactory())
    assert not can_change_catalogue(AnonymousUser())


def test_search_key_and_vietnamese_sort_order():
    assert fold("Thủ tục ĐĂNG KÝ khai   sinh") == "thu tuc dang ky khai sinh"
    fields = ["Hội, quỹ", "Đất đai", "Hộ tịch", "Dân số", "Chứng thực", "Giáo dục", "Giảm nghèo"]
    assert sorted(fields, key=vn_sort_key) == [
        "Chứng thực",
        "Dân số",
        "Đất đai",
        "Giảm nghèo",
        "Giáo dục",
        "Hộ tịch",
        "Hội, quỹ",
    ]


def test_cutoff_time_is_a_setting_of_the_version():
    procedure = procedure_with_version(code="1.000003", processing_days=0, cutoff_time=time(15, 0))
    assert procedure.current_version.cutoff_time == time(15, 0)
