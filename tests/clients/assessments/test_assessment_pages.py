from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from clients import dashboard as clients_dashboard
from clients.assessments.scoring import ODI_SECTIONS
from clients.models import Assessment, RedFlag
from clients.vocab import RED_FLAG_QUESTIONS
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(practitioner):
    return factories.ClientFactory(practitioner=practitioner, first_name="Sol")


def _form_data(**overrides) -> dict:
    data = {
        "assessed_on": timezone.localdate().isoformat(),
        "elevated_hip": "yes",
        "elevated_hip_side": "left",
        "elevated_hip_magnitude": "8",
        "elevated_hip_unit": "mm",
        "pelvic_rotation": "yes",
        "pelvic_rotation_side": "right",
        "pelvic_rotation_magnitude": "5",
        "pelvic_rotation_unit": "deg",
        "pelvic_tilt_unit": "deg",
        "posture_pelvis_finding": "anterior_tilt",
        "posture_pelvis_side": "na",
        "muscle_findings": ["weak_glute_med", "tight_piriformis"],
        "chart_buttock_left": "pain",
        "chart_calf_left": "tingling",
        "symptom_kinds": ["shooting", "tingling"],
        "aggravating_factors": ["sitting"],
        "pain_now": "6",
        "pain_best": "2",
        "pain_worst": "8",
        "psfs_activity_1": "Sitting at work",
        "psfs_score_1": "3",
        "psfs_activity_2": "Lifting my child",
        "psfs_score_2": "4",
        "psfs_activity_3": "Driving",
        "psfs_score_3": "5",
        "complete": "Save and complete",
    }
    for code, _q, _p in RED_FLAG_QUESTIONS:
        data[f"red_flag_{code}"] = "no"
    # 16 of 50 points.
    for (code, _l, _s), points in zip(ODI_SECTIONS, [2, 2, 2, 2, 2, 2, 1, 1, 1, 1], strict=True):
        data[f"odi_{code}"] = str(points)
    data.update(overrides)
    return data


def test_a_practitioner_records_a_complete_assessment(practitioner_client, practitioner, record):
    url = reverse("clients:assessment_create", args=[record.pk])
    response = practitioner_client.post(url, _form_data(), follow=True)
    assessment = Assessment.objects.get()
    assert response.redirect_chain[-1][0] == assessment.get_absolute_url()
    body = response.content.decode()
    assert "Assessment completed." in body
    assert "32.0 %" in body and "Moderate disability" in body
    assert "Elevated hip: left side higher, 8.0 mm" in body
    assert "Pelvic rotation: right side forward, 5.0 degrees" in body
    assert assessment.status == Assessment.Status.COMPLETED
    assert assessment.assessed_by == practitioner
    assert assessment.psfs_items[0] == {"activity": "Sitting at work", "score": 3}
    assert assessment.posture == {"pelvis": {"finding": "anterior_tilt", "side": "na", "note": ""}}
    assert assessment.body_chart.marks_by_field() == {
        "buttock_left": "pain",
        "calf_left": "tingling",
    }
    assert assessment.body_chart.furthest_level == 4
    assert "Left buttock: pain; Left calf: tingling" in body
    assert {"elevated_hip", "pelvic_rotation", "sciatic_leg_pain"} <= assessment.finding_codes()


def test_a_partial_draft_is_saved_and_marked_as_draft(practitioner_client, record):
    url = reverse("clients:assessment_create", args=[record.pk])
    data = {
        "assessed_on": timezone.localdate().isoformat(),
        "pain_now": "5",
        "elevated_hip_unit": "mm",
        "pelvic_rotation_unit": "deg",
        "pelvic_tilt_unit": "deg",
        "save_draft": "Save draft",
    }
    response = practitioner_client.post(url, data, follow=True)
    assessment = Assessment.objects.get()
    assert assessment.is_draft
    body = response.content.decode()
    assert "Draft saved" in body
    assert '<span class="badge text-bg-warning align-middle">Draft</span>' in body
    detail = practitioner_client.get(record.get_absolute_url()).content.decode()
    assert "Assessment (draft)" in detail


