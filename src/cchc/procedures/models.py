"""The procedure catalogue (danh mục thủ tục hành chính): a stable identity per national code and dated
versions of its rules (processing time, fee, online level, ...). A dossier keeps the version in force on the
day it was received.

The catalogue is national reference data: every logged-in user reads it; only administrators change it. It is
therefore not unit-scoped (no ``visible_to``), but every change is in the change log.
"""

import re
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.core.audit import AuditedQuerySet, audited
from cchc.procedures.text import fold

#: National codes look like ``1.001193``; provincial portals add suffixes (``1.001193.000.00.00.H56``).
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class Level(models.TextChoices):
    """Competent level (cấp thực hiện)."""

    CENTRAL = "central", _("Central")  # trung ương
    PROVINCE = "province", _("Province")  # cấp tỉnh
    DISTRICT = "district", _("District")  # cấp huyện (until 30/6/2025)
    COMMUNE = "commune", _("Commune")  # cấp xã


class OnlineLevel(models.TextChoices):
    FULL = "toan_trinh", _("Fully online")  # dịch vụ công trực tuyến toàn trình
    PARTIAL = "mot_phan", _("Partly online")  # dịch vụ công trực tuyến một phần


class ProcessingUnit(models.TextChoices):
    DAYS = "days", _("working days")
    HOURS = "hours", _("working hours")


@audited()
class Procedure(models.Model):
    """One administrative procedure (thủ tục hành chính), identified by its code (mã TTHC)."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.TextField(_("name"))
    field = models.CharField(_("sector"), max_length=200, blank=True, db_index=True)  # lĩnh vực
    level = models.CharField(_("competent level"), max_length=10, choices=Level.choices, blank=True)
    source = models.TextField(
        _("origin"), blank=True, help_text=_("How the entry came into the catalogue (file, line).")
    )
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    requires_approval = models.BooleanField(
        _("requires a leader's approval"),
        default=True,
        help_text=_("The result is ready only after a leader of the competent unit approves the proposal."),
    )

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        self.refresh_search_text()
        super().save(*args, **kwargs)

    def refresh_search_text(self) -> None:
        """The accent-free lower-case key that the search matches (kept in step by every write)."""
        self.search_text = fold(f"{self.code} {self.name}")

    def clean(self) -> None:
        if not CODE_RE.match(self.code or ""):
            raise ValidationError({"code": _("Use letters, digits, '.', '-' or '_' only (at most 64).")})

    def version_on(self, day: date | datetime) -> "ProcedureVersion | None":
        """The version in force on ``day`` (a datetime counts by its local date); None if there is none.

        Works on prefetched versions when they are there (``procedures_by_code`` prefetches them).
        """
        if isinstance(day, datetime):
            day = timezone.localdate(day) if timezone.is_aware(day) else day.date()
        best = None
        for version in self.versions.all():
            if version.covers(day) and (best is None or _start(version) > _start(best)):
                best = version
        return best

    @property
    def current_version(self) -> "ProcedureVersion | None":
        return self.version_on(timezone.localdate())

    def latest_version(self) -> "ProcedureVersion | None":
        """The version that starts last: the one an import compares against and a new version closes."""
        versions = list(self.versions.all())
        return max(versions, key=_start) if versions else None


def _start(version: "ProcedureVersion") -> date:
    return version.valid_from or date.min


@audited()
class ProcedureVersion(models.Model):
    """The rules of a procedure from ``valid_from`` (open start when blank) to ``valid_to`` (inclusive)."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="versions"
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    processing_days = models.DecimalField(
        _("processing time"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("In the processing unit; 0 = within the day of receipt; blank = unknown."),
    )
    processing_unit = models.CharField(
        _("processing unit"), max_length=5, choices=ProcessingUnit.choices, default=ProcessingUnit.DAYS
    )
    processing_note = models.TextField(_("processing time note"), blank=True)
    cutoff_time = models.TimeField(
        _("same-day cut-off"),
        null=True,
        blank=True,
        help_text=_("Received after this time, a same-day procedure is due the next working day."),
    )
    fee_vnd = models.PositiveBigIntegerField(_("fee (VND)"), null=True, blank=True)
    fee_note = models.TextField(_("fee note"), blank=True)
    online_level = models.CharField(_("online level"), max_length=10, choices=OnlineLevel.choices, blank=True)
    components = models.TextField(_("dossier components"), blank=True, help_text=_("One per line."))
    requires_result_document = models.BooleanField(_("issues a result document"), default=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    announcing_decision = models.TextField(
        _("announcing decision"), blank=True, help_text=_("e.g. Quyết định số 1234/QĐ-UBND ngày 01/7/2025")
    )
    source = models.TextField(_("sources"), blank=True)

    objects = AuditedQuerySet.as_manager()

    #: Fields that make up the rules of a version (compared by imports, copied by ``values``).
    RULE_FIELDS = (
        "processing_days",
        "processing_unit",
        "processing_note",
        "cutoff_time",
        "fee_vnd",
        "fee_note",
        "online_level",
        "components",
        "requires_result_document",
        "legal_basis",
        "announcing_decision",
        "source",
    )

    class Meta:
        ordering = ["procedure", models.F("valid_from").asc(nulls_first=True)]
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="procedure_version_valid_range",
            ),
            models.CheckConstraint(
                condition=Q(processing_days__isnull=True) | Q(processing_days__gte=0),
                name="procedure_version_processing_not_negative",
            ),
            models.UniqueConstraint(
                fields=["procedure", "valid_from"], name="procedure_version_unique_start"
            ),
            models.UniqueConstraint(
                fields=["procedure"], condition=Q(valid_to__isnull=True), name="procedure_version_one_open"
            ),
        ]

    def __str__(self) -> str:
        start = self.valid_from.strftime("%d/%m/%Y") if self.valid_from else "…"
        end = self.valid_to.strftime("%d/%m/%Y") if self.valid_to else "…"
        return f"{self.procedure.code} ({start} – {end})"

    def covers(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def values(self) -> dict:
        return {name: getattr(self, name) for name in self.RULE_FIELDS}

    def processing_time_in_days(self, hours_per_day: Decimal | int = 8) -> Decimal | None:
        """Processing time in working days (hours divided by the unit's office hours per day)."""
        if self.processing_days is None:
            return None
        if self.processing_unit == ProcessingUnit.HOURS:
            return Decimal(self.processing_days) / Decimal(hours_per_day)
        return Decimal(self.processing_days)

    @property
    def component_list(self) -> list[str]:
        return [line for line in self.components.splitlines() if line.strip()]

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end is before the start.")})
        if not self.procedure_id:
            return
        others = ProcedureVersion.objects.filter(procedure_id=self.procedure_id).exclude(pk=self.pk)
        start, end = self.valid_from or date.min, self.valid_to or date.max
        for other in others:
            if (other.valid_from or date.min) <= end and start <= (other.valid_to or date.max):
                raise ValidationError({"valid_from": _("This period overlaps another version: %s") % other})
