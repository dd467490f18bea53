"""Right to erasure: the owner anonymises a discharged client.

Identity goes: name, date of birth, contact details, emergency contact,
occupation, the portal login, and the same columns in every row of the
client's change history. Clinical content stays (assessments, history of
findings, programs, red flags), attached to a record that no longer says who it
was, so the clinic can keep it for the statutory period. The erasure itself is
a history entry: who did it and when.

Other parts that store identity about a client (e.g. a consultation booking's
name and email) have an ``erase(client)`` called from ``anonymise_client`` below,
inside the same transaction: add yours there, as a plain import.
"""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import transaction
from django.utils import timezone

from clients.booking import erasure as booking_erasure
from clients.models import Client
from clinic.history import record_change

REASON = "Anonymised at the client's request (right to erasure)"


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


def _erase_login(user) -> None:
    email = user.email
    user.email = f"erased-{user.pk}@erased.invalid"
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=email).delete()


@transaction.atomic
def anonymise_client(*, client: Client, by) -> Client:
    """Scrub ``client``'s identity now and in its history; keep the clinical record."""
    client = Client.objects.select_for_update().get(pk=client.pk)
    if not by.is_owner:
        raise ErasureError("Only the clinic owner can anonymise a client.")
    if client.is_anonymised:
        raise ErasureError("This client has already been anonymised.")
    if client.status != Client.Status.DISCHARGED:
        raise ErasureError("Discharge the client first; only discharged clients can be anonymised.")

    identity = scrubbed_identity(client)
    for field, value in identity.items():
        setattr(client, field, value)
    login = client.user
    client.user = None
    client.anonymised_at = timezone.now()
    client.version += 1  # the row is locked (select_for_update)
    record_change(client, by=by, reason=REASON)
    client.save()

    # Every earlier version in the history said who the client was.
    client.history.update(**identity, user=None)
    if login is not None:
        _erase_login(login)
    booking_erasure.erase(client)
    return client
