"""Right to erasure for what booking and the portal invitation know of a client.

Called by ``clients.erasure.services`` after the client record itself was
scrubbed. Consultations booked with the client's email or phone but never linked
to the record are linked first, so they are scrubbed too. What the person wrote
about their symptoms stays, like the rest of the clinical history; who they are
does not, and their manage links and pending portal invitations stop working.
"""

from __future__ import annotations

import secrets

from django.db.models import Q
from django.utils import timezone

from clients.models import Client, Consultation, PortalInvitation
from clients.models.booking import hash_token
from clinic.history import scrub_admin_log


def _same_phone(phone: str) -> Q:
    compact = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    return Q(phone__in={phone.strip(), compact}) if compact else Q(pk__in=[])


def erase(client: Client, *, email: str = "", phone: str = "") -> None:
    """Scrub ``client``'s bookings and invitations; ``email``/``phone`` are the identity
    the record had before it was scrubbed."""
    booked_as = Q(pk__in=[])
    if email:
        booked_as |= Q(email__iexact=email)
    if phone:
        booked_as |= _same_phone(phone)
    Consultation.objects.filter(booked_as, client__isnull=True).update(client=client)

    identity = {"first_name": "Anonymised", "last_name": f"client {client.pk}"}
    identity |= {"email": "", "phone": ""}
    ids = list(Consultation.objects.filter(client=client).values_list("pk", flat=True))
    for pk in ids:
        # The manage link dies with the identity: a fresh hash no token matches.
        Consultation.objects.filter(pk=pk).update(
            **identity, token_hash=hash_token(secrets.token_urlsafe(32))
        )
    Consultation.history.filter(id__in=ids).update(**identity)
    scrub_admin_log(Consultation, ids, f"Consultation of anonymised client {client.pk}")

    invitations = PortalInvitation.objects.filter(client=client)
    ids = list(invitations.values_list("pk", flat=True))
    invitations.filter(used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    invitations.update(email="")
    PortalInvitation.history.filter(id__in=ids).update(email="")
    scrub_admin_log(PortalInvitation, ids, f"Invitation of anonymised client {client.pk}")
