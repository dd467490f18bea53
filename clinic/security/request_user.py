"""The session, the signed-in user and their two-factor device: one query, SQL built once.

Every signed-in request reads its session row and its user row before anything
else (and, once two-factor is passed, the authenticator app that verified it).
Django's database session engine, ``ModelBackend`` and django-otp's middleware read
them with one ORM query each. Here the session row carries the user's id (and the
verifying device's) in columns of its own (``clinic.models.UserSession``: Django's
documented way to extend the database session engine), and one statement reads all
three::

    SELECT session, page stamp, user, device FROM clinic_session
      LEFT JOIN clinic_user ON clinic_user.id = clinic_session.user_id
      LEFT JOIN otp_totp_totpdevice ON otp_totp_totpdevice.id = clinic_session.totp_device_id
     WHERE session_key = %s AND expire_date > %s

The SQL and the field converters are built once per process. What happens with the
rows is Django's and django-otp's own code, unchanged: ``django.contrib.auth.get_user``
checks the backend path and the session auth hash (a password change logs other
sessions out) and refuses inactive users through ``ModelBackend``; django-otp's
middleware checks that the device is the user's and confirmed. Only the lookups are
answered from the joined row, and only for the session key and ids it was read for;
anything else (a key cycled since, a recovery-code device, a caller outside a
request) is looked up as Django would.

- ``SessionStore`` (``SESSION_ENGINE = "clinic.security.request_user"``): Django's
  database store on ``clinic.models.UserSession``; saving fills the two id columns.
- ``ModelBackend``: Django's, whose ``get_user`` takes the user from the joined row
  while the request's user is being found, and otherwise reads it with prebuilt SQL.
- ``AuthenticationMiddleware`` and ``OTPMiddleware``: Django's and django-otp's,
  handing the request's session store to those lookups.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, partial
from types import SimpleNamespace

from django.contrib import auth
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.auth.middleware import (
    AuthenticationMiddleware as DjangoAuthenticationMiddleware,
)
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, empty
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware

from clinic.db.page_stamp import stamp_subquery

# The session store of the request whose user (or device) is being found, while it is.
_REQUEST_SESSION: ContextVar[SessionStore | None] = ContextVar(
    "clinic_request_session", default=None
)
_BIGINT = 2**63


def _as_id(value) -> int | None:
    """An id stored in the session's data, as the column holds it; None if it is not one."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if -_BIGINT <= number < _BIGINT else None


def _totp_model():
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice


def _totp_device_id(persistent_id) -> int | None:
    """The TOTP device's id in django-otp's ``persistent_id`` ("otp_totp.totpdevice/3")."""
    if not isinstance(persistent_id, str):
        return None
    label, _, number = persistent_id.rpartition("/")
    return _as_id(number) if label == _totp_model()._meta.label_lower else None


def _converters(connection, model, table):
    """(attname, converters, column) for each concrete field, as Django's compiler would
    apply them (SQLite returns dates as text and booleans as integers)."""
    out = []
    for field in model._meta.concrete_fields:
        col = field.get_col(table)
        found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        out.append((field.attname, found, col))
    return out


def _convert(connection, row, converters) -> dict | None:
    """The row's values by attname, converted; None for a LEFT JOIN that found nothing
    (the primary key, first, is NULL)."""
    if row[0] is None:
        return None
    values = {}
    for value, (attname, found, col) in zip(row, converters, strict=True):
        for converter in found:
            value = converter(value, col, connection)
        values[attname] = value
    return values


@dataclass(frozen=True)
class _SessionRead:
    sql: str
    user: list
    device: list


@cache
def _session_read(session_model, alias: str) -> _SessionRead:
    """The one statement reading a session, its user and its TOTP device. Built once per
    database."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    user_model, device_model = get_user_model(), _totp_model()
    session, user, device = (
        quote(model._meta.db_table) for model in (session_model, user_model, device_model)
    )

    def columns(model, table):
        return [f"{table}.{quote(field.column)}" for field in model._meta.concrete_fields]

    def pk(model, table):
        return f"{table}.{quote(model._meta.pk.column)}"

    def column(name):
        return f"{session}.{quote(session_model._meta.get_field(name).column)}"

    # The page cache's stamp (clinic.page_cache), read with the session so that a
    # cached page costs no query of its own.
    stamp = stamp_subquery(quote)
    select = ", ".join(
        [column("session_data"), column("user_id"), column("totp_device_id"), stamp]
        + columns(user_model, user)
        + columns(device_model, device)
    )
    sql = (
        f"SELECT {select} FROM {session}"  # noqa: S608  # nosec B608 - names from the models
        f" LEFT JOIN {user} ON {pk(user_model, user)} = {column('user_id')}"
        f" LEFT JOIN {device} ON {pk(device_model, device)} = {column('totp_device_id')}"
        f" WHERE {column('session_key')} = %s AND {column('expire_date')} > %s"
    )
    return _SessionRead(
        sql,
        _converters(connection, user_model, user_model._meta.db_table),
        _converters(connection, device_model, device_model._meta.db_table),
    )


@dataclass(frozen=True)
class _Joined:
    """What the session's one statement found beside it, for the key it was read for."""

    session_key: str
    alias: str
    user_id: int | None
    user: dict | None
    device_id: int | None
    device: dict | None
    page_stamp: str | None


