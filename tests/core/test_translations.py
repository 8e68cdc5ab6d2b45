"""The project catalogue wins over Django's admin words on the application's pages."""

from django.utils import translation


def test_history_and_log_out_read_as_the_application_says():
    with translation.override("vi"):
        assert translation.gettext("History") == "Lịch sử"
        assert translation.gettext("Log out") == "Đăng xuất"
