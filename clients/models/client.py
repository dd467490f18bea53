from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from clinic.history import record_change
from clinic.models import Archivable, ArchiveQuerySet, SecuritySettings

SEARCH_MAX_WORDS = 8


class ClientQuerySet(ArchiveQuerySet):
    def visible_to(self, user) -> ClientQuerySet:
        """Clients ``user`` may see: all of the clinic's for the owner and, unless the owner
        turned on "practitioners see only their own clients", for practitioners (then only
        those assigned to them); self for a client. The one rule every page, search, export
        and count goes through."""
        if not user.is_authenticated:
            return self.none()
        if user.is_owner:
            return self.all()
        if user.is_practice_staff:
            return self.filter(Q(practitioner_id=user.pk) | ~SecuritySettings.own_clients_only_on())
        if user.is_client_user:
            return self.filter(user=user)
        return self.none()

    def search(self, text: str) -> ClientQuerySet:
        """Clients matching every word of ``text`` (the first ``SEARCH_MAX_WORDS``)."""
        text = text.strip()
        if not text:
            return self
        query = Q()
        # Each word adds four conditions: thousands of words overflow SQLite's parser.
        for word in text.split()[:SEARCH_MAX_WORDS]:
            query &= (
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
                | Q(phone__icontains=word)
            )
        return self.filter(query)


class Client(Archivable):
    class Status(models.TextChoices):
        LEAD = "lead", "Lead"
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        DISCHARGED = "discharged", "Discharged"
        ARCHIVED = "archived", "Archived"

    class DailyPattern(models.TextChoices):
        DESK = "desk", "Desk work"
        MANUAL = "manual", "Manual labour"
        MIXED = "mixed", "Mixed"
        OTHER = "other", "Other"

    class Referral(models.TextChoices):
        SEARCH = "search", "Web search"
        SOCIAL = "social", "Social media"
        FRIEND = "friend", "Friend or family"
        DOCTOR = "doctor", "Doctor or other professional"
        WALK_IN = "walk_in", "Walked past"
        OTHER = "other", "Other"
        UNKNOWN = "", "Not asked"

    PREVIOUS_TREATMENTS = [
        ("chiropractic", "Chiropractic"),
        ("massage", "Massage"),
        ("injections", "Injections"),
        ("nerve_block", "Nerve block"),
        ("physio", "Physiotherapy"),
        ("surgery", "Surgery"),
    ]

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    emergency_contact = models.CharField(
        max_length=200, blank=True, help_text="Name, relationship and phone number."
    )
    occupation = models.CharField(max_length=120, blank=True)
    daily_pattern = models.CharField(
        max_length=20, choices=DailyPattern.choices, blank=True, verbose_name="daily pattern"
    )
    goals = models.TextField(blank=True, help_text="What the client wants, in their own words.")
    medical_history = models.TextField(blank=True)
    surgeries_injuries = models.TextField(blank=True, verbose_name="past surgeries and injuries")
    medications = models.TextField(blank=True)
    previous_treatments = models.JSONField(default=list, blank=True)
    imaging = models.TextField(
        blank=True, verbose_name="imaging reported", help_text="E.g. an x-ray or MRI finding."
    )
    referral_source = models.CharField(
        max_length=20, choices=Referral.choices, blank=True, verbose_name="found the clinic via"
    )
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="clients",
        null=True,
        blank=True,
        limit_choices_to={"role__in": ["owner", "practitioner"]},
        verbose_name="responsible practitioner",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.LEAD)
    # The status to return to when an archived client is restored.
    status_before_archive = models.CharField(max_length=20, choices=Status.choices, blank=True)
    # The portal login, if the client has one (invitations come with the portal).
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="client_record",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: a form posts the version it loaded; a stale one is refused.
    version = models.PositiveIntegerField(default=1)
    # Set when the owner erased the client's identity (clients.erasure.services); clinical data
    # stays.
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords()
    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="client_email_unique_ci"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "last_name", "first_name"]),
            models.Index(fields=["practitioner", "last_name", "first_name"]),
            # The client list's order: page 1 reads 25 index entries, not 10,000 rows.
            models.Index(fields=["last_name", "first_name", "id"], name="client_list_order_idx"),
            # The dashboard's caseload counts (by status; yours) in one index-only scan.
            models.Index(fields=["status", "practitioner"], name="client_status_practitioner_idx"),
        ]
        # On PostgreSQL, search() is served by trigram indexes (migration 0009).

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_absolute_url(self) -> str:
        return reverse("clients:client_detail", args=[self.pk])

    @property
    def has_unresolved_red_flag(self) -> bool:
        """True while any red flag is open. Lists annotate instead of calling this per row."""
        return self.red_flags.unresolved().exists()

    def archive(self, *, by, reason: str) -> None:
        """Archive with a reason; status becomes ``archived`` and the old one is remembered.

        One save, so the history shows a single "Archived: reason" entry. Bumps
        ``version`` so an edit form opened before the archive is refused.
        """
        if self.status != self.Status.ARCHIVED:
            self.status_before_archive = self.status
        self.status = self.Status.ARCHIVED
        self.archived_at = timezone.now()
        self.archived_by = by
        self.archive_reason = reason
        self.version += 1
        record_change(self, by=by, reason=f"Archived: {reason}")
        self.save()

    def restore(self, *, by) -> None:
        """Undo ``archive``: back to the status the client had before."""
        self.status = self.status_before_archive or self.Status.ACTIVE
        self.status_before_archive = ""
        self.archived_at = None
        self.archived_by = None
        self.archive_reason = ""
        self.version += 1
        record_change(self, by=by, reason="Restored")
        self.save()

    def clean(self) -> None:
        super().clean()
        if self.date_of_birth and self.date_of_birth > timezone.localdate():
            raise ValidationError({"date_of_birth": "The date of birth cannot be in the future."})
        if self.email:
            self.email = self.email.strip().lower()
