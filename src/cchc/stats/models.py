"""Targets (chỉ tiêu): a unit's yearly goal for a service-quality figure, inherited down the unit tree.

A row with no unit is the national default of its year (loaded by the ``targets`` setup step from the
package configuration). The target of a unit is its own row for the year, else its nearest ancestor's, else
the national row, else the configuration's default (``cchc.stats.targets.effective_targets``).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cchc.core.audit import audited
from cchc.core.scoping import ScopedQuerySet
from cchc.org.models import Role


class Indicator(models.TextChoices):
    ONLINE = "online", _("Online dossiers")  # tỷ lệ hồ sơ trực tuyến
    ON_TIME = "on_time", _("Resolved on time")  # tỷ lệ giải quyết đúng hạn
    DIGITIZED = "digitized", _("Digitised at intake")  # tỷ lệ số hóa hồ sơ
    SATISFACTION = "satisfaction", _("Satisfaction")  # mức độ hài lòng (766, chỉ số 5.4)


@audited()
class Target(models.Model):
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="targets",
        help_text=_("Blank: the national default of the year."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    indicator = models.CharField(_("indicator"), max_length=20, choices=Indicator.choices)
    value = models.DecimalField(
        _("target (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "unit"
    scope_change_roles = frozenset({Role.ADMIN, Role.LEADER, Role.PAR_OFFICER})

    class Meta:
        ordering = ["year", "indicator"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "indicator"], name="target_unique_per_unit"),
            models.UniqueConstraint(
                fields=["year", "indicator"], condition=Q(unit__isnull=True), name="target_unique_national"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0) & Q(value__lte=100), name="target_value_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()} {self.year}: {self.value}%"
