from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Q, Subquery
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from clients import services
from clients.access import get_assessment_for, get_client_for
from clients.assessments import prefill
from clients.assessments.forms import SECTIONS_BY_CODE, AssessmentForm
from clients.assessments.progress import COMPARED_FIELDS, comparisons_for, hip_text
from clients.assessments.scoring import ODI_SECTIONS
from clients.consent.services import consent_state
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
from clinic.page_cache import cached_page


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


RED_FLAG_SAVED = (
    "The red-flag screen has a “yes”, and the red flag is saved (whatever else the "
    "form says): stop exercise and refer the client to a physician."
)


def _raise_red_flag_first(request, client, assessment=None) -> bool:
    """A "yes" in the red-flag screen commits before anything else on the page is
    validated (these views opt out of ATOMIC_REQUESTS for it), whichever button or
    section sent the page. True when a flag is open for it."""
    return request.method == "POST" and bool(
        red_flags.raise_from_assessment(
            client=client, assessment=assessment, data=request.POST, by=request.user
        )
    )


def _wants_json(request) -> bool:
    """The page's script saving a section as the practitioner leaves it."""
    return "application/json" in request.headers.get("Accept", "")


def _section_to_save(request, assessment: Assessment) -> str | None:
    """The section a "Save section" button (or the page's script) sends, for a draft."""
    code = request.POST.get("save_section") if request.method == "POST" else None
    if code in SECTIONS_BY_CODE and assessment.status != Assessment.Status.COMPLETED:
        return code
    return None


def _render(request, form, client, assessment=None, **extra):
    action = (
        reverse("clients:assessment_edit", args=[client.pk, assessment.pk])
        if assessment is not None and assessment.pk
        else reverse("clients:assessment_create", args=[client.pk])
    )
    return render(
        request,
        "clients/assessments/assessment_form.html",
        {
            "form": form,
            "sections": form.navigation(),
            "client": client,
            "assessment": assessment,
            "new": assessment is None or assessment.pk is None,
            "form_action": action,
            # Completing needs the current consent: the form says so beside the button.
            "consent": consent_state(client)
            if assessment is None or assessment.pk is None or assessment.is_draft
            else None,
            **extra,
        },
    )


def _save_section(request, code: str, client, assessment: Assessment, red_flag: bool):
    """Validate and save one section (and the date) of a draft; the rest of the record
    stays as it was. The script gets JSON; without script the page comes back with
    everything as typed, the other sections not saved yet."""
    section = SECTIONS_BY_CODE[code]
    existing = assessment.pk is not None
    form = AssessmentForm(request.POST, instance=assessment, section=code)
    error = None
    if form.is_valid():
        try:
            saved = services.save_assessment(
                assessment=form.instance,
                by=request.user,
                complete=False,
                expected_version=form.expected_version if existing else None,
                chart_marks=form.chart_marks,
            )
        except services.ClientError as exc:
            error = str(exc)
    if _wants_json(request):
        if error or form.errors:
            return JsonResponse(
                {
                    "saved": False,
                    "section": code,
                    "red_flag": RED_FLAG_SAVED if red_flag else "",
                    "message": error
                    or f"{section.title} is not saved yet: fix the fields marked in it.",
                    "errors": {name: list(errs) for name, errs in form.errors.items()},
                },
                status=409 if error else 400,
            )
        return JsonResponse(
            {
                "saved": True,
                "section": code,
                "red_flag": RED_FLAG_SAVED if red_flag else "",
                "message": f"{section.title} saved to the draft.",
                "version": saved.version,
                "action": reverse("clients:assessment_edit", args=[client.pk, saved.pk]),
                "states": form.states(),
            }
        )
    if red_flag:
        messages.error(request, RED_FLAG_SAVED)
    if error or form.errors:
        if error:
            messages.error(request, error)
        full = AssessmentForm(request.POST, instance=assessment)
        full.full_clean()
        return _render(request, full, client, assessment if existing else None, section_failed=True)
    messages.success(
        request,
        f"{section.title} saved to the draft. The other sections keep what you typed; "
        "they are saved when you save them.",
    )
    return _render(request, AssessmentForm.as_typed(request.POST, instance=saved), client, saved)


def _assessment_page(request, client, assessment: Assessment):
    red_flag = _raise_red_flag_first(request, client, assessment if assessment.pk else None)
    code = _section_to_save(request, assessment)
    if code is not None:
        return _save_section(request, code, client, assessment, red_flag)
    if red_flag:
        messages.error(request, RED_FLAG_SAVED)
    form = AssessmentForm(
        request.POST or None, instance=assessment, completing="complete" in request.POST
    )
    if request.method == "POST" and form.is_valid():
        response = _save(request, form, client, assessment if assessment.pk else None)
        if response:
            return response
    return _render(request, form, client, assessment if assessment.pk else None)


@require_http_methods(["GET", "POST"])
@transaction.non_atomic_requests  # the red flag commits first, on its own
@practice_required
@once_per_key(atomic=False)
def assessment_create(request, pk):
    client = get_client_for(request.user, pk)
    if client.is_archived:
        messages.error(request, "Restore the client before recording assessments.")
        return redirect(client)
    return _assessment_page(request, client, Assessment(client=client, assessed_by=request.user))


@require_http_methods(["GET", "POST"])
@transaction.non_atomic_requests  # the red flag commits first, on its own
@practice_required
def assessment_edit(request, pk, assessment_pk):
    assessment = get_assessment_for(request.user, pk, assessment_pk)
    return _assessment_page(request, assessment.client, assessment)


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
@cached_page
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
