from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "cchc.stats"
    label = "stats"
    verbose_name = _("Statistics and service quality")

    def ready(self) -> None:
        from cchc.core.navigation import NavEntry, register
        from cchc.stats import indicators, permissions, steps  # noqa: F401  (registers indicators, actions, steps)

        register(NavEntry("stats", _("Statistics"), "stats:report", order=50))
