from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from clinic.models import Archivable, ArchiveQuerySet
from programs.models.dosage import Dosage
from programs.vocab import EQUIPMENT_LABELS, REGION_LABELS, TARGET_LABELS, Category


class ExerciseQuerySet(ArchiveQuerySet):
    def search(self, text: str) -> ExerciseQuerySet:
        query = Q()
        for word in text.split():
            query &= Q(name__icontains=word) | Q(purpose__icontains=word)
        return self.filter(query)

    def with_code(self, field: str, code: str) -> ExerciseQuerySet:
        """Exercises whose JSON list ``field`` holds ``code``.

        SQLite has no JSON containment lookup, so this matches the quoted code in
        the list's JSON text; codes are plain identifiers, so that is exact.
        """
        return self.filter(**{f"{field}__icontains": f'"{code}"'})


def exercise_image_path(instance, filename: str) -> str:
    # The name is random (set by programs.images); never the uploader's.
    return f"exercises/{filename}"


class Exercise(Archivable, Dosage):
    """One exercise of the clinic's library, with its default dosage."""

    name = models.CharField(max_length=120, unique=True)
    purpose = models.CharField(max_length=300)
    instructions = models.TextField(help_text="One step per line.")
    cues = models.TextField(blank=True, help_text="One cue per line.")
    common_mistakes = models.TextField(blank=True, help_text="One per line.")
    cautions = models.TextField(
        blank=True, verbose_name="cautions and contraindications", help_text="One per line."
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    targets = models.JSONField(default=list, blank=True, verbose_name="target muscles")
    regions = models.JSONField(default=list, blank=True)
    equipment = models.JSONField(default=list, blank=True)
    image = models.ImageField(upload_to=exercise_image_path, blank=True)
    image_alt = models.CharField(
        max_length=200,
        blank=True,
        verbose_name="image description",
        help_text="For screen readers.",
    )
    video_url = models.URLField(blank=True, verbose_name="video link")
    # A key of programs.figures.library: the drawn start and end positions. Not a
    # choices field, so adding a figure needs no migration; the form checks the key.
    figure = models.CharField(max_length=40, blank=True, verbose_name="drawn figure")
    # Reading the other way round gives the harder variations.
    easier_variations = models.ManyToManyField(
        "self", symmetrical=False, related_name="harder_variations", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ExerciseQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programs:exercise_detail", args=[self.pk])

    @staticmethod
    def _lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def instruction_steps(self) -> list[str]:
        return self._lines(self.instructions)

    @property
    def cue_list(self) -> list[str]:
        return self._lines(self.cues)

    @property
    def mistake_list(self) -> list[str]:
        return self._lines(self.common_mistakes)

    @property
    def caution_list(self) -> list[str]:
        return self._lines(self.cautions)

    @property
    def target_labels(self) -> list[str]:
        return [TARGET_LABELS.get(code, code) for code in self.targets]

    @property
    def region_labels(self) -> list[str]:
        return [REGION_LABELS.get(code, code) for code in self.regions]

    @property
    def equipment_labels(self) -> list[str]:
        return [EQUIPMENT_LABELS.get(code, code) for code in self.equipment]
