"""The intake form: the link's rules, saving as the client goes, the red-flag screen,
and the write-back into a draft assessment with each value's provenance."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from clients.assessments.forms import AssessmentForm
from clients.intake import services as intake
from clients.intake.sections import SECTIONS
from clients.models import Assessment, BodyChart, IntakeLink, RedFlag, SafetyCheck
from tests import factories
from tests.clients.intake.conftest import section_data, section_url

pytestmark = pytest.mark.django_db


def _fill_all(client, token):
    for section in SECTIONS:
        response = client.post(section_url(token, section.code), section_data(section.code))
        assert response.status_code == 302, (section.code, response.content.decode()[:2000])


# -- The link ------------------------------------------------------------------------


def test_only_the_tokens_hash_is_stored_and_the_link_lasts_14_days(sent):
    link, token = sent
    assert token not in link.token_hash and link.token_hash == IntakeLink.hash(token)
    assert link.expires_at - link.created_at == timedelta(days=14)


def test_the_lifetime_is_a_setting(settings, record, practitioner):
    settings.CLINIC_INTAKE_LINK_DAYS = 3
    link, _token = intake.create_link(client=record, by=practitioner)
    assert link.expires_at - link.created_at == timedelta(days=3)


def test_an_expired_link_says_so_and_saves_nothing(client, sent):
    link, token = sent
    IntakeLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(reverse("clients:intake_start", args=[token]))
    assert response.status_code == 410
    assert "The link has expired." in response.content.decode()
    response = client.post(section_url(token, "story"), section_data("story"))
    assert response.status_code == 410
    link.refresh_from_db()
    assert link.answers == {}


def test_a_revoked_link_stops_working(client, practitioner_client, sent, record):
    link, token = sent
    response = practitioner_client.post(reverse("clients:intake_revoke", args=[record.pk, link.pk]))
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.state == "revoked"
    client.logout()
    response = client.get(reverse("clients:intake_start", args=[token]))
    assert response.status_code == 410
    assert "no longer works" in response.content.decode()


def test_sending_a_new_link_revokes_the_old_one(sent, record, practitioner):
    old, _token = sent
    new, _new_token = intake.create_link(client=record, by=practitioner)
    old.refresh_from_db()
    assert old.state == "revoked" and new.state == "pending"


def test_a_link_cannot_be_used_again_after_the_form_is_sent(client, sent):
    link, token = sent
    _fill_all(client, token)
    response = client.post(reverse("clients:intake_submit", args=[token]))
    assert "Thank you: your answers are sent" in response.content.decode()
    for response in (
        client.get(reverse("clients:intake_start", args=[token])),
        client.post(section_url(token, "pain"), section_data("pain", pain_now="9")),
        client.post(reverse("clients:intake_submit", args=[token])),
    ):
        assert response.status_code == 410
        assert "This form has already been sent" in response.content.decode()
    assert Assessment.objects.get().pain_now == 5
    assert Assessment.objects.count() == 1


def test_an_unknown_token_is_a_404(client, sent):
    assert client.get(reverse("clients:intake_start", args=["nope" * 10])).status_code == 404


def test_a_signed_in_client_cannot_open_someone_elses_link(portal_client, sent):
    _link, token = sent  # the link of another client than the one signed in
    assert portal_client.get(reverse("clients:intake_start", args=[token])).status_code == 404
    response = portal_client.post(section_url(token, "story"), section_data("story"))
    assert response.status_code == 404


def test_a_practitioner_cannot_revoke_a_link_through_another_client(
    practitioner_client, sent, practitioner
):
    link, _token = sent
    other = factories.ClientFactory(practitioner=practitioner)
    url = reverse("clients:intake_revoke", args=[other.pk, link.pk])
    assert practitioner_client.post(url).status_code == 404
    link.refresh_from_db()
    assert link.state == "pending"


def test_the_client_page_sends_the_link_by_email(
    practitioner_client, record, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = practitioner_client.post(
            reverse("clients:intake_send", args=[record.pk]), follow=True
        )
    assert f"Intake form sent to {record.email}" in response.content.decode()
    link = IntakeLink.objects.get()
    assert link.client == record and link.state == "pending"
    (email,) = mail.outbox
    assert email.to == [record.email]
    start = email.body.index("http")
    url = email.body[start : email.body.index("\n", start)]
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert IntakeLink.hash(token) == link.token_hash
    body = practitioner_client.get(record.get_absolute_url()).content.decode()
    assert "0 of 9 parts saved so far" in body


# -- Saving as the client goes ------------------------------------------------------


def test_each_section_is_saved_on_its_own_and_the_form_resumes(client, sent):
    link, token = sent
    response = client.post(section_url(token, "story"), section_data("story"))
    assert response["Location"] == section_url(token, "changes")
    client.post(section_url(token, "changes"), section_data("changes"))
    link.refresh_from_db()
    assert set(link.answers) == {"story", "changes"}
    assert link.answers["story"]["onset_date"] == "2026-09-15"
    # Later, from the same link: the overview says where they were, the page shows it.
    body = client.get(reverse("clients:intake_start", args=[token])).content.decode()
    assert "2 of 9 parts saved" in body
    assert "Continue: Treatment and scans so far" in body
    body = client.get(section_url(token, "story")).content.decode()
    assert "Lifting a heavy box at work" in body


def test_bad_input_is_shown_at_the_field_and_that_section_is_not_saved(client, sent):
    link, token = sent
    client.post(section_url(token, "story"), section_data("story"))
    for code, data, message in (
        ("pain", {"pain_now": "11", "pain_best": "2", "pain_worst": "8"}, "from 0 to 10"),
        ("pain", {"pain_now": "3", "pain_best": "7", "pain_worst": "4"}, "cannot be higher"),
        ("story", {"onset_story": "x", "onset_date": "2999-01-01"}, "in the future"),
        ("story", {"onset_story": "x" * 2001, "onset_date": ""}, "at most 2000"),
        ("psfs", {"psfs_activity_1": "Walking", "psfs_score_1": "4"}, "at least 3"),
        ("chart", {"chart_calf_left": "itching"}, "Choose one of the symptoms"),
        ("odi", {"odi_pain_intensity": "9"}, "Choose one of the six statements"),
    ):
        response = client.post(section_url(token, code), data)
        assert response.status_code == 200, code
        body = response.content.decode()
        assert "This part was not saved" in body, code
        assert message in body, (code, message)
    link.refresh_from_db()
    assert set(link.answers) == {"story"}
    assert link.answers["story"]["onset_story"] == "Lifting a heavy box at work"


def test_the_form_cannot_be_sent_before_every_part_is_saved(client, sent):
    _link, token = sent
    client.post(section_url(token, "story"), section_data("story"))
    response = client.post(reverse("clients:intake_submit", args=[token]), follow=True)
    assert (
        "Please fill these parts first: What makes it worse or better" in response.content.decode()
    )
    assert not Assessment.objects.exists()


# -- The red-flag screen -------------------------------------------------------------


def test_a_yes_is_saved_first_alerts_the_practitioner_and_blocks_nothing_else(
    client, sent, record, django_capture_on_commit_callbacks
):
    link, token = sent
    data = section_data("safety", flag_bladder_bowel="yes")
    del data["flag_trauma"]  # the rest of the section is incomplete
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(section_url(token, "safety"), data)
    body = response.content.decode()
    assert "Please get medical advice today" in body
    assert "Answer yes or no." in body
    flag = RedFlag.objects.get()
    assert flag.client == record and flag.source == RedFlag.Source.INTAKE
    assert flag.answers == ["bladder_bowel"] and flag.acknowledged_at is None
    assert SafetyCheck.objects.get().source == SafetyCheck.Source.INTAKE
    assert len(mail.outbox) == 1  # the practitioner's alert
    link.refresh_from_db()
    assert "safety" not in link.answers  # the section itself waits for every answer
    response = client.post(
        section_url(token, "safety"), section_data("safety", flag_bladder_bowel="yes")
    )
    assert "Continue the form" in response.content.decode()
    _fill_all_but(client, token, "safety")
    response = client.post(reverse("clients:intake_submit", args=[token]))
    assert "Thank you" in response.content.decode()
    assert Assessment.objects.get().red_flag_answers["bladder_bowel"] is True


def _fill_all_but(client, token, skip):
    for section in SECTIONS:
        if section.code != skip:
            client.post(section_url(token, section.code), section_data(section.code))


# -- Write-back ----------------------------------------------------------------------


def test_the_answers_land_in_a_draft_marked_reported_by_the_client(client, sent, record):
    link, token = sent
    _fill_all(client, token)
    client.post(reverse("clients:intake_submit", args=[token]))
    assessment = Assessment.objects.get()
    assert assessment.status == Assessment.Status.DRAFT and assessment.client == record
    assert assessment.onset_story == "Lifting a heavy box at work"
    assert assessment.aggravating_factors == ["sitting", "bending"]
    assert (
        assessment.prior_care == "Treatment: Six physio sessions in 2025\nScans: MRI: a disc bulge"
    )
    assert (assessment.pain_now, assessment.pain_best, assessment.pain_worst) == (5, 2, 8)
    assert set(assessment.reported_by_client) == {
        "onset_story",
        "onset_date",
        "aggravating_factors",
        "easing_factors",
        "prior_care",
        "pain_now",
        "pain_best",
        "pain_worst",
        "red_flag_answers",
        "odi_answers",
        "psfs_items",
        "body_chart",
    }
    chart = assessment.body_chart
    assert chart.source == BodyChart.Source.INTAKE
    assert chart.marks_by_field() == {"buttock_left": "pain", "calf_left": "tingling"}
    record.refresh_from_db()
    assert record.goals == "Pick up my daughter without pain"
    link.refresh_from_db()
    assert link.assessment == assessment and link.state == "submitted"


def test_the_practitioner_sees_the_draft_with_the_clients_answers_marked(
    client, sent, practitioner_client, record
):
    _link, token = sent
    _fill_all(client, token)
    client.post(reverse("clients:intake_submit", args=[token]))
    assessment = Assessment.objects.get()
    body = practitioner_client.get(assessment.get_absolute_url()).content.decode()
    assert "<strong>Reported by the client</strong> in their intake form" in body
    assert "pain now, pain at best, pain at worst" in body
    assert "Treatment: Six physio sessions in 2025" in body
    assert "Left calf: tingling (pins and needles)" in body
    page = practitioner_client.get(record.get_absolute_url()).content.decode()
    assert "Review the draft assessment with their answers" in page


def test_nothing_the_client_typed_overwrites_what_a_practitioner_recorded(
    client, sent, record, practitioner
):
    _link, token = sent
    record.goals = "Run a 10k again"
    record.save()
    draft = factories.AssessmentFactory(
        client=record,
        status=Assessment.Status.DRAFT,
        assessed_by=practitioner,
        pain_now=7,
        pain_best=None,
        pain_worst=None,
        onset_story="Practitioner's notes",
        odi_answers=[],
        psfs_items=[],
        aggravating_factors=[],
        easing_factors="",
    )
    _fill_all(client, token)
    client.post(reverse("clients:intake_submit", args=[token]))
    draft.refresh_from_db()
    assert Assessment.objects.count() == 1
    assert draft.pain_now == 7 and draft.onset_story == "Practitioner's notes"
    assert draft.pain_worst == 8  # empty before: the client's answer fills it
    assert "pain_now" not in draft.reported_by_client
    assert "onset_story" not in draft.reported_by_client
    assert "pain_worst" in draft.reported_by_client
    record.refresh_from_db()
    assert record.goals == "Run a 10k again"


def test_a_practitioners_edit_takes_the_value_off_the_clients_list(
    client, sent, practitioner_client
):
    _link, token = sent
    _fill_all(client, token)
    client.post(reverse("clients:intake_submit", args=[token]))
    assessment = Assessment.objects.get()
    url = reverse("clients:assessment_edit", args=[assessment.client_id, assessment.pk])
    page = practitioner_client.get(url)
    assert "Reported by the client in their intake form" in page.content.decode()
    form = page.context["form"]
    data = {
        name: form[name].value() for name in form.fields if form[name].value() not in (None, "")
    }
    data["pain_now"] = "4"
    data["save_draft"] = "Save draft"
    response = practitioner_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assessment.refresh_from_db()
    assert assessment.pain_now == 4
    assert "pain_now" not in assessment.reported_by_client
    assert "pain_worst" in assessment.reported_by_client


def test_client_filled_odi_and_psfs_score_as_the_practitioners_form(client, sent, record):
    _link, token = sent
    _fill_all(client, token)
    client.post(reverse("clients:intake_submit", args=[token]))
    from_client = Assessment.objects.get()
    practitioner_form = AssessmentForm(
        {
            "assessed_on": timezone.localdate().isoformat(),
            **{f"{m}_unit": "mm" for m in ("elevated_hip", "pelvic_rotation", "pelvic_tilt")},
            **section_data("odi"),
            **section_data("psfs"),
            **section_data("pain"),
        },
        instance=Assessment(client=record),
    )
    assert practitioner_form.is_valid(), practitioner_form.errors
    by_practitioner = practitioner_form.instance
    assert from_client.odi_answers == by_practitioner.odi_answers
    assert from_client.odi_percent == by_practitioner.odi_percent
    assert str(from_client.odi_percent) == "32.0"
    assert from_client.psfs == by_practitioner.psfs
    assert from_client.psfs_items == by_practitioner.psfs_items
    assert from_client.pain_now == by_practitioner.pain_now


# -- The portal ----------------------------------------------------------------------


def test_a_client_with_a_portal_login_fills_it_in_the_portal(
    portal_client, client_record, practitioner
):
    intake.create_link(client=client_record, by=practitioner)
    body = portal_client.get(reverse("programs:portal_home")).content.decode()
    assert reverse("clients:portal_intake_start") in body
    response = portal_client.post(
        reverse("clients:portal_intake_section", args=["story"]), section_data("story")
    )
    assert response["Location"] == reverse("clients:portal_intake_section", args=["changes"])
    assert IntakeLink.objects.get().answers["story"]["onset_story"]


def test_the_portal_says_when_there_is_no_form_to_fill(portal_client):
    response = portal_client.get(reverse("clients:portal_intake_start"))
    assert "No intake form to fill just now" in response.content.decode()
    url = reverse("clients:portal_intake_section", args=["story"])
    assert portal_client.get(url).status_code == 404
