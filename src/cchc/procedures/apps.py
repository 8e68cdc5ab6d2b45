from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "cchc.procedures"
    label = "procedures"
    verbose_name = _("Administrative procedures")

    def ready(self) -> None:
        from cchc.core.navigation import NavEntry, register
        from cchc.procedures import steps  # noqa: F401  (registers the setup step)

        register(NavEntry("procedures", _("Administrative procedures"), "procedures:list", order=30))
