"""Saving one section of a draft assessment: as the page's script does when the
practitioner leaves a section (JSON), and with the "Save section" button (no script).
Only that section and the date are saved; the red-flag screen's "yes" is saved first."""

import re

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from clients.models import Assessment, RedFlag
from clients.vocab import POSTURE_REGIONS, RED_FLAG_QUESTIONS
from clinic.models import SecuritySettings
from tests import factories
from tests.invalid_fields import unexplained_invalid_fields

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}
TODAY = timezone.localdate().isoformat()
FIRST_QUESTION = RED_FLAG_QUESTIONS[0][0]


@pytest.fixture
def record(practitioner):
    return factories.ClientFactory(practitioner=practitioner, first_name="Sol")


@pytest.fixture
def draft(record):
    return factories.AssessmentFactory(
        client=record, status=Assessment.Status.DRAFT, completed_at=None, summary="Kept as it was"
    )


def _edit(draft):
    return reverse("clients:assessment_edit", args=[draft.client_id, draft.pk])


def test_leaving_a_section_saves_it_alone_and_answers_with_the_states(practitioner_client, draft):
    response = practitioner_client.post(
        _edit(draft),
        {
            "assessed_on": TODAY,
            "loaded_version": draft.version,
            "save_section": "muscles",
            "muscle_findings": ["weak_glute_med"],
            "muscle_notes": "Weak on the left",
            "summary": "Typed but not left yet",
            "pain_now": "9",
        },
        **JSON,
    )
    assert response.status_code == 200
    body = response.json()
    draft.refresh_from_db()
    assert body["saved"] is True
    assert body["message"] == "Muscles and movement saved to the draft."
    assert body["version"] == draft.version
    assert body["action"] == _edit(draft)
    assert body["states"]["muscles"] == {"state": "done", "label": "Done"}
    assert body["states"]["psfs"]["state"] == "done"  # the factory's three activities
    assert body["red_flag"] == ""
    assert draft.muscle_findings == ["weak_glute_med"]
    assert draft.muscle_notes == "Weak on the left"
    assert draft.summary == "Kept as it was"  # another section: not saved with this one
    assert draft.pain_now == 6
    assert draft.is_draft


def test_a_section_with_a_bad_value_is_not_saved_and_says_where(practitioner_client, draft):
    response = practitioner_client.post(
        _edit(draft),
        {
            "assessed_on": TODAY,
            "loaded_version": draft.version,
            "save_section": "symptoms",
            "pain_now": "11",
            "easing_factors": "Walking",
        },
        **JSON,
    )
    assert response.status_code == 400
    body = response.json()
    assert body["saved"] is False
    assert body["errors"] == {"pain_now": ["Pain is rated from 0 to 10."]}
    assert body["message"] == "Symptoms is not saved yet: fix the fields marked in it."
    draft.refresh_from_db()
    assert (draft.pain_now, draft.easing_factors) == (6, "")


def test_a_section_saved_over_someone_elses_change_is_refused(practitioner_client, draft):
    stale = draft.version
    Assessment.objects.filter(pk=draft.pk).update(
        summary="Changed in another tab", version=F("version") + 1
    )
    response = practitioner_client.post(
        _edit(draft),
        {"assessed_on": TODAY, "loaded_version": stale, "save_section": "summary", "summary": "x"},
        **JSON,
    )
    assert response.status_code == 409
    assert "Someone else saved this record" in response.json()["message"]
    draft.refresh_from_db()
    assert draft.summary == "Changed in another tab"


def test_the_first_section_of_a_new_assessment_creates_one_draft(practitioner_client, record):
    url = reverse("clients:assessment_create", args=[record.pk])
    data = {"assessed_on": TODAY, "save_section": "summary", "summary": "Sore after gardening"}
    response = practitioner_client.post(url, data, **JSON)
    created = Assessment.objects.get(client=record)
    assert response.json()["action"] == _edit(created)
    assert created.is_draft and created.summary == "Sore after gardening"
    assert created.assessed_by.email == "pat@example.org"
    # The script sends the next sections to the draft it was told about.
    practitioner_client.post(
        _edit(created),
        {
            "assessed_on": TODAY,
            "loaded_version": response.json()["version"],
            "save_section": "oswestry",
            "odi_pain_intensity": "3",
        },
        **JSON,
    )
    assert Assessment.objects.filter(client=record).count() == 1
    created.refresh_from_db()
    assert created.odi_answers[0] == 3 and created.summary == "Sore after gardening"


