from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "cchc.dossiers"
    label = "dossiers"
    verbose_name = _("Dossiers")

    def ready(self) -> None:
        from cchc.core.backup import register_file_root
        from cchc.core.navigation import NavEntry, register
        from cchc.dossiers import permissions, steps  # noqa: F401  (register the actions and the demo step)
        from cchc.dossiers.deadlines import on_calendar_changed
        from cchc.dossiers.webimport import import_root
        from cchc.workdays.signals import calendar_changed

        register_file_root("imports", import_root)  # uploaded dossier files (cchc backup)

        calendar_changed.connect(on_calendar_changed, dispatch_uid="dossiers_recompute_due")
        register(NavEntry("dossiers", _("One-stop desk"), "dossiers:list", order=35))
