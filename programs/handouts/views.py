"""The PDF handout: downloaded by the client's practitioner or by the client in the
portal (anyone else gets a 404), and its portal link emailed to the client."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from clients.access import get_client_for
from clients.models import RedFlag
from clinic.access import portal_required, practice_required
from programs.access import get_active_program
from programs.handouts.emails import HandoutEmailError, email_handout_link
from programs.handouts.pdf import (
    PHASE,
    SCOPES,
    HandoutUnavailable,
    handout_filename,
    render_handout_pdf,
)
from programs.portal.check_in import active_program_for

STOPPED = (
    "There is no handout while exercise is paused after a safety concern. "
    "It comes back once a practitioner has cleared it."
)


def _pdf_response(request, client, program, *, fallback: str, **kwargs) -> HttpResponse:
    stopped = getattr(program, "open_red_flag", None)  # the portal's program says
    if stopped is None:
        stopped = RedFlag.objects.unresolved().filter(client=client).exists()
    if stopped:
        # Exercise is stopped until a practitioner records the clearance: no exercises
        # on paper either (the print page says what to do instead).
        messages.error(request, STOPPED)
        return redirect(fallback, **kwargs)
    if program is None or program.current_phase_id is None:
        raise Http404("No active program")
    scope = request.GET.get("scope") if request.GET.get("scope") in SCOPES else PHASE
    try:
        pdf = render_handout_pdf(client=client, program=program, scope=scope)
    except HandoutUnavailable as error:
        messages.error(request, str(error))
        return redirect(fallback, **kwargs)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{handout_filename(scope=scope)}"'
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_safe
@practice_required
def program_handout_pdf(request, client_pk):
    client = get_client_for(request.user, client_pk)
    return _pdf_response(
        request,
        client,
        get_active_program(client),
        fallback="programs:program_handout",
        client_pk=client.pk,
    )


@never_cache
@require_safe
@portal_required
def portal_handout_pdf(request):
    client = request.user.client_record
    return _pdf_response(
        request, client, active_program_for(client), fallback="programs:portal_program_print"
    )


def _email(request, client, redirect_to, **kwargs):
    try:
        email_handout_link(client=client, base_url=request.build_absolute_uri("/"))
    except HandoutEmailError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"The handout link is on its way to {client.email}.")
    return redirect(redirect_to, **kwargs)


@require_POST
@practice_required
def program_handout_email(request, client_pk):
    client = get_client_for(request.user, client_pk)
    return _email(request, client, "programs:program_handout", client_pk=client.pk)


@require_POST
@portal_required
def portal_handout_email(request):
    return _email(request, request.user.client_record, "programs:portal_program_print")
