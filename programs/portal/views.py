"""The client portal: today's exercises, the check-in, progress, a printable copy, my data.

Every view reads the signed-in client's own record (``request.user.client_record``)
and nothing else: no portal URL carries another client's id.
"""

import datetime
import json
from contextlib import nullcontext
from dataclasses import dataclass

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from clients.assessments.progress import client_odi_change
from clients.body_chart.forms import BodyChartForm
from clients.models import Assessment, Client, Consultation, QuestionnaireResponse, SafetyCheck
from clients.questionnaires import services as questionnaires
from clients.red_flags import services as red_flags
from clients.vocab import CAUDA_EQUINA_RED_FLAGS, CHECK_IN_RED_FLAGS
from clinic.access import portal_required
from clinic.once import once_per_key
from clinic.page_cache import cached_page
from clinic.security.csv_safe import to_csv
from programs.forms import CheckInForm, SafetyCheckForm
from programs.models import ClientProgram, ExerciseCompletion
from programs.portal import check_in as portal
from programs.portal.export import client_data, flatten
from programs.services import ProgramError

PROGRESS_WEEKS = 4


@require_safe
@transaction.non_atomic_requests  # read-only: saves BEGIN + COMMIT (docs/benchmarks.md)
@portal_required
@cached_page
def portal_home(request):
    """Queries: active program with the client record, whether today is logged, an open
    red flag, this week's safety card and an intake form to fill (the record alone if
    there is no program), an open questionnaire, the current phase's exercises (none while
    a red flag stops them) and their photos and clips."""
    today = timezone.localdate()
    client, program = portal.signed_in_client_and_program(request.user, logged_on=today)
    context = {
        "client": client,
        "program": program,
        "safety_form": SafetyCheckForm(),
        "intake": client.intake_to_fill,
    }
    context["questionnaire"] = questionnaires.open_for_client(client, today=today)
    if program is not None and program.current_phase_id:
        # A summary first; each exercise in full (pictures, steps) sits in one closed
        # disclosure, which the service worker keeps for offline use.
        items = [] if client.open_red_flag else portal.current_items(program, with_media=True)
        context.update(
            week=portal.phase_week(program, today=today),
            items=items,
            session_minutes=max(1, round(sum(i.seconds_per_session for i in items) / 60)),
            sessions_today=program.sessions_on_day,
            per_day=program.prescribed_per_day,
        )
    return render(request, "programs/portal/portal_home.html", context)


def _chosen_day(raw: str | None, today: datetime.date) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(raw or "")
    except ValueError:
        return today
    return day if day in portal.loggable_days(today) else today


def save_safety_answers(request, client, codes, source) -> bool:
    """Save the safety answers in the POST before anything else is validated, each
    door the same way; True when a "yes" raised a red flag (the urgent page next)."""
    check = red_flags.record_safety_answers(
        client=client,
        answers=red_flags.answers_from(request.POST, codes),
        source=source,
        by=request.user,
        note=request.POST.get("note", ""),
    )
    return check is not None and check.red_flag_id is not None


@dataclass(frozen=True)
class CheckInDoor:
    """What every check-in door (the check-in form, the guided session's end screen)
    knows before it looks at the session: the client, their active program, whether a
    safety "yes" in the POST raised a red flag, and whether there is nothing to log."""

    client: Client
    program: ClientProgram | None  # with open_red_flag as it was before this POST
    flagged: bool
    closed: bool  # no program, no phase, or exercise stopped by an open red flag


def open_check_in(request) -> CheckInDoor:
    """Save the POST's safety answers first, on their own (a "yes" counts whatever else
    is refused), and read the client's program."""
    client = request.user.client_record
    program = portal.active_program_for(client)
    flagged = request.method == "POST" and save_safety_answers(
        request, client, CHECK_IN_RED_FLAGS, SafetyCheck.Source.CHECK_IN
    )
    closed = program is None or program.current_phase_id is None or program.open_red_flag
    return CheckInDoor(client=client, program=program, flagged=flagged, closed=bool(closed))


def _chosen_session(raw: str | None, day_logs: list):
    """The session of the day picked to be changed (``?session=N``), or None: a new one."""
    return next((log for log in day_logs if str(log.session_number) == raw), None)


@never_cache
@require_http_methods(["GET", "POST"])
@transaction.non_atomic_requests  # a safety "yes" commits first, in its own transaction
@portal_required
@once_per_key(atomic=False)
def portal_check_in(request):
    door = open_check_in(request)
    client, program, flagged = door.client, door.program, door.flagged
    if door.closed:
        if flagged:
            return redirect("programs:portal_urgent")
        return render(request, "programs/portal/portal_check_in.html", {"program": program})
    # A GET reads only; a POST saves the session in one transaction, after the answers.
    with transaction.atomic() if request.method == "POST" else nullcontext():
        form, context = _check_in_form(request, client, program)
        chart_form = context["chart_form"]
        valid = form.is_bound and all([form.is_valid(), chart_form.is_valid()])
        saved = valid and _save_check_in(request, form, client, flagged, chart_form.marks)
    if flagged:
        return redirect("programs:portal_urgent")
    if saved:
        return redirect("programs:portal_home")
    return render(request, "programs/portal/portal_check_in.html", context)


