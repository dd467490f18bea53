"""The practitioner schedules questionnaires (and sees what was answered and missed);
the client answers the open one in the portal."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from clients.access import get_client_for
from clients.models import Client, QuestionnaireResponse
from clients.models.questionnaire import ANSWER_WINDOW_DAYS
from clients.questionnaires import services
from clients.questionnaires.forms import AnswerForm, ScheduleForm
from clinic.access import portal_required, practice_required
from clinic.once import once_per_key


def responses_for(client: Client) -> list[QuestionnaireResponse]:
    """Every questionnaire asked of ``client``, newest first (one query)."""
    return list(QuestionnaireResponse.objects.filter(client=client).order_by("-due_on", "-id"))


@require_http_methods(["GET", "POST"])
@practice_required
@once_per_key
def questionnaires(request, pk: int):
    client = get_client_for(request.user, pk)
    schedule = services.running_schedule(client)
    activities = schedule.psfs_activities if schedule else services.default_activities(client)
    form = ScheduleForm(request.POST or None, activities=activities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.schedule_questionnaires(
                client=client,
                measures=data["measures"],
                psfs_activities=data["activities"],
                every_weeks=data["every_weeks"],
                starts_on=data["starts_on"],
                by=request.user,
            )
        except services.QuestionnaireError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"Questionnaires scheduled every {data['every_weeks']} week"
                f"{'s' if data['every_weeks'] != 1 else ''}. {client.first_name} gets an email "
                "and a card in the portal each time.",
            )
            return redirect("clients:questionnaires", client.pk)
    context = {
        "client": client,
        "schedule": schedule,
        "form": form,
        "responses": responses_for(client),
        "today": timezone.localdate(),
        "next_due": schedule.next_due_after(timezone.localdate()) if schedule else None,
        "window": ANSWER_WINDOW_DAYS,
    }
    return render(request, "clients/questionnaires/questionnaires.html", context)


@require_POST
@practice_required
def questionnaires_stop(request, pk: int):
    client = get_client_for(request.user, pk)
    if services.stop_questionnaires(client=client, by=request.user):
        messages.success(request, "No more questionnaires will be sent.")
    else:
        messages.info(request, "No questionnaires were scheduled.")
    return redirect("clients:questionnaires", client.pk)


@require_http_methods(["GET", "POST"])
@portal_required
def portal_questionnaire(request):
    client = get_object_or_404(Client, user=request.user)
    response = services.open_for_client(client)
    if response is None:
        return render(request, "clients/questionnaires/portal_none.html", {"client": client})
    form = AnswerForm(request.POST or None, response=response)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_questionnaire(response=response, by=request.user, **form.answers())
        except services.QuestionnaireError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Thank you! Your answers are with your practitioner.")
            return redirect("programs:portal_progress")
    return render(
        request,
        "clients/questionnaires/portal_questionnaire.html",
        {"client": client, "response": response, "form": form},
    )
