"""The guided session: one exercise per page, then one short end screen.

Every view reads the signed-in client's own program (``request.user.client_record``);
no URL carries a client's or a program's id, and a step number past the current
phase's exercises is a 404. The steps only read; the end screen saves the session.
"""

from __future__ import annotations

from contextlib import nullcontext

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from clients.body_chart.forms import BodyChartForm
from clinic.access import portal_required
from clinic.once import once_per_key
from clinic.page_cache import cached_page
from programs.guided import steps
from programs.guided.forms import SessionEndForm
from programs.models import Exercise, ProgramExercise
from programs.portal import check_in as portal
from programs.portal.views import open_check_in
from programs.services import ProgramError


def _session_items(program) -> list[ProgramExercise]:
    """The current phase's exercises in order, with their photos and clips and the
    library's easier versions (two more queries), from which each item's
    ``easier_to_offer`` picks the practitioner's choice."""
    easier = Exercise.objects.active().order_by("name")
    return list(
        ProgramExercise.objects.active()
        .filter(phase_id=program.current_phase_id)
        .select_related("exercise")
        .prefetch_related(
            "exercise__media",
            Prefetch("exercise__easier_variations", queryset=easier, to_attr="easier"),
        )
        .order_by("position", "id")
    )


def _step_url(number: int, query: list[tuple[str, str]]) -> str:
    url = reverse("programs:portal_session_step", args=[number])
    return f"{url}?{urlencode(query)}" if query else url


@require_safe
@transaction.non_atomic_requests  # read-only: saves BEGIN + COMMIT (docs/benchmarks.md)
@portal_required
@cached_page
def session_step(request, number: int):
    """Queries: the program with the client (and today's sessions), the exercises, their
    media, their easier versions; the record alone when there is nothing to do."""
    today = timezone.localdate()
    client, program = portal.signed_in_client_and_program(request.user, logged_on=today)
    context = {"client": client, "program": program}
    if program is None or program.current_phase_id is None or client.open_red_flag:
        return render(request, "programs/guided/session_closed.html", context)
    items = _session_items(program)
    if not 1 <= number <= len(items):
        raise Http404("No such exercise in today's session.")
    item = items[number - 1]
    progress = steps.progress_from(request.GET, [i.pk for i in items])
    carried = steps.carried_fields(progress, leave_out=item.pk)
    everything = steps.carried_fields(progress)
    is_last = number == len(items)
    context.update(
        item=item,
        exercise=item.exercise,
        easier=item.easier_to_offer(item.exercise.easier),
        number=number,
        total=len(items),
        mine=progress[item.pk],
        carried=carried,
        next_url=reverse("programs:portal_session_end")
        if is_last
        else reverse("programs:portal_session_step", args=[number + 1]),
        back_url=_step_url(number - 1, everything) if number > 1 else "",
        end_url=f"{reverse('programs:portal_session_end')}?{urlencode(everything)}",
        reasons=steps.REASONS.choices,
        sessions_today=program.sessions_on_day,
        per_day=program.prescribed_per_day,
    )
    return render(request, "programs/guided/session_step.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@transaction.non_atomic_requests  # a safety "yes" commits first, in its own transaction
@portal_required
@once_per_key(atomic=False)
def session_end(request):
    """The end screen. A POST saves the safety answers first, on their own (a "yes"
    raises the red flag even if the rest is refused), then the session, one row per
    exercise and the body chart's marks (if any) in one transaction, as a new session
    of today: the check-in's service and chart, as the check-in form saves them."""
    door = open_check_in(request)
    client, program, flagged = door.client, door.program, door.flagged
    if door.closed:
        if flagged:
            return redirect("programs:portal_urgent")
        return render(
            request, "programs/guided/session_closed.html", {"client": client, "program": program}
        )
    with transaction.atomic() if request.method == "POST" else nullcontext():
        items = portal.current_items(program)
        form = SessionEndForm(
            request.POST or None, initial=_initial(request, program, items), items=items
        )
        chart_form = BodyChartForm(request.POST or None)
        valid = form.is_bound and all([form.is_valid(), chart_form.is_valid()])
        result = valid and _save(request, form, client, chart_form.marks)
    if flagged:
        return redirect("programs:portal_urgent")
    if result:
        messages.success(request, f"Session {result.log.session_number} of today saved. Well done.")
        return redirect("programs:portal_home")
    context = {
        "program": program,
        "items": items,
        "form": form,
        "chart_form": chart_form,
        "today": timezone.localdate(),
    }
    return render(request, "programs/guided/session_end.html", context)


def _initial(request, program, items) -> dict:
    """Today, and what the steps said about each exercise (one the client did not reach,
    after "Finish now", is left for them to answer: nothing is assumed done)."""
    initial = {"program": program.pk, "day": timezone.localdate()}
    for item_id, said in steps.progress_from(request.GET, [i.pk for i in items]).items():
        initial[f"o{item_id}"] = said.status
        initial[f"r{item_id}"] = said.reason
        initial[f"h{item_id}"] = said.hurt
        initial[f"s{item_id}"] = said.sets
    return initial


def _save(request, form: SessionEndForm, client, marks: dict[str, str]):
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
            outcomes=form.outcomes(),
            by=request.user,
        )
    except ProgramError as error:
        form.add_error(None, str(error))
        return None
    portal.save_check_in_chart(log=result.log, marks=marks, by=request.user)
    return result
