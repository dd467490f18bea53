"""The client portal: today's exercises, the check-in, progress, a printable copy, my data.

Every view reads the signed-in client's own record (``request.user.client_record``)
and nothing else: no portal URL carries another client's id.
"""

import datetime
import json

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from clients.models import Assessment, Consultation
from clinic.access import portal_required
from clinic.once import once_per_key
from clinic.security.csv_safe import to_csv
from programs.forms import CheckInForm
from programs.portal import check_in as portal
from programs.portal.export import client_data, flatten
from programs.services import ProgramError

PROGRESS_WEEKS = 4


@require_safe
@transaction.non_atomic_requests  # read-only: saves BEGIN + COMMIT (docs/benchmarks.md)
@portal_required
def portal_home(request):
    """Queries: active program with the client record and whether today is logged (the
    record alone if there is no program), the current phase's exercises."""
    today = timezone.localdate()
    client, program = portal.signed_in_client_and_program(request.user, logged_on=today)
    context = {"client": client, "program": program}
    if program is not None and program.current_phase_id:
        context.update(
            week=portal.phase_week(program, today=today),
            items=portal.current_items(program),
            today_logged=program.is_logged,
        )
    return render(request, "programs/portal/portal_home.html", context)


def _chosen_day(raw: str | None, today: datetime.date) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(raw or "")
    except ValueError:
        return today
    return day if day in portal.loggable_days(today) else today


@never_cache
@require_http_methods(["GET", "POST"])
@portal_required
@once_per_key
def portal_check_in(request):
    client = request.user.client_record
    today = timezone.localdate()
    program = portal.active_program_for(client)
    if program is None or program.current_phase_id is None:
        return render(request, "programs/portal/portal_check_in.html", {"program": None})
    items = portal.current_items(program)
    day = _chosen_day(request.GET.get("day"), today)
    existing = program.logs.filter(performed_on=day).first()
    initial = {"program": program.pk, "day": day}
    if existing is not None:
        initial.update(
            pain_before=existing.pain_before,
            pain_after=existing.pain_after,
            leg_symptoms=existing.leg_symptoms,
            effort=existing.effort,
            note=existing.note,
            done=list(existing.completions.values_list("program_exercise_id", flat=True)),
        )
    form = CheckInForm(request.POST or None, initial=initial, items=items)
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = portal.record_check_in(
                client=client,
                program_id=data["program"],
                day=data["day"],
                pain_before=data["pain_before"],
                pain_after=data["pain_after"],
                leg_symptoms=data["leg_symptoms"],
                effort=data["effort"],
                note=data["note"],
                done_item_ids=data["done"],
                red_flag_yes=form.red_flag_yes,
                by=request.user,
                today=today,
            )
        except ProgramError as error:
            form.add_error(None, str(error))
        else:
            if result.red_flag is not None:
                return redirect("programs:portal_urgent")
            messages.success(
                request,
                f"Session for {data['day']:%A %-d %B} saved. Well done."
                if result.created
                else f"Session for {data['day']:%A %-d %B} updated.",
            )
            return redirect("programs:portal_home")
    editable = existing is None or timezone.localdate(existing.created_at) == today
    return render(
        request,
        "programs/portal/portal_check_in.html",
        {
            "program": program,
            "items": items,
            "form": form,
            "day": day,
            "days": portal.loggable_days(today),
            "existing": existing,
            "editable": editable,
            "done_values": {str(v) for v in (form["done"].value() or [])},
        },
    )


@require_safe
@transaction.non_atomic_requests  # read-only: saves BEGIN + COMMIT (docs/benchmarks.md)
@portal_required
def portal_urgent(request):
    """Shown after a check-in with a "yes" to a safety question."""
    return render(request, "programs/portal/portal_urgent.html")


@require_safe
@transaction.non_atomic_requests  # read-only: saves BEGIN + COMMIT (docs/benchmarks.md)
@portal_required
def portal_progress(request):
    """Queries: program with the client record (the record alone if there is no program),
    logs, journey, assessments, next consultation."""
    client, program = portal.signed_in_client_and_program(request.user)
    context = {"client": client, "program": program}
    if program is not None:
        context.update(_program_progress(program, today=timezone.localdate()))
    context.update(
        assessments=list(
            Assessment.objects.active()
            .completed()
            .filter(client=client)
            .order_by("assessed_on", "id")
            .only("id", "client_id", "assessed_on", "odi_answers", "psfs_items", "pain_now")
        ),
        next_consultation=_next_consultation(client),
    )
    return render(request, "programs/portal/portal_progress.html", context)


def _program_progress(program, *, today: datetime.date) -> dict:
    """The pain chart, the calendar of sessions logged, and the program's journey."""
    chart = portal.pain_chart_context(program, today=today)
    calendar_since = today - datetime.timedelta(days=PROGRESS_WEEKS * 7 - 1)
    calendar_logs = [log for log in chart["pain_logs"] if log.performed_on >= calendar_since]
    return {
        **chart,
        "calendar": portal.adherence_weeks(calendar_logs, today=today, weeks=PROGRESS_WEEKS),
        "sessions_logged": len(calendar_logs),
        "events": list(
            program.events.select_related("from_phase", "to_phase").order_by("at", "id")
        ),
    }


def _next_consultation(client) -> Consultation | None:
    return (
        Consultation.objects.active()
        .filter(portal.consultation_filter(client), start__gte=timezone.now())
        .exclude(status=Consultation.Status.NO_SHOW)
        .order_by("start")
        .only("id", "start", "end", "practitioner_id")
        .first()
    )


@require_safe
@transaction.non_atomic_requests  # read-only: saves BEGIN + COMMIT (docs/benchmarks.md)
@portal_required
def portal_program_print(request):
    client = request.user.client_record
    program = portal.active_program_for(client)
    items = portal.current_items(program) if program is not None else []
    return render(
        request,
        "programs/portal/portal_print.html",
        {"client": client, "program": program, "items": items},
    )


def _download(content: str, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@transaction.non_atomic_requests  # read-only: saves BEGIN + COMMIT (docs/benchmarks.md)
@portal_required
def portal_export_json(request):
    data = client_data(request.user.client_record)
    return _download(
        json.dumps(data, indent=2, ensure_ascii=False, default=str),
        filename="my-clinic-data.json",
        content_type="application/json; charset=utf-8",
    )


@require_safe
@transaction.non_atomic_requests  # read-only: saves BEGIN + COMMIT (docs/benchmarks.md)
@portal_required
def portal_export_csv(request):
    data = client_data(request.user.client_record)
    rows = [("section", "record", "field", "value"), *flatten(data)]
    return _download(
        to_csv(rows), filename="my-clinic-data.csv", content_type="text/csv; charset=utf-8"
    )
