"""Dossiers (hồ sơ TTHC): one application for one procedure, from intake to result.

The values of the interchange file (``formats/dossiers-csv.md``) are stored as columns; the derived values the
statistics need (``end_at``, ``pause``, ``adjusted_end_at``, ``timeliness``...) are stored too and always
recomputed from them by :func:`cchc.dossiers.rules.derive` on every write, so that reports are plain aggregate
queries that still equal the definition at any moment.
"""

import base64
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cchc.core.audit import audited
from cchc.core.scoping import ScopedQuerySet
from cchc.org.models import Role


class Channel(models.TextChoices):
    DIRECT = "direct", _("Direct")  # trực tiếp
    ONLINE = "online", _("Online")  # trực tuyến
    POSTAL = "postal", _("Postal")  # dịch vụ bưu chính công ích


class Outcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Status(models.TextChoices):
    PROCESSING = "processing", _("Being processed")  # đang giải quyết
    AWAITING_SUPPLEMENT = "awaiting_supplement", _("Awaiting supplement")  # chờ bổ sung
    FINISHED = "finished", _("Result ready")  # đã có kết quả
    RETURNED = "returned", _("Result returned")  # đã trả kết quả
    REFUSED = "refused", _("Refused")  # từ chối
    WITHDRAWN = "withdrawn", _("Withdrawn")  # rút hồ sơ


class Timeliness(models.TextChoices):
    EARLY = "early", _("Early")  # trước hạn
    ON_TIME = "on_time", _("On time")  # đúng hạn
    LATE = "late", _("Late")  # quá hạn


class DueSource(models.TextChoices):
    COMPUTED = "computed", _("Computed by the deadline rule")
    IMPORTED = "imported", _("Imported appointment")
    MANUAL = "manual", _("Set by an officer")


class Origin(models.TextChoices):
    DESK = "desk", _("Received at the desk")
    IMPORT = "import", _("Imported")


class Review(models.TextChoices):
    """Where the competent unit's decision stands (thụ lý → trình → phê duyệt); blank: not proposed yet."""

    PROPOSED = "proposed", _("Waiting for approval")  # chờ phê duyệt
    APPROVED = "approved", _("Approved by a leader")  # đã phê duyệt
    SENT_BACK = "sent_back", _("Sent back to the specialist")  # trả lại chuyên viên


class StepKind(models.TextChoices):
    """The hand-overs inside the competent unit (desk → specialist → leader → desk)."""

    ASSIGN = "assign", _("Assigned to a specialist")  # giao thụ lý
    PROPOSE = "propose", _("Submitted for approval")  # trình phê duyệt
    APPROVE = "approve", _("Approved by a leader")  # phê duyệt
    SEND_BACK = "send_back", _("Sent back")  # trả lại để thụ lý lại


class ReturnMethod(models.TextChoices):
    COUNTER = "counter", _("At the counter")  # trả trực tiếp tại Bộ phận Một cửa
    POST = "post", _("By post")  # qua dịch vụ bưu chính công ích
    ONLINE = "online", _("Online")  # trả kết quả điện tử trực tuyến


def new_public_token() -> str:
    return secrets.token_urlsafe(18)


def new_public_tokens(count: int) -> list[str]:
    """``count`` tokens like :func:`new_public_token` (18 random bytes, URL-safe base64 each), in one read."""
    text = base64.urlsafe_b64encode(secrets.token_bytes(18 * count)).decode()
    return [text[start : start + 24] for start in range(0, 24 * count, 24)]