def test_a_yes_in_the_red_flag_screen_is_saved_first_whatever_section_is_sent(
    practitioner_client, record
):
    url = reverse("clients:assessment_create", args=[record.pk])
    response = practitioner_client.post(
        url,
        {
            "assessed_on": TODAY,
            "save_section": "symptoms",
            "pain_now": "42",  # this section is refused ...
            f"red_flag_{FIRST_QUESTION}": "yes",
        },
        **JSON,
    )
    assert response.status_code == 400
    assert "stop exercise and refer the client" in response.json()["red_flag"]
    flag = RedFlag.objects.get(client=record)  # ... the red flag is saved all the same
    assert flag.answers == [FIRST_QUESTION] and flag.assessment is None
    response = practitioner_client.post(
        url,
        {"assessed_on": TODAY, "save_section": "red_flags", f"red_flag_{FIRST_QUESTION}": "yes"},
        **JSON,
    )
    assessment = Assessment.objects.get(client=record)
    flag.refresh_from_db()
    assert flag.assessment == assessment  # saving the screen adopts the flag
    assert RedFlag.objects.filter(client=record).count() == 1
    assert assessment.red_flag_answers == {FIRST_QUESTION: True}


def test_without_script_save_section_keeps_everything_typed_on_the_page(
    practitioner_client, record
):
    url = reverse("clients:assessment_create", args=[record.pk])
    response = practitioner_client.post(
        url,
        {
            "assessed_on": TODAY,
            "save_section": "muscles",
            "muscle_notes": "Tight hamstrings",
            "summary": "Not sent on its own yet",
            "pain_now": "12",
        },
    )
    page = response.content.decode()
    created = Assessment.objects.get(client=record)
    assert response.status_code == 200
    assert "Muscles and movement saved to the draft." in page
    assert created.muscle_notes == "Tight hamstrings" and created.summary == ""
    # The page comes back with what was typed elsewhere, not yet saved and not marked.
    assert "Not sent on its own yet</textarea>" in page
    assert 'value="12"' in page and "Pain is rated from 0 to 10." not in page
    assert f'action="{_edit(created)}"' in page
    assert f'name="loaded_version" value="{created.version}"' in page
    assert 'data-state="done"' in page  # the muscles section in the navigation


def test_without_script_a_bad_section_comes_back_with_its_error(practitioner_client, draft):
    response = practitioner_client.post(
        _edit(draft),
        {"assessed_on": TODAY, "loaded_version": draft.version, "save_section": "symptoms"}
        | {"pain_now": "11"},
    )
    page = response.content.decode()
    assert "That section was not saved." in page
    assert "Pain is rated from 0 to 10." in page
    assert "has errors" in page  # the navigation marks the section


def test_a_completed_assessment_has_no_section_saving(practitioner_client, record):
    completed = factories.AssessmentFactory(client=record)
    page = practitioner_client.get(_edit(completed)).content.decode()
    assert "Save section" not in page and "data-section-save" not in page
    assert "Save changes" in page


def test_the_page_lists_the_sections_with_their_saved_state(practitioner_client, draft):
    page = practitioner_client.get(_edit(draft)).content.decode()
    assert page.count('class="section-nav-item"') == 8
    assert page.count('<section class="assessment-section') == 8
    for title in ("Red-flag screen", "Oswestry Disability Index", "Summary"):
        assert title in page
    assert page.index('value="no"') < page.index('value="yes"')  # No, then Yes


