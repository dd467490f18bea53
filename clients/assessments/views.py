from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Q, Subquery
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from clients import services
from clients.access import get_assessment_for, get_client_for
from clients.assessments import prefill
from clients.assessments.forms import AssessmentForm
from clients.assessments.progress import COMPARED_FIELDS, comparisons_for, hip_text
from clients.assessments.scoring import ODI_SECTIONS
from clients.models import Assessment, BodyChartMark
from clients.models.assessment import HIP_DISPARITIES
from clients.notes.services import get_appointment_for_note
from clients.red_flags import services as red_flags
from clients.vocab import (
    AGGRAVATING_FACTORS,
    MUSCLE_FINDINGS,
    RED_FLAG_QUESTIONS,
    SYMPTOM_KINDS,
)
from clinic.access import practice_required
from clinic.history import history_entries
from clinic.once import once_per_key


def _save(request, form: AssessmentForm, client, assessment=None):
    """Run the save service for a valid form; return a redirect or None (message shown)."""
    try:
        saved = services.save_assessment(
            assessment=form.instance,
            by=request.user,
            complete=form.completing,
            expected_version=form.expected_version if assessment else None,
            chart_marks=form.chart_marks,
        )
    except services.ClientError as exc:
        messages.error(request, str(exc))
        return None
    if saved.is_draft:
        messages.success(request, "Draft saved. It stays a draft until you complete it.")
        return redirect("clients:assessment_edit", client.pk, saved.pk)
    messages.success(request, "Assessment completed.")
    return redirect(saved)


def _raise_red_flag_first(request, client, assessment=None) -> None:
    """A "yes" in the red-flag screen commits before anything else on the page is
    validated (these views opt out of ATOMIC_REQUESTS for it)."""
    if request.method == "POST" and red_flags.raise_from_assessment(
        client=client, assessment=assessment, data=request.POST, by=request.user
    ):
        messages.error(
            request,
            "The red-flag screen has a “yes”, and the red flag is saved (whatever else the "
            "form says): stop exercise and refer the client to a physician.",
        )


@require_http_methods(["GET", "POST"])
@transaction.non_atomic_requests  # the red flag commits first, on its own
@practice_required
@once_per_key(atomic=False)
def assessment_create(request, pk):
    client = get_client_for(request.user, pk)
    if client.is_archived:
        messages.error(request, "Restore the client before recording assessments.")
        return redirect(client)
    _raise_red_flag_first(request, client)
    assessment = Assessment(client=client, assessed_by=request.user)
    form = AssessmentForm(
        request.POST or None, instance=assessment, completing="complete" in request.POST
    )
    if request.method == "POST" and form.is_valid():
        response = _save(request, form, client)
        if response:
            return response
    return render(
        request,
        "clients/assessments/assessment_form.html",
        {"form": form, "client": client, "new": True},
    )


@require_http_methods(["GET", "POST"])
@transaction.non_atomic_requests  # the red flag commits first, on its own
@practice_required
def assessment_edit(request, pk, assessment_pk):
    assessment = get_assessment_for(request.user, pk, assessment_pk)
    client = assessment.client
    _raise_red_flag_first(request, client, assessment)
    form = AssessmentForm(
        request.POST or None, instance=assessment, completing="complete" in request.POST
    )
    if request.method == "POST" and form.is_valid():
        response = _save(request, form, client, assessment)
        if response:
            return response
    return render(
        request,
        "clients/assessments/assessment_form.html",
        {"form": form, "client": client, "assessment": assessment},
    )


def _labels(vocabulary: list[tuple[str, str]], codes: list[str]) -> list[str]:
    chosen = set(codes)
    return [label for code, label in vocabulary if code in chosen]


def _baselines(assessment: Assessment) -> list[Assessment]:
    """The client's first and latest completed assessments before ``assessment``, in date
    order: all that ``comparisons_for`` compares with. One query of at most two rows,
    however many assessments the client has had."""
    earlier = (
        Assessment.objects.active()
        .completed()
        .filter(client_id=assessment.client_id)
        .filter(
            Q(assessed_on__lt=assessment.assessed_on)
            | Q(assessed_on=assessment.assessed_on, pk__lt=assessment.pk)
        )
    )
    first = earlier.order_by("assessed_on", "id").values("pk")[:1]
    previous = earlier.order_by("-assessed_on", "-id").values("pk")[:1]
    return list(
        Assessment.objects.filter(Q(pk=Subquery(first)) | Q(pk=Subquery(previous)))
        .only(*COMPARED_FIELDS)
        .order_by("assessed_on", "id")
    )


def _summary_context(request, pk, assessment_pk) -> dict:
    assessment = get_assessment_for(request.user, pk, assessment_pk)
    history = _baselines(assessment)
    odi_rows = []
    for index, (_code, label, statements) in enumerate(ODI_SECTIONS):
        answers = assessment.odi_answers
        answer = answers[index] if answers else None
        odi_rows.append((label, answer, statements[answer] if answer is not None else ""))
    red_flag_rows = [
        (question, assessment.red_flag_answers.get(code))
        for code, question, _plain in RED_FLAG_QUESTIONS
    ]
    return {
        "assessment": assessment,
        "client": assessment.client,
        # The body chart's marks, with their chart: one query, marked or not.
        "chart_marks": list(
            BodyChartMark.objects.filter(chart__assessment=assessment).select_related("chart")
        ),
        "muscle_labels": _labels(MUSCLE_FINDINGS, assessment.muscle_findings),
        "kind_labels": _labels(SYMPTOM_KINDS, assessment.symptom_kinds),
        "aggravating_labels": _labels(AGGRAVATING_FACTORS, assessment.aggravating_factors),
        "comparisons": comparisons_for(assessment, history),
        "odi_rows": odi_rows,
        "red_flag_rows": red_flag_rows,
        # "Not assessed" and "none found" are both said, never left blank.
        "hip_rows": [
            (label.split(" (")[0], hip_text(assessment, prefix))
            for prefix, label, _side in HIP_DISPARITIES
        ],
    }


@require_safe
@transaction.non_atomic_requests  # read-only: no BEGIN/COMMIT round trips
@practice_required
def assessment_detail(request, pk, assessment_pk):
    return render(
        request,
        "clients/assessments/assessment_detail.html",
        _summary_context(request, pk, assessment_pk),
    )


@require_safe
@practice_required
def assessment_print(request, pk, assessment_pk):
    return render(
        request,
        "clients/assessments/assessment_print.html",
        _summary_context(request, pk, assessment_pk),
    )


@require_safe
@practice_required
def assessment_history(request, pk, assessment_pk):
    assessment = get_assessment_for(request.user, pk, assessment_pk)
    return render(
        request,
        "clients/assessments/assessment_history.html",
        {
            "assessment": assessment,
            "client": assessment.client,
            "entries": history_entries(assessment),
        },
    )


@require_POST
@practice_required
@once_per_key
def reassessment_start(request, pk):
    """From a reassessment appointment: a new draft pre-filled from the last assessment."""
    appointment = get_appointment_for_note(request.user, pk)
    try:
        draft = prefill.start_reassessment(client=appointment.client, by=request.user)
    except services.ClientError as exc:
        messages.error(request, str(exc))
        return redirect(appointment)
    messages.success(
        request, "Reassessment started from the last assessment: check each part and complete it."
    )
    return redirect("clients:assessment_edit", appointment.client_id, draft.pk)
