from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from clients import client_page, services
from clients.access import get_client_for
from clients.assessments.progress import progress_series
from clients.forms import ArchiveForm, ClientForm, PlainFieldsForm, SessionNoteForm
from clients.intake.sections import SECTIONS as INTAKE_SECTIONS
from clients.links import pk_url, red_flag_banner, red_flag_lines
from clients.models import Assessment, Client, RedFlag
from clients.notices import notices_for
from clients.questionnaires.views import responses_for
from clients.timeline.base import timeline_for
from clients.timeline.entries import client_assessments, client_red_flags
from clinic.access import practice_required
from clinic.history import history_entries
from clinic.models import User
from clinic.once import once_per_key
from clinic.page_cache import cached_page

PAGE_SIZE = 25
# The client page shows the latest timeline entries; the timeline page pages through all.
TIMELINE_ON_CLIENT_PAGE = 20
TIMELINE_PAGE_SIZE = 50
# What a row of the client list shows (the practitioner by name).
LIST_FIELDS = [
    "first_name",
    "last_name",
    "status",
    "email",
    "phone",
    "practitioner__first_name",
    "practitioner__last_name",
    "practitioner__email",
]

# The client list's banner names the latest open red flags and links to the dashboard,
# which lists them all: 50 lines of banner above the list cost a third of the page.
BANNER_RED_FLAGS = 5


