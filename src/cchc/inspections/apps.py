from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "cchc.inspections"
    label = "inspections"
    verbose_name = _("PAR inspections")

    def ready(self) -> None:
        from cchc.core.navigation import NavEntry, register
        from cchc.inspections import indicators, permissions, steps  # noqa: F401  (registers them)

        register(NavEntry("inspections", _("Inspections"), "inspections:plan-list", order=47))
