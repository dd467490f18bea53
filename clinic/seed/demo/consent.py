"""Demo consent: the clinic's text in two versions, the demo clients' signatures.

``first_version`` runs before the demo clients are created (each signs version 1 as
they are created, so their assessments and programs can be completed); the
``seed`` step at the end publishes version 2 and has every demo client agree to it
except Jordan, who is asked again the next time he logs in to the portal.
Idempotent: an existing version or signature is left as it is.
"""

from __future__ import annotations

from clients.consent import services
from clients.models import Client, ConsentSignature, ConsentVersion
from clinic.seed.demo.staff import CLIENTS, OWNER, ensure_user

FIRST_TEXT = """I understand that the clinic offers movement-based exercise and education. \
The practitioners are not doctors: they do not diagnose, prescribe or replace the care of my \
physician.

I agree to tell my practitioner about my health, medication and any change in my symptoms. \
I will stop exercising and get medical advice the same day if I notice numbness between my \
legs or around my bottom, new trouble with bladder or bowel control, a leg getting weaker, or \
numbness in my face or arms.

I agree that the clinic keeps a record of my assessments, programs and notes, which only the \
clinic's practitioners and I can see, and that I can ask to see or correct it."""

SECOND_TEXT = (
    FIRST_TEXT
    + """

Between visits the clinic may send me short questionnaires about my pain and what I can do. \
My answers go into my record, where my practitioner reads them; they are not watched in real \
time, so for anything urgent I call the clinic or a doctor."""
)

# Asked again in the portal: signed version 1 only.
RESIGN_EMAIL = CLIENTS[1].email
HOW = [services.How.IN_CLINIC, services.How.PORTAL, services.How.REMOTE_LINK]


def first_version() -> ConsentVersion:
    owner = ensure_user(OWNER)
    version = ConsentVersion.objects.filter(number=1).first()
    if version is None:
        version = services.save_consent_text(
            text=FIRST_TEXT, change_note="First version.", by=owner, expected_number=None
        )
    return version


def sign_first(client: Client, *, by, number: int) -> None:
    """Client ``number`` (0, 1, …) agrees to version 1: in the clinic, in the portal or by
    the link, in turn; every fourth on paper."""
    version = first_version()
    if number % 4 == 3:
        services.record_paper_consent(
            client=client, version=version, signed_on=client.created_at.date(), by=by
        )
        return
    how = HOW[number % len(HOW)]
    services.sign_consent(
        client=client,
        version=version,
        full_name=client.full_name,
        how=how,
        by=by if how == services.How.IN_CLINIC else None,
    )


def seed(out) -> None:
    owner = ensure_user(OWNER)
    first_version()
    second = ConsentVersion.objects.filter(number=2).first()
    if second is None:
        second = services.save_consent_text(
            text=SECOND_TEXT,
            change_note="Adds the questionnaires between visits.",
            by=owner,
            expected_number=1,
        )
    signed = set(ConsentSignature.objects.filter(version=second).values_list("client", flat=True))
    # The demo clients signed version 1; people who only booked have signed nothing.
    clients = (
        Client.objects.filter(consent_signatures__version__number=1)
        .exclude(email__iexact=RESIGN_EMAIL)
        .exclude(pk__in=signed)
    )
    for client in clients.filter(archived_at__isnull=True, anonymised_at__isnull=True):
        services.sign_consent(
            client=client, version=second, full_name=client.full_name, how=services.How.PORTAL
        )
    out.write(f"Demo consent ready ({second}; {RESIGN_EMAIL} is asked to agree again).")
