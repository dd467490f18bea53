from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from clients.assessments import scoring
from clients.vocab import (
    MUSCLE_FINDINGS,
    POSTURE_REGIONS,
    RED_FLAG_LABELS,
    SIDES,
)
from clinic.models import Archivable, ArchiveQuerySet

# Symptoms in the thigh or further down: the sciatic pattern down the leg.
LEG_LEVEL = 2

PAIN_VALIDATORS = [MinValueValidator(0), MaxValueValidator(10)]

# Plausible upper limits for a hip-disparity magnitude, by unit.
MAX_DEGREES = Decimal(45)
MAX_MM = Decimal(60)


class Unit(models.TextChoices):
    DEGREES = "deg", "degrees"
    MM = "mm", "mm"


class HipSide(models.TextChoices):
    LEFT = "left", "Left"
    RIGHT = "right", "Right"


class TiltDirection(models.TextChoices):
    ANTERIOR = "anterior", "Anterior (tipped forward)"
    POSTERIOR = "posterior", "Posterior (tucked under)"


class FemurForward(models.TextChoices):
    NONE = "", "Not seen"
    LEFT = "left", "Left"
    RIGHT = "right", "Right"
    BOTH = "both", "Both"


def _magnitude(verbose_name: str) -> models.DecimalField:
    # Range checks depend on the unit, so they live in Assessment.clean().
    return models.DecimalField(
        max_digits=4, decimal_places=1, null=True, blank=True, verbose_name=verbose_name
    )


def _presence(what: str) -> models.BooleanField:
    # None: not assessed; False: assessed, none found; True: present. A reassessment
    # that leaves a disparity blank is "not assessed", never "gone".
    return models.BooleanField(null=True, blank=True, default=None, verbose_name=what)


def _unit(default: str, verbose_name: str) -> models.CharField:
    return models.CharField(
        max_length=5, choices=Unit.choices, default=default, verbose_name=verbose_name
    )


# The three kinds of hip disparity: (field prefix, label, what the "side" field means).
HIP_DISPARITIES = [
    ("elevated_hip", "Elevated hip (lateral pelvic tilt)", "Higher side"),
    ("pelvic_rotation", "Pelvic rotation", "Side further forward"),
    ("pelvic_tilt", "Pelvic girdle tilt", "Direction"),
]


class AssessmentQuerySet(ArchiveQuerySet):
    def completed(self) -> AssessmentQuerySet:
        return self.filter(status=Assessment.Status.COMPLETED)

    def drafts(self) -> AssessmentQuerySet:
        return self.filter(status=Assessment.Status.DRAFT)

    def chronological(self) -> AssessmentQuerySet:
        return self.order_by("assessed_on", "id")

    def visible_to(self, user) -> AssessmentQuerySet:
        """Assessments of clients ``user`` may see (practice staff: all of the clinic's)."""
        from clients.models.client import Client

        return self.filter(client__in=Client.objects.visible_to(user))


