from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "cchc.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from cchc.core.navigation import NavEntry, register
        from cchc.org import permissions, steps  # noqa: F401  (registers the actions, setup and demo steps)

        register(NavEntry("home", _("Home"), "home", order=0))
        register(NavEntry("org", _("Organisation"), "org:unit-list", order=10))