class SessionStore(DatabaseSessionStore):
    """Django's database session store on ``UserSession``: saving fills the user and
    device columns; reading a session reads its user and device in the same query."""

    _joined: _Joined | None = None

    @classmethod
    def get_model_class(cls):
        from clinic.models import UserSession

        return UserSession

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        session.user_id = _as_id(data.get(SESSION_KEY))
        session.totp_device_id = _totp_device_id(data.get(DEVICE_ID_SESSION_KEY))
        return session

    def _get_session_from_db(self):
        self._joined = None
        model = self.model
        alias = router.db_for_read(model)
        connection = connections[alias]
        read = _session_read(model, alias)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(read.sql, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            # As Django's store: an unknown or expired key is forgotten, and a new
            # session gets a new key.
            self._session_key = None
            return None
        users = len(read.user)
        self._joined = _Joined(
            session_key=self.session_key,
            alias=alias,
            user_id=row[1],
            user=_convert(connection, row[4 : 4 + users], read.user),
            device_id=row[2],
            device=_convert(connection, row[4 + users :], read.device),
            page_stamp=row[3],
        )
        return SimpleNamespace(session_data=row[0])

    def _joined_for_this_key(self) -> _Joined | None:
        joined = self._joined
        return joined if joined is not None and joined.session_key == self.session_key else None

    def joined_user(self, user_id):
        """``(True, user or None)`` when this session's query already read user ``user_id``
        (None: no such user); ``(False, None)`` when it did not, so look it up."""
        joined = self._joined_for_this_key()
        if joined is None or joined.user_id is None or joined.user_id != user_id:
            return False, None
        if joined.user is None:
            return True, None
        model = get_user_model()
        return True, model.from_db(joined.alias, list(joined.user), list(joined.user.values()))

    def joined_page_stamp(self):
        """``(True, stamp or None)`` when this session's query read the page cache's
        stamp (``clinic.page_cache``); ``(False, None)`` when it did not."""
        joined = self._joined_for_this_key()
        return (False, None) if joined is None else (True, joined.page_stamp)

    def joined_device(self, persistent_id):
        """As ``joined_user``, for the TOTP device with django-otp's ``persistent_id``."""
        joined = self._joined_for_this_key()
        if joined is None or joined.device_id is None:
            return False, None
        if _totp_device_id(persistent_id) != joined.device_id:
            return False, None
        if joined.device is None:
            return True, None
        model = _totp_model()
        return True, model.from_db(joined.alias, list(joined.device), list(joined.device.values()))


@cache
def _user_read(alias: str):
    connection = connections[alias]
    quote = connection.ops.quote_name
    model = get_user_model()
    table = quote(model._meta.db_table)
    select = ", ".join(f"{table}.{quote(f.column)}" for f in model._meta.concrete_fields)
    pk = quote(model._meta.pk.column)
    sql = f"SELECT {select} FROM {table} WHERE {table}.{pk} = %s"  # noqa: S608  # nosec B608 - names from the model
    return sql, _converters(connection, model, model._meta.db_table)


class ModelBackend(DjangoModelBackend):
    """Django's ``ModelBackend``; the signed-in user comes from the session's own query,
    or else from SQL built once per process."""

    def get_user(self, user_id):
        model = get_user_model()
        try:
            pk = model._meta.pk.to_python(user_id)
        except Exception:  # noqa: BLE001 - a malformed id in a session is nobody
            return None
        store = _REQUEST_SESSION.get()
        found, user = store.joined_user(pk) if store is not None else (False, None)
        if not found:
            user = self._read(model, pk)
        if user is None:
            return None
        return user if self.user_can_authenticate(user) else None

    @staticmethod
    def _read(model, pk):
        alias = router.db_for_read(model)
        connection = connections[alias]
        sql, converters = _user_read(alias)
        with connection.cursor() as cursor:
            cursor.execute(sql, [pk])
            row = cursor.fetchone()
        values = None if row is None else _convert(connection, row, converters)
        if values is None:
            return None
        return model.from_db(alias, list(values), list(values.values()))


def _request_user(request):
    """``django.contrib.auth.middleware.get_user``: the request's user, found once, with
    the request's session store handed to the backend."""
    if not hasattr(request, "_cached_user"):
        token = _REQUEST_SESSION.set(request.session)
        try:
            request._cached_user = auth.get_user(request)
        finally:
            _REQUEST_SESSION.reset(token)
    return request._cached_user


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's, finding ``request.user`` from the session's one query."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(partial(_request_user, request))


class OTPMiddleware(DjangoOTPMiddleware):
    """django-otp's, taking the verifying authenticator app from the session's one query."""

    def _verify_user_sync(self, request, user):
        # The user itself rather than the authentication middleware's lazy object, so
        # ``request.user`` is one proxy away from the user, not two (templates read it
        # dozens of times a page).
        if isinstance(user, SimpleLazyObject):
            if user._wrapped is empty:
                user._setup()
            user = user._wrapped
        token = _REQUEST_SESSION.set(request.session)
        try:
            return super()._verify_user_sync(request, user)
        finally:
            _REQUEST_SESSION.reset(token)

    def _device_from_persistent_id(self, persistent_id: str):
        store = _REQUEST_SESSION.get()
        if store is not None:
            found, device = store.joined_device(self._normalize_persistent_id(persistent_id))
            if found:
                return device
        return super()._device_from_persistent_id(persistent_id)
