"""Booking: when practitioners are available, and who booked what.

Every appointment, of every type (``AppointmentType``: the free consultation,
assessments, follow-ups...), is a ``Consultation`` row, so the guards below keep
any two appointments of one practitioner apart, whatever their types.

Times are stored in UTC and shown in ``settings.TIME_ZONE``. Weekly hours and
dated exceptions are wall-clock times in the clinic's zone, so "9:00 to 12:00"
means 9:00 local on both sides of a daylight-saving change.

No double booking is enforced by the database, twice:

* everywhere (SQLite and PostgreSQL): ``consultation_one_active_per_slot``, a
  partial unique index on (practitioner, start) for bookings that are not
  cancelled. Slots sit on a fixed grid per practitioner (each window's start,
  stepped by length + buffer), so two people picking "the same slot" always
  collide on the same row;
* on overlapping time ranges: on PostgreSQL an exclusion constraint (migration
  ``0006``), on SQLite two triggers that refuse the same rows (migration
  ``0014``; a later migration that rebuilds the table on SQLite must add them again).
  They catch overlaps between different grids: types of different lengths, an
  appointment the practice placed off the grid, a changed consultation length.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from clinic.models import SecuritySettings


class BookingSettings(models.Model):
    """The clinic's booking rules: one row (pk=1), created with defaults on first use."""

    MAX_HORIZON_DAYS = 365

    horizon_days = models.PositiveSmallIntegerField("book up to (days ahead)", default=30)
    accepting = models.BooleanField(
        "accepting free consultations",
        default=True,
        help_text="Untick to close online booking; the booking page then gives the phone number.",
    )
    portal_any_practitioner = models.BooleanField(
        "clients may book any practitioner in the portal",
        default=False,
        help_text="Unticked, clients book only with their own practitioner.",
    )
    reassess_after_weeks = models.PositiveSmallIntegerField(
        "suggest a reassessment after (weeks)",
        default=6,
        help_text="Weeks since a client's last assessment before the dashboard suggests "
        "another (it is also suggested as soon as the program's phase criteria are met).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "booking settings"
        verbose_name_plural = "booking settings"

    def __str__(self) -> str:
        return "Booking settings"

    @classmethod
    def load(cls) -> BookingSettings:
        """The clinic's settings, in one query. Until the owner first saves them, the
        defaults (an unsaved row with pk 1), so reading never writes."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    def clean(self) -> None:
        super().clean()
        if self.horizon_days < 1 or self.horizon_days > self.MAX_HORIZON_DAYS:
            raise ValidationError(
                {"horizon_days": f"Choose between 1 and {self.MAX_HORIZON_DAYS} days."}
            )
        if not 1 <= self.reassess_after_weeks <= 52:
            raise ValidationError({"reassess_after_weeks": "Choose between 1 and 52 weeks."})


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


def _check_times(obj, start_field: str = "start_time", end_field: str = "end_time") -> None:
    start, end = getattr(obj, start_field), getattr(obj, end_field)
    if start and end and end <= start:
        raise ValidationError({end_field: "The end must be after the start."})


class WeeklyHours(models.Model):
    """A recurring window in which a practitioner offers free consultations."""

    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="weekly_hours"
    )
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start_time = models.TimeField("from")
    end_time = models.TimeField("until")

    class Meta:
        ordering = ["practitioner", "weekday", "start_time"]
        verbose_name_plural = "weekly hours"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="weekly_hours_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"

    def clean(self) -> None:
        super().clean()
        _check_times(self)


class AvailabilityException(models.Model):
    """A dated change to the weekly hours: time off (all day or part) or extra hours."""

    class Kind(models.TextChoices):
        OFF = "off", "Time off"
        EXTRA = "extra", "Extra hours"

    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="availability_exceptions"
    )
    date = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.OFF)
    # Empty times on time off mean the whole day.
    start_time = models.TimeField("from", null=True, blank=True)
    end_time = models.TimeField("until", null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["practitioner", "date", "start_time"]
        indexes = [models.Index(fields=["practitioner", "date"])]

    def __str__(self) -> str:
        if self.start_time is None:
            return f"{self.get_kind_display()} {self.date:%Y-%m-%d} (all day)"
        return (
            f"{self.get_kind_display()} {self.date:%Y-%m-%d} "
            f"{self.start_time:%H:%M}–{self.end_time:%H:%M}"
        )

    def clean(self) -> None:
        super().clean()
        if (self.start_time is None) != (self.end_time is None):
            raise ValidationError("Give both a start and an end time, or neither for a whole day.")
        if self.kind == self.Kind.EXTRA and self.start_time is None:
            raise ValidationError({"start_time": "Extra hours need a start and an end time."})
        _check_times(self)


class ConsultationQuerySet(models.QuerySet):
    def active(self) -> ConsultationQuerySet:
        """Bookings that hold their time: everything but cancelled ones."""
        return self.exclude(status=Consultation.Status.CANCELLED)

    def visible_to(self, user) -> ConsultationQuerySet:
        """All of the clinic's consultations for practice staff (a practitioner's own only,
        when the owner limits practitioners to their own clients); nothing for anyone else."""
        if not (user.is_authenticated and user.is_practice_staff):
            return self.none()
        if user.is_owner:
            return self.all()
        return self.filter(Q(practitioner_id=user.pk) | ~SecuritySettings.own_clients_only_on())

    def overlapping(self, start: datetime, end: datetime) -> ConsultationQuerySet:
        return self.filter(start__lt=end, end__gt=start)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Consultation(models.Model):
    """A free consultation booked by a prospective client (no account needed).

    The manage link's token is shown once (in the confirmation page and email);
    only its SHA-256 is stored, so a database leak does not leak working links.
    """

    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        CANCELLED = "cancelled", "Cancelled"
        ATTENDED = "attended", "Attended"
        NO_SHOW = "no_show", "Did not attend"

    class CancelledBy(models.TextChoices):
        PERSON = "person", "The person who booked"
        PRACTICE = "practice", "The practice"

    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consultations"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.BOOKED)
    status_note = models.TextField("note", blank=True)
    cancelled_by = models.CharField(max_length=20, choices=CancelledBy.choices, blank=True)

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=40, blank=True)
    message = models.TextField("what is going on", max_length=1000, blank=True)
    # When the person accepted the free consultation's disclaimer online; empty for
    # appointments the practice or a portal client booked.
    disclaimer_accepted_at = models.DateTimeField(null=True, blank=True)
    appointment_type = models.ForeignKey(
        "clients.AppointmentType",
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name="type",
    )
    series = models.ForeignKey(
        "clients.AppointmentSeries",
        on_delete=models.PROTECT,
        related_name="appointments",
        null=True,
        blank=True,
    )
    # Cancelled inside the type's cancellation window (recorded by the practice).
    cancelled_late = models.BooleanField(default=False)

    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.PROTECT,
        related_name="consultations",
        null=True,
        blank=True,
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # Keyed hash of the booking's IP address, for the per-day limit (never the raw address).
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # iCalendar SEQUENCE: goes up on each reschedule so calendars replace the old event.
    sequence = models.PositiveSmallIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["token_hash", "ip_hash"])
    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["practitioner", "start"],
                condition=~Q(status="cancelled"),
                name="consultation_one_active_per_slot",
            ),
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="consultation_end_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["start", "status"]),
            models.Index(fields=["practitioner", "start"]),
            # The dashboard's next booked consultations of one practitioner.
            models.Index(
                fields=["practitioner", "status", "start"], name="consultation_upcoming_idx"
            ),
            models.Index(fields=["created_at"]),
            # Availability asks for bookings ending after the week's first day:
            # only the few upcoming ones, however many lie in the past.
            models.Index(fields=["end"], name="consultation_end_idx"),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.start)
        return f"{self.full_name} · {local:%a %d %b %Y %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("clients:consultation_detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED

    @property
    def outcome_label(self) -> str:
        """Booked, attended, did not attend, cancelled or cancelled late."""
        if self.status == self.Status.CANCELLED and self.cancelled_late:
            return "Cancelled late"
        return self.get_status_display()

    def new_token(self) -> str:
        """Issue a fresh manage token; returns the raw token (shown once), stores its hash."""
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        return token

    def may_change_online(self, *, now: datetime, cutoff: timedelta) -> bool:
        """The person may still cancel or reschedule through the manage link."""
        return self.status == self.Status.BOOKED and now < self.start - cutoff

    def link_expired(self, *, now: datetime) -> bool:
        """Manage links stop working a week after the consultation."""
        return now > self.end + timedelta(days=7)


class RedFlagScreenCount(models.Model):
    """How many booking attempts stopped at the red-flag pre-screen, per day.

    Deliberately nothing else: no name, email, answers or address.
    """

    date = models.DateField(unique=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}: {self.count}"
