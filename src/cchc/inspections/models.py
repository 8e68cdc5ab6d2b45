"""PAR inspections (kiểm tra CCHC): yearly plans, inspections of units by a team, checklists filled on site,
findings, the conclusion notice (thông báo kết luận) and the remediation of each shortcoming.

A remediation item is a task of the tracked-action model (``cchc.plans.Task``, kind ``remediation``) whose
source is the :class:`Finding`: its owner records the cause, the fix and evidence; the inspection team
verifies and closes it (the task is then done), reopens it, or cancels it with a reason (:mod:`.permissions`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core.audit import audited
from cchc.core.scoping import VIEW, ScopedQuerySet
from cchc.org.models import Person, Role, Unit
from cchc.plans.models import EvidenceFile

#: roles of the inspecting body: plan, inspect, issue notices, verify remediation
INSPECT_ROLES = frozenset({Role.ADMIN, Role.INSPECTOR})
#: both sides may change objects of an inspection (the services decide who may do what)
CHANGE_ROLES = frozenset({Role.ADMIN, Role.INSPECTOR, Role.LEADER, Role.PAR_OFFICER})
#: an inspection belongs to the inspected unit and to the unit whose plan it is
INSPECTION_SCOPE = ("unit", "plan__unit")


class InspectionQuerySet(ScopedQuerySet):
    """The scope of the unit tree, plus, for reading, the inspections whose team the user is on (a member
    from another department holds no role on either unit)."""

    def visible_to(self, user, action: str = VIEW):
        scoped = super().visible_to(user, action)
        if action != VIEW or user is None or not user.is_authenticated or user.is_superuser:
            return scoped
        on_team = self.filter(**{f"{self.model.inspection_lookup}team__person__user": user})
        return self.filter(pk__in=scoped.values("pk")) | self.filter(pk__in=on_team.values("pk"))


@audited()
class InspectionPlan(models.Model):
    """The yearly inspection plan of an inspecting body (kế hoạch kiểm tra CCHC năm)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("inspecting unit"), on_delete=models.PROTECT, related_name="inspection_plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    doc_number = models.CharField(
        _("document number"), max_length=60, blank=True, help_text=_("e.g. 45/KH-UBND")
    )
    doc_date = models.DateField(_("document date"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "unit"
    scope_change_roles = INSPECT_ROLES

    class Meta:
        ordering = ["-year", "unit__code", "id"]
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")

    def __str__(self) -> str:
        return self.title


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("Under way")
    ISSUED = "issued", _("Conclusion notice issued")


@audited()
class Inspection(models.Model):
    """One unit inspected under a plan, from ``start_date`` to ``end_date``, on ``topics``."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.PROTECT, related_name="inspections")
    unit = models.ForeignKey(
        Unit, verbose_name=_("inspected unit"), on_delete=models.PROTECT, related_name="+"
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    topics = models.TextField(_("topics"), blank=True)
    framework = models.ForeignKey(
        "scoring.Framework",
        verbose_name=_("PAR framework for the checklist"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED
    )
    notice_number = models.CharField(
        _("notice number"), max_length=60, blank=True, help_text=_("e.g. 514/TBKL-TKT")
    )
    notice_date = models.DateField(_("notice date"), null=True, blank=True)
    notice_signer = models.CharField(_("signed by"), max_length=150, blank=True)
    conclusion = models.TextField(_("general conclusion"), blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.CharField(max_length=150, blank=True)
    #: checklist items still unchecked when the notice was issued (the issuer confirmed it knowingly)
    unchecked_at_issue = models.PositiveIntegerField(_("items unchecked at issue"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InspectionQuerySet.as_manager()
    inspection_lookup = ""
    scope_unit_field = INSPECTION_SCOPE
    scope_change_roles = CHANGE_ROLES

    class Meta:
        ordering = ["start_date", "unit__code", "id"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="inspection_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.year} — {self.unit.name}"

    @property
    def locked(self) -> bool:
        return self.status == InspectionStatus.ISSUED


class MemberRole(models.TextChoices):
    LEADER = "leader", _("Team leader")  # trưởng đoàn
    DEPUTY = "deputy", _("Deputy leader")  # phó trưởng đoàn
    MEMBER = "member", _("Member")  # thành viên
    SECRETARY = "secretary", _("Secretary")  # thư ký


@audited()
class TeamMember(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="team")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role in the team"), max_length=10, choices=MemberRole.choices)

    objects = InspectionQuerySet.as_manager()
    inspection_lookup = "inspection__"
    scope_unit_field = tuple(f"inspection__{f}" for f in INSPECTION_SCOPE)
    scope_change_roles = INSPECT_ROLES

    class Meta:
        ordering = ["inspection", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["inspection", "person"], name="team_member_once")]

    def __str__(self) -> str:
        return f"{self.person.full_name} ({self.get_role_display()})"


class ItemSource(models.TextChoices):
    CRITERION = "criterion", _("PAR criterion")
    ONESTOP = "onestop", _("One-stop rule")
    FREE = "free", _("Added by the team")


class ItemResult(models.TextChoices):
    UNCHECKED = "", _("Not checked yet")
    MEETS = "meets", _("Meets")  # đạt
    SHORTCOMING = "shortcoming", _("Shortcoming")  # tồn tại, hạn chế
    NOT_APPLICABLE = "not_applicable", _("Not applicable")  # không phát sinh


@audited()
class ChecklistItem(models.Model):
    """One line of the checklist filled on site."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="checklist")
    position = models.PositiveIntegerField(default=0)
    source = models.CharField(max_length=10, choices=ItemSource.choices)
    code = models.CharField(_("code"), max_length=30, help_text=_("criterion code or one-stop rule code"))
    text = models.CharField(_("item"), max_length=500)
    #: the live figure shown beside the item (an indicator of ``cchc.core.indicators``), if any
    figure = models.CharField(max_length=40, blank=True)
    result = models.CharField(_("result"), max_length=14, choices=ItemResult.choices, blank=True, default="")
    note = models.TextField(_("note"), blank=True)
    checked_by = models.CharField(max_length=150, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)

    objects = InspectionQuerySet.as_manager()
    inspection_lookup = "inspection__"
    scope_unit_field = tuple(f"inspection__{f}" for f in INSPECTION_SCOPE)
    scope_change_roles = INSPECT_ROLES

    class Meta:
        ordering = ["inspection", "position", "id"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist")

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class ItemEvidence(EvidenceFile):
    """A photo or document taken on site for a checklist item."""

    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="evidence")

    objects = InspectionQuerySet.as_manager()
    inspection_lookup = "item__inspection__"
    scope_unit_field = tuple(f"item__inspection__{f}" for f in INSPECTION_SCOPE)
    scope_change_roles = INSPECT_ROLES

    def storage_folder(self) -> str:
        return f"inspections/{self.item.inspection_id}"


class FindingKind(models.TextChoices):
    STRENGTH = "strength", _("Strength")  # ưu điểm
    SHORTCOMING = "shortcoming", _("Shortcoming")  # tồn tại, hạn chế


@audited()
class Finding(models.Model):
    """A strength or a shortcoming found by the team, linked to a criterion, a checklist item and records.

    A shortcoming carries the team's request and deadline; once the notice is issued it has a remediation
    task (``cchc.plans.Task``, source = this finding).
    """

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("kind"), max_length=12, choices=FindingKind.choices)
    position = models.PositiveIntegerField(default=0)
    text = models.TextField(_("finding"))
    item = models.ForeignKey(
        ChecklistItem, verbose_name=_("checklist item"), null=True, blank=True, on_delete=models.SET_NULL
    )
    criterion_code = models.CharField(_("PAR criterion"), max_length=30, blank=True)
    #: records behind the finding: ``[{"kind": "dossier", "code": "..."}, {"kind": "task", "id": 12}]``
    records = models.JSONField(_("records"), default=list, blank=True)
    request = models.TextField(_("request"), blank=True)  # yêu cầu khắc phục
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    recurrence_of = models.ForeignKey(
        "self",
        verbose_name=_("same shortcoming last time"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recurrences",
    )
    cause = models.TextField(_("cause"), blank=True)  # nguyên nhân
    fix = models.TextField(_("what was done"), blank=True)  # kết quả khắc phục
    reported_at = models.DateTimeField(_("fix reported"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.CharField(max_length=150, blank=True)

    objects = InspectionQuerySet.as_manager()
    inspection_lookup = "inspection__"
    scope_unit_field = tuple(f"inspection__{f}" for f in INSPECTION_SCOPE)
    scope_change_roles = CHANGE_ROLES
    #: the plans app may not complete the remediation task by itself: the inspector verifies it
    task_completed_by_source = True

    class Meta:
        ordering = ["inspection", "kind", "position", "id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return self.text[:120]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("inspections:finding-detail", args=[self.pk])

    def task_decided_by(self, user) -> bool:
        """Who decides the remediation task (close, reopen, cancel, move its deadline): the inspection team,
        never the inspected unit (``inspections.remediation.decide``). The plans rules ask this."""
        from cchc.core.permissions import can

        return can(user, "inspections.remediation.decide", self)
