from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "cchc.plans"
    label = "plans"
    verbose_name = _("PAR plans and tasks")

    def ready(self) -> None:
        from cchc.core.backup import register_file_root
        from cchc.core.navigation import NavEntry, register
        from cchc.plans import indicators, permissions, steps  # noqa: F401  (registers them)
        from cchc.plans.conf import evidence_root

        register_file_root("evidence", evidence_root)  # evidence files (cchc backup)

        register(NavEntry("plans", _("PAR plans"), "plans:plan-list", order=40))
        register(NavEntry("my-work", _("My work"), "plans:my-work", order=41))
