"""Right to erasure: the owner anonymises a discharged client.

Identity goes: name, date of birth, contact details, emergency contact,
occupation, the portal login, and the same columns in every row of the
client's change history; the name in the admin's change log; the consultations
booked with the client's email or phone (linked to the record first); pending
portal invitations stop working; the intake form's links, the answers the client
typed and the body charts of forms never sent are deleted. Clinical content stays
(assessments and their body charts, history of findings, programs, red flags),
attached to a record that no longer says who it was, so the clinic can keep it
for the statutory period. The erasure itself is a history entry (who and when)
and a line in the erasure ledger (ids only), which ``manage.py restore``
re-applies to an older backup.

Other parts that store identity about a client (e.g. a consultation booking's
name and email) have an ``erase(client, ...)`` called from ``_scrub`` below,
inside the same transaction: add yours there, as a plain import.
"""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import transaction
from django.utils import timezone

from clients.booking import erasure as booking_erasure
from clients.consent import services as consent_services
from clients.erasure import ledger
from clients.intake import services as intake_services
from clients.models import Client
from clients.posture import services as posture_services
from clients.questionnaires import services as questionnaire_services
from clients.reminders import erasure as reminder_erasure
from clinic.history import record_change, scrub_admin_log
from clinic.models import User, UserSession

REASON = "Anonymised at the client's request (right to erasure)"
REAPPLIED = "Erasure re-applied after restoring a backup"


class ErasureError(Exception):
    """The client cannot be anonymised; the message says why, for the owner."""


def scrubbed_identity(client: Client) -> dict:
    """The identity columns of a Client, and what they become."""
    return {
        "first_name": "Anonymised",
        "last_name": f"client {client.pk}",
        "date_of_birth": None,
        "email": "",
        "phone": "",
        "emergency_contact": "",
        "occupation": "",
    }


def _erase_login(user: User) -> None:
    email = user.email
    user.email = f"erased-{user.pk}@erased.invalid"
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    # Signed out everywhere at once (the unusable password would end them at their
    # next request anyway); the session rows name their user.
    UserSession.objects.filter(user_id=user.pk).delete()
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=email).delete()
    scrub_admin_log(User, [user.pk], user.email)


def _scrub(client: Client, *, login: User | None, by, reason: str) -> None:
    email, phone = client.email, client.phone
    identity = scrubbed_identity(client)
    for field, value in identity.items():
        setattr(client, field, value)
    client.user = None
    client.anonymised_at = client.anonymised_at or timezone.now()
    client.version += 1  # the row is locked (select_for_update)
    record_change(client, by=by, reason=reason)
    client.save()

    # Every earlier version in the history said who the client was.
    client.history.update(**identity, user=None)
    scrub_admin_log(Client, [client.pk], str(client))
    if login is not None:
        _erase_login(login)
    booking_erasure.erase(client, email=email, phone=phone)
    posture_services.erase(client)
    reminder_erasure.erase(client)
    consent_services.erase(client)
    questionnaire_services.erase(client)
    intake_services.erase(client)


@transaction.atomic
def anonymise_client(*, client: Client, by) -> Client:
    """Scrub ``client``'s identity now and in its history; keep the clinical record."""
    client = Client.objects.select_for_update(of=("self",)).select_related("user").get(pk=client.pk)
    if not by.is_owner:
        raise ErasureError("Only the clinic owner can anonymise a client.")
    if client.is_anonymised:
        raise ErasureError("This client has already been anonymised.")
    if client.status != Client.Status.DISCHARGED:
        raise ErasureError("Discharge the client first; only discharged clients can be anonymised.")
    login = client.user
    _scrub(client, login=login, by=by, reason=REASON)
    # Last, so nothing else can fail after it; if it fails, nothing is erased either
    # (an erasure a restore could undo is not done).
    try:
        ledger.append(client_id=client.pk, login_id=login.pk if login else None)
    except OSError as error:
        raise ErasureError(
            "The erasure ledger could not be written, so nothing was erased. "
            f"Check CLINIC_ERASURE_LEDGER ({ledger.ledger_path()}): {error.strerror}."
        ) from error
    return client


@transaction.atomic
def reapply_erasures() -> int:
    """After a restore: anonymise again every ledger client the backup still names.

    Returns how many clients were anonymised again (those erased after the backup).
    """
    done = 0
    for entry in ledger.entries():
        client = Client.objects.select_for_update().filter(pk=entry["client"]).first()
        if client is None or client.is_anonymised:
            continue
        login = client.user or User.objects.filter(pk=entry.get("login") or 0).first()
        _scrub(client, login=login, by=None, reason=REAPPLIED)
        done += 1
    return done
