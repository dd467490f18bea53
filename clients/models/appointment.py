"""The kinds of appointment a clinic offers, recurring series, and practitioners' feeds.

Every appointment, of every type, is a row of ``Consultation`` (the table the
free-consultation booking started with): one table means one set of database
guards against double booking, whatever the types of the two appointments.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from clients.models.booking import hash_token


class AppointmentTypeQuerySet(models.QuerySet):
    def offered(self) -> AppointmentTypeQuerySet:
        return self.filter(active=True)

    def bookable_in_portal(self) -> AppointmentTypeQuerySet:
        """Types a client may book from the portal: not the free consultation (clients
        already have had theirs) and not staff-only ones."""
        return (
            self.offered()
            .filter(
                bookable_by__in=[
                    AppointmentType.BookableBy.ANYONE,
                    AppointmentType.BookableBy.CLIENTS,
                ]
            )
            .exclude(kind=AppointmentType.Kind.FREE_CONSULTATION)
        )


class AppointmentType(models.Model):
    """One kind of appointment: its length, the break after it, who may book it and the
    rules for booking and cancelling it online."""

    class Kind(models.TextChoices):
        FREE_CONSULTATION = "free_consultation", "Free consultation"
        INITIAL_ASSESSMENT = "initial_assessment", "Initial assessment"
        FOLLOW_UP = "follow_up", "Follow-up session"
        REASSESSMENT = "reassessment", "Reassessment"
        OTHER = "other", "Other"

    class BookableBy(models.TextChoices):
        ANYONE = "anyone", "Anyone, online"
        CLIENTS = "clients", "The clinic's clients, in the portal"
        STAFF = "staff", "Staff only"

    class Colour(models.TextChoices):
        # Each has a matching .appt-<value> rule in static/css/app.css, dark enough for
        # white text (WCAG AA) so the calendar stays readable.
        TEAL = "teal", "Teal"
        BLUE = "blue", "Blue"
        PURPLE = "purple", "Purple"
        GREEN = "green", "Green"
        ORANGE = "orange", "Orange"
        RED = "red", "Red"
        GREY = "grey", "Grey"

    name = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.OTHER)
    minutes = models.PositiveSmallIntegerField("length (minutes)", default=45)
    buffer_minutes = models.PositiveSmallIntegerField("break after it (minutes)", default=10)
    bookable_by = models.CharField(
        "who may book it", max_length=20, choices=BookableBy.choices, default=BookableBy.STAFF
    )
    min_notice_hours = models.PositiveSmallIntegerField(
        "minimum notice (hours)",
        default=12,
        help_text="How long before the appointment it may be booked online at the latest.",
    )
    cancel_cutoff_hours = models.PositiveSmallIntegerField(
        "cancel or move online until (hours before)", default=24
    )
    colour = models.CharField(max_length=20, choices=Colour.choices, default=Colour.TEAL)
    active = models.BooleanField(
        "offered", default=True, help_text="Untick to stop booking it; existing ones stay."
    )
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()
    objects = AppointmentTypeQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            # The public /book/ page books "the" free consultation: there is exactly one.
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind="free_consultation"),
                name="appointment_type_one_free_consultation",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    # The defaults of the free consultation, as the booking settings had them.
    FREE_DEFAULTS = {
        "name": "Free consultation",
        "minutes": 30,
        "buffer_minutes": 10,
        "min_notice_hours": 12,
        "cancel_cutoff_hours": 12,
        "bookable_by": BookableBy.ANYONE,
        "colour": Colour.GREEN,
    }

    @classmethod
    def free_consultation(cls) -> AppointmentType:
        """The free-consultation type in one query; an unsaved default until it exists,
        so a read-only page never writes."""
        found = cls.objects.filter(kind=cls.Kind.FREE_CONSULTATION).first()
        return found or cls(kind=cls.Kind.FREE_CONSULTATION, **cls.FREE_DEFAULTS)

    @classmethod
    def ensure_free_consultation(cls) -> AppointmentType:
        """The free-consultation type, created with its defaults if it is missing (a
        fresh database, or a test that flushed the rows its migration created)."""
        found, _created = cls.objects.get_or_create(
            kind=cls.Kind.FREE_CONSULTATION, defaults=cls.FREE_DEFAULTS
        )
        return found

    @property
    def is_free_consultation(self) -> bool:
        return self.kind == self.Kind.FREE_CONSULTATION

    def clean(self) -> None:
        super().clean()
        if not 10 <= self.minutes <= 480:
            raise ValidationError({"minutes": "Choose a length between 10 and 480 minutes."})
        if self.buffer_minutes > 120:
            raise ValidationError({"buffer_minutes": "Choose a break of 120 minutes or less."})
        if self.is_free_consultation and self.bookable_by != self.BookableBy.ANYONE:
            raise ValidationError(
                {
                    "bookable_by": "The free consultation is booked on the public page: "
                    "close it in the booking settings instead."
                }
            )
        if not self.is_free_consultation and self.bookable_by == self.BookableBy.ANYONE:
            raise ValidationError(
                {
                    "bookable_by": "Only the free consultation is booked by people without "
                    "an account. Choose the clinic's clients or staff only."
                }
            )

    @property
    def length(self) -> timedelta:
        return timedelta(minutes=self.minutes)

    @property
    def buffer(self) -> timedelta:
        return timedelta(minutes=self.buffer_minutes)

    @property
    def notice(self) -> timedelta:
        return timedelta(hours=self.min_notice_hours)

    @property
    def cancel_cutoff(self) -> timedelta:
        return timedelta(hours=self.cancel_cutoff_hours)


class AppointmentSeries(models.Model):
    """Appointments booked together at the same weekday and time, e.g. weekly for six
    weeks. Each appointment stays its own row: moving or cancelling one changes only it."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="appointment_series"
    )
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    appointment_type = models.ForeignKey(
        AppointmentType, on_delete=models.PROTECT, related_name="series"
    )
    every_weeks = models.PositiveSmallIntegerField(default=1)
    count = models.PositiveSmallIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "appointment series"

    def __str__(self) -> str:
        every = "weekly" if self.every_weeks == 1 else f"every {self.every_weeks} weeks"
        return f"{self.appointment_type}, {every} × {self.count}"


class CalendarFeed(models.Model):
    """A practitioner's private calendar subscription. Only the SHA-256 of the secret in
    the URL is stored; revoking deletes the row, so the old URL stops working at once."""

    practitioner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    def __str__(self) -> str:
        return f"Calendar feed of {self.practitioner}"

    def new_token(self) -> str:
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        return token
