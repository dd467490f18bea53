"""Consent pages: the owner's text and its versions, the paper record, the device
handed over in the clinic, and the portal's "please agree first" page.

Handing the device over puts the practitioner's session in a locked state
(``HANDOVER`` in the session): ``clients.consent.middleware`` sends every other
page back to the handover page until the practitioner types their password, so
the client holding the tablet can sign and nothing else.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from clients.access import get_client_for
from clients.consent import services
from clients.consent.forms import ConsentTextForm, PaperConsentForm, SignConsentForm, UnlockForm
from clients.models import Client, ConsentVersion
from clinic.access import portal_required, practice_required
from clinic.history import history_entries
from clinic.once import once_per_key

HANDOVER = "consent_handover"
UNLOCK_ATTEMPTS = 5
# Who signed a version: clients, and people who signed with a booking's intake form and
# are not clients yet (once they are, the signature is theirs and counted once).
SIGNED = Count("signatures", distinct=True) + Count(
    "intake_signatures", filter=Q(intake_signatures__client__isnull=True), distinct=True
)


@require_http_methods(["GET", "POST"])
@practice_required
def consent_versions(request):
    """Every version with how many signed it; the owner edits the text here."""
    versions = list(ConsentVersion.objects.annotate(signed=SIGNED).select_related("created_by"))
    current = versions[0] if versions else None
    form = None
    if request.user.is_owner:
        form = ConsentTextForm(request.POST or None, current=current)
    elif request.method == "POST":
        raise Http404("No such page.")
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.save_consent_text(
                text=data["text"],
                change_note=data["change_note"],
                by=request.user,
                expected_number=data["expected_number"] or None,
            )
        except services.ConsentError as exc:
            form.add_error("text", str(exc))
        else:
            if current is not None and version.pk == current.pk:
                messages.success(request, f"{version} corrected (nobody had signed it yet).")
            else:
                messages.success(
                    request, f"{version} saved. Clients are asked to agree to it from now on."
                )
            return redirect("clients:consent_versions")
    return render(
        request,
        "clients/consent/version_list.html",
        {"form": form, "current": current, "versions": versions},
    )


@require_safe
@practice_required
def consent_version(request, number: int):
    version = get_object_or_404(ConsentVersion.objects.annotate(signed=SIGNED), number=number)
    return render(
        request,
        "clients/consent/version_detail.html",
        {"version": version, "entries": history_entries(version)},
    )


@require_http_methods(["GET", "POST"])
@practice_required
@once_per_key
def consent_paper(request, pk: int):
    """The practitioner records a consent form the client signed on paper."""
    client = get_client_for(request.user, pk)
    form = PaperConsentForm(request.POST or None, initial={"version": services.current_version()})
    if request.method == "POST" and form.is_valid():
        try:
            signature = services.record_paper_consent(
                client=client,
                version=form.cleaned_data["version"],
                signed_on=form.cleaned_data["signed_on"],
                by=request.user,
            )
        except services.ConsentError as exc:
            form.add_error("version", str(exc))
        else:
            messages.success(request, f"Paper consent to {signature.version} recorded.")
            return redirect(client)
    return render(request, "clients/consent/paper_form.html", {"client": client, "form": form})


@require_POST
@practice_required
def handover_start(request, pk: int):
    """Lock this session to the signing page for ``client`` and show it."""
    client = get_client_for(request.user, pk)
    if services.current_version() is None:
        messages.error(request, "There is no consent text to sign yet: the owner writes it.")
        return redirect(client)
    if client.is_archived:
        messages.error(request, "Restore the client before asking for their consent.")
        return redirect(client)
    request.session[HANDOVER] = {"client": client.pk, "done": False, "attempts": 0}
    return redirect("clients:consent_handover")


def _handover_client(request) -> Client:
    state = request.session.get(HANDOVER)
    if not state:
        raise Http404("No device handed over.")
    return get_client_for(request.user, state["client"])


@require_http_methods(["GET", "POST"])
@practice_required
def handover(request):
    """What the client sees on the practitioner's device: the text and the signature,
    then "please hand the device back" and the practitioner's password."""
    client = _handover_client(request)
    state = request.session[HANDOVER]
    version = services.current_version()
    sign_form = None
    if not state["done"] and version is not None:
        sign_form = SignConsentForm(
            request.POST if "sign" in request.POST else None, version=version
        )
        if request.method == "POST" and "decline" in request.POST:
            state["done"] = True
            state["declined"] = True
            request.session.modified = True
            return redirect("clients:consent_handover")
        if request.method == "POST" and sign_form.is_valid():
            try:
                services.sign_consent(
                    client=client,
                    version=version,
                    full_name=sign_form.cleaned_data["full_name"],
                    how=services.How.IN_CLINIC,
                    by=request.user,
                )
            except services.ConsentError as exc:
                sign_form.add_error("full_name", str(exc))
            else:
                state["done"] = True
                request.session.modified = True
                return redirect("clients:consent_handover")
    return _handover_page(request, client, sign_form=sign_form, version=version)


def _handover_page(request, client, *, sign_form, version, unlock_form=None, status=200):
    context = {
        "client": client,
        "version": version,
        "sign_form": sign_form,
        "declined": request.session[HANDOVER].get("declined", False),
        "unlock_form": unlock_form or UnlockForm(user=request.user),
        "show_unlock": unlock_form is not None,
        "locked": True,  # base.html draws no menu
    }
    return render(request, "clients/consent/handover.html", context, status=status)


@require_POST
@practice_required
def handover_unlock(request):
    """The practitioner takes the device back with their password; five wrong tries
    log the session out (the client may still be holding it)."""
    client = _handover_client(request)
    form = UnlockForm(request.POST, user=request.user)
    if form.is_valid():
        del request.session[HANDOVER]
        messages.success(request, "The device is yours again.")
        return redirect(client)
    state = request.session[HANDOVER]
    state["attempts"] = state.get("attempts", 0) + 1
    request.session.modified = True
    if state["attempts"] >= UNLOCK_ATTEMPTS:
        logout(request)
        messages.error(request, "Too many wrong passwords: you were logged out.")
        return redirect("login")
    version = services.current_version()
    # Still to sign: the signing form stays, with the password box open below it.
    sign_form = SignConsentForm(version=version) if version and not state["done"] else None
    return _handover_page(
        request, client, sign_form=sign_form, version=version, unlock_form=form, status=400
    )


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/portal/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("programs:portal_home")


@require_http_methods(["GET", "POST"])
@portal_required
def portal_consent(request):
    """The portal asks for the current consent before anything else (the middleware
    sends every portal page here until it is signed)."""
    client = get_object_or_404(Client.objects.select_related("user"), user=request.user)
    state = services.consent_state(client)
    if state.is_current:
        return redirect(_safe_next(request))
    form = SignConsentForm(request.POST or None, version=state.current)
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_consent(
                client=client,
                version=state.current,
                full_name=form.cleaned_data["full_name"],
                how=services.How.PORTAL,
            )
        except services.ConsentError as exc:
            form.add_error("full_name", str(exc))
        else:
            request.session[services.PORTAL_SESSION_KEY] = state.current.pk
            messages.success(request, "Thank you: your agreement is saved.")
            return redirect(_safe_next(request))
    context = {
        "form": form,
        "version": state.current,
        "again": state.must_ask_again,
        "next": _safe_next(request),
    }
    return render(request, "clients/consent/portal_consent.html", context)
