from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "cchc.stats"
    label = "stats"
    verbose_name = _("Statistics and service quality")

    def ready(self) -> None:
        from cchc.core.navigation import NavEntry, register
        from cchc.stats import indicators, steps  # noqa: F401  (registers the indicators and the setup step)

        register(NavEntry("stats", _("Statistics"), "stats:report", order=50))
