from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "cchc.scoring"
    label = "scoring"
    verbose_name = _("PAR index scoring")

    def ready(self) -> None:
        from cchc.core.navigation import NavEntry, register
        from cchc.scoring import permissions, steps  # noqa: F401  (registers the actions and the steps)

        register(NavEntry("scoring", _("PAR index"), "scoring:framework-list", order=45))
