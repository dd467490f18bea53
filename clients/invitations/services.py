"""Inviting clients to the portal: a one-time link with which they set a password.

The practitioner invites (or re-sends, which replaces the old link) from the
client page and may revoke a pending link. Until the client sets a password
their account has an unusable one, so nobody can log in as them.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from clients.consent.services import ConsentRequired, require_current_consent
from clients.models import Client, PortalInvitation
from clients.models.invitation import INVITATION_LIFETIME, hash_token
from clinic.history import record_change
from clinic.models import Role, User


class InvitationError(Exception):
    """A portal invitation could not be sent or used; the message says why, in plain words."""


class InvitationNotFound(InvitationError):
    """The invitation's client was erased: the link is answered like an unknown page."""


@transaction.atomic
def invite_client(*, client: Client, by: User, base_url: str) -> PortalInvitation:
    """Email ``client`` a fresh 72-hour link; any earlier pending link stops working.

    Creates the client's portal user (with an unusable password) on first invite.
    ``base_url`` is the scheme and host the link should use, e.g. ``https://clinic.example``.
    """
    client = Client.objects.select_for_update().get(pk=client.pk)
    if client.is_archived:
        raise InvitationError("This client is archived. Restore them before inviting them.")
    if not client.email:
        raise InvitationError("Add the client's email address before inviting them.")
    try:
        require_current_consent(client, action="inviting them to the portal")
    except ConsentRequired as exc:
        raise InvitationError(str(exc)) from exc
    user = client.user
    if user is None:
        if User.objects.filter(email__iexact=client.email).exists():
            raise InvitationError(
                "Another account already uses this email address. Use a different address."
            )
        user = User.objects.create_user(
            client.email,
            None,
            first_name=client.first_name,
            last_name=client.last_name,
            role=Role.CLIENT,
        )
        client.user = user
        record_change(client, by=by, reason="Portal account created")
        client.save(update_fields=["user", "updated_at"])
    elif user.has_usable_password():
        raise InvitationError("This client already has a portal password.")

    _revoke_open(client=client, by=by)
    token = PortalInvitation.new_token()
    now = timezone.now()
    invitation = PortalInvitation(
        client=client,
        email=client.email,
        token_hash=hash_token(token),
        created_by=by,
        created_at=now,
        expires_at=now + INVITATION_LIFETIME,
    )
    record_change(invitation, by=by)
    invitation.save()
    link = base_url.rstrip("/") + reverse("clients:invitation_accept", args=[token])
    context = {"client": client, "link": link, "clinic_name": settings.CLINIC_NAME, "by": by}
    send_mail(
        subject=f"Your {settings.CLINIC_NAME} exercise portal",
        message=render_to_string("clients/invitations/email/portal_invitation.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[client.email],
    )
    return invitation


def _revoke_open(*, client: Client, by: User) -> int:
    revoked = 0
    for invitation in client.portal_invitations.open():
        invitation.revoked_at = timezone.now()
        invitation.revoked_by = by
        record_change(invitation, by=by)
        invitation.save(update_fields=["revoked_at", "revoked_by"])
        revoked += 1
    return revoked


@transaction.atomic
def revoke_invitation(*, client: Client, by: User) -> int:
    """Make every pending link of ``client`` stop working. Returns how many were pending."""
    return _revoke_open(client=client, by=by)


def find_invitation(token: str) -> PortalInvitation:
    """The usable invitation for ``token``, or ``InvitationError`` saying what is wrong."""
    invitation = (
        PortalInvitation.objects.select_related("client__user")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is not None and (
        invitation.client.is_anonymised or invitation.client.user is None
    ):
        # An erased client's invitation leads nowhere, like a page that never existed.
        raise InvitationNotFound("This link is not valid.")
    if invitation is None or invitation.revoked_at:
        raise InvitationError(
            "This link is not valid. Please ask the clinic to send you a new invitation."
        )
    if invitation.used_at:
        raise InvitationError(
            "This link has already been used. Log in with the password you chose, "
            "or use “Forgotten your password?” on the login page."
        )
    if invitation.is_expired:
        raise InvitationError(
            "This link has expired (links last 72 hours). "
            "Please ask the clinic to send you a new one."
        )
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, password: str) -> User:
    """Set the client's password through a valid link, once. Raises ``InvitationError``
    for a bad link and ``ValidationError`` for a weak password (nothing is saved)."""
    invitation = find_invitation(token)
    # Lock the row so a double submit cannot use the link twice.
    invitation = PortalInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at:
        raise InvitationError("This link has already been used.")
    user = invitation.client.user
    validate_password(password, user)
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    invitation.used_at = timezone.now()
    record_change(invitation, by=user)
    invitation.save(update_fields=["used_at"])
    return user
