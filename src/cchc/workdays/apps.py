from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _bump_version(sender, raw=False, **kwargs):
    if raw:
        return
    from cchc.workdays.services import bump_calendar_version

    bump_calendar_version()


class WorkdaysConfig(AppConfig):
    name = "cchc.workdays"
    label = "workdays"
    verbose_name = _("Working-day calendar")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from cchc.core.navigation import NavEntry, register
        from cchc.workdays import steps  # noqa: F401  (registers setup and demo steps)
        from cchc.workdays.models import CalendarEntry, UnitOfficeHours

        for model in (CalendarEntry, UnitOfficeHours):
            uid = f"workdays_version_{model._meta.model_name}"
            post_save.connect(_bump_version, sender=model, dispatch_uid=f"{uid}_save")
            post_delete.connect(_bump_version, sender=model, dispatch_uid=f"{uid}_delete")

        register(NavEntry("calendar", _("Working calendar"), "workdays:calendar", order=20))
        register(NavEntry("deadline", _("Due date"), "workdays:deadline", order=21))
