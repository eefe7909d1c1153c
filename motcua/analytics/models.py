"""Rollups of the dossiers' events (issue 11; docs/analytics.md).

- `DossierFact`: what each dossier contributes, derived by `rules.facts_of` (the incremental
  path retracts the stored facts' contributions before adding the new ones; a drill-down reads
  the dossiers behind a number here, not in the dossier table).
- `RollupDay`: the sums per agency × procedure × Vietnam day; `RollupAgencyDay` the same per
  agency × day (time series by week, periods that are not whole months), `RollupAgencyMonth`
  per agency × month (the totals, breakdowns by agency and monthly series of whole-month
  periods: a city-year is a few thousand rows), `RollupMonth` per agency × procedure × month
  (breakdowns by procedure over a quarter or a year). All four hold the same measures
  (`rules.MEASURES`) and are written by `rollups` only.
- `RollupCursor`: the last audit event consumed.

The facts and rollups are derived from the dossier rows by `rollups` alone, in the transaction
that reads them, so their keys cannot name a missing row; their foreign keys carry no database
constraint (`db_constraint=False`). On PostgreSQL such a constraint is a deferred trigger per
row that locks the referenced dossier: a rebuild of five million dossiers spent minutes in its
COMMIT.
Deleting through the ORM still cascades or protects as declared.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.analytics.rules import MEASURES


class DossierFact(models.Model):
    dossier = models.OneToOneField(
        "dossiers.Dossier",
        primary_key=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="+",
    )
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, db_constraint=False, related_name="+"
    )
    procedure = models.ForeignKey(
        "catalog.Procedure", on_delete=models.PROTECT, db_constraint=False, related_name="+"
    )
    channel = models.CharField(max_length=16)
    received_day = models.DateField(null=True)
    outcome = models.CharField(max_length=16, blank=True)
    closed_day = models.DateField(null=True)
    timing = models.CharField(max_length=10, blank=True)
    deadline_day = models.DateField(null=True)
    closed_after_deadline = models.BooleanField(default=False)
    handling_seconds = models.BigIntegerField(default=0)
    supplement_days = models.JSONField(default=list)
    fee_bearing = models.BooleanField(default=False)
    paid_online = models.BooleanField(default=False)
    reused = models.BooleanField(default=False)
    personal_store = models.BooleanField(default=False)
    vneid = models.BooleanField(default=False)
    e_result = models.BooleanField(default=False)
    digitised = models.BooleanField(default=False)
    apology = models.BooleanField(default=False)
    rating_day = models.DateField(null=True)
    satisfied = models.BooleanField(null=True)
    rating_points = models.PositiveSmallIntegerField(default=0)
    rules_version = models.CharField(max_length=32)

    class Meta:
        indexes = [
            models.Index(fields=["agency", "received_day"]),
            models.Index(fields=["agency", "closed_day"]),
            models.Index(fields=["agency", "deadline_day"]),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.outcome or 'open'}"

    @property
    def timing_label(self) -> str:
        """In words, for the drill-down lists."""
        if not self.outcome:
            return str(_("Đang giải quyết"))
        outcome = OUTCOME_LABELS.get(self.outcome, self.outcome)
        timing = TIMING_LABELS.get(self.timing)
        return f"{outcome}, {timing}" if timing else str(outcome)


OUTCOME_LABELS = {
    "resolved": _("Đã giải quyết"),
    "refused": _("Từ chối"),
    "rejected": _("Từ chối tiếp nhận"),
    "withdrawn": _("Dừng theo yêu cầu"),
    "cancelled": _("Đã huỷ"),
}
TIMING_LABELS = {"early": _("trước hạn"), "on_time": _("đúng hạn"), "late": _("trễ hạn")}


class _Measures(models.Model):
    class Meta:
        abstract = True


for _name in MEASURES:
    _Measures.add_to_class(_name, models.BigIntegerField(default=0))


class RollupDay(_Measures):
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, db_constraint=False, related_name="+"
    )
    procedure = models.ForeignKey(
        "catalog.Procedure", on_delete=models.PROTECT, db_constraint=False, related_name="+"
    )
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "procedure", "day"], name="uniq_rollup_day"),
        ]
        indexes = [models.Index(fields=["day"])]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.procedure_id} {self.day}"


class RollupAgencyDay(_Measures):
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, db_constraint=False, related_name="+"
    )
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="uniq_rollup_agency_day"),
        ]
        indexes = [models.Index(fields=["day"])]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day}"


class RollupAgencyMonth(_Measures):
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, db_constraint=False, related_name="+"
    )
    month = models.DateField()  # its first day

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "month"], name="uniq_rollup_agency_month"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.month:%Y-%m}"


class RollupMonth(_Measures):
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, db_constraint=False, related_name="+"
    )
    procedure = models.ForeignKey(
        "catalog.Procedure", on_delete=models.PROTECT, db_constraint=False, related_name="+"
    )
    month = models.DateField()  # its first day

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "procedure", "month"], name="uniq_rollup_month"
            ),
        ]
        indexes = [
            models.Index(fields=["month"]),
            # the most-late procedures read only the rows with a late dossier (few: lateness
            # sits in a few procedures)
            models.Index(
                fields=["month", "procedure"],
                condition=models.Q(resolved_late__gt=0),
                name="rollup_month_late",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.procedure_id} {self.month:%Y-%m}"


class RollupCursor(models.Model):
    """One row (pk 1): the newest audit event (`gseq`) whose subjects the rollups include."""

    last_gseq = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(null=True)
    rebuilt_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"gseq {self.last_gseq}"


# ---- forecasts and risk (docs/analytics.md "Forecasts"; written by analytics.forecasting) ----


class VolumeForecast(models.Model):
    """The weekly received dossiers forecast for an agency (procedure null: all its procedures)
    or one of its busiest procedures, made on `as_of` from the day rollups, with the backtest
    error of the method and of the seasonal-naive baseline beside it."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="+")
    procedure = models.ForeignKey(
        "catalog.Procedure", null=True, on_delete=models.CASCADE, related_name="+"
    )
    as_of = models.DateField()
    method = models.CharField(max_length=32)
    points = models.JSONField(default=list)  # [{"week": iso date, "value", "lower", "upper"}]
    backtest = models.JSONField(default=dict)  # {"windows", "mae", "wape", "baseline_*"}
    beats_baseline = models.BooleanField(null=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "procedure", "as_of"], name="uniq_volume_forecast"
            ),
        ]
        indexes = [models.Index(fields=["agency", "-as_of"])]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.procedure_id or '*'} {self.as_of}"


