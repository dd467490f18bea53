from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from clients.access import get_client_for
from clients.invitations import services as invitations
from clinic.access import practice_required
from clinic.once import OnceKeyMixin, once_per_key
from clinic.security.passwords import help_text_for as password_help_text_for


@require_POST
@practice_required
@once_per_key
def invite(request, pk: int):
    client = get_client_for(request.user, pk)
    try:
        invitations.invite_client(
            client=client, by=request.user, base_url=request.build_absolute_uri("/")
        )
    except invitations.InvitationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"Invitation sent to {client.email}. The link works once, for 72 hours.",
        )
    return redirect(client)


@require_POST
@practice_required
def revoke(request, pk: int):
    client = get_client_for(request.user, pk)
    if invitations.revoke_invitation(client=client, by=request.user):
        messages.success(request, "The invitation link no longer works.")
    else:
        messages.info(request, "There was no pending invitation to revoke.")
    return redirect(client)


class ChoosePasswordForm(OnceKeyMixin, auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = password_help_text_for(self.user)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Set password and continue"))


def _invalid(request, error):
    context = {"reason": str(error)}
    status = 404 if isinstance(error, invitations.InvitationNotFound) else 410
    return render(request, "clients/invitations/invitation_invalid.html", context, status=status)


@require_http_methods(["GET", "POST"])
@once_per_key
def accept(request, token: str):
    """Public: the link from the invitation email. Sets the password, then logs in."""
    try:
        invitation = invitations.find_invitation(token)
    except invitations.InvitationError as error:
        return _invalid(request, error)
    user = invitation.client.user
    form = ChoosePasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitations.accept_invitation(
                token=token, password=form.cleaned_data["new_password1"]
            )
        except invitations.InvitationError as error:
            return _invalid(request, error)
        except ValidationError as error:
            form.add_error("new_password1", error)
        else:
            login(request, user, backend="clinic.security.request_user.ModelBackend")
            messages.success(request, "Welcome! Your password is set.")
            return redirect("programs:portal_home")
    context = {"form": form, "client": invitation.client}
    return render(request, "clients/invitations/invitation_accept.html", context)
