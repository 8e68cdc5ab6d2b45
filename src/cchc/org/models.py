"""Organisation: the effective-dated unit tree, people, positions with vacancies, and role assignments."""

import re
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cchc.core.audit import audited
from cchc.core.scoping import ScopedQuerySet

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Province")  # tỉnh, thành phố trực thuộc trung ương
    DISTRICT = "district", _("District")  # huyện, thị xã, thành phố thuộc tỉnh (until 30/6/2025)
    COMMUNE = "commune", _("Commune")  # xã, phường, đặc khu
    DEPARTMENT = "department", _("Department")  # sở, ban, ngành
    OFFICE = "office", _("Office")  # phòng, bộ phận


TERRITORIAL_KINDS = frozenset({UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE})


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    INSPECTOR = "inspector", _("Home Affairs inspector")  # Nội vụ
    LEADER = "leader", _("Unit leader")  # Chủ tịch UBND
    PAR_OFFICER = "par_officer", _("PAR officer")  # công chức phụ trách CCHC
    ONESTOP_OFFICER = "onestop_officer", _("One-stop officer")  # công chức Bộ phận Một cửa
    SPECIALIST = "specialist", _("Specialist")  # công chức chuyên môn thụ lý hồ sơ
    VIEWER = "viewer", _("Viewer")


ORG_CHANGE_ROLES = frozenset({Role.ADMIN, Role.INSPECTOR, Role.LEADER})


@audited()
class Unit(models.Model):
    """An administrative unit (territorial or not), valid from/to given dates.

    ``path`` is the chain of codes from the root (``/68/22933/``), so that a subtree is one
    ``path__startswith`` filter. Historical units (``valid_to`` set) keep their place in the tree under the
    unit they belonged to and point to the units that took them over (``successors``).
    """

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=UnitKind.choices)
    division_type = models.CharField(
        _("division type"), max_length=40, blank=True, help_text=_("e.g. xã, phường, đặc khu, huyện, sở")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=400, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    official = models.BooleanField(
        _("official code"), default=False, help_text=_("Code from the national list of administrative units")
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self", verbose_name=_("successor units"), symmetrical=False, blank=True, related_name="predecessors"
    )
    note = models.TextField(_("note"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = ""
    scope_change_roles = frozenset({Role.ADMIN})

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        old_path = self.path
        self.path = self.compute_path()
        self.depth = self.path.count("/") - 2
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:  # moved or re-coded: carry the subtree along
            from django.db.models.functions import Concat, Substr

            Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                path=Concat(models.Value(self.path), Substr("path", len(old_path) + 1)),
                depth=models.F("depth") + (self.path.count("/") - old_path.count("/")),
            )

    def is_current(self, on: date | None = None) -> bool:
        on = on or date.today()
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )

    def compute_path(self) -> str:
        return f"{self.parent.path if self.parent_id else '/'}{self.code}/"

    def clean(self) -> None:
        from cchc.org.reference import official_codes

        errors = {}
        if not CODE_RE.match(self.code or ""):
            errors["code"] = _("Use letters, digits, '.', '-' or '_' only.")
        elif self.code in official_codes() and not self.official:
            errors["code"] = _("This code belongs to a current unit of the national list.")
        if self.parent_id and self.pk and self.path and self.parent.path.startswith(self.path):
            errors["parent"] = _("A unit cannot be placed under itself.")
        if errors:
            raise ValidationError(errors)


@audited()
class Person(models.Model):
    """A cadre, civil servant or employee of a unit (cán bộ, công chức, viên chức, người lao động)."""

    full_name = models.CharField(_("full name"), max_length=150)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="people")
    title = models.CharField(_("title"), max_length=150, blank=True, help_text=_("e.g. Chủ tịch UBND"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    active = models.BooleanField(_("active"), default=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "unit"
    scope_change_roles = ORG_CHANGE_ROLES

    class Meta:
        ordering = ["full_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name


class PositionCategory(models.TextChoices):
    LEADER = "leader", _("Leader")  # cán bộ lãnh đạo
    CIVIL_SERVANT = "civil_servant", _("Civil servant")  # công chức
    PUBLIC_EMPLOYEE = "public_employee", _("Public employee")  # viên chức
    PART_TIME = "part_time", _("Part-time officer")  # người hoạt động không chuyên trách
    OTHER = "other", _("Other")


@audited()
class Position(models.Model):
    """A post in a unit with the number of people assigned to it by the staffing plan (biên chế)."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="positions")
    title = models.CharField(_("title"), max_length=150)
    category = models.CharField(
        _("category"), max_length=20, choices=PositionCategory.choices, default=PositionCategory.CIVIL_SERVANT
    )
    quota = models.PositiveSmallIntegerField(_("quota"), default=1)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "unit"
    scope_change_roles = ORG_CHANGE_ROLES

    class Meta:
        ordering = ["unit__path", "title"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [models.UniqueConstraint(fields=["unit", "title"], name="position_unique_title")]

    def __str__(self) -> str:
        return self.title


@audited()
class PositionAssignment(models.Model):
    """A person holding a position, as the holder or concurrently (kiêm nhiệm) to cover a vacancy."""

    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.PROTECT, related_name="assignments"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="assignments"
    )
    concurrent = models.BooleanField(_("concurrent"), default=False)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "position__unit"
    scope_change_roles = ORG_CHANGE_ROLES

    class Meta:
        ordering = ["position", "concurrent", "person__full_name"]
        verbose_name = _("position assignment")
        verbose_name_plural = _("position assignments")

    def __str__(self) -> str:
        return f"{self.person} — {self.position}"


@audited()
class RoleAssignment(models.Model):
    """A user's role on a unit; it covers the unit's whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "unit"
    scope_change_roles = frozenset({Role.ADMIN})

    class Meta:
        ordering = ["unit__path", "role"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="role_assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.unit}"


def unit_header_label(unit: Unit) -> str:
    """``UBND phường Phan Thiết — Lâm Đồng``: the unit in context, as shown in the page header."""
    from cchc.org.wording import place_name, running_name

    label = f"UBND {running_name(unit)}" if unit.kind in TERRITORIAL_KINDS else unit.name
    root_code = unit.path.strip("/").split("/")[0]
    if root_code != unit.code:
        root = Unit.objects.filter(code=root_code).first()
        if root is not None:
            label = f"{label} — {place_name(root)}"
    return label
