"""PAR plans and the one tracked-action model (STYLE.md): plan tasks, directives and remediation items.

A :class:`Task` belongs to a plan (``plan``), or to something else through ``source`` (e.g. an inspection
finding, later), or to nothing but its unit (a leader's directive). Its unit is the responsible unit and the
scope of the task. "Overdue" is derived from the deadline, the status and the unit's calendar
(:mod:`cchc.plans.deadlines`), never stored; parents roll progress up from their children by weight
(:mod:`cchc.plans.selectors`).
"""

import uuid
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cchc.core.audit import audited
from cchc.core.scoping import VIEW, ScopedQuerySet
from cchc.org.models import Person, Role, Unit
from cchc.plans.areas import ReformArea
from cchc.plans.storage import evidence_storage

#: Roles that draw up plans, assign tasks and edit them within their subtree.
MANAGE_ROLES = frozenset({Role.ADMIN, Role.INSPECTOR, Role.LEADER, Role.PAR_OFFICER})


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")  # dự thảo
    ISSUED = "issued", _("Issued")  # đã ban hành
    AMENDED = "amended", _("Amended")  # đã sửa đổi, bổ sung


@audited()
class Plan(models.Model):
    """An annual PAR plan of a unit (kế hoạch CCHC năm), or a component plan under it (kế hoạch
    thành phần)."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="par_plans")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("annual plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="components",
    )
    title = models.CharField(_("plan title"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    doc_number = models.CharField(
        _("document number"), max_length=60, blank=True, help_text=_("e.g. 15/KH-UBND")
    )
    doc_date = models.DateField(_("document date"), null=True, blank=True)
    doc_signer = models.CharField(_("signed by"), max_length=150, blank=True)
    amendment_number = models.CharField(_("amending document number"), max_length=60, blank=True)
    amendment_date = models.DateField(_("amending document date"), null=True, blank=True)
    amendment_signer = models.CharField(_("amendment signed by"), max_length=150, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "unit"
    scope_change_roles = MANAGE_ROLES

    class Meta:
        ordering = ["-year", "unit__path", "parent_id", "id"]
        verbose_name = _("PAR plan")
        verbose_name_plural = _("PAR plans")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=Q(parent__isnull=True),
                name="plan_one_annual_per_unit_year",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (~Q(doc_number="") & Q(doc_date__isnull=False)),
                name="plan_issued_has_document",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_component(self) -> bool:
        return self.parent_id is not None


class TaskKind(models.TextChoices):
    PLAN_TASK = "plan_task", _("Plan task")  # nhiệm vụ theo kế hoạch
    DIRECTIVE = "directive", _("Directive")  # ý kiến chỉ đạo, kết luận của lãnh đạo
    REMEDIATION = "remediation", _("Remediation item")  # nhiệm vụ khắc phục tồn tại, hạn chế


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


CLOSED_STATUSES = frozenset({TaskStatus.DONE, TaskStatus.CANCELLED})


class TaskQuerySet(ScopedQuerySet):
    def visible_to(self, user, action: str = VIEW):
        """The unit scope, plus (for viewing) the tasks the user's person owns or helps with."""
        scoped = super().visible_to(user, action)
        if action != VIEW or user is None or not user.is_authenticated or not user.is_active:
            return scoped
        if user.is_superuser:
            return scoped
        collaborating = Task.collaborators.through.objects.filter(person__user=user).values("task_id")
        return scoped | self.filter(Q(owner__user=user) | Q(pk__in=collaborating))

    def open(self):
        return self.exclude(status__in=CLOSED_STATUSES)

    def leaves(self):
        """Tasks without a child that is not cancelled (a parent's figures are its children's)."""
        live_children = Task.objects.filter(parent=models.OuterRef("pk")).exclude(status=TaskStatus.CANCELLED)
        return self.exclude(models.Exists(live_children))

    def counted(self):
        """Tasks that count in completion figures: leaves that are not cancelled."""
        return self.leaves().exclude(status=TaskStatus.CANCELLED)


