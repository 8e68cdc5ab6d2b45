import pytest
from django.contrib.auth import get_user_model

from cchc.org.models import Role
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db
PASSWORD = "mật-khẩu-thử-1"


def test_passwords_are_hashed_with_argon2(ward_a):
    user = user_with_role(ward_a)
    assert user.password.startswith("argon2")


def test_login_logout_and_password_change(client, ward_a):
    user = user_with_role(ward_a, Role.PAR_OFFICER)
    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/"
    home = client.get("/").content.decode()
    assert "UBND phường Phan Thiết — Lâm Đồng" in home
    response = client.post(
        "/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Một mật khẩu mới 2026",
            "new_password2": "Một mật khẩu mới 2026",
        },
    )
    assert response.status_code == 302
    client.post("/logout/")
    assert client.get("/").status_code == 302
    assert get_user_model().objects.get(pk=user.pk).check_password("Một mật khẩu mới 2026")


def test_anonymous_users_are_sent_to_login(client):
    response = client.get("/org/units/")
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_repeated_failed_logins_lock_the_account(client, ward_a, settings):
    user = user_with_role(ward_a)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": user.username, "password": "sai"})
    locked = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert locked.status_code == 429
    assert "Tài khoản tạm thời bị khóa" in locked.content.decode()


def test_unit_switcher_changes_the_unit_in_context(client, ward_a, ward_b):
    user = user_with_role(ward_a)
    from tests.factories import RoleAssignmentFactory

    RoleAssignmentFactory(user=user, unit=ward_b, role=Role.VIEWER)
    client.force_login(user)
    assert "Phường Phan Thiết" in client.get("/").content.decode()
    client.post("/org/switch-unit/", {"unit": ward_b.pk, "next": "/"})
    assert "UBND phường Hàm Thắng" in client.get("/").content.decode()
    assert client.post("/org/switch-unit/", {"unit": 999999, "next": "/"}).status_code == 404


def test_menu_only_lists_existing_areas(client, ward_a):
    client.force_login(user_with_role(ward_a))
    body = client.get("/").content.decode()
    assert 'href="/org/units/"' in body
