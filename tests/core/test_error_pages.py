"""The 400/403/404/500 pages: Vietnamese, in the site's layout, with a link home (DEBUG off, as in the
demo)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import get_resolver, include, path

from cchc.core.permissions import Forbidden
from cchc.org.models import Person, Role
from tests.factories import PersonFactory, user_with_role


def test_missing_page_for_a_logged_in_user_has_the_menu_and_a_link_home(client, ward_a):
    client.force_login(user_with_role(ward_a, Role.PAR_OFFICER))
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Không tìm thấy trang · CCHC</title>" in html
    assert 'class="mainnav"' in html and 'class="user-menu"' in html
    assert 'href="/"' in html and "Về trang chủ" in html
    assert "urlpatterns" not in html and "Page not found" not in html


def test_missing_page_for_a_visitor_has_no_menu(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html and 'class="mainnav"' not in html


def test_forbidden_page_says_why_in_vietnamese_and_changes_nothing(client, ward_a):
    person = PersonFactory(unit=ward_a, full_name="Nguyễn Văn A")
    client.force_login(user_with_role(ward_a, Role.VIEWER))
    response = client.post(
        f"/org/people/{person.pk}/edit/",
        {"full_name": "Đổi tên", "title": "", "phone": "", "email": "", "active": "on"},
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "<title>Không có quyền truy cập · CCHC</title>" in html
    assert 'class="mainnav"' in html and "Về trang chủ" in html
    assert Person.objects.get(pk=person.pk).full_name == "Nguyễn Văn A"


def test_forbidden_without_a_message_gets_the_default_text(rf_user_request):
    from django.core.exceptions import PermissionDenied

    response = get_resolver().resolve_error_handler(403)(rf_user_request, PermissionDenied())
    html = response.content.decode()
    assert response.status_code == 403 and "Bạn không có quyền xem trang này." in html


def test_forbidden_message_of_the_permission_door_is_shown(rf_user_request):
    from cchc.core.middleware import ForbiddenMiddleware

    response = ForbiddenMiddleware(lambda r: None).process_exception(rf_user_request, Forbidden())
    assert response.status_code == 403
    assert "Bạn không có quyền thực hiện việc này." in response.content.decode()


def test_server_error_page_renders_without_the_database(django_assert_num_queries, db):
    request = RequestFactory().get("/dossiers/")
    with django_assert_num_queries(0):
        response = get_resolver().resolve_error_handler(500)(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "<title>Lỗi máy chủ · CCHC</title>" in html
    assert "Lỗi đã được ghi lại" in html and 'href="/"' in html and 'class="topbar"' in html


def test_bad_request_page(db):
    from django.core.exceptions import BadRequest

    request = RequestFactory().get("/")
    response = get_resolver().resolve_error_handler(400)(request, BadRequest())
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


def _broken_view(request):
    raise RuntimeError("boom")


#: the site's URLs plus one view that fails (used with ``pytest.mark.urls``)
urlpatterns = [path("broken/", _broken_view), path("", include("cchc.urls"))]


@pytest.mark.urls(__name__)
def test_an_exception_in_a_view_gives_the_vietnamese_500_page(client, ward_a):
    client.raise_request_exception = False
    client.force_login(user_with_role(ward_a, Role.PAR_OFFICER))
    response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Lỗi máy chủ" in html and "boom" not in html and "Traceback" not in html


@pytest.fixture
def rf_user_request(db):
    request = RequestFactory().get("/org/")
    request.user = AnonymousUser()
    return request


def test_a_form_sent_without_its_security_token_gets_the_vietnamese_page(ward_a):
    from django.test import Client

    person = PersonFactory(unit=ward_a, full_name="Nguyễn Văn A")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_with_role(ward_a, Role.LEADER))
    response = client.post(
        f"/org/people/{person.pk}/edit/",
        {"full_name": "Đổi tên", "title": "", "phone": "", "email": "", "active": "on"},
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "<title>Không gửi được biểu mẫu · CCHC</title>" in html and "CSRF verification" not in html
    assert Person.objects.get(pk=person.pk).full_name == "Nguyễn Văn A"
