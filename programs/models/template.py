from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from clinic.models import Archivable
from programs.models.phase import PhaseBase, PhaseItemBase
from programs.vocab import validate_client_text


class ProgramTemplate(Archivable):
    """A reusable plan: ordered phases of exercises, copied into a client's program."""

    name = models.CharField(max_length=150, unique=True)
    # The name a client reads (copied into each program made from the template): plain
    # words, no diagnosis or cause. ``name`` is the practitioner's.
    client_name = models.CharField(
        max_length=150,
        blank=True,
        verbose_name="name the client sees",
        validators=[validate_client_text],
        help_text="Plain words, no diagnosis or cause, e.g. “Back to easy movement”.",
    )
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: every builder form posts the version it was drawn from.
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programs:template_detail", args=[self.pk])


class TemplatePhase(PhaseBase):
    template = models.ForeignKey(ProgramTemplate, on_delete=models.CASCADE, related_name="phases")

    history = HistoricalRecords()

    class Meta(PhaseBase.Meta):
        indexes = [models.Index(fields=["template", "position"])]


class TemplateExercise(PhaseItemBase):
    phase = models.ForeignKey(TemplatePhase, on_delete=models.CASCADE, related_name="items")

    history = HistoricalRecords()

    class Meta(PhaseItemBase.Meta):
        indexes = [models.Index(fields=["phase", "position"])]