#: done and counted: self-managed, or confirmed by the unit that assigned it
DONE_COUNTED = Q(status=TaskStatus.DONE) & (Q(assigned_by__isnull=True) | Q(confirmed_at__isnull=False))
#: reported done, awaiting the assigning unit's confirmation (chờ xác nhận)
DONE_PENDING = Q(status=TaskStatus.DONE, assigned_by__isnull=False, confirmed_at__isnull=True)


@audited()
class Task(models.Model):
    """A tracked action: a plan task, a leader's directive or an inspection remediation item."""

    kind = models.CharField(
        _("kind of task"), max_length=12, choices=TaskKind.choices, default=TaskKind.PLAN_TASK
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="par_tasks",
    )
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent task"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # What else the task answers to (e.g. an inspection finding): any model, without plans knowing it.
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.CharField(max_length=64, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    number = models.CharField(_("number"), max_length=20, blank=True, help_text=_("e.g. 1.2"))
    title = models.CharField(_("task title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    area = models.CharField(_("reform area"), max_length=2, choices=ReformArea.choices, blank=True)
    owner = models.ForeignKey(
        Person,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_tasks",
    )
    collaborators = models.ManyToManyField(
        Person, verbose_name=_("collaborators"), blank=True, related_name="assisted_tasks"
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    status = models.CharField(
        _("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    # Set from above: the unit that assigned the task when it is above the responsible unit. Its managers
    # decide (deadline, title, weight, cancelling, extensions) and confirm "done"; the owner's side reports.
    assigned_by = models.ForeignKey(
        Unit,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("completion confirmed at"), null=True, blank=True)
    confirmed_by = models.CharField(_("completion confirmed by"), max_length=150, blank=True)
    extension_deadline = models.DateField(_("requested new deadline"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TaskQuerySet.as_manager()
    scope_unit_field = "unit"
    scope_change_roles = MANAGE_ROLES

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [
            models.Index(fields=["plan", "order"]),
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["source_type", "source_id"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="task_progress_percent"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="task_weight_positive"),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""), name="task_cancel_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_at__isnull=False), name="task_done_has_time"
            ),
            models.UniqueConstraint(
                fields=["plan", "number"], condition=~Q(number=""), name="task_number_in_plan"
            ),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(status="done"), name="task_confirmed_is_done"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def set_from_above(self) -> bool:
        """Assigned by a higher unit, which decides and confirms (``assigned_by``)."""
        return self.assigned_by_id is not None

    @property
    def awaiting_confirmation(self) -> bool:
        """Reported done by the owner's side, not yet confirmed by the assigning unit (chờ xác nhận)."""
        return self.status == TaskStatus.DONE and self.set_from_above and self.confirmed_at is None

    @property
    def counts_as_done(self) -> bool:
        return self.status == TaskStatus.DONE and not self.awaiting_confirmation

    @property
    def extension_requested(self) -> bool:
        return self.extension_deadline is not None


def _evidence_path(instance: "EvidenceFile", filename: str) -> str:
    """``<folder>/<random>.<ext>``: the name given by the uploader is kept in ``original_name`` only."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"{instance.storage_folder()}/{uuid.uuid4().hex}{suffix}"


@audited()
class EvidenceFile(models.Model):
    """What every evidence file stores (tasks here, PAR scores, inspection checklists): the file outside the
    web root, its checked type, size and checksum, who uploaded it and when (see :func:`evidence.store`)."""

    file = models.FileField(storage=evidence_storage, upload_to=_evidence_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_by_label = models.CharField(max_length=150, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name

    def storage_folder(self) -> str:
        """The folder of this kind of evidence under the evidence root."""
        return self._meta.app_label


class Evidence(EvidenceFile):
    """An output or evidence file of a task (tài liệu kiểm chứng). Editing a task never removes one."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="evidence")
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "task__unit"
    scope_change_roles = MANAGE_ROLES

    def storage_folder(self) -> str:
        return str(self.task_id)


@audited()
class Comment(models.Model):
    """A comment on a task."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_label = models.CharField(max_length=150, blank=True)
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "task__unit"
    scope_change_roles = MANAGE_ROLES

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:60]
