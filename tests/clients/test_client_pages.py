from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.body_chart.services import save_assessment_chart
from clients.intake.services import create_link
from clients.models import (
    Client,
    ConsentSignature,
    ConsentVersion,
    PortalInvitation,
    QuestionnaireResponse,
    SessionNote,
)
from clients.questionnaires.services import schedule_questionnaires
from clients.timeline.base import timeline_for
from clients.views.clients import (
    BANNER_RED_FLAGS,
    PAGE_SIZE,
    TIMELINE_ON_CLIENT_PAGE,
    TIMELINE_PAGE_SIZE,
)
from programs.models import ProgramEvent
from tests import factories
from tests.programs.test_client_program import program_with

pytestmark = pytest.mark.django_db


def _client_form_data(**overrides) -> dict:
    data = {
        "first_name": "Dana",
        "last_name": "Fox",
        "email": "Dana.Fox@Example.org",
        "phone": "+1 555 0199",
        "daily_pattern": "desk",
        "previous_treatments": ["massage", "nerve_block"],
        "status": "lead",
        "referral_source": "friend",
        "goals": "Sit through a film without pain.",
    }
    data.update(overrides)
    return data


def test_a_practitioner_adds_a_client(practitioner_client, practitioner):
    data = _client_form_data(practitioner=practitioner.pk)
    response = practitioner_client.post(reverse("clients:client_create"), data, follow=True)
    client = Client.objects.get()
    assert response.redirect_chain[-1][0] == client.get_absolute_url()
    assert "Dana Fox was added." in response.content.decode()
    assert client.email == "dana.fox@example.org"
    assert client.previous_treatments == ["massage", "nerve_block"]
    assert client.history.get().history_user == practitioner


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"date_of_birth": (timezone.localdate() + timedelta(days=1)).isoformat()},
            "date_of_birth",
            "cannot be in the future",
        ),
        ({"email": "TAKEN@example.org"}, "email", "Another client already has this email"),
        ({"first_name": ""}, "first_name", "This field is required"),
        ({"status": "archived"}, "status", "Select a valid choice"),
    ],
    ids=["birth date in the future", "duplicate email", "no first name", "archived by hand"],
)
def test_bad_client_input_is_refused_at_the_field(practitioner_client, overrides, field, message):
    factories.ClientFactory(email="taken@example.org")
    response = practitioner_client.post(
        reverse("clients:client_create"), _client_form_data(**overrides)
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert Client.objects.count() == 1


def test_an_edit_from_a_stale_form_shows_a_conflict_and_saves_nothing(
    practitioner_client, practitioner
):
    client = factories.ClientFactory(practitioner=practitioner, occupation="Teacher")
    url = reverse("clients:client_edit", args=[client.pk])
    stale = {**_client_form_data(email=client.email), "loaded_version": client.version}
    first = {**stale, "occupation": "Nurse"}
    practitioner_client.post(url, first)
    response = practitioner_client.post(url, {**stale, "occupation": "Baker"})
    assert "Someone else saved this record" in response.content.decode()
    client.refresh_from_db()
    assert client.occupation == "Nurse"


def test_the_list_searches_filters_and_hides_archived_clients(practitioner_client, practitioner):
    other = factories.PractitionerFactory()
    factories.ClientFactory(first_name="Ana", last_name="Lopez", practitioner=practitioner)
    factories.ClientFactory(first_name="Ben", last_name="Lopez", practitioner=other)
    factories.ClientFactory(first_name="Cy", last_name="Young", phone="+1 555 7777")
    gone = factories.ClientFactory(first_name="Dee", last_name="Lopez")
    gone.archive(by=practitioner, reason="Duplicate")
    url = reverse("clients:client_list")

    def names(**params):
        page = practitioner_client.get(url, params).context["page"]
        return [c.first_name for c in page.object_list]

    assert names(q="lopez") == ["Ana", "Ben"]
    assert names(q="7777") == ["Cy"]
    assert names(q="lopez", practitioner=practitioner.pk) == ["Ana"]
    assert names(status="archived") == ["Dee"]
    assert names(q="lopez", status="all") == ["Ana", "Ben", "Dee"]


def test_the_list_filter_keeps_the_chosen_options_and_marks_a_bad_one(
    practitioner_client, practitioner
):
    url = reverse("clients:client_list")
    body = practitioner_client.get(url, {"status": "paused", "practitioner": practitioner.pk})
    body = body.content.decode()
    assert '<option value="paused" selected>Paused</option>' in body
    assert f'<option value="{practitioner.pk}" selected>{practitioner}</option>' in body
    assert body.count(" selected>") == 2
    body = practitioner_client.get(url, {"status": "bogus"}).content.decode()
    assert (
        '<select name="status" class="form-select is-invalid" aria-describedby="id_status_error"'
        ' aria-invalid="true" id="id_status">'
    ) in body
    assert '<div id="id_status_error" class="invalid-feedback d-block">Select a valid' in body
    assert '<option value="" selected>Any practitioner</option>' in body


def test_the_list_is_paginated(practitioner_client, practitioner):
    factories.ClientFactory.create_batch(PAGE_SIZE + 1, practitioner=practitioner)
    response = practitioner_client.get(reverse("clients:client_list"), {"page": 2})
    assert len(response.context["page"].object_list) == 1
    assert "Page 2 of 2" in response.content.decode()


def test_the_list_marks_clients_with_an_open_red_flag(practitioner_client, practitioner):
    flagged = factories.ClientFactory(first_name="Flora", practitioner=practitioner)
    factories.RedFlagFactory(client=flagged, answers=["bladder_bowel"])
    factories.ClientFactory(first_name="Calm", practitioner=practitioner)
    body = practitioner_client.get(reverse("clients:client_list")).content.decode()
    assert "stop exercise and refer to a physician" in body
    assert "A new bladder or bowel change — reported" in body
    assert body.count('<span class="badge text-bg-danger ms-1">Red flag</span>') == 1


def test_archive_with_a_reason_then_restore_through_the_pages(practitioner_client, practitioner):
    client = factories.ClientFactory(practitioner=practitioner, status=Client.Status.DISCHARGED)
    response = practitioner_client.post(
        reverse("clients:client_archive", args=[client.pk]), {"reason": "Moved away"}, follow=True
    )
    assert "was archived" in response.content.decode()
    assert "Moved away" in response.content.decode()
    client.refresh_from_db()
    assert client.status == Client.Status.ARCHIVED

    response = practitioner_client.post(
        reverse("clients:client_restore", args=[client.pk]), follow=True
    )
    assert "was restored as Discharged" in response.content.decode()
    client.refresh_from_db()
    assert client.status == Client.Status.DISCHARGED


def test_archiving_without_a_reason_is_refused_at_the_field(practitioner_client, practitioner):
    client = factories.ClientFactory(practitioner=practitioner)
    response = practitioner_client.post(
        reverse("clients:client_archive", args=[client.pk]), {"reason": ""}
    )
    assert "This field is required" in " ".join(response.context["form"].errors["reason"])
    client.refresh_from_db()
    assert not client.is_archived


def test_a_session_note_appears_on_the_timeline(practitioner_client, practitioner):
    client = factories.ClientFactory(practitioner=practitioner)
    url = reverse("clients:note_create", args=[client.pk])
    response = practitioner_client.post(
        url,
        {"noted_on": timezone.localdate().isoformat(), "text": "Hip holds felt easier."},
        follow=True,
    )
    assert "Hip holds felt easier." in response.content.decode()
    assert SessionNote.objects.get().author == practitioner


def test_a_future_dated_note_is_refused_next_to_the_field(practitioner_client, practitioner):
    client = factories.ClientFactory(practitioner=practitioner)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = practitioner_client.post(
        reverse("clients:note_create", args=[client.pk]), {"noted_on": tomorrow, "text": "x"}
    )
    body = response.content.decode()
    assert "cannot be dated in the future" in body
    # Marked next to the field as crispy did: invalid, and described by the message.
    assert 'aria-describedby="id_noted_on_error"' in body
    assert 'class="form-control is-invalid"' in body
    assert 'id="id_noted_on_error"' in body
    assert not SessionNote.objects.exists()


def test_the_client_page_timeline_is_newest_first(practitioner_client, practitioner):
    client = factories.ClientFactory(practitioner=practitioner)
    today = timezone.localdate()
    factories.AssessmentFactory(client=client, assessed_on=today - timedelta(days=20))
    factories.SessionNoteFactory(
        client=client, noted_on=today - timedelta(days=10), text="Second visit"
    )
    factories.RedFlagFactory(client=client)
    timeline = practitioner_client.get(client.get_absolute_url()).context["timeline"]
    assert [entry.kind for entry in timeline] == ["Red flag", "Note", "Assessment"]


def test_the_client_page_shows_the_latest_entries_and_links_to_the_full_timeline(
    practitioner_client, practitioner
):
    client = factories.ClientFactory(practitioner=practitioner)
    today = timezone.localdate()
    total = TIMELINE_ON_CLIENT_PAGE + TIMELINE_PAGE_SIZE + 1
    for days in range(total):
        factories.SessionNoteFactory(
            client=client, noted_on=today - timedelta(days=days), text=f"Visit {days:03}."
        )
    body = practitioner_client.get(client.get_absolute_url()).content.decode()
    assert body.count('class="timeline-entry') == TIMELINE_ON_CLIENT_PAGE
    assert "Visit 000." in body
    assert f"Visit {TIMELINE_ON_CLIENT_PAGE:03}." not in body
    url = reverse("clients:client_timeline", args=[client.pk])
    assert f'<a href="{url}">See the full timeline (all {total} entries)</a>' in body

    body = practitioner_client.get(url).content.decode()
    assert f"{total} entries, newest first." in body
    assert body.count('class="timeline-entry') == TIMELINE_PAGE_SIZE
    assert "Visit 000." in body
    assert "Page 1 of 2" in body
    body = practitioner_client.get(url, {"page": 2}).content.decode()
    assert body.count('class="timeline-entry') == total - TIMELINE_PAGE_SIZE
    assert f"Visit {total - 1:03}." in body


def test_a_short_timeline_has_no_link_to_the_full_one(practitioner_client, practitioner):
    client = factories.ClientFactory(practitioner=practitioner)
    factories.SessionNoteFactory(client=client)
    body = practitioner_client.get(client.get_absolute_url()).content.decode()
    assert body.count('class="timeline-entry') == 1
    assert "See the full timeline" not in body


def test_the_history_page_lists_who_changed_what(practitioner_client, practitioner):
    client = factories.ClientFactory(practitioner=practitioner)
    client.archive(by=practitioner, reason="Asked to stop")
    body = practitioner_client.get(reverse("clients:client_history", args=[client.pk]))
    body = body.content.decode()
    assert "Archived: Asked to stop" in body
    assert f"by {practitioner}" in body


def test_the_client_list_banner_names_the_latest_red_flags_and_links_to_all_of_them(
    practitioner_client, practitioner
):
    now = timezone.now()
    flags = [
        factories.RedFlagFactory(
            client=factories.ClientFactory(first_name=f"Flagged{n:02}", practitioner=practitioner),
            raised_at=now - timedelta(days=n),
        )
        for n in range(BANNER_RED_FLAGS + 3)
    ]
    body = practitioner_client.get(reverse("clients:client_list")).content.decode()
    assert body.count("Record resolution") == BANNER_RED_FLAGS
    for flag in flags[:BANNER_RED_FLAGS]:  # the newest
        assert reverse("clients:red_flag_resolve", args=[flag.client_id, flag.pk]) in body
    banner = body.split('<section id="red-flags"')[1].split("</section>")[0]
    assert flags[BANNER_RED_FLAGS - 1].client.first_name in banner
    assert flags[BANNER_RED_FLAGS].client.first_name not in banner
    assert f'href="{reverse("dashboard")}#red-flags">3 more open red flags: see them all' in body
    dashboard = practitioner_client.get(reverse("dashboard")).content.decode()
    assert 'id="red-flags"' in dashboard
    for flag in flags:
        assert reverse("clients:red_flag_resolve", args=[flag.client_id, flag.pk]) in dashboard


def test_the_client_list_banner_has_no_more_link_when_it_lists_every_flag(
    practitioner_client, practitioner
):
    factories.RedFlagFactory(client=factories.ClientFactory(practitioner=practitioner))
    body = practitioner_client.get(reverse("clients:client_list")).content.decode()
    assert "Red flag: stop exercise" in body
    assert body.count("Record resolution") == 1
    assert "see them all" not in body


# -- Query counts ------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 50])
def test_the_client_list_runs_the_same_queries_for_1_or_50_clients(
    practitioner_client, practitioner, django_assert_num_queries, rows
):
    for client in factories.ClientFactory.create_batch(rows, practitioner=practitioner):
        factories.RedFlagFactory(client=client)
    # 1 session, 2 user, 3 count for the paginator, 4 page of clients with practitioner
    # and open-flag marker, 5 practitioners for the filter, 6 open red flags with their
    # clients for the banner (read-only view: no SAVEPOINT/RELEASE pair)
    with django_assert_num_queries(5):
        response = practitioner_client.get(reverse("clients:client_list"))
    assert len(response.context["page"].object_list) == min(rows, PAGE_SIZE)


def _everything(client, practitioner, rows: int) -> None:
    """``rows`` of each kind of record the client page shows: assessments with body
    charts, notes, red flags, appointments, consent versions each signed, intake links,
    portal invitations, questionnaires, and a program with its events."""
    today = timezone.localdate()
    schedule = schedule_questionnaires(
        client=client,
        measures=["odi", "pain"],
        psfs_activities=[],
        every_weeks=1,
        starts_on=today,
        by=practitioner,
    )
    program = program_with(1, client, practitioner)
    for days in range(rows):
        assessment = factories.AssessmentFactory(
            client=client, assessed_on=today - timedelta(days=days)
        )
        save_assessment_chart(assessment=assessment, marks={"calf_left": "pain"}, by=practitioner)
        factories.SessionNoteFactory(client=client)
        factories.RedFlagFactory(client=client)
        start = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
        start -= timedelta(days=days)
        factories.ConsultationFactory(
            client=client, practitioner=practitioner, start=start, status="attended"
        )
        version = ConsentVersion.objects.create(number=days + 1, text=f"Version {days + 1}.")
        ConsentSignature.objects.create(
            client=client, version=version, full_name=client.full_name, how="portal"
        )
        create_link(client=client, by=practitioner)
        PortalInvitation.objects.create(
            client=client,
            email=client.email,
            token_hash=f"{client.pk:032d}{days:032d}",
            created_by=practitioner,
            expires_at=timezone.now() + timedelta(days=3),
        )
        QuestionnaireResponse.objects.create(
            schedule=schedule,
            client=client,
            due_on=today - timedelta(weeks=days + 1),
            closes_on=today - timedelta(weeks=days + 1) + timedelta(days=3),
            measures=["odi", "pain"],
        )
        ProgramEvent.objects.create(
            program=program,
            kind=ProgramEvent.Kind.ADVANCED if days % 2 else ProgramEvent.Kind.STEPPED_BACK,
            from_phase=program.current_phase,
            to_phase=program.current_phase,
            note="Steady week." if days % 3 else "",
            by=practitioner,
        )


@pytest.mark.parametrize("archived", [False, True])
@pytest.mark.parametrize("portal_login", [False, True])
@pytest.mark.parametrize("rows", [0, 1, 25])
def test_the_client_page_runs_the_same_queries_however_much_the_client_has(
    practitioner_client, practitioner, django_assert_num_queries, rows, portal_login, archived
):
    client = factories.ClientFactory(practitioner=practitioner)
    if portal_login:
        client.user = factories.UserFactory(role="client", email=client.email)
        client.save()
    if rows:
        _everything(client, practitioner, rows)
    if archived:
        Client.objects.filter(pk=client.pk).update(
            status=Client.Status.ARCHIVED,
            archived_at=timezone.now(),
            archived_by=practitioner,
            archive_reason="Moved away",
        )
    # 1 the session with its user, 2 the client with practitioner/archive/portal users
    # and, as columns (clients.client_page), the current consent version, the
    # signatures, the latest intake link and invitation, the first and latest body
    # charts and their marks, the notes, appointments and program events of the
    # timeline, 3 assessments (for progress and the timeline), 4 red flags (open ones
    # for the banner, all for the timeline), 5 the questionnaires asked between visits,
    # 6 the active program with the reassessment suggestion's annotations (not for an
    # archived client) (read-only view: no SAVEPOINT/RELEASE pair)
    with django_assert_num_queries(5 if archived else 6):
        response = practitioner_client.get(client.get_absolute_url())
    assert len(response.context["progress"]) == rows
    assert len(response.context["consent"].earlier) == max(rows - 1, 0)
    assert response.context["timeline_total"] == len(timeline_for(Client.objects.get(pk=client.pk)))
    body = response.content.decode()
    if portal_login:
        assert f"uses the portal as {client.email}" in body
    elif rows:
        assert "Latest invitation sent" in body
        assert f"Link sent {timezone.localdate():%-d %b %Y}" in body
        assert "One body chart so far" in body if rows == 1 else "Unchanged:" in body
    else:
        assert "has not been invited to the portal yet" in body
