"""The intake form's pages: the client's (by private link, or in the portal) and the
practitioner's buttons on the client page (send, revoke).

The client's pages take the link from the token in the URL (``open_link``) or, in the
portal, from the signed-in client's record (``portal_link``): never an id from the URL.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from clients.access import get_client_for
from clients.consent import services as consent
from clients.consent.forms import SignConsentForm
from clients.intake import services as intake
from clients.intake.sections import SECTION_BY_CODE, SECTIONS, next_code, previous_code
from clinic.access import portal_required, practice_required
from clinic.once import once_per_key


class Door:
    """Where the client came in: their private link (``token``) or the portal."""

    def __init__(self, link, token: str | None = None):
        self.link = link
        self.token = token

    def url(self, name: str, code: str | None = None) -> str:
        if self.token is None:
            name = f"clients:portal_intake_{name}"
            args = [code] if code else []
        else:
            name = f"clients:intake_{name}"
            args = [self.token, code] if code else [self.token]
        return reverse(name, args=args)


def _closed(request, state: str):
    """The page saying the link is used, revoked or expired (410: it will not come back)."""
    return render(request, "clients/intake/closed.html", {"state": state}, status=410)


def _token_door(request, token: str):
    """The link's door, or the page saying why the link no longer works."""
    try:
        link = intake.open_link(token)
    except intake.IntakeNotFound as error:
        raise Http404("No such intake link") from error
    except intake.IntakeClosed as error:
        return None, _closed(request, error.link.state)
    # A signed-in client may not fill someone else's form.
    user = request.user
    if user.is_authenticated and getattr(user, "client_record", None) not in (None, link.client):
        raise Http404("No such intake link")
    return Door(link, token), None


def _portal_door(request):
    link = intake.portal_link(request.user.client_record)
    if link is None:
        raise Http404("No intake form to fill")
    return Door(link)


def _steps(door: Door, current: str | None = None) -> list[dict]:
    saved = door.link.saved_sections
    return [
        {
            "code": s.code,
            "title": s.title,
            "saved": s.code in saved,
            "current": s.code == current,
            "url": door.url("section", s.code),
        }
        for s in SECTIONS
    ]


def _consent_form(door: Door, data=None) -> SignConsentForm | None:
    """The consent to sign with the form, or None when there is nothing to sign (the
    owner wrote no text yet, or the client already agreed to the current one)."""
    link = door.link
    if link.client is None:  # a booking's form: the signature is kept on the link
        current = consent.current_version()
        if current is None or link.consent_version_id == current.pk:
            return None
        return SignConsentForm(data, version=current)
    state = consent.consent_state(link.client)
    if state.is_current:
        return None
    return SignConsentForm(data, version=state.current)


def _overview(request, door: Door, consent_form: SignConsentForm | None = None):
    steps = _steps(door)
    done = sum(step["saved"] for step in steps)
    following = next((step for step in steps if not step["saved"]), None)
    return render(
        request,
        "clients/intake/overview.html",
        {
            "door": door,
            "link": door.link,
            "steps": steps,
            "done": done,
            "total": len(steps),
            "following": following,
            "submit_url": door.url("submit"),
            "consent_form": consent_form or _consent_form(door),
        },
    )


def _section(request, door: Door, code: str):
    section = SECTION_BY_CODE.get(code)
    if section is None:
        raise Http404("No such section")
    link = door.link
    flagged = False
    if request.method == "POST" and code == "safety":
        # A "yes" is saved first, on its own, whatever else the form says.
        flagged = intake.save_safety_answers(link=link, data=request.POST)
    form = section.form(request.POST or None, saved=link.answers.get(code))
    if request.method == "POST" and form.is_valid():
        try:
            intake.save_section(link=link, code=code, answers=form.answers())
        except intake.IntakeClosed as error:
            return _closed(request, error.link.state)
        following = next_code(code)
        next_url = door.url("section", following) if following else door.url("start")
        if flagged:
            return render(
                request, "clients/intake/urgent.html", {"next_url": next_url, "door": door}
            )
        return redirect(next_url)
    if flagged:
        messages.error(
            request,
            "Your “yes” answer has been sent to your practitioner. Please read the advice "
            "below and finish the questions when you can.",
        )
    position = [s.code for s in SECTIONS].index(code) + 1
    before = previous_code(code)
    return render(
        request,
        "clients/intake/section.html",
        {
            "door": door,
            "section": section,
            "form": form,
            "steps": _steps(door, current=code),
            "done": len(link.saved_sections),
            "position": position,
            "total": len(SECTIONS),
            "back_url": door.url("section", before) if before else door.url("start"),
            "overview_url": door.url("start"),
            "urgent": flagged,
        },
    )


