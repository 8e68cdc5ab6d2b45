"""Catalogue pages: list with search, filters, count and export; detail with versions and sources."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from cchc.org.models import Role
from tests.factories import ProcedureVersionFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client, ward_b):
    """Any logged-in user reads the national catalogue (here a viewer of another ward)."""
    client.force_login(user_with_role(ward_b, Role.VIEWER))
    return client


def _codes(response) -> list[str]:
    import re

    return re.findall(r'<tr data-code="([^"]+)"', response.content.decode())


def test_pages_need_a_login(client, starter):
    for url in [reverse("procedures:list"), reverse("procedures:detail", args=["1.001193"])]:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_list_shows_every_procedure_and_its_count(reader, starter):
    response = reader.get(reverse("procedures:list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Số thủ tục: 52" in body
    assert len(_codes(response)) == 52
    assert "Thủ tục hành chính" in body  # menu entry and title


def test_list_cells_use_vietnamese_formats(reader, starter):
    body = reader.get(reverse("procedures:list"), {"q": "2.000635"}).content.decode()
    assert "8.000 đ" in body and "trong ngày" in body and "Toàn trình" in body
    body = reader.get(reverse("procedures:list"), {"q": "1.013703"}).content.decode()
    assert "60 ngày làm việc" in body and "miễn phí" in body


@pytest.mark.parametrize("query", ["khai sinh", "KHAI SINH", "Khai Sinh", "khai sinh  "])
def test_search_ignores_case_and_accents(reader, starter, query):
    response = reader.get(reverse("procedures:list"), {"q": query})
    codes = _codes(response)
    assert "1.001193" in codes and "1.000656" not in codes  # khai sinh, not khai tử
    assert len(codes) == 6
    assert "Số thủ tục: 6" in response.content.decode()


def test_search_by_code_and_by_words_in_any_order(reader, starter):
    assert _codes(reader.get(reverse("procedures:list"), {"q": "1.001193"})) == ["1.001193"]
    assert "1.000894" in _codes(reader.get(reverse("procedures:list"), {"q": "kết hôn đăng ký"}))
    assert _codes(reader.get(reverse("procedures:list"), {"q": "khong co thu tuc nay"})) == []


def test_filters_by_sector_and_online_level(reader, starter):
    assert len(_codes(reader.get(reverse("procedures:list"), {"field": "Chứng thực"}))) == 8
    assert len(_codes(reader.get(reverse("procedures:list"), {"online": "toan_trinh"}))) == 22
    assert len(_codes(reader.get(reverse("procedures:list"), {"online": "mot_phan"}))) == 28
    assert sorted(_codes(reader.get(reverse("procedures:list"), {"online": "unknown"}))) == [
        "1.000419",
        "1.013227",
    ]
    both = reader.get(reverse("procedures:list"), {"field": "Hộ tịch", "online": "toan_trinh"})
    assert len(_codes(both)) == 6


def test_online_filter_uses_the_version_in_force_today(reader, starter):
    from cchc.procedures.models import ProcedureVersion

    old = ProcedureVersion.objects.get(procedure__code="1.013227")
    old.valid_to = date(2020, 12, 31)
    old.save()
    ProcedureVersionFactory(procedure=old.procedure, valid_from=date(2021, 1, 1), online_level="toan_trinh")
    assert "1.013227" in _codes(reader.get(reverse("procedures:list"), {"online": "toan_trinh"}))


def test_sector_choices_are_in_vietnamese_alphabetical_order(reader, starter):
    body = reader.get(reverse("procedures:list")).content.decode()
    positions = [
        body.index(f'<option value="{f}"')
        for f in ["Chứng thực", "Đăng ký hộ kinh doanh", "Đất đai", "Giảm nghèo", "Hộ tịch", "Hội, quỹ"]
    ]
    assert positions == sorted(positions)


def test_list_page_queries_do_not_grow_with_rows(reader, starter):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import procedure_with_version

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert reader.get(reverse("procedures:list")).status_code == 200
        return len(captured.captured_queries)

    before = queries()
    for n in range(30):
        procedure_with_version(code=f"9.{n:06d}", field=f"Lĩnh vực {n % 3}", online_level="mot_phan")
    assert queries() == before


def test_sector_choices_are_listed_once_each(reader, starter):
    import re

    body = reader.get(reverse("procedures:list")).content.decode()
    select = re.search(r'<select id="field".*?</select>', body, re.S).group(0)
    assert select.count('<option value="Hộ tịch"') == 1
    assert select.count("<option value=") == 1 + 12  # "all sectors" and the 12 sectors of the starter


def test_export_links_keep_the_filters_and_give_the_same_rows(reader, starter):
    body = reader.get(reverse("procedures:list"), {"q": "khai sinh"}).content.decode()
    assert 'href="/procedures/export.csv?q=khai+sinh"' in body
    assert 'href="/procedures/export.xlsx?q=khai+sinh"' in body
    response = reader.get("/procedures/export.csv?q=khai+sinh")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 6 and rows[0]["code"] == "1.000689"
    xlsx = reader.get("/procedures/export.xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert reader.get("/procedures/export.pdf").status_code == 404


def test_detail_shows_processing_time_fee_sources_and_versions(reader, starter):
    response = reader.get(reverse("procedures:detail", args=["1.001193"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Thủ tục đăng ký khai sinh" in body
    assert "Thời hạn giải quyết" in body and "trong ngày" in body and "15 giờ" in body
    assert "github.com/hongdienvbhp/sotaydientuTTHC" in body
    assert "Luật Hộ tịch 60/2014/QH13" in body
    assert "chưa đặt" in body  # no same-day cut-off set
    assert "Các phiên bản" in body and "đang hiệu lực" in body
    assert "đưa vào danh mục" in body  # timeline


def test_detail_lists_every_version_newest_first(reader, starter, run_import, csv_file):
    run_import(csv_file("code,name,fee_vnd\n2.000635,Trích lục,10000\n"), "--effective", "2026-01-01")
    body = reader.get(reverse("procedures:detail", args=["2.000635"])).content.decode()
    assert body.index("10.000 đ") < body.index("8.000 đ")
    assert "31/12/2025" in body and "01/01/2026" in body


def test_unknown_code_is_404(reader, starter):
    assert reader.get(reverse("procedures:detail", args=["0.000000"])).status_code == 404


def test_edit_links_only_for_administrators(client, starter, province, ward_a):
    detail = reverse("procedures:detail", args=["1.001193"])
    client.force_login(user_with_role(ward_a, Role.LEADER))
    assert "Sửa danh mục" not in client.get(reverse("procedures:list")).content.decode()
    assert "/admin/procedures/procedure/" not in client.get(detail).content.decode()
    client.force_login(user_with_role(province, Role.ADMIN))
    assert "Sửa danh mục" in client.get(reverse("procedures:list")).content.decode()
    assert "/admin/procedures/procedure/" in client.get(detail).content.decode()


def test_administration_site_edits_the_catalogue_for_administrators_only(client, starter, ward_a):
    from cchc.procedures.models import Procedure
    from tests.factories import UserFactory

    procedure = Procedure.objects.get(code="1.001193")
    change = reverse("admin:procedures_procedure_change", args=[procedure.pk])
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(reverse("admin:procedures_procedure_changelist")).status_code == 200
    page = client.get(change)
    assert page.status_code == 200 and "sotaydientuTTHC" in page.content.decode()
    client.force_login(user_with_role(ward_a, Role.LEADER, is_staff=True))
    assert client.get(change).status_code == 403