def test_completing_needs_every_red_flag_answered(practitioner_client, record):
    data = _form_data()
    del data["red_flag_trauma"]
    response = practitioner_client.post(
        reverse("clients:assessment_create", args=[record.pk]), data
    )
    assert "Answer yes or no to complete" in " ".join(
        response.context["form"].errors["red_flag_trauma"]
    )
    assert "Nothing was saved" in response.content.decode()
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"pain_now": "11"}, "pain_now", "Pain is rated from 0 to 10."),
        ({"elevated_hip_magnitude": "-3"}, "elevated_hip_magnitude", "positive number"),
        ({"odi_sitting": "6"}, "odi_sitting", "Choose one of the six statements."),
        ({"psfs_score_2": "12"}, "psfs_score_2", "Score each activity from 0 to 10."),
        (
            {"psfs_activity_3": "", "psfs_score_3": ""},
            "psfs_activity_1",
            "at least 3 activities",
        ),
        ({"pelvic_rotation_side": ""}, "pelvic_rotation_side", "choose one"),
    ],
    ids=["pain 11", "negative magnitude", "ODI answer 6", "PSFS 12", "two PSFS items", "no side"],
)
def test_bad_assessment_input_is_refused_at_the_field_and_only_the_red_flag_is_saved(
    practitioner_client, record, overrides, field, message
):
    data = _form_data(**overrides, red_flag_bladder_bowel="yes")
    response = practitioner_client.post(
        reverse("clients:assessment_create", args=[record.pk]), data
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Assessment.objects.exists()
    # The screen's "yes" is never lost to another field's error: it commits first.
    flag = RedFlag.objects.get()
    assert (flag.client, flag.answers, flag.assessment) == (record, ["bladder_bowel"], None)
    assert "the red flag is saved" in response.content.decode()


def test_the_corrected_assessment_adopts_the_red_flag_its_first_try_raised(
    practitioner_client, record
):
    url = reverse("clients:assessment_create", args=[record.pk])
    practitioner_client.post(url, _form_data(pain_now="11", red_flag_bladder_bowel="yes"))
    practitioner_client.post(url, _form_data(red_flag_bladder_bowel="yes"))
    flag = RedFlag.objects.get()
    assert flag.assessment == Assessment.objects.get()
    assert flag.answers == ["bladder_bowel"]


def test_a_positive_screen_puts_the_banner_on_client_page_list_and_dashboard(
    practitioner_client, record
):
    data = _form_data(red_flag_saddle_numbness="yes")
    response = practitioner_client.post(
        reverse("clients:assessment_create", args=[record.pk]), data, follow=True
    )
    assert "stop exercise and refer the client to a physician" in response.content.decode()
    for url in [record.get_absolute_url(), reverse("clients:client_list"), reverse("dashboard")]:
        body = practitioner_client.get(url).content.decode()
        assert "red-flag-banner" in body, url
        assert "stop exercise and refer to a physician" in body, url
        assert "Numbness in the saddle area — reported" in body, url


def test_resolving_the_flag_through_the_page_clears_the_banner(
    practitioner_client, practitioner, record
):
    flag = factories.RedFlagFactory(client=record)
    url = reverse("clients:red_flag_resolve", args=[record.pk, flag.pk])
    response = practitioner_client.post(
        url, {"resolution": "medical_clearance", "note": "Seen by GP", "cleared_on": ""}
    )
    errors = response.context["form"].errors
    assert "Say who gave the medical clearance." in errors["cleared_by_name"]
    assert "Give the date the clearance was received." in errors["cleared_on"]
    response = practitioner_client.post(
        url,
        {
            "resolution": "medical_clearance",
            "cleared_by_name": "Dr Okoye",
            "cleared_on": timezone.localdate().isoformat(),
            "note": "Seen by GP; gentle exercise fine.",
        },
        follow=True,
    )
    body = response.content.decode()
    assert "Resolution recorded" in body
    assert "red-flag-banner" not in body
    assert "Red flag resolved: medical clearance received by Dr Okoye" in body
    flag.refresh_from_db()
    assert flag.resolved_by == practitioner


def test_an_assessment_edit_conflict_is_reported_and_saves_nothing(practitioner_client, record):
    assessment = factories.AssessmentFactory(client=record, pain_now=6)
    url = reverse("clients:assessment_edit", args=[record.pk, assessment.pk])
    opened = _form_data(loaded_version=str(assessment.version))
    practitioner_client.post(url, {**opened, "pain_now": "4"})
    response = practitioner_client.post(url, {**opened, "pain_now": "2"})
    assert "Someone else saved this record" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.pain_now == 4


def test_a_reassessment_shows_changes_and_clinically_meaningful_marks(practitioner_client, record):
    today = timezone.localdate()
    factories.AssessmentFactory(client=record, assessed_on=today - timedelta(days=42))
    later = factories.AssessmentFactory(
        client=record,
        assessed_on=today,
        pain_now=3,
        odi_answers=[1] * 10,
        elevated_hip_magnitude=4,
    )
    body = practitioner_client.get(later.get_absolute_url()).content.decode()
    assert "Since the first assessment" in body
    assert "Since the previous assessment" not in body  # the first is the previous
    assert body.count("clinically meaningful</span>") == 2  # pain -3 and ODI -12
    assert "-4.0" in body  # elevated hip 8 mm -> 4 mm


def test_an_assessment_is_compared_with_the_first_and_the_latest_completed_one_before_it(
    practitioner_client, record
):
    today = timezone.localdate()
    first = factories.AssessmentFactory(client=record, assessed_on=today - timedelta(days=90))
    factories.AssessmentFactory(client=record, assessed_on=today - timedelta(days=60))
    previous = factories.AssessmentFactory(client=record, assessed_on=today - timedelta(days=30))
    factories.AssessmentFactory(
        client=record, assessed_on=today - timedelta(days=20), status="draft"
    )
    factories.AssessmentFactory(
        client=record, assessed_on=today - timedelta(days=10), archived_at=timezone.now()
    )
    shown = factories.AssessmentFactory(client=record, assessed_on=today)
    factories.AssessmentFactory(client=record, assessed_on=today)  # same day, saved after
    comparisons = practitioner_client.get(shown.get_absolute_url()).context["comparisons"]
    assert [(c.title, c.baseline) for c in comparisons] == [
        ("Since the first assessment", first),
        ("Since the previous assessment", previous),
    ]


def test_the_client_page_has_a_chart_and_a_table_of_progress(practitioner_client, record):
    today = timezone.localdate()
    factories.AssessmentFactory(client=record, assessed_on=today - timedelta(days=30))
    factories.AssessmentFactory(client=record, assessed_on=today, pain_now=2)
    body = practitioner_client.get(record.get_absolute_url()).content.decode()
    assert 'id="progress-chart"' in body
    assert "vendor/chart.js/chart.umd.min.js" in body
    assert "&quot;odi&quot;: [32.0, 32.0]" in body
    assert "<caption>Outcome measures by completed assessment" in body


def test_the_printable_summary_has_no_navigation(practitioner_client, record):
    assessment = factories.AssessmentFactory(client=record)
    body = practitioner_client.get(
        reverse("clients:assessment_print", args=[record.pk, assessment.pk])
    ).content.decode()
    assert "<nav" not in body
    assert 'class="navbar' not in body
    assert "Assessment summary: Sol" in body
    assert "32.0 %" in body


def test_no_page_has_inline_script_or_style(practitioner_client, record):
    assessment = factories.AssessmentFactory(client=record)
    factories.AssessmentFactory(client=record, assessed_on=timezone.localdate())
    for url in [
        record.get_absolute_url(),
        reverse("clients:assessment_edit", args=[record.pk, assessment.pk]),
        reverse("clients:assessment_print", args=[record.pk, assessment.pk]),
    ]:
        body = practitioner_client.get(url).content.decode()
        assert "style=" not in body
        assert "<script>" not in body
        assert " onclick=" not in body


# -- Query counts ------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 50])
def test_the_assessment_page_runs_the_same_queries_for_1_or_50_earlier_assessments(
    practitioner_client, record, django_assert_num_queries, rows
):
    today = timezone.localdate()
    for days in range(rows, 0, -1):
        factories.AssessmentFactory(client=record, assessed_on=today - timedelta(days=days))
    latest = factories.AssessmentFactory(client=record, assessed_on=today)
    # 1 session, 2 user, 3 assessment with client and practitioner, 4 the client's
    # completed assessments for comparison, 5 the body chart's marks (read-only view: no
    # SAVEPOINT/RELEASE pair)
    with django_assert_num_queries(4):
        response = practitioner_client.get(latest.get_absolute_url())
    assert len(response.context["comparisons"]) == (1 if rows == 1 else 2)


@pytest.mark.parametrize("rows", [1, 50])
def test_the_dashboard_runs_the_same_queries_for_1_or_50_flagged_clients(
    practitioner_client, practitioner, django_assert_num_queries, rows
):
    for client in factories.ClientFactory.create_batch(rows, practitioner=practitioner):
        factories.RedFlagFactory(client=client)
        factories.AssessmentFactory(client=client, status="draft", assessed_by=practitioner)
    request = RequestFactory().get("/practice/")
    request.user = practitioner
    # 1 open red flags with clients, 2 client counts, 3 the practitioner's drafts
    with django_assert_num_queries(3):
        clients_dashboard.sections(request)
    response = practitioner_client.get(reverse("dashboard"))
    assert response.content.decode().count("Record resolution") == rows


def test_the_assessment_history_shows_who_changed_a_value(
    practitioner_client, practitioner, record
):
    assessment = factories.AssessmentFactory(client=record, pain_now=6)
    url = reverse("clients:assessment_edit", args=[record.pk, assessment.pk])
    practitioner_client.post(url, _form_data(loaded_version=str(assessment.version), pain_now="3"))
    body = practitioner_client.get(
        reverse("clients:assessment_history", args=[record.pk, assessment.pk])
    ).content.decode()
    assert f"Changed</strong> by {practitioner}" in body
    assert "Pain now (nprs): 6 → 3" in body
