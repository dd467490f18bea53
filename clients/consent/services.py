"""Consent workflows: the owner edits the text, clients sign it, the gates check it.

Every function runs in one transaction, raises ``ConsentError`` (a ``ClientError``)
with a message for the person in front of the screen, and leaves a history entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from clients.models import Client, ConsentSignature, ConsentVersion
from clients.models.consent import CONSENT_TEXT_MAX_LENGTH, SIGNED_NAME_MAX_LENGTH
from clients.services import ClientError
from clinic.history import record_change
from clinic.page_cache import render_stamp

# The current version's primary key, for the portal's check on every request.
# Invalidated on every new version; the timeout bounds a stale value in a
# process whose cache is not shared (local memory in development).
CURRENT_CACHE_KEY = "clients:consent:current"
CURRENT_CACHE_SECONDS = 60
NO_VERSION = 0
# The version pk a portal session has been seen to have signed (saves the check).
PORTAL_SESSION_KEY = "consent_signed"

How = ConsentSignature.How


class ConsentError(ClientError):
    """Consent could not be saved or signed; the message says why."""


class ConsentRequired(ConsentError):
    """An action needs the client's agreement to the current consent text first."""


CURRENT_OBJECT_CACHE_KEY = "clients:consent:current-version"


def _cached(key: str, load):
    """``load()``'s value, kept in the cache for ``CURRENT_CACHE_SECONDS``.

    A page being rendered for the page cache (``clinic.page_cache.render_stamp``) takes
    a kept value only if it was kept under that page's stamp, so it never renders a
    value kept before the write that gave the stamp; otherwise it loads and keeps it.
    """
    stamp = render_stamp()
    kept = cache.get(key)
    if kept is not None and (stamp is None or kept[0] == stamp):
        return kept[1]
    value = load()
    cache.set(key, (stamp, value), CURRENT_CACHE_SECONDS)
    return value


def current_version() -> ConsentVersion | None:
    """The consent text clients are asked to sign now, or None if the owner wrote none.
    Read on the client, assessment, assignment and portal pages, so it is cached (with
    ``current_version_pk``'s lifetime, and dropped with it on every save)."""
    return _cached(CURRENT_OBJECT_CACHE_KEY, ConsentVersion.objects.current)


def current_version_pk() -> int:
    """The current version's pk (``NO_VERSION`` if none), from the cache when it can."""

    def load() -> int:
        pk = ConsentVersion.objects.order_by("-number").values_list("pk", flat=True).first()
        return pk or NO_VERSION

    return _cached(CURRENT_CACHE_KEY, load)


def forget_current() -> None:
    cache.delete_many([CURRENT_CACHE_KEY, CURRENT_OBJECT_CACHE_KEY])


def _version_changed(sender=None, **kwargs) -> None:
    """Any save or delete of a consent version, whoever makes it (the owner's page, the
    demo or bench seeds, the admin): the cached current version goes now (this process)
    and again after the commit (a request that cached the old one meanwhile)."""
    forget_current()
    transaction.on_commit(forget_current)


def connect_signals() -> None:
    """From ``ClientsConfig.ready()``."""
    for signal in (post_save, post_delete):
        signal.connect(_version_changed, sender=ConsentVersion, dispatch_uid=f"consent-{signal}")


@dataclass(frozen=True)
class ConsentState:
    """Where a client stands: the current text and their latest signature."""

    current: ConsentVersion | None
    latest: ConsentSignature | None
    earlier: tuple[ConsentSignature, ...] = ()

    @property
    def is_current(self) -> bool:
        """True when nothing is missing: no text exists yet, or the current one is signed."""
        if self.current is None:
            return True
        return self.latest is not None and self.latest.version_id == self.current.pk

    @property
    def must_ask_again(self) -> bool:
        """Signed an earlier version, not the current one."""
        return self.latest is not None and not self.is_current


