import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from clients.invitations import services as invitations
from clients.models import PortalInvitation
from clinic.models import Role
from tests.factories import TEST_PASSWORD, ClientFactory

NEW_PASSWORD = "my-own-portal-pass-42"


@pytest.fixture
def lead(practitioner):
    return ClientFactory(email="Dana@Example.org", practitioner=practitioner)


def _link_path():
    return re.search(r"https?://[^/]+(/portal/welcome/\S+/)", mail.outbox[-1].body).group(1)


def _invite(client, by):
    return invitations.invite_client(client=client, by=by, base_url="http://testserver/")


@pytest.mark.django_db
def test_inviting_creates_a_portal_user_who_cannot_log_in_yet(client, lead, practitioner):
    _invite(lead, practitioner)
    lead.refresh_from_db()
    assert lead.user.role == Role.CLIENT
    assert not lead.user.has_usable_password()
    assert mail.outbox[0].to == [lead.email]
    assert "72 hours" in mail.outbox[0].body
    response = client.post(reverse("login"), {"username": lead.email, "password": ""})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_link_sets_a_password_logs_in_and_works_once(client, lead, practitioner):
    _invite(lead, practitioner)
    path = _link_path()
    page = client.get(path)
    assert f"Welcome, {lead.first_name}" in page.content.decode()

    response = client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.url == reverse("programs:portal_home")
    lead.refresh_from_db()
    assert lead.user.check_password(NEW_PASSWORD)
    assert client.session["_auth_user_id"] == str(lead.user.pk)

    client.logout()
    again = client.get(path)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()


@pytest.mark.django_db
def test_an_expired_link_says_to_ask_the_clinic(client, lead, practitioner):
    invitation = _invite(lead, practitioner)
    PortalInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(_link_path())
    assert response.status_code == 410
    body = response.content.decode()
    assert "expired" in body
    assert "ask the clinic" in body
    response = client.post(
        _link_path(), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    lead.refresh_from_db()
    assert not lead.user.has_usable_password()


@pytest.mark.django_db
def test_resending_replaces_the_old_link(client, lead, practitioner):
    _invite(lead, practitioner)
    first = _link_path()
    _invite(lead, practitioner)
    second = _link_path()
    assert first != second
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200


@pytest.mark.django_db
def test_a_revoked_link_no_longer_works(client, lead, practitioner):
    _invite(lead, practitioner)
    assert invitations.revoke_invitation(client=lead, by=practitioner) == 1
    response = client.get(_link_path())
    assert response.status_code == 410
    assert "not valid" in response.content.decode()


@pytest.mark.django_db
def test_a_weak_password_is_refused_and_the_link_stays_usable(client, lead, practitioner):
    _invite(lead, practitioner)
    response = client.post(_link_path(), {"new_password1": "123", "new_password2": "123"})
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    lead.refresh_from_db()
    assert not lead.user.has_usable_password()
    assert PortalInvitation.objects.get().used_at is None


@pytest.mark.django_db
def test_a_client_without_email_cannot_be_invited(practitioner):
    nameless = ClientFactory(email="", practitioner=practitioner)
    with pytest.raises(invitations.InvitationError, match="email"):
        _invite(nameless, practitioner)
    assert PortalInvitation.objects.count() == 0


@pytest.mark.django_db
def test_a_client_who_already_has_a_password_is_not_reinvited(client_record, practitioner):
    with pytest.raises(invitations.InvitationError, match="already has a portal password"):
        _invite(client_record, practitioner)
    assert client_record.user.check_password(TEST_PASSWORD)


@pytest.mark.django_db
def test_only_a_hash_of_the_token_is_stored(lead, practitioner):
    invitation = _invite(lead, practitioner)
    token = _link_path().rstrip("/").rsplit("/", 1)[1]
    assert token not in invitation.token_hash
    assert len(invitation.token_hash) == 64


@pytest.mark.django_db
def test_the_practitioner_invites_and_revokes_from_the_client_page(practitioner_client, lead):
    response = practitioner_client.post(reverse("clients:client_invite", args=[lead.pk]))
    assert response.url == lead.get_absolute_url()
    assert len(mail.outbox) == 1
    page = practitioner_client.get(lead.get_absolute_url()).content.decode()
    assert "pending" in page
    assert "Revoke the link" in page

    practitioner_client.post(reverse("clients:client_invite_revoke", args=[lead.pk]))
    page = practitioner_client.get(lead.get_absolute_url()).content.decode()
    assert "revoked" in page
    assert "Send a new invitation" in page


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["clients:client_invite", "clients:client_invite_revoke"])
def test_only_practice_staff_can_invite(client, portal_client, lead, name):
    url = reverse(name, args=[lead.pk])
    assert portal_client.post(url).status_code == 404
    portal_client.logout()
    assert client.post(url).url.startswith(reverse("login"))
    assert client.get(url).status_code == 405
    assert mail.outbox == []
