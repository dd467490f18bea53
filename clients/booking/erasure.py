"""Right to erasure for what booking and the portal invitation know of a client.

Called by ``clients.erasure.services.anonymise_client``,
after the client record itself was scrubbed. What the person wrote about their
symptoms stays, like the rest of the clinical history; who they are does not.
"""

from __future__ import annotations

from clients.models import Client, Consultation, PortalInvitation


def erase(client: Client) -> None:
    identity = {"first_name": "Anonymised", "last_name": f"client {client.pk}"}
    identity |= {"email": "", "phone": ""}
    consultations = Consultation.objects.filter(client=client)
    ids = list(consultations.values_list("pk", flat=True))
    consultations.update(**identity)
    Consultation.history.filter(id__in=ids).update(**identity)

    invitations = PortalInvitation.objects.filter(client=client)
    ids = list(invitations.values_list("pk", flat=True))
    invitations.update(email="")
    PortalInvitation.history.filter(id__in=ids).update(email="")
