"""PAR index frameworks as data and the yearly assessment of each unit (DOMAIN.md §7, par-framework.md).

A :class:`Framework` (one YAML file) holds a tree of :class:`Criterion` rows; leaves carry points and a
scoring method. Each unit scored under a framework has one :class:`Assessment` (its cycle: self-assessment,
submission, appraisal by the Home Affairs council, the unit's explanation, final decision) and one
:class:`Score` per leaf it has a figure for. Scores are exact decimals with 2 places; a leaf's final score
is the appraised score when there is one, else the self score.
"""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core.audit import AuditedQuerySet, audited
from cchc.core.scoping import ScopedQuerySet
from cchc.org.models import Person, Role, Unit
from cchc.plans.models import EvidenceFile

#: roles of the Home Affairs council (Hội đồng thẩm định): they appraise and finalise
APPRAISE_ROLES = frozenset({Role.ADMIN, Role.INSPECTOR})
#: roles that self-assess for their unit
ASSESS_ROLES = frozenset({Role.ADMIN, Role.INSPECTOR, Role.LEADER, Role.PAR_OFFICER})


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    DEPARTMENT = "department", _("Department")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")
    OFFICE = "office", _("Office")


class Method(models.TextChoices):
    MANUAL = "manual", _("Self-assessed with evidence")  # tự chấm, có tài liệu kiểm chứng
    RULE = "rule", _("Computed from the system's data")
    SURVEY = "survey", _("Sociological survey")  # điều tra xã hội học


@audited()
class Framework(models.Model):
    """A criteria framework (bộ tiêu chí) for one year and unit level, imported from YAML."""

    code = models.CharField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=400)
    year = models.PositiveSmallIntegerField(_("year"))
    unit_level = models.CharField(_("unit level"), max_length=12, choices=UnitLevel.choices)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    #: ``[{"label": "Xuất sắc", "min": "90"}, ...]``, high to low, the last min 0 (decimals as strings)
    bands = models.JSONField(_("bands"), default=list)
    #: the comment block at the top of the file (sources), kept for the framework page
    source_note = models.TextField(_("source"), blank=True)
    #: set on the framework page by the province (not a key of the YAML file): a unit cannot submit while a
    #: manual, applicable leaf with a self score has no evidence file
    evidence_mandatory = models.BooleanField(_("evidence mandatory"), default=False)
    imported_at = models.DateTimeField(_("imported"), auto_now=True)

    class Meta:
        ordering = ["-year", "unit_level", "code"]
        verbose_name = _("PAR framework")
        verbose_name_plural = _("PAR frameworks")

    def __str__(self) -> str:
        return self.code

    def band_for(self, percent: Decimal | None) -> str | None:
        if percent is None:
            return None
        for band in self.bands:
            if Decimal(str(band["min"])) <= percent:
                return band["label"]
        return None