def consent_state(client: Client) -> ConsentState:
    """Two queries: the current version and the client's signatures (one a version)."""
    signatures = list(
        ConsentSignature.objects.filter(client=client)
        .select_related("version", "recorded_by")
        .order_by("-version__number")
    )
    return ConsentState(
        current=current_version(),
        latest=signatures[0] if signatures else None,
        earlier=tuple(signatures[1:]),
    )


def require_current_consent(client: Client, *, action: str) -> None:
    """Raise ``ConsentRequired`` unless ``client`` agreed to the current text.

    ``action`` completes the sentence "Before …", e.g. "completing the assessment".
    Callers run it inside their own transaction, before saving anything.
    """
    state = consent_state(client)
    if state.is_current:
        return
    version = state.current
    if state.must_ask_again:
        raise ConsentRequired(
            f"Before {action}, {client.full_name} must agree to the new consent text "
            f"({version}); they agreed to {state.latest.version} only. Hand the device over "
            "for them to sign it, or record the paper form they signed."
        )
    raise ConsentRequired(
        f"Before {action}, {client.full_name} must agree to the consent text ({version}). "
        "Hand the device over for them to sign it, or record the paper form they signed."
    )


def _signed_by_anyone(version: ConsentVersion) -> bool:
    """A client's signature, or one kept with a booking's intake form (no client yet)."""
    return version.signatures.exists() or version.intake_signatures.exists()


@transaction.atomic
def save_consent_text(
    *, text: str, change_note: str, by, expected_number: int | None
) -> ConsentVersion:
    """Save the owner's consent text: a correction of the current version while nobody
    has signed it, otherwise the next version (which every client is asked to sign).

    ``expected_number`` is the current version's number when the form was opened
    (None if there was none); if another version appeared since, nothing is saved.
    """
    text = text.strip().replace("\r\n", "\n")
    if not text:
        raise ConsentError("Write the consent text.")
    if len(text) > CONSENT_TEXT_MAX_LENGTH:
        raise ConsentError(f"Keep the consent text under {CONSENT_TEXT_MAX_LENGTH:,} characters.")
    current = ConsentVersion.objects.select_for_update().order_by("-number").first()
    if (current.number if current else None) != expected_number:
        raise ConsentError(
            "Someone saved a new consent version after you opened this page, so your text was "
            "not saved. Reload the page, read the new version and make your changes again."
        )
    if current is not None and current.text == text:
        raise ConsentError("The text is the same as the current version: nothing to save.")
    if current is not None and not _signed_by_anyone(current):
        current.text = text
        current.change_note = change_note.strip()
        record_change(current, by=by, reason="Corrected before anyone signed it")
        current.save()
        version = current
    else:
        version = ConsentVersion(
            number=(current.number + 1) if current else 1,
            text=text,
            change_note=change_note.strip(),
            created_by=by,
        )
        record_change(version, by=by, reason="New consent version")
        version.save()  # the cached current version goes with it (``_version_changed``)
    return version


def _how(how: str) -> str:
    """Accept the stored value ("remote_link") or the words ("remote link")."""
    value = str(how).strip().lower().replace(" ", "_")
    if value not in How.values or value == How.PAPER:
        raise ValueError(f"Unknown way of signing: {how!r}")
    return value


def _locked_current(version: ConsentVersion | int) -> ConsentVersion:
    number = version.number if isinstance(version, ConsentVersion) else int(version)
    current = ConsentVersion.objects.select_for_update().order_by("-number").first()
    if current is None or current.number != number:
        raise ConsentError(
            "The consent text changed while it was open. Please read the new version and "
            "sign that one."
        )
    return current


def signed_name(full_name: str) -> str:
    """The typed name as it is kept; ``ConsentError`` when it cannot be."""
    full_name = " ".join(full_name.split())
    if not full_name:
        raise ConsentError("Type your full name to sign.")
    if len(full_name) > SIGNED_NAME_MAX_LENGTH:
        raise ConsentError(f"Keep the name under {SIGNED_NAME_MAX_LENGTH} characters.")
    return full_name