class Assessment(scoring.ScoredOutcomes, Archivable):
    """One intake assessment or reassessment, saved as one record.

    A draft may be incomplete; completing it requires the red-flag screen to be
    answered in full. Posture, symptom regions, muscle findings, red-flag answers,
    ODI answers and PSFS activities are small structured lists kept as JSON; the
    hip-disparity measurements have their own columns because reassessments compare them.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        COMPLETED = "completed", "Completed"

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="assessments"
    )
    assessed_on = models.DateField(default=timezone.localdate, verbose_name="date")
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        verbose_name="practitioner",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    completed_at = models.DateTimeField(null=True, blank=True)

    # Posture: {region code: {"finding": code, "side": code, "note": text}}
    posture = models.JSONField(default=dict, blank=True)

    # Hip disparity.
    elevated_hip = _presence("elevated hip")
    elevated_hip_side = models.CharField(
        max_length=10, choices=HipSide.choices, blank=True, verbose_name="higher side"
    )
    elevated_hip_magnitude = _magnitude("elevated hip amount")
    elevated_hip_unit = _unit(Unit.MM, "elevated hip unit")
    pelvic_rotation = _presence("pelvic rotation")
    pelvic_rotation_side = models.CharField(
        max_length=10, choices=HipSide.choices, blank=True, verbose_name="side further forward"
    )
    pelvic_rotation_magnitude = _magnitude("rotation amount")
    pelvic_rotation_unit = _unit(Unit.DEGREES, "rotation unit")
    pelvic_tilt = _presence("pelvic girdle tilt")
    pelvic_tilt_side = models.CharField(
        max_length=10, choices=TiltDirection.choices, blank=True, verbose_name="tilt direction"
    )
    pelvic_tilt_magnitude = _magnitude("tilt amount")
    pelvic_tilt_unit = _unit(Unit.DEGREES, "tilt unit")
    leg_length_difference_mm = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_MM)],
        verbose_name="leg-length difference (mm)",
    )
    leg_length_shorter_side = models.CharField(
        max_length=10, choices=HipSide.choices, blank=True, verbose_name="shorter leg"
    )
    femur_forward = models.CharField(
        max_length=10,
        choices=FemurForward.choices,
        blank=True,
        verbose_name="femur forward in the hip socket",
    )
    si_findings = models.TextField(blank=True, verbose_name="sacrum / SI-joint findings")
    # Set when a posture photo's measure filled the group in ("measured from photo");
    # cleared when the practitioner overrides the values (the history keeps who and when).
    elevated_hip_photo = models.ForeignKey(
        "clients.PosturePhoto",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="elevated hip measured from photo",
    )
    pelvic_tilt_photo = models.ForeignKey(
        "clients.PosturePhoto",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="pelvic tilt measured from photo",
    )

    # Muscle imbalances and movement faults: codes from clients.vocab.MUSCLE_FINDINGS.
    muscle_findings = models.JSONField(default=list, blank=True)
    muscle_notes = models.TextField(blank=True, verbose_name="other imbalances or faults")

    # Symptoms. Where they are is the assessment's body chart (clients.BodyChart).
    symptom_kinds = models.JSONField(default=list, blank=True)
    pain_now = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=PAIN_VALIDATORS, verbose_name="pain now (NPRS)"
    )
    pain_best = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=PAIN_VALIDATORS, verbose_name="pain at best"
    )
    pain_worst = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=PAIN_VALIDATORS, verbose_name="pain at worst"
    )
    aggravating_factors = models.JSONField(default=list, blank=True)
    easing_factors = models.TextField(blank=True, verbose_name="what eases it")
    onset_date = models.DateField(null=True, blank=True, verbose_name="started on")
    onset_story = models.TextField(blank=True, verbose_name="how it started")

    # Red-flag screen: {question code: True (yes) / False (no)}.
    red_flag_answers = models.JSONField(default=dict, blank=True)
    red_flag_notes = models.TextField(blank=True, verbose_name="red-flag notes")

    # Outcome measures.
    odi_answers = models.JSONField(default=list, blank=True)  # ten ints 0-5 or None
    psfs_items = models.JSONField(default=list, blank=True)  # [{"activity": str, "score": int}]

    summary = models.TextField(blank=True, verbose_name="summary and plan")
    prior_care = models.TextField(blank=True, verbose_name="treatment and scans so far")
    # The fields whose value the client gave in their intake form and nobody has changed
    # since ("reported by the client"); a practitioner's edit takes a field off the list.
    reported_by_client = models.JSONField(default=list, blank=True)

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking, as on Client: a form posts the version it loaded.
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()
    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on", "-id"]
        indexes = [
            models.Index(fields=["client", "status", "assessed_on"]),
            # The dashboard's "your draft assessments", newest first.
            models.Index(
                fields=["assessed_by", "status", "assessed_on"], name="assessment_author_status_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"Assessment of {self.client} on {self.assessed_on:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("clients:assessment_detail", args=[self.client_id, self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.assessed_on and self.assessed_on > timezone.localdate():
            errors["assessed_on"] = "An assessment cannot be dated in the future."
        if self.onset_date and self.onset_date > timezone.localdate():
            errors["onset_date"] = "The symptoms cannot start in the future."
        for prefix, _label, side_label in HIP_DISPARITIES:
            present = getattr(self, prefix)
            side = getattr(self, f"{prefix}_side")
            magnitude = getattr(self, f"{prefix}_magnitude")
            unit = getattr(self, f"{prefix}_unit")
            if magnitude is not None:
                limit = MAX_DEGREES if unit == Unit.DEGREES else MAX_MM
                if magnitude < 0:
                    errors[f"{prefix}_magnitude"] = "Enter the amount as a positive number."
                elif magnitude > limit:
                    errors[f"{prefix}_magnitude"] = (
                        f"That is more than {limit} {Unit(unit).label}; check the measurement."
                    )
            if present and not side:
                errors[f"{prefix}_side"] = f"{side_label}: choose one, or record it as not present."
            if not present and (side or magnitude):
                errors[prefix] = "Choose “present” to record a side or amount, or clear them."
        if (
            self.pain_best is not None
            and self.pain_worst is not None
            and self.pain_best > self.pain_worst
        ):
            errors["pain_best"] = "Pain at best cannot be higher than pain at worst."
        if errors:
            raise ValidationError(errors)

    def check_complete(self) -> None:
        """Raise ValidationError unless the assessment may be marked completed."""
        missing = [code for code in RED_FLAG_LABELS if code not in self.red_flag_answers]
        if missing:
            raise ValidationError(
                "Answer every red-flag question (yes or no) before completing the assessment."
            )

    # -- Derived values -------------------------------------------------------

    @property
    def red_flag_yes_codes(self) -> list[str]:
        return [code for code in RED_FLAG_LABELS if self.red_flag_answers.get(code) is True]

    def hip_magnitude(self, prefix: str) -> tuple[Decimal | None, str]:
        """(amount, unit label) for one of HIP_DISPARITIES; amount None if absent or not
        assessed."""
        if not getattr(self, prefix):
            return None, ""
        return getattr(self, f"{prefix}_magnitude"), Unit(getattr(self, f"{prefix}_unit")).label

    def finding_codes(self) -> set[str]:
        """Codes from clients.vocab (muscle, hip and symptom findings) this assessment shows."""
        known_muscle = {code for code, _ in MUSCLE_FINDINGS}
        codes = {code for code in self.muscle_findings if code in known_muscle}
        if self.elevated_hip:
            codes.add("elevated_hip")
        if self.pelvic_rotation:
            codes.add("pelvic_rotation")
        if self.pelvic_tilt and self.pelvic_tilt_side:
            codes.add(f"{self.pelvic_tilt_side}_pelvic_tilt")
        if self.leg_length_difference_mm:
            codes.add("leg_length_difference")
        if self.femur_forward:
            codes.add("femur_forward")
        if self.si_findings.strip():
            codes.add("si_joint")
        chart = self.chart
        if chart is not None and chart.furthest_level and chart.furthest_level >= LEG_LEVEL:
            codes.add("sciatic_leg_pain")
        if "sitting" in self.aggravating_factors:
            codes.add("sitting_intolerance")
        return codes

    def posture_rows(self) -> list[tuple[str, dict]]:
        """(region label, recorded finding) for regions with something recorded, in body order."""
        rows = []
        for code, label, findings in POSTURE_REGIONS:
            entry = self.posture.get(code)
            if not entry:
                continue
            finding_label = dict(findings).get(entry.get("finding", ""), "Nothing notable")
            side_label = dict(SIDES).get(entry.get("side", ""), "")
            rows.append(
                (label, {**entry, "finding_label": finding_label, "side_label": side_label})
            )
        return rows

    REPORTED_LABELS = {
        "onset_story": "how it started",
        "onset_date": "when it started",
        "aggravating_factors": "what makes it worse",
        "easing_factors": "what eases it",
        "prior_care": "treatment and scans so far",
        "pain_now": "pain now",
        "pain_best": "pain at best",
        "pain_worst": "pain at worst",
        "red_flag_answers": "the red-flag screen",
        "odi_answers": "the Oswestry answers",
        "psfs_items": "the PSFS activities and scores",
        "body_chart": "the body chart",
    }

    @property
    def reported_labels(self) -> list[str]:
        """What the client reported and nobody has changed, in the page's words."""
        reported = set(self.reported_by_client)
        return [label for field, label in self.REPORTED_LABELS.items() if field in reported]

    @property
    def chart(self):
        """The assessment's body chart, or None before one is saved."""
        try:
            return self.body_chart
        except models.ObjectDoesNotExist:
            return None
