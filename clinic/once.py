"""One-time form keys: a double tap never creates two records.

Every form that creates a record carries a hidden ``once_key`` (the
``{% once_key %}`` template tag, or ``OnceKeyMixin`` for forms crispy renders
whole). The view is wrapped in ``@once_per_key``:

1. The key is inserted into ``UsedFormKey`` *before* the view runs, in the
   request's transaction. A concurrent request with the same key waits on the
   unique constraint (PostgreSQL) or the write lock (SQLite) until the first
   commits, then fails the insert.
2. The first request's redirect target is stored on the key; a repeat is sent
   there with a message instead of running the view again.
3. An answer that is not a redirect (a form with errors, a refusal) created
   nothing, so the key is released and the corrected form can be sent with it.

A request without a key (an old page, a script) runs the view as before.
"""

from __future__ import annotations

import uuid
from contextlib import nullcontext
from datetime import timedelta
from functools import wraps

from crispy_forms.layout import Hidden
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from clinic.models import UsedFormKey
from clinic.page_cache import note_once_key

FIELD = "once_key"
REPEAT_MESSAGE = "That form had already been sent, so nothing new was saved. This is its result."
KEEP = timedelta(days=2)


def new_key() -> str:
    key = uuid.uuid4().hex
    note_once_key(key)  # a cached page gets a new one each time it is served
    return key


def key_from(request) -> uuid.UUID | None:
    raw = request.POST.get(FIELD, "") if request.method == "POST" else ""
    try:
        return uuid.UUID(raw) if raw else None
    except (ValueError, TypeError, AttributeError):
        return None


def _owner(request) -> str:
    user = getattr(request, "user", None)
    return f"user:{user.pk}" if user is not None and user.is_authenticated else "anonymous"


def _repeat(request, *, key: uuid.UUID, owner: str):
    used = UsedFormKey.objects.filter(key=key, owner=owner).first()
    target = used.result_url if used is not None else ""
    if not target or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = request.get_full_path()
    messages.info(request, REPEAT_MESSAGE)
    return HttpResponseRedirect(target)


def once_per_key(view=None, *, repeat_to: str | None = None, atomic: bool = True):
    """Run ``view`` at most once per form key; a repeat goes to the first result.

    ``repeat_to`` (a URL name) replaces the stored result when the real one must not
    be kept in the database (the booking's manage link carries its secret token).

    ``atomic=False`` is for the doors where a safety "yes" must commit on its own
    before anything else (``transaction.non_atomic_requests`` views): the key is
    committed first, in its own transaction, so nothing the view commits later is
    inside a transaction that could roll it back. A racing repeat then finds the key
    at once and is sent back to the page instead of waiting for the first result.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            key = key_from(request)
            if key is None:
                return view(request, *args, **kwargs)
            owner = _owner(request)
            with transaction.atomic() if atomic else nullcontext():
                try:
                    with transaction.atomic():
                        used = UsedFormKey.objects.create(key=key, owner=owner)
                except IntegrityError:
                    return _repeat(request, key=key, owner=owner)
                try:
                    response = view(request, *args, **kwargs)
                except BaseException:
                    if not atomic:  # (an atomic block rolls the key back itself)
                        used.delete()
                    raise
                if response.status_code in (301, 302, 303) and response.get("Location"):
                    used.result_url = resolve_url(repeat_to) if repeat_to else response["Location"]
                    used.save(update_fields=["result_url"])
                else:
                    used.delete()
            return response

        return wrapper

    return decorator(view) if view is not None else decorator


class OnceKeyMixin:
    """For forms crispy renders whole: the one-time key as a hidden input of the helper.

    Not a form field, so it never reaches ``cleaned_data`` (or a service's arguments).
    The key is added when the form assigns ``self.helper``, wherever its ``__init__``
    does that.
    """

    @property
    def helper(self):
        return self._once_helper

    @helper.setter
    def helper(self, value) -> None:
        value.add_input(Hidden(FIELD, new_key()))
        self._once_helper = value


def purge_used_keys(*, now=None) -> int:
    """Forget keys older than ``KEEP``: no one double-taps two days later."""
    now = now or timezone.now()
    deleted, _ = UsedFormKey.objects.filter(created_at__lt=now - KEEP).delete()
    return deleted