def _check_in_form(request, client, program) -> tuple[CheckInForm, dict]:
    """The check-in form for the chosen day (filled from that day's log, if any)."""
    today = timezone.localdate()
    items = portal.current_items(program)
    day = _chosen_day(request.GET.get("day"), today)
    day_logs = list(
        program.logs.filter(performed_on=day)
        .select_related("body_chart")
        .order_by("session_number")
    )
    existing = _chosen_session(request.GET.get("session"), day_logs)
    initial = {"program": program.pk, "day": day}
    if existing is not None:
        initial.update(
            session=existing.session_number,
            pain_before=existing.pain_before,
            pain_after=existing.pain_after,
            leg_symptoms=existing.leg_symptoms,
            effort=existing.effort,
            note=existing.note,
            done=list(
                existing.completions.filter(status=ExerciseCompletion.Status.DONE).values_list(
                    "program_exercise_id", flat=True
                )
            ),
        )
    form = CheckInForm(request.POST or None, initial=initial, items=items)
    chart = existing.body_chart if existing is not None else None
    chart_form = BodyChartForm(
        request.POST or None, initial_marks=chart.marks_by_field() if chart else {}
    )
    return form, {
        "chart_form": chart_form,
        "program": program,
        "items": items,
        "form": form,
        "day": day,
        "days": portal.loggable_days(today),
        "existing": existing,
        "day_logs": day_logs,
        "editable": existing is None or timezone.localdate(existing.created_at) == today,
        "today": today,
        "done_values": {str(v) for v in (form["done"].value() or [])},
    }


def _save_check_in(request, form: CheckInForm, client, flagged: bool, marks: dict) -> bool:
    """Save the session of a valid form; False (the error on the form) if refused."""
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
            by=request.user,
            session_number=data["session"],
        )
    except ProgramError as error:
        form.add_error(None, str(error))
        return False
    portal.save_check_in_chart(log=result.log, marks=marks, by=request.user)
    if not flagged:  # the urgent page says what matters now
        number, day = result.log.session_number, f"{data['day']:%A %-d %B}"
        messages.success(
            request,
            f"Session {number} for {day} saved. Well done."
            if result.created
            else f"Session {number} for {day} updated.",
        )
    return True


@never_cache
@require_http_methods(["GET", "POST"])
@transaction.non_atomic_requests  # the answers commit on their own, before anything else
@portal_required
@once_per_key(atomic=False)
def portal_safety_check(request):
    """The weekly safety card: the three cauda-equina questions, answered on their own."""
    client = request.user.client_record
    form = SafetyCheckForm(request.POST or None)
    if request.method == "POST" and save_safety_answers(
        request, client, CAUDA_EQUINA_RED_FLAGS, SafetyCheck.Source.WEEKLY
    ):
        return redirect("programs:portal_urgent")
    if form.is_bound and form.is_valid():
        messages.success(request, "Thank you. Nothing there needs a call today.")
        return redirect("programs:portal_home")
    return render(request, "programs/portal/portal_safety_check.html", {"form": form})


@require_safe
@transaction.non_atomic_requests  # read-only: saves BEGIN + COMMIT (docs/benchmarks.md)
@portal_required
def portal_urgent(request):
    """Shown after a check-in with a "yes" to a safety question."""
    return render(request, "programs/portal/portal_urgent.html")


@require_safe
@transaction.non_atomic_requests  # read-only: saves BEGIN + COMMIT (docs/benchmarks.md)
@portal_required
@cached_page
def portal_progress(request):
    """Queries: program with the client record (the record alone if there is no program),
    logs, journey, assessments, answered questionnaires, next consultation."""
    client, program = portal.signed_in_client_and_program(request.user)
    context = {"client": client, "program": program}
    if program is not None:
        context.update(_program_progress(program, today=timezone.localdate()))
    assessments = list(
        Assessment.objects.active()
        .completed()
        .filter(client=client)
        .order_by("assessed_on", "id")
        .only("id", "client_id", "assessed_on", "odi_answers", "psfs_items", "pain_now")
    )
    answered = list(
        QuestionnaireResponse.objects.answered().filter(client=client).order_by("due_on", "id")
    )
    rows = [(a.assessed_on, False, a) for a in assessments]
    rows += [(r.due_on, True, r) for r in answered]
    rows.sort(key=lambda row: (row[0], row[1]))
    context.update(
        assessments=assessments,
        score_rows=[{"day": day, "yours": yours, "scores": scores} for day, yours, scores in rows],
        odi_change=client_odi_change(assessments),
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
        # Every log of the chart's 8 weeks: the first row may start before the 28 days.
        "calendar": portal.adherence_weeks(chart["pain_logs"], today=today, weeks=PROGRESS_WEEKS),
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
        .select_related("appointment_type")
        .only("id", "start", "end", "practitioner_id", "appointment_type__name")
        .first()
    )


@require_safe
@transaction.non_atomic_requests  # read-only: saves BEGIN + COMMIT (docs/benchmarks.md)
@portal_required
def portal_program_print(request):
    client = request.user.client_record
    program = portal.active_program_for(client)
    stopped = program is not None and program.open_red_flag
    items = (
        portal.current_items(program, with_media=True)
        if program is not None and not stopped
        else []
    )
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