def test_a_draft_out_of_a_practitioners_scope_is_not_there(client, other_practitioner, draft):
    SecuritySettings.objects.update_or_create(pk=1, defaults={"own_clients_only": True})
    client.force_login(other_practitioner)
    response = client.post(
        _edit(draft),
        {"assessed_on": TODAY, "save_section": "summary", "summary": "Not mine"},
        **JSON,
    )
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.summary == "Kept as it was"


@pytest.mark.parametrize("earlier", [1, 30])
def test_saving_a_section_runs_the_same_queries_however_many_records_there_are(
    practitioner_client, record, draft, django_assert_num_queries, earlier
):
    for _ in range(earlier):
        factories.AssessmentFactory(client=record)
        factories.RedFlagFactory(client=record)
    data = {
        "assessed_on": TODAY,
        "loaded_version": draft.version,
        "save_section": "oswestry",
        "odi_pain_intensity": "1",
    }
    # 1 session, 2 user, 3 the assessment with its client (visible to the user),
    # 4 SAVEPOINT, 5 claim the version, 6 the update, 7 its history row, 8 the open
    # red flag of this assessment (kept in step with the screen), 9 RELEASE, 10 the
    # body chart (whether Symptoms is started, for the navigation's states)
    with django_assert_num_queries(9):
        response = practitioner_client.post(_edit(draft), data, **JSON)
    assert response.json()["saved"] is True


def test_the_check_for_red_fields_finds_one_without_its_message():
    page = (
        '<input id="id_a" name="a" class="form-control is-invalid">'
        '<input id="id_b" name="b" class="form-control is-invalid" aria-describedby="id_b_error">'
        '<div id="id_b_error" class="invalid-feedback"><p>Say why</p></div>'
        '<input id="id_c_0" name="c" class="form-check-input is-invalid">'
        '<div id="id_c_error"></div>'
    )
    assert unexplained_invalid_fields(page) == ["a", "c"]


def test_after_saving_a_section_no_field_is_marked_wrong_without_its_message(
    practitioner_client, draft
):
    response = practitioner_client.post(
        _edit(draft),
        {
            "assessed_on": TODAY,
            "loaded_version": draft.version,
            "save_section": "summary",
            "summary": "Saved on its own",
            # Typed in other sections, each wrong, none saved yet: not judged now.
            "pain_now": "12",
            "psfs_activity_1": "Gardening",
            "psfs_score_2": "4",
            "odi_pain_intensity": "9",
            "muscle_findings": ["not_a_finding"],
            "chart_low_back_left": "not_a_kind",
            f"posture_{POSTURE_REGIONS[0][0]}_note": "Typed, valid, not saved yet",
        },
    )
    page = response.content.decode()
    assert "Summary saved to the draft." in page
    assert "is-invalid" not in page and 'aria-invalid="true"' not in page
    assert unexplained_invalid_fields(page) == []
    assert "has errors" not in page and "Please fix the fields marked below" not in page
    assert 'name="pain_now" value="12"' in page
    assert 'name="psfs_activity_1" value="Gardening"' in page
    draft.refresh_from_db()
    assert draft.summary == "Saved on its own" and draft.pain_now == 6
    assert "Typed, valid, not saved yet" in page
    # The navigation shows what is saved, not what was typed: drawing the page puts
    # nothing typed on the record.
    found = re.findall(r'data-state="(\w+)" data-section-link="(\w+)"', page)
    states = {code: state for state, code in found}
    assert states["posture"] == "not_started" and states["summary"] == "done"


def test_a_section_refused_marks_each_wrong_field_with_its_message(practitioner_client, draft):
    response = practitioner_client.post(
        _edit(draft),
        {
            "assessed_on": TODAY,
            "loaded_version": draft.version,
            "save_section": "psfs",
            "psfs_activity_1": "Gardening",
            "psfs_score_2": "4",
        },
    )
    page = response.content.decode()
    assert "That section was not saved." in page
    assert page.count("is-invalid") >= 2  # both PSFS rows are marked ...
    assert unexplained_invalid_fields(page) == []  # ... each with what to fix