class ClientFilterForm(PlainFieldsForm):
    # Rendered with plain markup (includes/plain_field.html), hence the widget classes.
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text="Name, email or phone",
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    status = forms.ChoiceField(
        choices=[("", "Current (not archived)"), *Client.Status.choices, ("all", "All")],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    practitioner = forms.ModelChoiceField(
        queryset=User.objects.practitioners(),
        required=False,
        empty_label="Any practitioner",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def apply(self, clients):
        if not self.is_valid():
            return clients.exclude(status=Client.Status.ARCHIVED)
        data = self.cleaned_data
        clients = clients.search(data["q"])
        if data["status"] == "":
            clients = clients.exclude(status=Client.Status.ARCHIVED)
        elif data["status"] != "all":
            clients = clients.filter(status=data["status"])
        if data["practitioner"]:
            clients = clients.filter(practitioner=data["practitioner"])
        return clients


@require_safe
@transaction.non_atomic_requests  # read-only: no BEGIN/COMMIT round trips
@practice_required
@cached_page
def client_list(request):
    filters = ClientFilterForm(request.GET)
    clients = filters.apply(
        Client.objects.visible_to(request.user)
        .select_related("practitioner")
        .only(*LIST_FIELDS)
        .annotate(open_red_flags=Exists(RedFlag.objects.unresolved().filter(client=OuterRef("pk"))))
        .order_by("last_name", "first_name", "id")
    )
    page = Paginator(clients, PAGE_SIZE).get_page(request.GET.get("page"))
    url_for = pk_url("clients:client_detail")
    for client in page.object_list:
        client.url = url_for(client.pk)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filters": filters,
        "status_options": filters.options("status"),
        "practitioner_options": filters.options("practitioner"),
        "querystring": query.urlencode(),
        **red_flag_banner(request.user, limit=BANNER_RED_FLAGS),
    }
    return render(request, "clients/client_list.html", context)


@require_http_methods(["GET", "POST"])
@practice_required
@once_per_key
def client_create(request):
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = services.save_client(client=form.instance, by=request.user)
        messages.success(request, f"{client.full_name} was added.")
        return redirect(client)
    return render(request, "clients/client_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@practice_required
def client_edit(request, pk):
    client = get_client_for(request.user, pk)
    form = ClientForm(request.POST or None, instance=client)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_client(
                client=form.instance, by=request.user, expected_version=form.expected_version
            )
        except services.ClientError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Changes saved.")
            return redirect(client)
    return render(request, "clients/client_form.html", {"form": form, "client": client})


def _chart_data(progress, client_reported=()) -> str:
    """The chart's points by date: the practitioner's assessments and, as their own
    series, the questionnaires the client answered between visits."""

    def number(value):
        return None if value is None else float(value)

    points = [(p.assessment.assessed_on, "assessment", p.odi, p.pain) for p in progress]
    points += [(r.due_on, "client", r.odi_percent, r.pain_now) for r in client_reported]
    points.sort(key=lambda point: (point[0], point[1]))

    def series(source: str, index: int) -> list:
        return [number(p[index]) if p[1] == source else None for p in points]

    return json.dumps(
        {
            "labels": [p[0].strftime("%d %b %Y") for p in points],
            "odi": series("assessment", 2),
            "pain": series("assessment", 3),
            "odi_client": series("client", 2),
            "pain_client": series("client", 3),
        }
    )


TREATMENTS = dict(Client.PREVIOUS_TREATMENTS)


def _assessments_with_links(client: Client) -> list[Assessment]:
    assessments = client_assessments(client)
    detail_url = pk_url("clients:assessment_detail", client.pk)
    edit_url = pk_url("clients:assessment_edit", client.pk)
    for a in assessments:
        a.url = detail_url(a.pk)
        a.open_url = edit_url(a.pk) if a.is_draft else a.url  # drafts open in the form
        a.day = formats.date_format(a.assessed_on, "j M Y")  # shown in two lists
    return assessments


def _detail_page(request, client: Client, note_form: SessionNoteForm | None = None):
    """``client`` from ``clients.client_page.page_client`` (with the page's columns)."""
    assessments = _assessments_with_links(client)
    # Loaded once for the page and its timeline (clients.timeline.entries reads these).
    client.timeline_assessments = assessments
    client.timeline_red_flags = client_red_flags(client)
    completed = [a for a in assessments if a.status == Assessment.Status.COMPLETED]
    progress = progress_series(completed)
    questionnaires = responses_for(client)
    answered = [r for r in reversed(questionnaires) if r.is_answered]
    consent = client_page.consent(client)
    client.timeline_consent = consent
    client.timeline_questionnaires = questionnaires
    timeline = timeline_for(client)
    has_portal_login = client.user is not None and client.user.has_usable_password()
    context = {
        "has_portal_login": has_portal_login,
        "client": client,
        "consent": consent,
        "treatments": [TREATMENTS.get(code, code) for code in client.previous_treatments],
        "chart_data": _chart_data(progress, answered),
        "show_chart": len(progress) + len(answered) > 1,
        "responses": questionnaires,
        "today": timezone.localdate(),
        "red_flags": red_flag_lines(
            flag for flag in client.timeline_red_flags if not flag.is_resolved
        ),
        "assessments": assessments[::-1],
        "progress": progress,
        "course": client_page.course(client),
        "intake": client_page.intake(client),
        "intake_total": len(INTAKE_SECTIONS),
        "timeline": timeline[:TIMELINE_ON_CLIENT_PAGE],
        "timeline_total": len(timeline),
        "note_form": note_form or SessionNoteForm(),
        "notices": [] if client.is_archived else notices_for(client),
        # The portal card shows the latest invitation only to clients without a login.
        "invitation": None if has_portal_login else client_page.invitation(client),
    }
    return render(request, "clients/client_detail.html", context)


@require_safe
@transaction.non_atomic_requests  # read-only: no BEGIN/COMMIT round trips
@practice_required
@cached_page
def client_detail(request, pk):
    return _detail_page(request, client_page.page_client(request.user, pk))


@require_safe
@transaction.non_atomic_requests  # read-only: no BEGIN/COMMIT round trips
@practice_required
def client_timeline(request, pk):
    client = get_client_for(request.user, pk)
    page = Paginator(timeline_for(client), TIMELINE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "clients/client_timeline.html", {"client": client, "page": page, "querystring": ""}
    )


@require_safe
@practice_required
def client_history(request, pk):
    client = get_client_for(request.user, pk)
    return render(
        request,
        "clients/client_history.html",
        {"client": client, "entries": history_entries(client)},
    )


@require_http_methods(["GET", "POST"])
@practice_required
def client_archive(request, pk):
    client = get_client_for(request.user, pk)
    form = ArchiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.archive_client(
                client=client, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.ClientError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"{client.full_name} was archived. You can restore them.")
        return redirect(client)
    return render(request, "clients/client_archive.html", {"client": client, "form": form})


@require_POST
@practice_required
def client_restore(request, pk):
    client = get_client_for(request.user, pk)
    try:
        services.restore_client(client=client, by=request.user)
    except services.ClientError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"{client.full_name} was restored as {client.get_status_display()}."
        )
    return redirect(client)


@require_POST
@practice_required
@once_per_key
def note_create(request, pk):
    client = get_client_for(request.user, pk)
    form = SessionNoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The note was not saved: see the message by the note form.")
        return _detail_page(request, client_page.page_client(request.user, pk), note_form=form)
    try:
        services.add_session_note(client=client, by=request.user, **form.cleaned_data)
    except services.ClientError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Note added.")
    return redirect(client)
