"""The working-day calendar table and office hours per unit (DOMAIN.md §3).

``CalendarEntry`` rows say that a date is off or working: rows of the ``holidays`` package
(``source=package``, nationwide, seeded for :data:`SEEDED_YEARS`), rows of the official notices shipped with
CCHC (``source=notice``, nationwide, :mod:`cchc.workdays.notices`) and rows that administrators enter
(``source=admin``): days off and make-up working days of each year's government notice, nationwide or for
a unit subtree, and local closures (a storm) for a unit subtree. How they combine is
:mod:`cchc.workdays.resolution`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cchc.core.audit import audited
from cchc.core.scoping import VIEW, ScopedQuerySet
from cchc.org.models import Role, Unit

#: Years the package calendar is seeded for (``cchc setup`` and the migration).
SEEDED_YEARS = range(2015, 2036)

#: Roles that may add and remove calendar entries and set office hours on their subtree (Nội vụ, admin).
CALENDAR_CHANGE_ROLES = frozenset({Role.ADMIN, Role.INSPECTOR})


class EntryKind(models.TextChoices):
    DAY_OFF = "day_off", _("Day off")  # ngày nghỉ (lễ, Tết, nghỉ bù, nghỉ theo thông báo)
    MAKE_UP_WORKDAY = "make_up_workday", _("Make-up working day")  # ngày làm bù
    LOCAL_CLOSURE = "local_closure", _("Local closure")  # nghỉ cục bộ (bão, lũ …)


OFF_KINDS = frozenset({EntryKind.DAY_OFF, EntryKind.LOCAL_CLOSURE})


class EntrySource(models.TextChoices):
    PACKAGE = "package", _("holidays package")
    NOTICE = "notice", _("Official notice (shipped with CCHC)")
    ADMIN = "admin", _("Administrator")


#: Years from which a deadline warns when its span touches a year whose official notice is not confirmed
#: (earlier years are settled history).
CONFIRMATION_FROM = 2025


class AppliesDownQuerySet(ScopedQuerySet):
    """Scoped rows that apply to a unit's whole subtree.

    For reading, a user also sees the rows set on the ancestors of the units they hold roles on (a province's
    storm closure applies to its communes, so the communes' officers see it) and the nationwide rows
    (``unit`` null: they are not unit data). Changing stays with the user's own subtrees
    (:meth:`ScopedQuerySet.visible_to` with ``action="change"``); nationwide rows are superusers' only.
    """

    def visible_to(self, user, action: str = VIEW):
        scoped = super().visible_to(user, action)
        if action != VIEW or user is None or not user.is_authenticated or not user.is_active:
            return scoped
        if user.is_superuser:
            return scoped
        from cchc.core.scoping import role_paths

        ancestors = {path[: i + 1] for path in role_paths(user) for i, ch in enumerate(path) if ch == "/"}
        ancestors.discard("/")
        applies = Q(unit__path__in=sorted(ancestors))
        if self.model._meta.get_field("unit").null:
            applies |= Q(unit__isnull=True)
        return scoped | self.filter(applies)


@audited()
class CalendarEntry(models.Model):
    """A date that is off or working, nationwide (``unit`` null) or for ``unit``'s subtree."""

    date = models.DateField(_("date"), db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    name = models.CharField(_("name"), max_length=200)
    legal_basis = models.CharField(
        _("legal basis"), max_length=300, blank=True, help_text=_("e.g. Thông báo 6150/TB-BNV")
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calendar_entries",
        help_text=_("Empty: nationwide. Otherwise the entry applies to this unit and every unit below it."),
    )
    source = models.CharField(_("source"), max_length=10, choices=EntrySource.choices, default="admin")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AppliesDownQuerySet.as_manager()
    scope_unit_field = "unit"
    scope_change_roles = CALENDAR_CHANGE_ROLES

    class Meta:
        ordering = ["date", "source", "id"]
        verbose_name = _("calendar entry")
        verbose_name_plural = _("calendar entries")
        constraints = [
            models.UniqueConstraint(
                fields=["date", "source"], condition=Q(unit__isnull=True), name="calendar_entry_one_national"
            ),
            models.UniqueConstraint(
                fields=["date", "unit"], condition=Q(unit__isnull=False), name="calendar_entry_one_per_unit"
            ),
            models.CheckConstraint(
                condition=~Q(kind="local_closure") | Q(unit__isnull=False),
                name="calendar_entry_closure_has_unit",
            ),
            models.CheckConstraint(
                condition=Q(source="admin") | Q(unit__isnull=True), name="calendar_entry_package_is_national"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.name}"

    @property
    def is_off(self) -> bool:
        return self.kind in OFF_KINDS


@audited()
class UnitOfficeHours(models.Model):
    """Office sessions of a unit, inherited by every unit below it that has no setting of its own."""

    unit = models.OneToOneField(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="office_hours"
    )
    sessions = models.CharField(
        _("office hours"), max_length=120, help_text=_("e.g. 07:30-11:30, 13:00-17:00")
    )
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AppliesDownQuerySet.as_manager()
    scope_unit_field = "unit"
    scope_change_roles = CALENDAR_CHANGE_ROLES

    class Meta:
        ordering = ["unit__path"]
        verbose_name = _("office hours")
        verbose_name_plural = _("office hours")

    def __str__(self) -> str:
        return f"{self.unit} — {self.sessions}"


class CalendarVersion(models.Model):
    """One row whose token changes (to a new random value) in the transaction of every calendar or
    office-hours change. Processes cache calendars per token, so a change in one process is seen by all
    others as soon as it commits, and a rolled-back change never leaves a token that a later change could
    reuse."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar version")

    def __str__(self) -> str:
        return self.token


class ConfirmationSource(models.TextChoices):
    SHIPPED = "shipped", _("Official notice shipped with CCHC")
    ADMIN = "admin", _("Administrator")


@audited()
class ConfirmedYear(models.Model):
    """A year whose days off have been checked against the official notice (its number): deadlines that touch
    a later year without such a row carry a warning. Shipped years are loaded by ``cchc setup``."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    notice = models.CharField(_("notice number"), max_length=300, help_text=_("e.g. 12729/VPCP-KGVX"))
    source = models.CharField(_("source"), max_length=10, choices=ConfirmationSource.choices, default="admin")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed"), auto_now_add=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("confirmed year")
        verbose_name_plural = _("confirmed years")

    def __str__(self) -> str:
        return f"{self.year} — {self.notice}"