@audited()
class Dossier(models.Model):
    code = models.CharField(_("dossier code"), max_length=64, unique=True)
    receiving_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("receiving unit"),
        on_delete=models.PROTECT,
        related_name="dossiers_received",
        db_index=False,  # the (receiving unit, received) index starts with it
    )
    competent_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("competent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers_competent",
    )
    procedure = models.ForeignKey(
        "procedures.Procedure", verbose_name=_("procedure"), on_delete=models.PROTECT, related_name="dossiers"
    )
    procedure_version = models.ForeignKey(
        "procedures.ProcedureVersion",
        verbose_name=_("procedure version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        db_index=False,  # never searched by version; an index would only slow every import
    )
    field = models.CharField(_("field"), max_length=200, blank=True)  # lĩnh vực
    processing_days = models.DecimalField(
        _("processing time (working days)"), max_digits=9, decimal_places=3, null=True, blank=True
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField(_("received at"))
    due_at = models.DateTimeField(_("due at"))
    due_source = models.CharField(max_length=10, choices=DueSource.choices, default=DueSource.COMPUTED)
    supplement_requested_at = models.DateTimeField(_("supplement requested at"), null=True, blank=True)
    supplement_received_at = models.DateTimeField(_("supplement received at"), null=True, blank=True)
    supplement_count = models.PositiveSmallIntegerField(_("supplement requests"), default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    fee_vnd = models.PositiveBigIntegerField(_("fee (VND)"), default=0)
    paid_online = models.BooleanField(_("paid online"), default=False)
    digitized = models.BooleanField(_("digitised at intake"), default=False)
    e_result = models.BooleanField(_("electronic result"), default=False)
    disliked = models.BooleanField(_("unsatisfied or complaint"), default=False)

    # Desk data (blank for imported dossiers).
    applicant_name = models.CharField(_("applicant"), max_length=200, blank=True)
    applicant_phone = models.CharField(_("phone"), max_length=30, blank=True)
    applicant_address = models.CharField(_("address"), max_length=300, blank=True)
    apology_sent_at = models.DateTimeField(_("apology sent at"), null=True, blank=True)
    apology_new_due_at = models.DateTimeField(_("new date in the apology"), null=True, blank=True)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.DESK)
    # Unique by a constraint (below), not ``unique=True``: on PostgreSQL that would add a second, LIKE-ready
    # index that nothing uses (a token is only ever matched whole) and that every import pays for.
    public_token = models.CharField(max_length=32, default=new_public_token, editable=False)
    # Desk workflow (services.py); blank for imported dossiers.
    handling_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers_handled",
        help_text=_("The unit that holds the dossier after the last hand-over."),
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # never searched by; users are deactivated, not deleted
    )
    supplement_reason = models.TextField(_("what to supplement"), blank=True)
    stop_reason = models.TextField(_("reason for refusal or withdrawal"), blank=True)
    apology_reason = models.TextField(_("reason for the delay"), blank=True)
    return_method = models.CharField(
        _("result returned"), max_length=10, choices=ReturnMethod.choices, blank=True
    )
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    # Separation of duties (services.py): who handles the dossier and where its decision stands.
    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("specialist"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # read from the dossier; the desk's queues do not filter by it
    )
    review = models.CharField(_("approval"), max_length=10, choices=Review.choices, blank=True)
    proposed_outcome = models.CharField(
        _("proposed outcome"), max_length=10, choices=Outcome.choices, blank=True
    )
    search_text = models.CharField(max_length=400, blank=True, default="", editable=False)

    # Derived (rules.derive); never typed in.
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROCESSING)
    end_at = models.DateTimeField(null=True, blank=True, editable=False)
    pause = models.DurationField(null=True, blank=True, editable=False)
    adjusted_end_at = models.DateTimeField(null=True, blank=True, editable=False)
    due_plus_pause_at = models.DateTimeField(null=True, blank=True, editable=False)
    timeliness = models.CharField(max_length=10, choices=Timeliness.choices, blank=True, editable=False)
    import_batch = models.ForeignKey(
        "ImportBatch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dossiers",
        editable=False,
        db_index=False,  # the import record is read from the batch side; an index only slows imports
    )

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = ("receiving_unit", "competent_unit", "handling_unit")
    #: The scope door's "change" roles (the desk: officers, PAR officers, leaders, administrators; not viewers
    #: nor inspectors, who read). Who may do each step is the permission door's answer (permissions.py).
    scope_change_roles = frozenset({Role.ADMIN, Role.LEADER, Role.PAR_OFFICER, Role.ONESTOP_OFFICER})

    class Meta:
        ordering = ["received_at", "code"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        indexes = [
            models.Index(fields=["receiving_unit", "received_at"]),
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["status", "due_plus_pause_at"]),
            # The report's scope of one unit (cchc.stats): ended after the period start or not ended, and
            # received before its end, filtered in the index before any row is fetched.
            models.Index(fields=["receiving_unit", "end_at", "received_at"], name="dossier_report_scope_idx"),
        ]
        constraints = [models.UniqueConstraint(fields=["public_token"], name="dossier_public_token_unique")]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs):
        from cchc.dossiers.rules import derive

        derive(self)
        self.search_text = search_key(self.code, self.applicant_name, self.applicant_phone)
        super().save(*args, **kwargs)

    @property
    def holder(self):
        """The unit that holds the dossier now: the last hand-over's target, else the receiving unit."""
        return self.handling_unit or self.receiving_unit

    @property
    def is_pending(self) -> bool:
        return self.status in (Status.PROCESSING, Status.AWAITING_SUPPLEMENT)


