"""A client's program, seen from the practice: assign, adjust, progress, print."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from clients.access import get_client_for
from clients.assessments import findings
from clients.consent.services import consent_state
from clients.questionnaires import services as questionnaire_services
from clinic.access import practice_required
from clinic.once import once_per_key
from clinic.page_cache import cached_page
from clinic.prepared import PreparedQuery, practice_viewer, viewer_id
from programs import services
from programs.access import (
    client_programs_queryset,
    get_active_program,
    get_client_programs_for,
    get_program_item_for,
    get_program_phase_for,
)
from programs.forms import (
    AssignForm,
    ClearanceForm,
    EndProgramForm,
    PhaseChangeForm,
)
from programs.models import ClientProgram, Exercise, ProgramExercise
from programs.outcomes import exercise_rows, outcome_annotations
from programs.portal.check_in import pain_chart_context, pain_rows_html
from programs.progression import (
    adherence_window,
    evaluate_program,
    prescribed_sessions,
    prescription_of,
)
from programs.suggestions import suggest_exercises
from programs.views import editor
from programs.views.common import (
    attempt,
    form_errors,
    phase_items_context,
)

# Of a prescribed exercise's library entry the program page shows only the name.
EXERCISE_SHOWN = {"id", "name"}


def _items_queryset(*, program, start, today):
    """The active exercises of every phase of the program ``program`` (an id), with their
    exercise's name and their outcomes over the adherence window (``programs.outcomes``;
    the program started on ``start``), in each phase's order."""
    return (
        ProgramExercise.objects.active()
        .filter(phase__program=program)
        .annotate(**outcome_annotations(program_id=program, start=start, today=today))
        .select_related("exercise")
        .defer(
            *(
                f"exercise__{f.name}"
                for f in Exercise._meta.concrete_fields
                if f.name not in EXERCISE_SHOWN
            )
        )
        .order_by("phase_id", "position", "id")
    )


# Built once per process: building and compiling its annotations was a fifth of the page.
_prepared_items = PreparedQuery(_items_queryset, dates=("today", "start"), ids=("program",))


def _phases(program, *, today):
    """The program's phases in order, each with ``active_items`` (``_items_queryset``):
    two queries.

    Of the exercise only its name is read (the row links to it by ``exercise_id``); its
    long texts and JSON lists are left in the database.
    """
    phases = list(program.phases.order_by("position", "id"))
    by_phase = {phase.pk: phase for phase in phases}
    for phase in phases:
        phase.active_items = []
    for item in _prepared_items(program=program.pk, start=program.start_date, today=today):
        phase = by_phase[item.phase_id]
        item.phase = phase  # as the prefetch did: no query for item.phase
        phase.active_items.append(item)
    return phases


def _redirect_to_program(client):
    return redirect("programs:program_detail", client.pk)


def _active_program_context(program: ClientProgram, *, has_red_flag: bool, today) -> dict:
    """The active program's phases, chart, progression check, events and forms."""
    phases = _phases(program, today=today)
    # The chart's 8 weeks of logs also serve the criteria (their 14 days): one query.
    chart = pain_chart_context(program, today=today)
    evaluation = evaluate_program(
        program, phases=phases, has_red_flag=has_red_flag, today=today, logs=chart["pain_logs"]
    )
    current = next((phase for phase in phases if phase.pk == program.current_phase_id), None)
    items = current.active_items if current is not None else []
    prescription = prescription_of(items)
    first, last = adherence_window(program_start=program.start_date, today=today)
    return {
        **chart,
        "pain_rows_html": pain_rows_html(chart["pain_rows"], show_notes=True),
        "phases": phases,
        "evaluation": evaluation,
        # Sessions against the prescription, and each exercise's outcomes (counted with
        # the phases' items: no query).
        "window_sessions": sum(1 for log in chart["pain_logs"] if first <= log.performed_on),
        "window_prescribed": round(
            prescribed_sessions(
                program_start=program.start_date, per_week=prescription.per_week, today=today
            )
        ),
        "window_days": (last - first).days + 1,
        "exercise_rows": exercise_rows(program, items, today=today),
        "events": list(program.events.select_related("by", "from_phase", "to_phase")),
        "program_url": program.get_absolute_url(),
        # Own id prefixes: with the clearance form on the same page, "id_note" was
        # twice on it, and the "Why" label pointed at the clearance's textarea.
        "phase_form": PhaseChangeForm(version=program.version, auto_id="phase-change-%s"),
        "end_form": EndProgramForm(version=program.version, auto_id="end-program-%s"),
        **phase_items_context(),
    }


def _page_programs_queryset(*, today, practitioner, client):
    """``client_programs_queryset`` as practice staff see it (``practitioner``: the
    signed-in practitioner's id; None: the owner, who sees every client), with the
    questionnaire summary read along (none: its own two queries)."""
    return client_programs_queryset(
        practice_viewer(practitioner),
        client,
        annotations=questionnaire_services.summary_annotations(today=today),
    )


# Built once per process and shape (owner or practitioner): building and compiling its
# annotations was a quarter of the program page. The access rule is
# ``Client.objects.visible_to``'s, in SQL (the owner's setting is read by the query).
_prepared_page_programs = PreparedQuery(
    _page_programs_queryset, dates=("today",), ids=("practitioner", "client")
)


def _page_programs(user, client_pk, *, today) -> list[ClientProgram]:
    """The client's programs as ``user`` (practice staff: the page's decorator) sees them."""
    return _prepared_page_programs(today=today, practitioner=viewer_id(user), client=client_pk)


