"""Settings for the clinic app, read from the environment.

Nothing set means local development: DEBUG on, SQLite in ``db.sqlite3``,
emails printed to the console. Production sets at least ``DJANGO_DEBUG=false``,
``DJANGO_SECRET_KEY``, ``DJANGO_ALLOWED_HOSTS`` and ``DATABASE_URL``; the
README lists every variable.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Refused below when DEBUG is off, so it can only ever sign development sessions.
PLACEHOLDER_SECRET_KEY = "dev-only-insecure-secret-key-change-me"  # noqa: S105  # nosec B105

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", PLACEHOLDER_SECRET_KEY)
if not DEBUG and SECRET_KEY == PLACEHOLDER_SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a long random value when DJANGO_DEBUG is off."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# The clinic this installation serves (one clinic per installation).
CLINIC_NAME = os.environ.get("CLINIC_NAME", "Aligned Movement Clinic")
CLINIC_ADDRESS = os.environ.get("CLINIC_ADDRESS", "12 Harbour Street, Springfield")
CLINIC_PHONE = os.environ.get("CLINIC_PHONE", "+1 555 0100")
CLINIC_EMAIL = os.environ.get("CLINIC_EMAIL", "hello@clinic.example")
# A client's red flag nobody has acknowledged after this many hours is emailed to every
# owner by the scheduled command (manage.py send_reminders).
# How long a client's intake-form link works (clients/intake/).
CLINIC_INTAKE_LINK_DAYS = int(os.environ.get("CLINIC_INTAKE_LINK_DAYS", "14"))
CLINIC_RED_FLAG_ESCALATE_HOURS = float(os.environ.get("CLINIC_RED_FLAG_ESCALATE_HOURS", "4"))
# The first day of the clinic's week in calendars (0 = Monday … 6 = Sunday).
CLINIC_FIRST_WEEKDAY = int(os.environ.get("CLINIC_FIRST_WEEKDAY", "0")) % 7
# Absolute base of links in emails (manage links, practice pages).
CLINIC_SITE_URL = os.environ.get("CLINIC_SITE_URL", "http://127.0.0.1:8000")
# Web Push for the clients' exercise reminders (programs/reminders/): the VAPID key pair
# (`manage.py make_vapid_keys` prints one). Without them, reminders go by email only.
WEBPUSH_VAPID_PUBLIC_KEY = os.environ.get("WEBPUSH_VAPID_PUBLIC_KEY", "")
WEBPUSH_VAPID_PRIVATE_KEY = os.environ.get("WEBPUSH_VAPID_PRIVATE_KEY", "")
WEBPUSH_VAPID_SUBJECT = os.environ.get("WEBPUSH_VAPID_SUBJECT", f"mailto:{CLINIC_EMAIL}")
# A reminder slot not sent within this many minutes of its time (the server was down)
# is dropped rather than sent late.
CLINIC_REMINDER_WINDOW_MINUTES = int(os.environ.get("CLINIC_REMINDER_WINDOW_MINUTES", "60"))
# A deliberate demo server: with DEBUG off, allows `manage.py seed_demo` (published demo
# passwords) and a console email backend and local CLINIC_SITE_URL (clinic/deploy_checks.py).
CLINIC_DEMO_SERVER = env_bool("CLINIC_DEMO_SERVER", False)
# Online bookings allowed per email address and per IP address in 24 hours.
BOOKING_LIMIT_PER_EMAIL = int(os.environ.get("BOOKING_LIMIT_PER_EMAIL", "3"))
BOOKING_LIMIT_PER_IP = int(os.environ.get("BOOKING_LIMIT_PER_IP", "10"))
# /book/'s rendered open times are cached this long at most, and dropped on any change
# to bookings, hours or practitioners (clients/booking/open_times.py); 0 turns it off.
BOOKING_OPEN_TIMES_CACHE_SECONDS = int(os.environ.get("BOOKING_OPEN_TIMES_CACHE_SECONDS", "60"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "clinic",
    "clients",
    "programs",
]

MIDDLEWARE = [
    # First: an oversized body is refused before anything reads it.
    "clinic.security.limits.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "clinic.security.middleware.SecurityHeadersMiddleware",
    # django-csp's, the site-wide policy built once per process.
    "clinic.security.csp.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's and django-otp's, taking the user and the verifying device from the
    # session's own query (clinic/security/request_user.py).
    "clinic.security.request_user.AuthenticationMiddleware",
    "clinic.security.request_user.OTPMiddleware",
    "clinic.security.middleware.NoStoreWhenSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "clinic.security.middleware.IdleTimeoutMiddleware",
    "clinic.security.middleware.TwoFactorMiddleware",
    # After the sign-in checks: a device handed over for consent, the portal's consent.
    "clients.consent.middleware.ConsentMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so it sees the lock-out raised by the authentication backend.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clinic.urls"
WSGI_APPLICATION = "clinic.wsgi.application"

# No "loaders" option: Django then wraps the loaders in the cached loader, so each
# template is read and compiled once per process (tests/clinic/bench/test_performance_settings.py).
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clinic.context_processors.clinic",
            ],
            # {{ phone|tel_href }} in every template, as the footer of every page uses it.
            "builtins": ["clinic.templatetags.phone"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        # A `SELECT 1` before each request's first query: a dropped connection
        # (database restart) is replaced instead of failing one request per worker.
        conn_health_checks=env_bool("DJANGO_CONN_HEALTH_CHECKS", True),
    )
}
# Django's backends with one addition: a transaction that writes replaces the page
# cache's stamp as it commits (clinic/db/page_stamp.py).
DATABASES["default"]["ENGINE"] = {
    "django.db.backends.postgresql": "clinic.db.backends.postgresql",
    "django.db.backends.sqlite3": "clinic.db.backends.sqlite3",
}.get(DATABASES["default"]["ENGINE"], DATABASES["default"]["ENGINE"])
# Each request is one transaction: a view that fails half way saves nothing.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Outside a transaction (read-only views opt out of ATOMIC_REQUESTS), Django's
# .iterator() on PostgreSQL declares a WITH HOLD cursor, which copies the whole
# result before the first row (a form's choices took 14-40 ms on the bench).
# Our iterations are small; plain fetches are cheaper and pooler-safe.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True

# Shared state (rate limits, locks, /book/'s open times) lives in the cache. With
# REDIS_URL it is Redis, shared by every app instance, behind short timeouts and a
# circuit breaker (clinic/cache.py): with Redis down the site keeps working, and the
# risky actions its limits protect (password reset, booking) are refused. Without it,
# a per-process memory cache that is only right for development and a single process.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "clinic.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_KEY_PREFIX", "clinic"),
            "OPTIONS": {
                "timeout_seconds": float(os.environ.get("CLINIC_REDIS_TIMEOUT_SECONDS", "0.25"))
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rendered heavy pages kept per person until the next committed write and to the end of
# their minute at most (clinic/page_cache.py); 0 turns the page cache off. They stay in
# each process's memory, never in Redis; at most PAGES entries per process (a third of
# them are dropped, oldest first, when it is full).
CLINIC_PAGE_CACHE_SECONDS = int(os.environ.get("CLINIC_PAGE_CACHE_SECONDS", "60"))
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "clinic-pages",
    "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CLINIC_PAGE_CACHE_ENTRIES", "300"))},
}
# Sessions live in the database, whatever the cache: a session must survive Redis
# going away, and a logout while it is away must not come back with it. Django's
# database engine on clinic.models.UserSession, reading the session, its user and its
# two-factor device in one query built once per process (clinic/security/request_user.py).
SESSION_ENGINE = "clinic.security.request_user"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "clinic.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "landing"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day

AUTHENTICATION_BACKENDS = [
    # First: refuses every attempt while the account or address is locked out.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, finding the signed-in user with SQL built once per process.
    "clinic.security.request_user.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Practice staff see every client's health record: a longer minimum for them.
    {
        "NAME": "clinic.security.passwords.StaffMinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("CLINIC_STAFF_PASSWORD_MIN_LENGTH", "12"))},
    },
]
# Argon2 first; the others stay so older hashes still verify and are upgraded at login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# Login throttling (django-axes), stored in the database so every process sees it:
# 5 failures for one account, or from one address, lock it out for 15 minutes.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("CLINIC_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("CLINIC_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"  # the login form's email field
AXES_USERNAME_CALLABLE = "clinic.security.lockouts.username_from_request"
AXES_LOCKOUT_CALLABLE = "clinic.security.lockouts.lockout_response"
# Off: axes would delete every failure from the address (other accounts' too) on any
# success, so one client could keep guessing staff passwords. A success forgets only
# that account's own failures (clinic.security.lockouts.forget_own_failures).
AXES_RESET_ON_SUCCESS = False
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token"]
AXES_VERBOSE = False
# The visitor's address for lock-outs, as for every rate limit (clinic/client_address.py).
AXES_CLIENT_IP_CALLABLE = "clinic.client_address.address_or_none"
AXES_CLIENT_STR_CALLABLE = "clinic.security.redact.client_description"
# How many proxies in front of the app append to X-Forwarded-For (nginx, a load balancer):
# 0 reads the socket's address. Behind the proxy (DJANGO_SECURE_PROXY_SSL_HEADER) it is 1
# unless set; the visitor is that many entries from the right, earlier ones are forgeable.
CLINIC_PROXY_COUNT = int(
    os.environ.get(
        "CLINIC_PROXY_COUNT", "1" if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False) else "0"
    )
)

# Two-factor authentication (django-otp). Whether it is required for practice staff
# is a clinic setting the owner changes in the practice area (clinic.models.SecuritySettings).
OTP_TOTP_ISSUER = CLINIC_NAME

# Sessions: practice staff are logged out after this many idle minutes.
CLINIC_PRACTICE_IDLE_MINUTES = int(os.environ.get("CLINIC_PRACTICE_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_COOKIE_AGE", str(60 * 60 * 24 * 14)))

# Rate limits (clinic.security.ratelimit): "count/seconds".
CLINIC_RATE_LIMITS = {
    "password_reset_ip": os.environ.get("CLINIC_RATE_PASSWORD_RESET_IP", "10/3600"),
    "password_reset_email": os.environ.get("CLINIC_RATE_PASSWORD_RESET_EMAIL", "3/3600"),
    # Booking form submissions (the daily limits on kept bookings are BOOKING_LIMIT_*).
    "booking_ip": os.environ.get("CLINIC_RATE_BOOKING_IP", "20/3600"),
    "booking_email": os.environ.get("CLINIC_RATE_BOOKING_EMAIL", "5/3600"),
}

# Request bodies larger than this are refused with 413 before they are read
# (clinic/security/limits.py). An exercise image is at most 5 MB.
CLINIC_MAX_REQUEST_MB = int(os.environ.get("CLINIC_MAX_REQUEST_MB", "10"))
# The one form that takes more: an exercise's clip upload (at most 100 MB, checked again
# by programs/media/video.py), on the paths matching these patterns.
CLINIC_MAX_CLIP_REQUEST_MB = int(os.environ.get("CLINIC_MAX_CLIP_REQUEST_MB", "101"))
CLINIC_CLIP_UPLOAD_PATHS = [r"^/practice/exercises/\d+/media/$"]

# Backups written by `manage.py backup`.
CLINIC_BACKUP_DIR = Path(os.environ.get("CLINIC_BACKUP_DIR", BASE_DIR / "backups"))
# A Fernet key: backups are then encrypted (clinic/backups.py). Keep it apart from them.
CLINIC_BACKUP_KEY = os.environ.get("CLINIC_BACKUP_KEY", "")
# Ids of anonymised clients, outside the database, so `restore` re-applies erasures
# that happened after the backup was taken (clients/erasure/ledger.py). Keep it with
# the backups, and back it up with them.
CLINIC_ERASURE_LEDGER = Path(
    os.environ.get("CLINIC_ERASURE_LEDGER", CLINIC_BACKUP_DIR / "erasure-ledger.jsonl")
)

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("CLINIC_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site root (/favicon.ico), served by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
# Served by programs.views.media, which checks access first (clinic/media.py).
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded images: on local disk by default; on S3-compatible object storage when
# DJANGO_S3_BUCKET is set, so that several app instances share one set of files.
# Health-related images are private: no public ACL, links are short-lived signed URLs.
# How the media view hands a file over: "" streams it from Django; "nginx" answers
# with X-Accel-Redirect to CLINIC_MEDIA_ACCEL_PREFIX (an `internal` location aliased
# to MEDIA_ROOT); "apache" with X-Sendfile (mod_xsendfile).
CLINIC_MEDIA_ACCEL = os.environ.get("CLINIC_MEDIA_ACCEL", "").strip().lower()
if CLINIC_MEDIA_ACCEL not in {"", "nginx", "apache"}:
    raise ImproperlyConfigured('CLINIC_MEDIA_ACCEL must be "", "nginx" or "apache".')
CLINIC_MEDIA_ACCEL_PREFIX = os.environ.get("CLINIC_MEDIA_ACCEL_PREFIX", "/protected-media/")
S3_BUCKET = os.environ.get("DJANGO_S3_BUCKET", "")
if S3_BUCKET:
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("DJANGO_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("DJANGO_S3_REGION") or None,
            "access_key": os.environ.get("DJANGO_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("DJANGO_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("DJANGO_S3_PREFIX", "media"),
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 600,
            "signature_version": "s3v4",
            "file_overwrite": False,
        },
    }
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
# Private files (posture photos): outside MEDIA_ROOT, with no base URL, so no path under
# /media/ (or anywhere) serves them; views that check access stream them. On object
# storage they sit under their own prefix, never public.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("DJANGO_PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))
if S3_BUCKET:
    PRIVATE_STORAGE = {
        "BACKEND": DEFAULT_STORAGE["BACKEND"],
        "OPTIONS": {
            **DEFAULT_STORAGE["OPTIONS"],
            "location": os.environ.get("DJANGO_S3_PRIVATE_PREFIX", "private"),
        },
    }
else:
    PRIVATE_STORAGE = {
        "BACKEND": "clinic.private_storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    }
STORAGES = {
    "default": DEFAULT_STORAGE,
    "private": PRIVATE_STORAGE,
    "staticfiles": {
        # Hashed names so browsers may cache static files forever; DEBUG serves
        # them unhashed so no collectstatic is needed while developing. Whitenoise's
        # compressed manifest storage, each URL worked out once per process.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "clinic.static_storage.StaticFilesStorage",
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: console by default; production sets DJANGO_EMAIL_URL-style parts.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", CLINIC_EMAIL)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. Behind a TLS-terminating proxy set DJANGO_SECURE_PROXY_SSL_HEADER=true;
# a proxy that redirects to HTTPS itself may set DJANGO_SECURE_SSL_REDIRECT=false.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline scripts or styles anywhere: JS in static/js, CSS in static/css.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "accelerometer=(), gyroscope=(), magnetometer=()"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Emails are personal data: none reaches the log (clinic/security/redact.py).
    "filters": {"redact_emails": {"()": "clinic.security.redact.RedactEmails"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_emails"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # Axes logs every attempt at INFO; lock-outs come at WARNING.
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint reports every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