class StaffingForecast(models.Model):
    """The officials an agency needs per forecast week: forecast volume × measured handling
    hours per dossier ÷ an official's working hours (analytics.staffing)."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="+")
    as_of = models.DateField()
    weeks = models.JSONField(default=list)  # [{"week", "officials", "hours"}]
    officials_now = models.PositiveIntegerField(default=0)
    hours_per_dossier = models.FloatField(default=0)  # the agency's measured average
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "as_of"], name="uniq_staffing_forecast"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.as_of}"


class RiskScore(models.Model):
    """The lateness risk of an open dossier (0–100) and its reasons, recomputed by a job."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField()
    reasons = models.JSONField(default=list)  # [{"code", "weight", "detail"}]
    computed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["agency", "-score"])]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.score}"


class IndexSnapshot(models.Model):
    """The Decision 766 index of an agency for a closed period, kept with the formula version
    that scored it: the counts it was computed from and the scores, so the result shown later
    is the one of that day and that version (docs/rules.md §30)."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=16)  # its label: 2026, 2026-H2, 2026-Q4, 2026-12
    version = models.CharField(max_length=32)
    counts = models.JSONField(default=dict)  # key → integer or "n/d"
    scores = models.JSONField(default=dict)  # indicator id → "n/d" or null (N/A, display only)
    total = models.CharField(max_length=32)  # a fraction "n/d"
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "period"], name="uniq_index_snapshot"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.period} ({self.version})"
