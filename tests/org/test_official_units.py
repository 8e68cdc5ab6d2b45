"""The official unit list wins (issue 14): what `cchc setup` loads, and the re-keying of an older database."""

import csv
import importlib
from datetime import date
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from cchc.core.models import ChangeLog, Event
from cchc.org.models import RoleAssignment, Unit, UnitKind, unit_header_label
from cchc.org.reference import UNITS_DOCUMENT, UNITS_FILE, name_key, official_units
from cchc.org.rekey import rekey_units
from cchc.org.wording import governing_body, place_name
from tests.factories import dossier_for, user_with_role

pytestmark = pytest.mark.django_db

SHARED_COPY = Path("/work/shared/data/units-2025.csv")


def _file_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_shipped_list_is_the_reference_file():
    if SHARED_COPY.exists():
        assert UNITS_FILE.read_bytes() == SHARED_COPY.read_bytes()
    rows = _file_rows(UNITS_FILE)
    assert len(rows) == 3355 and len({r["code"] for r in rows}) == 3355


def test_setup_holds_every_official_code_and_name_of_the_file():
    stored = {
        u.code: u for u in Unit.objects.filter(official=True, valid_to__isnull=True).select_related("parent")
    }
    rows = _file_rows(UNITS_FILE)
    assert len(stored) == len(rows)
    for row in rows:
        unit = stored[row["code"]]
        assert unit.name == row["name"], row
        assert unit.division_type == row["kind"].lower(), row
        if row["province_code"]:
            assert (unit.kind, unit.parent.code) == (UnitKind.COMMUNE, row["province_code"]), row
            assert unit.parent.name == row["province_name"], row
        else:
            assert (unit.kind, unit.parent_id) == (UnitKind.PROVINCE, None), row


def test_codes_the_package_gets_wrong_are_the_statistics_office_codes():
    names = {u.code: u.name for u in Unit.objects.filter(code__in=["00082", "00226", "00229", "01537"])}
    assert names == {
        "00082": "Phường Cửa Nam",
        "00226": "Phường Văn Miếu - Quốc Tử Giám",
        "00229": "Phường Kim Liên",
        "01537": "Xã Lý Quốc",
    }
    assert not Unit.objects.filter(code__in=["00073", "00196"]).exists()


def test_official_names_make_the_full_names_of_the_bodies(province):
    hanoi = Unit.objects.get(code="01")
    assert unit_header_label(province) == "UBND tỉnh Lâm Đồng"
    assert governing_body(hanoi) == "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"
    assert place_name(hanoi) == "Hà Nội"
    assert unit_header_label(Unit.objects.get(code="00226")) == "UBND phường Văn Miếu - Quốc Tử Giám — Hà Nội"


def test_names_match_across_spellings():
    assert name_key("Xã  Giao Thuỷ") == name_key("Xã Giao Thủy")
    assert name_key("Xã Chiêm Hoá") == name_key("Xã Chiêm Hóa")
    assert name_key("Xã Ea M’Droh") == name_key("Xã Ea M'Droh")
    assert name_key("Xã Chân Mây – Lăng Cô") == name_key("Xã Chân Mây - Lăng Cô")
    assert name_key("Phường Kim Liên") != name_key("Phường Văn Miếu - Quốc Tử Giám")


def _old_database(province_codes: tuple[int, ...], *, leave_out: str):
    """Rewrite the given provinces as a database set up from vietnam-provinces 2025.10.1 had them."""
    from vietnam_provinces import Province, Ward

    Unit.objects.filter(parent__code__in=[f"{c:02d}" for c in province_codes]).delete()
    provinces = {}
    for p in Province.iter_all():
        if p.code in province_codes:
            unit = Unit.objects.get(code=f"{p.code:02d}")
            Unit.objects.filter(pk=unit.pk).update(name=p.name, division_type=p.division_type.value)
            provinces[p.code] = unit
    rows = [
        Unit(
            code=f"{w.code:05d}",
            name=w.name,
            kind=UnitKind.COMMUNE,
            division_type=w.division_type.value,
            parent=provinces[w.province_code],
            path=f"/{w.province_code:02d}/{w.code:05d}/",
            depth=1,
            official=True,
            valid_from=date(2025, 7, 1),
        )
        for w in Ward.iter_all()
        if w.province_code in province_codes and f"{w.code:05d}" != leave_out
    ]
    Unit.objects.bulk_create(rows)
    return {u.code: u for u in Unit.objects.filter(parent__in=provinces.values())}


def _migration_apps():
    """The model registry the migration org.0003 runs with (historical models, no audit signals)."""
    return MigrationLoader(connection).project_state(("org", "0003_official_unit_codes")).apps