def _submit(request, door: Door):
    """Send the answers, signing the clinic's consent with them when there is one to
    sign: both or neither (a refused signature sends nothing)."""
    consent_form = _consent_form(door, request.POST)
    if consent_form is not None and not consent_form.is_valid():
        messages.error(request, "The form was not sent: check the consent part below.")
        return _overview(request, door, consent_form)
    try:
        with transaction.atomic():
            # The link as submitted (its own locked copy): ``door.link`` is stale now.
            link = intake.submit_intake(link=door.link)
            if consent_form is not None and link.client is None:
                intake.keep_signature(
                    link=link,
                    version=consent_form.consent_version,
                    full_name=consent_form.cleaned_data["full_name"],
                )
            elif consent_form is not None:
                consent.sign_consent(
                    client=link.client,
                    version=consent_form.consent_version,
                    full_name=consent_form.cleaned_data["full_name"],
                    how="remote link" if door.token else "portal",
                )
    except intake.IntakeClosed as error:
        return _closed(request, error.link.state)
    except (intake.IntakeError, consent.ConsentError) as error:
        messages.error(request, str(error))
        return redirect(door.url("start"))
    return render(request, "clients/intake/closed.html", {"state": "submitted", "just_sent": True})


# -- By private link ---------------------------------------------------------------------


@never_cache
@require_safe
@transaction.non_atomic_requests  # read-only: saves BEGIN + COMMIT (docs/benchmarks.md)
def intake_start(request, token: str):
    door, closed = _token_door(request, token)
    return closed or _overview(request, door)


@never_cache
@require_http_methods(["GET", "POST"])
@transaction.non_atomic_requests  # a safety "yes" commits first, on its own
def intake_section(request, token: str, code: str):
    door, closed = _token_door(request, token)
    return closed or _section(request, door, code)


@never_cache
@require_POST
def intake_submit(request, token: str):
    door, closed = _token_door(request, token)
    return closed or _submit(request, door)


# -- In the portal -----------------------------------------------------------------------


@never_cache
@require_safe
@transaction.non_atomic_requests  # read-only: saves BEGIN + COMMIT (docs/benchmarks.md)
@portal_required
def portal_intake_start(request):
    link = intake.portal_link(request.user.client_record)
    if link is None:
        return render(request, "clients/intake/closed.html", {"state": "none"})
    return _overview(request, Door(link))


@never_cache
@require_http_methods(["GET", "POST"])
@transaction.non_atomic_requests  # a safety "yes" commits first, on its own
@portal_required
def portal_intake_section(request, code: str):
    return _section(request, _portal_door(request), code)


@never_cache
@require_POST
@portal_required
def portal_intake_submit(request):
    return _submit(request, _portal_door(request))


# -- The practitioner's buttons ----------------------------------------------------------


@require_POST
@practice_required
@once_per_key
def intake_send(request, pk: int):
    client = get_client_for(request.user, pk)
    try:
        link = intake.send_link(client=client, by=request.user)
    except intake.IntakeError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"Intake form sent to {client.email}. The link works until "
            f"{link.expires_at:%-d %B} or until the form is sent.",
        )
    return redirect(client)


@require_POST
@practice_required
def intake_revoke(request, pk: int, link_pk: int):
    client = get_client_for(request.user, pk)
    link = get_object_or_404(client.intakes, pk=link_pk)
    if intake.revoke_link(link=link, by=request.user):
        messages.success(request, "The intake link no longer works.")
    else:
        messages.info(request, "That intake link was already closed.")
    return redirect(client)
