from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords

from clinic.db.page_stamp import STAMP_ROW, STAMP_TABLE
from clinic.history import record_change


class Role(models.TextChoices):
    OWNER = "owner", "Clinic owner"
    PRACTITIONER = "practitioner", "Practitioner"
    CLIENT = "client", "Client"


PRACTICE_ROLES = frozenset({Role.OWNER, Role.PRACTITIONER})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username: str) -> User:
        # Email is the login and is unique case-insensitively. LOWER(email) is the
        # expression of the unique index, so logging in is an index scan (iexact's
        # UPPER() would read the whole user table).
        return self.annotate(email_lower=Lower("email")).get(email_lower=username.lower())

    def _create_user(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("role", Role.CLIENT)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.update(role=Role.OWNER, is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def practitioners(self):
        return self.filter(role__in=PRACTICE_ROLES, is_active=True).order_by(
            "first_name", "last_name"
        )


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("email address", max_length=254, unique=True)
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CLIENT)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text="May log into the Django admin (owners only)."
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]
        # Practice staff are a handful among thousands of client logins: the practitioner
        # pickers (UserManager.practitioners) read this index instead of the whole table.
        indexes = [models.Index(fields=["role"], name="user_role_idx")]
        ordering = ["first_name", "last_name", "email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email

    @property
    def is_practice_staff(self) -> bool:
        return self.is_active and self.role in PRACTICE_ROLES

    @property
    def is_owner(self) -> bool:
        return self.is_active and self.role == Role.OWNER

    @property
    def is_client_user(self) -> bool:
        return self.is_active and self.role == Role.CLIENT


class ArchiveQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False)

    def delete(self):
        raise ArchiveOnlyError("Clinical records are archived, never deleted.")


class ArchiveOnlyError(Exception):
    """Raised when code tries to hard-delete a clinical record."""


class Archivable(models.Model):
    """A clinical record: archived with who, when and why; never hard-deleted.

    Subclasses add ``history = HistoricalRecords()`` so every change is kept.
    """

    archived_at = models.DateTimeField(null=True, blank=True, db_index=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    archive_reason = models.CharField(max_length=500, blank=True)

    objects = ArchiveQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def archive(self, *, by, reason: str) -> None:
        """Mark archived; the caller saves within its transaction via this method."""
        self.archived_at = timezone.now()
        self.archived_by = by
        self.archive_reason = reason
        record_change(self, by=by, reason=f"Archived: {reason}")
        self.save(update_fields=["archived_at", "archived_by", "archive_reason"])

    def restore(self, *, by) -> None:
        self.archived_at = None
        self.archived_by = None
        self.archive_reason = ""
        record_change(self, by=by, reason="Restored")
        self.save(update_fields=["archived_at", "archived_by", "archive_reason"])

    def delete(self, *args, **kwargs):
        raise ArchiveOnlyError("Clinical records are archived, never deleted.")


class SecuritySettings(models.Model):
    """Clinic-wide security choices the owner makes in the practice area. One row.

    ``require_two_factor`` is read at login only (``clinic.security.twofactor``), so
    requests pay nothing for it; ``own_clients_only`` is part of the one visibility rule
    (``Client.objects.visible_to``) as a subquery of the query it restricts, so it costs
    no query either.
    """

    require_two_factor = models.BooleanField(
        "require two-factor authentication for practice staff",
        default=False,
        help_text="Owners and practitioners without an authenticator app are asked to set "
        "one up before they can open anything else.",
    )
    own_clients_only = models.BooleanField(
        "practitioners see only their own clients",
        default=False,
        help_text="Each practitioner then sees only the clients assigned to them (and their "
        "own consultations): anyone else's client is answered as if it did not exist. "
        "The owner still sees everyone.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "security settings"
        verbose_name_plural = "security settings"

    def __str__(self) -> str:
        return "Security settings"

    @classmethod
    def own_clients_only_on(cls) -> models.Exists:
        """True in SQL when the owner limits practitioners to their own clients."""
        return models.Exists(cls.objects.filter(own_clients_only=True))

    @classmethod
    def current(cls) -> SecuritySettings:
        settings_row, _ = cls.objects.get_or_create(pk=1)
        return settings_row


class UsedFormKey(models.Model):
    """A create form's one-time key, once a request carrying it has been handled.

    The key is a random value the form page hands out (``clinic.once``); the row is
    written before the view runs, so a second request with the same key (a double tap,
    a resend after a slow answer) waits on the unique constraint and is then sent to
    the first request's result instead of creating the record again.
    """

    key = models.UUIDField()
    # "user:<pk>" for a signed-in person, "anonymous" for the public booking form:
    # someone else's key never matches yours.
    owner = models.CharField(max_length=40)
    result_url = models.CharField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "owner"], name="used_form_key_once_per_owner")
        ]

    def __str__(self) -> str:
        return f"{self.owner} {self.key}"


class UserSession(AbstractBaseSession):
    """A session row (Django's database session engine, extended as its documentation
    describes), with the signed-in user's id in a column of its own.

    ``clinic.security.request_user.SessionStore`` fills ``user_id`` from the session's
    data whenever it saves, and reads the session and its user in one statement (a
    ``LEFT JOIN`` on this column). Not a foreign key: a session outlives nothing, and a
    session whose user is gone reads as nobody's.
    """

    user_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    # The authenticator app (django-otp's TOTP device) that verified this session, so
    # the two-factor check joins it too; other devices (recovery codes) are looked up
    # as django-otp does.
    totp_device_id = models.BigIntegerField(null=True, blank=True)

    class Meta(AbstractBaseSession.Meta):
        db_table = "clinic_session"

    @classmethod
    def get_session_store_class(cls):
        from clinic.security.request_user import SessionStore

        return SessionStore


class PageStamp(models.Model):
    """One row whose value every writing transaction replaces as it commits
    (``clinic.db.page_stamp``, read by ``clinic.page_cache``).

    Rendered pages are cached under the value that was current when their request
    began, so a page rendered before a write is never served after it. The value is
    random, never a counter: a database restored, flushed or rebuilt cannot bring an
    old value back.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=STAMP_ROW)
    value = models.CharField(max_length=32)

    class Meta:
        db_table = STAMP_TABLE

    def __str__(self) -> str:
        return self.value
