"""Idle sessions end, and log-in failures are throttled per user and per address (issue 16, item 5)."""

import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.utils import timezone

from cchc.core.login_throttle import client_address
from cchc.core.sessions import SEEN
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db
PASSWORD = "mật-khẩu-thử-1"
ATTACKER = "203.0.113.7"
OFFICE = "198.51.100.9"


def _log_in(client, username, password, address):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def _session(client):
    return Session.objects.get(session_key=client.session.session_key)


def _end_session_in(client, delta):
    Session.objects.filter(pk=client.session.session_key).update(expire_date=timezone.now() + delta)


def _pretend_last_saved(client, minutes_ago: int, *, ends_in: timedelta) -> None:
    session = client.session
    session[SEEN] = int(time.time()) - minutes_ago * 60
    session.save()
    _end_session_in(client, ends_in)


def test_a_session_ends_after_30_idle_minutes_and_each_request_moves_the_end(client, ward_a, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    user = user_with_role(ward_a)
    assert _log_in(client, user.username, PASSWORD, OFFICE).status_code == 302
    end = _session(client).expire_date
    assert abs(end - (timezone.now() + timedelta(minutes=30))) < timedelta(seconds=30)

    # 25 minutes later (the end is 5 minutes away) a request still works and moves the end 30 minutes on
    _pretend_last_saved(client, 25, ends_in=timedelta(minutes=5))
    response = client.get("/")
    assert response.status_code == 200
    assert _session(client).expire_date > timezone.now() + timedelta(minutes=29)
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 60

    # 31 idle minutes: the session is gone and the next page asks to log in again
    _pretend_last_saved(client, 31, ends_in=-timedelta(minutes=1))
    response = client.get("/org/units/")
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_pages_within_a_minute_of_the_last_save_do_not_write_the_session(client, ward_a):
    user = user_with_role(ward_a)
    _log_in(client, user.username, PASSWORD, OFFICE)
    _end_session_in(client, timedelta(minutes=20))
    end = _session(client).expire_date
    response = client.get("/")
    assert response.status_code == 200 and "sessionid" not in response.cookies
    assert _session(client).expire_date == end


def test_the_idle_timeout_follows_the_setting(client, ward_a, settings):
    settings.SESSION_COOKIE_AGE = 10 * 60
    user = user_with_role(ward_a)
    _log_in(client, user.username, PASSWORD, OFFICE)
    end = _session(client).expire_date
    assert abs(end - (timezone.now() + timedelta(minutes=10))) < timedelta(seconds=30)


def test_twenty_usernames_tried_from_one_address_block_the_address_but_not_another(client, ward_a, settings):
    assert settings.CCHC_LOGIN_ADDRESS_FAILURE_LIMIT == 20
    user = user_with_role(ward_a)
    for n in range(19):
        response = _log_in(client, f"khong-co-{n}", "sai", ATTACKER)
        assert response.status_code == 200, n  # the form again, with its error
    assert _log_in(client, "khong-co-19", "sai", ATTACKER).status_code == 429  # the 20th failure locks
    blocked = _log_in(client, user.username, PASSWORD, ATTACKER)
    assert blocked.status_code == 429
    assert "Tài khoản tạm thời bị khóa" in blocked.content.decode()
    assert "_auth_user_id" not in client.session

    assert _log_in(client, user.username, PASSWORD, OFFICE).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_success_from_the_address_does_not_clear_its_failures(client, ward_a):
    user = user_with_role(ward_a)
    for n in range(19):
        _log_in(client, f"khong-co-{n}", "sai", ATTACKER)
    assert _log_in(client, user.username, PASSWORD, ATTACKER).status_code == 302
    client.post("/logout/")
    assert AccessAttempt.objects.filter(ip_address=ATTACKER).count() == 19
    assert _log_in(client, "khong-co-19", "sai", ATTACKER).status_code == 429
    assert _log_in(client, user.username, PASSWORD, ATTACKER).status_code == 429


def test_failures_of_one_user_still_lock_that_user_at_that_address(client, ward_a, settings):
    user = user_with_role(ward_a)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, user.username, "sai", ATTACKER)
    assert _log_in(client, user.username, PASSWORD, ATTACKER).status_code == 429
    other = user_with_role(ward_a)
    assert _log_in(client, other.username, PASSWORD, ATTACKER).status_code == 302


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(rf, settings):
    spoofed = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"10.9.9.9, {ATTACKER}")
    settings.CCHC_PROXY_COUNT = 0
    assert client_address(spoofed) == "127.0.0.1"
    settings.CCHC_PROXY_COUNT = 1
    assert client_address(spoofed) == ATTACKER
    assert client_address(rf.get("/", REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"
