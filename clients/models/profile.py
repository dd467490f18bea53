"""The clinic's public profile: its description, photos and practitioner profiles.

Shown on the home page and on /book/ when a visitor picks whom to see; edited by the
owner (clients.profile). Pictures are re-encoded on upload (clinic.images'
checks and bounded decode) and stored under random names; the public file views serve only the
ones marked published. Every change is kept in the history.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class ClinicProfile(models.Model):
    """One row (the clinic): what it says about itself on the home page."""

    description = models.TextField(
        max_length=2000,
        blank=True,
        help_text="A few sentences about the clinic for the home page: who you help and how. "
        "Blank lines start a new paragraph. 2000 characters at most.",
    )
    updated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "clinic profile"

    def __str__(self) -> str:
        return "Clinic profile"

    @property
    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.description.split("\n\n") if part.strip()]


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def in_order(self):
        return self.order_by("position", "id")


class ClinicPhoto(models.Model):
    """A photo of the clinic (the studio, the equipment) for the home page."""

    image = models.CharField(max_length=200, editable=False)  # storage name, random
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    alt_text = models.CharField(
        "Description",
        max_length=200,
        help_text="What the photo shows, for people who cannot see it (screen readers read it).",
    )
    position = models.PositiveIntegerField(
        "Order",
        default=1,
        validators=[MaxValueValidator(1000)],
        help_text="Photos are shown from the lowest number.",
    )
    published = models.BooleanField(
        "Show on the home page",
        default=True,
        help_text="Only published photos can be seen by visitors.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.alt_text


class PractitionerProfile(models.Model):
    """How a practitioner (or the owner, if they see clients) introduces themselves."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practitioner_profile"
    )
    display_name = models.CharField(
        "Name", max_length=120, help_text="As visitors should see it, e.g. “Priya Nair”."
    )
    title = models.CharField(
        "Role",
        max_length=80,
        blank=True,
        help_text="A few words, e.g. “Physiotherapist” or “Rehab Pilates instructor”.",
    )
    bio = models.TextField(
        "Short bio",
        max_length=600,
        blank=True,
        help_text="Two or three sentences: training, experience, how you work. "
        "600 characters at most.",
    )
    helps_with = models.CharField(
        "Helps with",
        max_length=300,
        blank=True,
        help_text="What you help people with, separated by commas, e.g. “sciatica, "
        "low-back pain, returning to running”.",
    )
    photo = models.CharField(max_length=200, blank=True, editable=False)  # storage name
    position = models.PositiveIntegerField(
        "Order",
        default=1,
        validators=[MaxValueValidator(1000)],
        help_text="Profiles are shown from the lowest number.",
    )
    published = models.BooleanField(
        "Show on the home and booking pages",
        default=True,
        help_text="Unpublished profiles and their photos are hidden from visitors.",
    )
    updated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()
    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def initials(self) -> str:
        parts = [part for part in self.display_name.split() if part[:1].isalpha()]
        return "".join(part[0] for part in parts[:2]).upper() or "?"

    @property
    def topics(self) -> list[str]:
        return [topic.strip() for topic in self.helps_with.split(",") if topic.strip()]