@require_safe
@transaction.non_atomic_requests  # read-only: no BEGIN/COMMIT round trips
@practice_required
@cached_page
def program_detail(request, client_pk):
    today = timezone.localdate()
    found = get_client_programs_for(
        request.user, client_pk, programs=_page_programs(request.user, client_pk, today=today)
    )
    program = found.active
    if found.programs:
        questionnaires = questionnaire_services.summary_from_annotations(found.programs[0])
    else:
        questionnaires = questionnaire_services.summary_for(found.client, today=today)
    context = {
        "client": found.client,
        "program": program,
        "open_flags": found.open_flags,
        "clearance_form": ClearanceForm(),
        "past_programs": found.ended,
        "questionnaires": questionnaires,
    }
    if program is not None:
        context.update(
            _active_program_context(program, has_red_flag=bool(found.open_flags), today=today)
        )
    return render(request, "programs/program_detail.html", context)


@require_http_methods(["GET", "POST"])
@practice_required
@once_per_key
def program_assign(request, client_pk):
    client = get_client_for(request.user, client_pk)
    finding_codes = findings.latest_finding_codes(client)
    suggestions = suggest_exercises(finding_codes=finding_codes)
    form = AssignForm(request.POST or None, suggestions=suggestions)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.assign_program(
                client=client,
                template=data["template"],
                start_date=data["start_date"],
                by=request.user,
                extra_exercises=data["suggestions"],
                note=data["note"],
            )
        except services.ProgramError as error:
            form.add_error(None, str(error))
        else:
            assigned = f"“{data['template']}” assigned to {client}."
            messages.success(request, f"{assigned} Adjust any exercise below for them.")
            return _redirect_to_program(client)
    return _assign_page(request, client, form, suggestions)


def _assign_page(request, client, form, suggestions):
    context = {
        "client": client,
        "form": form,
        "suggestions": suggestions,
        "chosen": {str(pk) for pk in form["suggestions"].value() or []},
        "open_flags": list(client.red_flags.unresolved()),
        "clearance_form": ClearanceForm(),
        "current": get_active_program(client),
        "consent": consent_state(client),
    }
    return render(request, "programs/program_assign.html", context)


@require_POST
@practice_required
def program_clearance(request, client_pk):
    client = get_client_for(request.user, client_pk)
    form = ClearanceForm(request.POST)
    back = "programs:program_assign" if request.POST.get("next") == "assign" else None
    if form.is_valid():
        try:
            count = services.record_medical_clearance(
                client=client,
                by=request.user,
                cleared_by_name=form.cleaned_data["cleared_by_name"],
                note=form.cleaned_data["note"],
            )
        except services.ProgramError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"Medical clearance recorded; {count} red flag{'s' if count != 1 else ''} "
                "resolved. You may now assign or progress the program.",
            )
    else:
        form_errors(request, form)
    if back:
        return redirect(back, client.pk)
    return _redirect_to_program(client)


def _active_program_or_message(request, client):
    program = get_active_program(client)
    if program is None:
        messages.error(request, f"{client} has no active program.")
    return program


@require_POST
@practice_required
def program_phase(request, client_pk):
    client = get_client_for(request.user, client_pk)
    program = _active_program_or_message(request, client)
    form = PhaseChangeForm(request.POST)
    if program is not None and form.is_valid():
        step = form.cleaned_data["step"]
        attempt(
            request,
            "Moved on to the next phase." if step == 1 else "Stepped back a phase.",
            services.advance_phase,
            program=program,
            by=request.user,
            expected_version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
            step=step,
        )
    elif program is not None:
        form_errors(request, form)
    return _redirect_to_program(client)


@require_POST
@practice_required
def program_end(request, client_pk):
    client = get_client_for(request.user, client_pk)
    program = _active_program_or_message(request, client)
    form = EndProgramForm(request.POST)
    if program is not None and form.is_valid():
        attempt(
            request,
            f"“{program.name}” ended. It stays in {client}'s history.",
            services.end_program,
            program=program,
            by=request.user,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )
    elif program is not None:
        form_errors(request, form)
    return _redirect_to_program(client)


@require_http_methods(["GET", "POST"])
@practice_required
def program_phase_edit(request, client_pk, phase_pk):
    return editor.edit_phase(request, get_program_phase_for(request.user, client_pk, phase_pk))


@require_POST
@practice_required
@once_per_key
def program_item_add(request, client_pk, phase_pk):
    return editor.add_to_phase(request, get_program_phase_for(request.user, client_pk, phase_pk))


@require_http_methods(["GET", "POST"])
@practice_required
def program_item_edit(request, client_pk, item_pk):
    return editor.edit_exercise(request, get_program_item_for(request.user, client_pk, item_pk))


@require_POST
@practice_required
def program_item_move(request, client_pk, item_pk):
    return editor.move_exercise(request, get_program_item_for(request.user, client_pk, item_pk))


@require_POST
@practice_required
def program_item_remove(request, client_pk, item_pk):
    return editor.remove_exercise(request, get_program_item_for(request.user, client_pk, item_pk))


@require_safe
@practice_required
def program_handout(request, client_pk):
    """The current phase on paper: exercises with dosage, cues, images, the disclaimer."""
    client = get_client_for(request.user, client_pk)
    program = get_active_program(client)
    items = []
    stopped = services.red_flag_refusal(client) is not None  # exercise stopped: none on paper
    if program is not None and program.current_phase_id and not stopped:
        items = list(
            ProgramExercise.objects.active()
            .filter(phase_id=program.current_phase_id)
            .select_related("exercise")
            .prefetch_related("exercise__media")
            .order_by("position", "id")
        )
    return render(
        request,
        "programs/program_handout.html",
        {"client": client, "program": program, "items": items, "stopped": stopped},
    )