def search_key(code: str, name: str, phone: str) -> str:
    """What the desk search matches: code, applicant name and phone, lower case without diacritics."""
    from cchc.procedures.text import fold

    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    return fold(f"{code} {name} {digits}")[:400]


@audited()
class DossierTransfer(models.Model):
    """One hand-over of a dossier between units (sổ theo dõi luân chuyển hồ sơ). It never moves the due
    instant."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="transfers"
    )
    from_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("from"), on_delete=models.PROTECT, related_name="+"
    )
    to_unit = models.ForeignKey("org.Unit", verbose_name=_("to"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("handed over at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = ("dossier__receiving_unit", "from_unit", "to_unit")
    scope_change_roles = Dossier.scope_change_roles

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("dossier hand-over")
        verbose_name_plural = _("dossier hand-overs")

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.from_unit_id} → {self.to_unit_id}"


@audited()
class DossierStep(models.Model):
    """One hand-over inside the competent unit: the desk assigns a specialist, the specialist submits the
    proposed result to the unit's leaders, a leader approves it (back to the desk) or sends it back. Each row
    is the period the receiver holds the dossier for that step (``started_at`` to ``ended_at``, closed by the
    next step or the end of the dossier), so that a per-step time limit and the tracking sheet (phiếu kiểm
    soát) can be read from it. Read through the dossier (its visibility is the dossier's)."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="steps"
    )
    kind = models.CharField(_("step"), max_length=10, choices=StepKind.choices)
    from_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("from"), on_delete=models.PROTECT, related_name="+"
    )
    to_unit = models.ForeignKey("org.Unit", verbose_name=_("to"), on_delete=models.PROTECT, related_name="+")
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_label = models.CharField(max_length=150, blank=True)
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(_("handed over at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["started_at", "id"]
        verbose_name = _("dossier step")
        verbose_name_plural = _("dossier steps")

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.kind} {self.started_at:%Y-%m-%d %H:%M}"


class ImportBatch(models.Model):
    """The one audit record of an import: file, checksum, who, counts (the rows' events are bulk-written)."""

    file_name = models.CharField(max_length=500)
    sha256 = models.CharField(max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"


class WebImportState(models.TextChoices):
    CHECKING = "checking", _("Being checked")
    CHECKED = "checked", _("Checked, waiting for confirmation")
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Being imported")
    DONE = "done", pgettext_lazy("import state", "Imported")  # đã nhập xong, not the origin "nhập từ tệp"
    REJECTED = "rejected", _("Rejected, nothing imported")
    FAILED = "failed", _("Failed")


@audited(exclude=("problems",))
class WebImport(models.Model):
    """A dossier file uploaded on the web import page (``cchc.dossiers.webimport``): checked first (the
    preview), imported when its uploader confirms. Only its uploader sees it (a file may name several units,
    so it has no single unit to scope by); the rows' units are checked against the uploader's roles."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(_("file"), max_length=300)
    stored_name = models.CharField(max_length=300, editable=False)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    state = models.CharField(
        _("state"), max_length=10, choices=WebImportState.choices, default=WebImportState.CHECKING
    )
    skip_invalid = models.BooleanField(default=False)
    rows_estimate = models.PositiveIntegerField(null=True, blank=True)
    rows = models.PositiveIntegerField(default=0)
    rejected_rows = models.PositiveIntegerField(default=0)
    problem_count = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)  # [[line, column, reason], ...] (the first ones)
    preview = models.JSONField(default=dict, blank=True)  # counts the check found
    result = models.JSONField(default=dict, blank=True)  # counts of the import
    batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    task_id = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("web import")
        verbose_name_plural = _("web imports")

    def __str__(self) -> str:
        return self.file_name
