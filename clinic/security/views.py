"""Account security pages (two-factor) and the practice's security pages (lock-outs, policy)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_otp import user_has_device

from clinic.access import owner_required, practice_required
from clinic.forms import SecuritySettingsForm, TokenForm, TwoFactorSetupForm
from clinic.models import SecuritySettings
from clinic.security import lockouts, twofactor


def _next_or_landing(request) -> HttpResponseRedirect:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("landing")


@require_safe
@login_required
def account_security(request):
    user = request.user
    return render(
        request,
        "clinic/account_security.html",
        {
            "has_device": user_has_device(user),
            "is_verified": user.is_verified(),
            "required": twofactor.is_required_for(user),
            "codes_left": twofactor.recovery_codes_left(user),
        },
    )


def _setup_page(request, form, device):
    context = {
        "form": form,
        "qr_svg": twofactor.qr_code_svg(device),
        "secret": twofactor.secret_for_typing(device),
        "required": twofactor.pending_state(request) == twofactor.SETUP,
    }
    return render(request, "clinic/two_factor_setup.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def two_factor_setup(request):
    user = request.user
    if user_has_device(user):
        messages.info(request, "Two-factor authentication is already on for your account.")
        return redirect("account_security")
    # The page writes nothing: the new key travels in the form, signed for this user.
    if request.method == "POST":
        device = twofactor.resume_setup(user, request.POST.get("setup"))
        if device is None:
            messages.error(request, "That set-up has expired. Scan the new code below.")
            return redirect("two_factor_setup")
    else:
        device = twofactor.start_setup(user)
    form = TwoFactorSetupForm(
        request.POST if request.method == "POST" else None,
        initial={"setup": twofactor.setup_token(device)},
        submit_label="Turn on two-factor",
    )
    if request.method == "POST" and form.is_valid():
        try:
            codes = twofactor.confirm_setup(
                request=request, device=device, token=form.cleaned_data["otp_token"]
            )
        except twofactor.TwoFactorError as error:
            form.add_error("otp_token", str(error))
        else:
            messages.success(request, "Two-factor authentication is on.")
            return render(request, "clinic/recovery_codes.html", {"codes": codes})
    return _setup_page(request, form, device)


@require_http_methods(["GET", "POST"])
@login_required
def two_factor_verify(request):
    if twofactor.pending_state(request) != twofactor.VERIFY or request.user.is_verified():
        return _next_or_landing(request)
    form = TokenForm(request.POST if request.method == "POST" else None, submit_label="Verify")
    form.helper.form_tag = False  # the template's form also carries "next"
    if request.method == "POST" and form.is_valid():
        try:
            twofactor.verify_code(request=request, token=form.cleaned_data["otp_token"])
        except twofactor.TwoFactorError as error:
            form.add_error("otp_token", str(error))
        else:
            return _next_or_landing(request)
    return render(
        request,
        "clinic/two_factor_verify.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
    )


@require_POST
@login_required
def two_factor_recovery_codes(request):
    if not request.user.is_verified():
        messages.error(request, "Turn on two-factor authentication first.")
        return redirect("account_security")
    codes = twofactor.new_recovery_codes(user=request.user)
    messages.success(request, "New recovery codes made; the old ones no longer work.")
    return render(request, "clinic/recovery_codes.html", {"codes": codes})


@require_POST
@login_required
def two_factor_disable(request):
    if not request.user.is_verified():
        messages.error(request, "Two-factor authentication is not on for this session.")
        return redirect("account_security")
    try:
        twofactor.remove_two_factor(user=request.user)
    except twofactor.TwoFactorError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Two-factor authentication is off for your account.")
    return redirect("account_security")


@require_safe
@practice_required
def lockout_list(request):
    return render(
        request,
        "clinic/lockout_list.html",
        {"lockouts": lockouts.current_lockouts(), "minutes": lockouts.lockout_minutes()},
    )


def _valid_lockout(kind: str, value: str) -> bool:
    if kind == "username":
        return 0 < len(value) <= 254 and "\x00" not in value
    if kind == "ip_address":
        try:
            validate_ipv46_address(value)
        except ValidationError:
            return False
        return True
    return False


@require_POST
@practice_required
def lockout_unlock(request):
    kind = request.POST.get("kind", "")
    value = request.POST.get("value", "").strip()
    if not _valid_lockout(kind, value):
        messages.error(request, "Choose a lock-out to lift from the list.")
        return redirect("security_lockouts")
    lockouts.unlock(kind=kind, value=value, by=request.user)
    messages.success(request, f"Unlocked {value}. They can try to log in again now.")
    return redirect("security_lockouts")


@require_http_methods(["GET", "POST"])
@owner_required
def security_settings(request):
    form = SecuritySettingsForm(
        request.POST if request.method == "POST" else None, instance=SecuritySettings.current()
    )
    if request.method == "POST" and form.is_valid():
        ended = twofactor.save_security_settings(form=form, request=request)
        if form.instance.require_two_factor:
            messages.success(
                request,
                "Two-factor is now required. Practice staff who had not used it were logged "
                f"out ({ended} session{'s' if ended != 1 else ''}) and set it up when they "
                "log in again.",
            )
        else:
            messages.success(request, "Two-factor is now optional for practice staff.")
        if form.instance.own_clients_only:
            messages.info(request, "Practitioners now see only the clients assigned to them.")
        return redirect("security_settings")
    return render(request, "clinic/security_settings.html", {"form": form})
