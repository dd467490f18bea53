from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from clinic.models import Archivable, ArchiveOnlyError
from programs.models.phase import PhaseBase, PhaseItemBase
from programs.vocab import validate_client_text


class ClientProgramQuerySet(models.QuerySet):
    def active(self) -> ClientProgramQuerySet:
        return self.filter(status=ClientProgram.Status.ACTIVE)

    def visible_to(self, user) -> ClientProgramQuerySet:
        """Programs of the clients ``user`` may see (the whole clinic for practice staff)."""
        from clients.models import Client

        return self.filter(client__in=Client.objects.visible_to(user))


class ClientProgram(models.Model):
    """A client's own copy of a template: later template edits never reach it.

    At most one program per client is active; assigning a new one ends the old
    one, which stays for the record.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended"

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="programs")
    template = models.ForeignKey(
        "programs.ProgramTemplate",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="copied from",
    )
    name = models.CharField(max_length=150)
    client_name = models.CharField(
        max_length=150,
        blank=True,
        verbose_name="name the client sees",
        validators=[validate_client_text],
        help_text="Plain words, no diagnosis or cause.",
    )
    start_date = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    current_phase = models.ForeignKey(
        "programs.ProgramPhase", on_delete=models.PROTECT, related_name="+", null=True
    )
    phase_started_on = models.DateField(null=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    end_reason = models.CharField(max_length=300, blank=True)
    # Optimistic locking: each edit form posts the version it was drawn from.
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()
    objects = ClientProgramQuerySet.as_manager()

    class Meta:
        ordering = ["-assigned_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(status="active"),
                name="one_active_program_per_client",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} for {self.client}"

    def get_absolute_url(self) -> str:
        return reverse("programs:program_detail", args=[self.client_id])

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def portal_name(self) -> str:
        """The program's name as the client reads it (never the practitioner's name)."""
        return self.client_name or "Your exercise program"

    def delete(self, *args, **kwargs):
        raise ArchiveOnlyError("Programs are ended, never deleted.")


class ProgramPhase(PhaseBase):
    program = models.ForeignKey(ClientProgram, on_delete=models.PROTECT, related_name="phases")

    history = HistoricalRecords()

    class Meta(PhaseBase.Meta):
        indexes = [models.Index(fields=["program", "position"])]


class ProgramExercise(Archivable, PhaseItemBase):
    """An exercise prescribed to this client; removing it archives it."""

    phase = models.ForeignKey(ProgramPhase, on_delete=models.PROTECT, related_name="items")

    history = HistoricalRecords()

    class Meta(PhaseItemBase.Meta):
        indexes = [models.Index(fields=["phase", "position"])]


class ProgramEvent(models.Model):
    """The program's journey: assigned, each phase change with its reason, ended."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", "Assigned"
        ADVANCED = "advanced", "Moved on a phase"
        STEPPED_BACK = "stepped_back", "Stepped back a phase"
        ENDED = "ended", "Ended"

    program = models.ForeignKey(ClientProgram, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_phase = models.ForeignKey(
        ProgramPhase, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    to_phase = models.ForeignKey(
        ProgramPhase, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["program", "at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.program}"

    def delete(self, *args, **kwargs):
        raise ArchiveOnlyError("Program history is kept.")