@audited()
class Criterion(models.Model):
    """A node of the framework's tree; leaves (``max`` set) carry points."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=500)
    #: code of the top-level node (area, lĩnh vực) the node belongs to
    area_code = models.CharField(max_length=30)
    depth = models.PositiveSmallIntegerField(default=0)
    position = models.PositiveIntegerField(default=0, help_text="order in the file (pre-order)")
    max_points = models.DecimalField(
        _("maximum points"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    method = models.CharField(_("method"), max_length=8, choices=Method.choices, default=Method.MANUAL)
    rule = models.CharField(_("rule"), max_length=500, blank=True)
    evidence = models.TextField(_("evidence required"), blank=True)
    guidance = models.TextField(_("guidance"), blank=True)
    optional = models.BooleanField(_("optional area"), default=False)

    class Meta:
        ordering = ["framework", "position"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="criterion_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"

    @property
    def is_leaf(self) -> bool:
        return self.max_points is not None


@audited()
class CriterionMapping(models.Model):
    """Where a criterion code changed between two framework versions (for year-over-year comparison)."""

    old_framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="+")
    old_code = models.CharField(max_length=30)
    new_framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="mappings")
    new_code = models.CharField(max_length=30)

    objects = AuditedQuerySet.as_manager()  # its bulk_create is change-logged

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["old_framework", "new_framework", "new_code"], name="mapping_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.old_code} → {self.new_code}"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Self-assessment")  # đang tự đánh giá
    SUBMITTED = "submitted", _("Submitted for appraisal")  # đã gửi thẩm định
    APPRAISED = "appraised", _("Appraised, awaiting the unit's explanation")  # đã thẩm định, chờ giải trình
    FINAL = "final", _("Final")  # đã công bố kết quả


LOCKED_STATUSES = frozenset({AssessmentStatus.SUBMITTED, AssessmentStatus.APPRAISED, AssessmentStatus.FINAL})


@audited()
class Assessment(models.Model):
    """One unit's scoring under one framework: the yearly cycle, each step dated and attributed."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="assessments")
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.CharField(max_length=150, blank=True)
    appraised_at = models.DateTimeField(_("appraised"), null=True, blank=True)
    appraised_by = models.CharField(max_length=150, blank=True)
    finalised_at = models.DateTimeField(_("final decision"), null=True, blank=True)
    finalised_by = models.CharField(max_length=150, blank=True)
    #: number of the decision announcing the results (e.g. ``125/QĐ-UBND``) and its date
    decision = models.CharField(_("decision announcing the results"), max_length=200, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "unit"
    scope_change_roles = ASSESS_ROLES

    class Meta:
        ordering = ["framework", "unit__code"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(fields=["framework", "unit"], name="assessment_unique_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.framework.code} — {self.unit.code}"

    @property
    def locked(self) -> bool:
        return self.status in LOCKED_STATUSES

    @property
    def decision_text(self) -> str:
        """``Quyết định số 125/QĐ-UBND ngày 20/03/2026``; the number alone for results without a date."""
        if not self.decision or self.decision_date is None:
            return self.decision
        return f"Quyết định số {self.decision} ngày {self.decision_date:%d/%m/%Y}"


class Review(models.TextChoices):
    """The council's decision on one leaf during the appraisal."""

    NONE = "", _("Not reviewed")
    ACCEPTED = "accepted", _("Accepted")
    ADJUSTED = "adjusted", _("Adjusted")
    #: not reviewed leaf by leaf: accepted as self-assessed when the council closed the appraisal
    AS_SELF_ASSESSED = "self", _("Accepted as self-assessed when the appraisal closed")


class ScoreSource(models.TextChoices):
    IMPORT = "import", _("Imported")
    APP = "app", _("Entered")


@audited()
class Score(models.Model):
    """A unit's figure for one leaf: self score, appraisal, or "not applicable" (không phát sinh)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    applicable = models.BooleanField(_("applicable"), default=True)
    self_score = models.DecimalField(
        _("self score"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    appraised_score = models.DecimalField(
        _("appraised score"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    source = models.CharField(max_length=6, choices=ScoreSource.choices, default=ScoreSource.APP)
    explanation = models.TextField(_("explanation"), blank=True)  # thuyết minh
    appraisal_note = models.TextField(_("reason for the adjustment"), blank=True)  # lý do điều chỉnh
    unit_response = models.TextField(_("the unit's explanation"), blank=True)  # giải trình
    review = models.CharField(
        _("council review"), max_length=8, choices=Review.choices, default=Review.NONE, blank=True
    )
    responsible = models.ForeignKey(
        Person, verbose_name=_("responsible official"), null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "assessment__unit"
    scope_change_roles = ASSESS_ROLES

    class Meta:
        ordering = ["assessment", "criterion__position"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="score_unique_leaf"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} {self.criterion.code}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("scoring:assessment", args=[self.assessment.framework.code, self.assessment.unit.code])

    @property
    def final(self) -> Decimal | None:
        return self.appraised_score if self.appraised_score is not None else self.self_score


class ScoreEvidence(EvidenceFile):
    """A file that proves a self score (tài liệu kiểm chứng), stored beside the plans' evidence."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="evidence")

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "score__assessment__unit"
    scope_change_roles = ASSESS_ROLES

    def storage_folder(self) -> str:
        return f"scoring/{self.score.assessment_id}"