def check_signable(version: ConsentVersion | int, full_name: str) -> tuple[ConsentVersion, str]:
    """For a signature kept before there is a client record to sign on (a booking's
    intake form): the version, locked and still current, and the name as kept. Must
    run inside a transaction."""
    return _locked_current(version), signed_name(full_name)


@transaction.atomic
def adopt_signature(
    *, client: Client, version: ConsentVersion, full_name: str, signed_at, by
) -> ConsentSignature | None:
    """Make a signature given with a booking's intake form (before ``client`` existed)
    the client's own: signed "remote link", at the time it was given, on the version
    read then (even if a newer one exists now: the gates will ask for that). None when
    the client had already signed that version. A closed (archived or anonymised)
    record is refused, as ``sign_consent`` refuses it."""
    if client.is_archived or client.is_anonymised:
        raise ConsentError("This record is closed: consent cannot be signed on it.")
    if ConsentSignature.objects.filter(client=client, version=version).exists():
        return None
    signature = ConsentSignature(
        client=client,
        version=version,
        full_name=full_name,
        how=How.REMOTE_LINK,
        signed_at=signed_at,
        recorded_by=None,
    )
    record_change(signature, by=by, reason="Signed with the intake form, before becoming a client")
    signature.save()
    return signature


@transaction.atomic
def sign_consent(
    *, client: Client, version: ConsentVersion | int, full_name: str, how: str, by=None
) -> ConsentSignature:
    """Record that ``client`` read and agreed to ``version``, typing ``full_name``.

    ``version`` (a ConsentVersion or its number) must still be the current one: a text
    the client did not read is never signed. ``how`` is "remote link", "portal" or
    "in clinic" (or the stored values); ``by`` is the practitioner who handed the
    device over, or None for the client on their own (link, portal). Signing again
    the version already signed returns the existing signature (a double submit).
    """
    how = _how(how)
    full_name = signed_name(full_name)
    if client.is_archived or client.is_anonymised:
        raise ConsentError("This record is closed: consent cannot be signed on it.")
    current = _locked_current(version)
    existing = ConsentSignature.objects.filter(client=client, version=current).first()
    if existing is not None:
        return existing
    signature = ConsentSignature(
        client=client, version=current, full_name=full_name, how=how, recorded_by=by
    )
    record_change(signature, by=by or client.user, reason=f"Signed ({signature.get_how_display()})")
    signature.save()
    return signature


@transaction.atomic
def record_paper_consent(
    *, client: Client, version: ConsentVersion, signed_on: date, by
) -> ConsentSignature:
    """Record that ``client`` signed ``version`` on paper on ``signed_on`` (the practitioner
    keeps the paper). Any version may be recorded; only the current one opens the gates."""
    if client.is_archived or client.is_anonymised:
        raise ConsentError("Restore the client before recording consent.")
    if signed_on > timezone.localdate():
        raise ConsentError("The date on the paper cannot be in the future.")
    if ConsentSignature.objects.filter(client=client, version=version).exists():
        raise ConsentError(f"{client.full_name}'s agreement to {version} is already recorded.")
    signature = ConsentSignature(
        client=client,
        version=version,
        how=How.PAPER,
        paper_signed_on=signed_on,
        recorded_by=by,
    )
    record_change(signature, by=by, reason=f"Paper form of {version} recorded")
    try:
        with transaction.atomic():
            signature.save()
    except IntegrityError as exc:  # the same form recorded twice at once
        raise ConsentError(
            f"{client.full_name}'s agreement to {version} is already recorded."
        ) from exc
    return signature


def erase(client: Client) -> None:
    """Right to erasure: the typed names of ``client``'s signatures go, here and in their
    history. Which version they agreed to, how and when stay (the clinic may need to show
    that consent was given)."""
    signatures = ConsentSignature.objects.filter(client=client)
    signatures.update(full_name="")
    ConsentSignature.history.filter(client_id=client.pk).update(full_name="")