def test_rekeying_an_old_database_keeps_dossiers_and_roles_with_their_unit():
    old = _old_database((1, 4), leave_out="00004")
    kim_lien, van_mieu, vinh_quy = old["00226"], old["00196"], old["01537"]
    assert (kim_lien.name, van_mieu.name, vinh_quy.name) == (
        "Phường Kim Liên",
        "Phường Văn Miếu - Quốc Tử Giám",
        "Xã Vinh Quý",
    )
    office = Unit.objects.create(code="KL-VP", name="Văn phòng HĐND và UBND", kind="office", parent=kim_lien)
    stray = Unit.objects.create(
        code="99999", name="Phường Không Có", kind="commune", parent=kim_lien.parent, official=True
    )
    squatter = Unit.objects.create(code="00229", name="Tổ công tác", kind="office", parent=kim_lien.parent)
    dossier = dossier_for(kim_lien, code="HS-KL-1")
    officer = user_with_role(kim_lien)

    report = rekey_units(_migration_apps(), actor_label="migrate org.0003")

    kim_lien.refresh_from_db()
    assert (kim_lien.code, kim_lien.name, kim_lien.path) == ("00229", "Phường Kim Liên", "/01/00229/")
    van_mieu.refresh_from_db()
    assert (van_mieu.code, van_mieu.name) == ("00226", "Phường Văn Miếu - Quốc Tử Giám")
    dossier.refresh_from_db()
    assert dossier.receiving_unit_id == kim_lien.pk and dossier.receiving_unit.code == "00229"
    assert RoleAssignment.objects.get(user=officer).unit.code == "00229"
    office.refresh_from_db()
    assert office.path == "/01/00229/KL-VP/" and office.depth == 2
    vinh_quy.refresh_from_db()
    assert (vinh_quy.code, vinh_quy.name) == ("01561", "Xã Vinh Quý")  # the Cao Bằng rotation
    assert Unit.objects.get(code="01").name == "Thành phố Hà Nội"

    official = {(r["code"], r["name"]) for r in _file_rows(UNITS_FILE) if r["province_code"] in ("01", "04")}
    stored = set(
        Unit.objects.filter(parent__code__in=["01", "04"], official=True).values_list("code", "name")
    )
    assert stored == official
    assert ("00073", "00082", "Phường Cửa Nam", "Phường Cửa Nam") in report["recoded"]
    assert report["created"] == ["00004"] and report["unmatched"] == [("99999", "Phường Không Có")]
    squatter.refresh_from_db()  # a unit outside the list that held an official code makes way
    assert squatter.code == f"00229-cu{squatter.pk}" and squatter.path == f"/01/00229-cu{squatter.pk}/"
    stray.refresh_from_db()
    assert stray.official is False and UNITS_DOCUMENT in stray.note

    unit_type = ContentType.objects.get_for_model(Unit)
    log = ChangeLog.objects.get(content_type=unit_type, object_id=str(kim_lien.pk), action="update")
    assert log.before["code"] == "00226" and log.after["code"] == "00229"
    assert log.after["document"] == UNITS_DOCUMENT and log.actor_label == "migrate org.0003"
    event = Event.objects.get(content_type=unit_type, object_id=str(kim_lien.pk), verb="recoded")
    assert "00226 → 00229" in event.message and UNITS_DOCUMENT in event.message

    assert rekey_units(_migration_apps()) == {"recoded": [], "renamed": [], "created": [], "unmatched": []}


def test_the_history_page_shows_the_change_and_its_document(client, django_user_model, capsys):
    old = _old_database((1,), leave_out="")
    kim_lien = old["00226"]
    migration = importlib.import_module("cchc.org.migrations.0003_official_unit_codes")
    migration.forward(_migration_apps(), None)  # what `cchc setup` runs on an old database
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    page = client.get(reverse("core:history", args=["org", "unit", kim_lien.pk])).content.decode()
    assert "00226 → 00229" in page and UNITS_DOCUMENT in page
    assert " re-coded, " in capsys.readouterr().out  # the migration says what it changed


def test_a_fresh_database_has_nothing_to_rekey():
    Unit.objects.filter(official=True).update(official=False)
    before = ChangeLog.objects.count()
    assert rekey_units(_migration_apps()) == {"recoded": [], "renamed": [], "created": [], "unmatched": []}
    assert ChangeLog.objects.count() == before


def test_the_list_has_the_fixture_units():
    codes = {u.code: u.name for u in official_units()}
    assert (codes["68"], codes["22945"], codes["22933"]) == (
        "Tỉnh Lâm Đồng",
        "Phường Phan Thiết",
        "Phường Hàm Thắng",
    )
