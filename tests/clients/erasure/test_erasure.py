import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from clients.erasure.services import REASON, ErasureError, anonymise_client
from clients.models import Client, RedFlag
from clinic.history import history_entries
from tests.factories import AccessAttemptFactory, ClientFactory

IDENTITY = {
    "first_name": "Robin",
    "last_name": "Quayle",
    "email": "robin.quayle@example.org",
    "phone": "+44 7700 900123",
    "emergency_contact": "Sam Quayle, partner, 07700 900456",
    "occupation": "Crane operator",
}


@pytest.fixture
def discharged(client_user):
    record = client_user.client_record
    for field, value in IDENTITY.items():
        setattr(record, field, value)
    record.medical_history = "L5 disc bulge 2024; right-sided sciatica."
    record.status = Client.Status.DISCHARGED
    record.save()
    client_user.email = IDENTITY["email"]
    client_user.save()
    RedFlag.objects.create(client=record, source="practitioner", answers=["saddle_numbness"])
    AccessAttemptFactory(username=IDENTITY["email"], failures_since_start=1)
    return record


def _all_history_text(record):
    rows = Client.history.filter(id=record.pk).values()
    return " ".join(str(value) for row in rows for value in row.values())


@pytest.mark.django_db
def test_anonymising_scrubs_identity_now_and_in_the_history_and_keeps_clinical_data(
    discharged, owner
):
    assert discharged.history.count() >= 2
    anonymise_client(client=discharged, by=owner)
    discharged.refresh_from_db()

    assert discharged.full_name == f"Anonymised client {discharged.pk}"
    assert discharged.email == discharged.phone == discharged.emergency_contact == ""
    assert discharged.date_of_birth is None and discharged.user is None
    assert discharged.is_anonymised
    assert discharged.medical_history == "L5 disc bulge 2024; right-sided sciatica."
    assert discharged.red_flags.count() == 1

    text = _all_history_text(discharged)
    for value in IDENTITY.values():
        assert value not in text
    latest = discharged.history.first()
    assert latest.history_user == owner
    assert latest.history_change_reason == REASON
    assert history_entries(discharged)[0].reason == REASON


@pytest.mark.django_db
def test_the_portal_login_is_disabled_and_its_login_records_go(discharged, owner, client_user):
    anonymise_client(client=discharged, by=owner)
    client_user.refresh_from_db()
    assert not client_user.is_active
    assert not client_user.has_usable_password()
    assert IDENTITY["email"] not in client_user.email
    assert not AccessAttempt.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["active", "lead", "paused"])
def test_only_discharged_clients_can_be_anonymised(owner, status):
    record = ClientFactory(status=status, **IDENTITY)
    with pytest.raises(ErasureError, match="Discharge the client first"):
        anonymise_client(client=record, by=owner)
    record.refresh_from_db()
    assert record.first_name == "Robin"


@pytest.mark.django_db
def test_only_the_owner_can_anonymise(discharged, practitioner):
    with pytest.raises(ErasureError, match="Only the clinic owner"):
        anonymise_client(client=discharged, by=practitioner)


@pytest.mark.django_db
def test_a_client_is_anonymised_once(discharged, owner):
    anonymise_client(client=discharged, by=owner)
    with pytest.raises(ErasureError, match="already"):
        anonymise_client(client=discharged, by=owner)


@pytest.mark.django_db
def test_the_owner_anonymises_through_the_page_after_confirming(client, owner, discharged):
    client.force_login(owner)
    url = reverse("clients:client_anonymise", args=[discharged.pk])
    page = client.get(url).content.decode()
    assert "Anonymise Robin Quayle" in page and "cannot be undone" in page

    response = client.post(url, {})
    assert "Tick the box to confirm" in response.content.decode()
    discharged.refresh_from_db()
    assert not discharged.is_anonymised

    response = client.post(url, {"confirm": "on"}, follow=True)
    assert "identity is erased" in response.content.decode()
    discharged.refresh_from_db()
    assert discharged.is_anonymised


@pytest.mark.django_db
def test_the_page_refuses_an_active_client_with_a_message(client, owner):
    record = ClientFactory(status="active")
    client.force_login(owner)
    url = reverse("clients:client_anonymise", args=[record.pk])
    assert "Only discharged clients" in client.get(url).content.decode()
    response = client.post(url, {"confirm": "on"}, follow=True)
    assert "Discharge the client first" in response.content.decode()


@pytest.mark.django_db
def test_the_erasure_page_is_for_the_owner_only(client, practitioner, client_user, discharged):
    url = reverse("clients:client_anonymise", args=[discharged.pk])
    assert client.get(url).url.startswith(reverse("login"))
    for user in (practitioner, client_user):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"confirm": "on"}).status_code == 404
    discharged.refresh_from_db()
    assert not discharged.is_anonymised


@pytest.mark.django_db
def test_an_unknown_client_is_a_404(owner_client):
    response = owner_client.get(reverse("clients:client_anonymise", args=[999999]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_anonymising_also_scrubs_the_clients_bookings_and_invitations(discharged, owner):
    from clients.models import Consultation, PortalInvitation
    from tests.factories import ConsultationFactory

    consultation = ConsultationFactory(
        client=discharged,
        first_name="Rosa",
        last_name="Quill",
        email="rosa.quill@example.net",
        phone="+44 7700 900555",
        message="Shooting pain down the right leg.",
    )
    PortalInvitation.objects.create(
        client=discharged,
        email="rosa.quill@example.net",
        token_hash="a" * 64,
        created_by=owner,
        expires_at=consultation.start,
    )
    anonymise_client(client=discharged, by=owner)

    for model in (Consultation, PortalInvitation):
        kept = str(list(model.objects.values())) + str(list(model.history.values()))
        assert "rosa" not in kept.lower() and "quill" not in kept.lower()
        assert "900555" not in kept
    # What the person wrote about their symptoms is clinical history and stays.
    assert Consultation.objects.get().message == "Shooting pain down the right leg."
