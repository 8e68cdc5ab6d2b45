"""The public status lookup: no login, plain words, a masked name, the QR token, the rate limit."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from cchc.dossiers import services
from cchc.org.models import Role
from tests.dossiers.desk_support import SYSTEM, at, receive
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def dossier(ward_a):
    from cchc.core.audit import acting_as

    officer = user_with_role(ward_a, Role.ONESTOP_OFFICER, username="motcua.thu", first_name="Lan")
    with acting_as(officer):
        d = receive(
            ward_a,
            actor=officer,
            applicant_name="Nguyễn Văn An",
            applicant_phone="0912345678",
            applicant_address="12 Trần Hưng Đạo",
        )
        d = services.dossier_request_supplement(
            actor=SYSTEM, dossier=d, reason="Thiếu bản sao CCCD", at=at(2026, 3, 2, 10)
        )
        d = services.dossier_complete_supplement(actor=SYSTEM, dossier=d, at=at(2026, 3, 3, 9))
    return d


def lookup(client, code, ip="10.0.0.1"):
    return client.get(reverse("lookup:lookup"), {"ma": code}, REMOTE_ADDR=ip)


def test_lookup_page_needs_no_login(client):
    response = client.get(reverse("lookup:lookup"))
    assert response.status_code == 200 and 'name="ma"' in response.content.decode()


def test_lookup_by_code_shows_status_dates_and_plain_timeline(client, dossier):
    body = lookup(client, dossier.code).content.decode()
    assert dossier.code in body and "Đang giải quyết" in body
    assert dossier.procedure.name in body
    assert "02/03/2026 09:00" in body and "05/03/2026 09:00" in body  # received, due
    assert "Hồ sơ của bạn đã được tiếp nhận" in body and "yêu cầu bổ sung" in body


def test_lookup_shows_no_personal_data_beyond_the_masked_name(client, dossier):
    body = lookup(client, dossier.code).content.decode()
    assert "N*** V** A*" in body
    for secret in (
        "Nguyễn Văn An",
        "0912345678",
        "12 Trần Hưng Đạo",
        "Thiếu bản sao CCCD",
        "motcua.thu",
        "Lan",
    ):
        assert secret not in body, secret


def test_lookup_is_case_insensitive_and_trims(client, dossier):
    assert lookup(client, f"  {dossier.code.lower()} ").status_code == 200


def test_unknown_code_is_404_with_a_clear_message(client, dossier):
    response = lookup(client, "KHONG-CO-001")
    assert response.status_code == 404
    assert "Không tìm thấy hồ sơ" in response.content.decode()


def test_qr_token_opens_the_status_without_the_code_being_typed(client, dossier):
    response = client.get(reverse("lookup:qr", args=[dossier.public_token]))
    assert response.status_code == 200 and dossier.code in response.content.decode()
    assert client.get(reverse("lookup:qr", args=["khong-doan-duoc"])).status_code == 404
    assert len(dossier.public_token) >= 24 and dossier.code not in dossier.public_token


def test_lookups_over_the_limit_get_a_429_page_per_address(client, dossier, settings):
    settings.CCHC_LOOKUP_LIMIT = 3
    for _ in range(3):
        assert lookup(client, dossier.code).status_code == 200
    refused = lookup(client, dossier.code)
    assert refused.status_code == 429 and refused["Retry-After"] == "600"
    assert "Bạn đã tra cứu quá nhiều lần" in refused.content.decode()
    assert (
        client.get(reverse("lookup:qr", args=[dossier.public_token]), REMOTE_ADDR="10.0.0.1").status_code
        == 429
    )
    assert lookup(client, dossier.code, ip="10.0.0.2").status_code == 200
    assert client.get(reverse("lookup:lookup"), REMOTE_ADDR="10.0.0.1").status_code == 200  # the empty form


def test_a_failed_lookup_counts_too(client, dossier, settings):
    settings.CCHC_LOOKUP_LIMIT = 2
    assert lookup(client, "SAI-1").status_code == 404
    assert lookup(client, "SAI-2").status_code == 404
    assert lookup(client, dossier.code).status_code == 429
