import pytest

from clients import services
from clients.models import Assessment, Client, RedFlag
from clients.red_flags import services as red_flags
from clinic.history import history_entries
from tests import factories

pytestmark = pytest.mark.django_db


def _screen(**yes) -> dict:
    answers = factories.all_red_flags_no()
    answers.update(yes)
    return answers


def test_a_stale_client_edit_is_refused_and_saves_nothing(practitioner, other_practitioner):
    client = factories.ClientFactory(first_name="Ada")
    loaded = client.version
    first = Client.objects.get(pk=client.pk)
    first.occupation = "Teacher"
    services.save_client(client=first, by=practitioner, expected_version=loaded)

    second = Client.objects.get(pk=client.pk)
    second.version = loaded  # the other practitioner's form was opened before the first save
    second.occupation = "Baker"
    with pytest.raises(services.EditConflict, match="Someone else saved"):
        services.save_client(client=second, by=other_practitioner, expected_version=loaded)
    client.refresh_from_db()
    assert client.occupation == "Teacher"
    assert client.version == loaded + 1


def test_a_stale_assessment_edit_is_refused(practitioner):
    assessment = factories.AssessmentFactory(pain_now=6)
    loaded = assessment.version
    services.save_assessment(
        assessment=assessment, by=practitioner, complete=True, expected_version=loaded
    )
    stale = Assessment.objects.get(pk=assessment.pk)
    stale.pain_now = 2
    with pytest.raises(services.EditConflict):
        services.save_assessment(
            assessment=stale, by=practitioner, complete=True, expected_version=loaded
        )
    assessment.refresh_from_db()
    assert assessment.pain_now == 6


def test_archiving_remembers_the_status_and_restoring_returns_to_it(practitioner):
    client = factories.ClientFactory(status=Client.Status.PAUSED)
    services.archive_client(client=client, by=practitioner, reason="Moved abroad")
    client.refresh_from_db()
    assert client.status == Client.Status.ARCHIVED
    assert client.is_archived and client.archived_by == practitioner
    assert client.archive_reason == "Moved abroad"

    services.restore_client(client=client, by=practitioner)
    client.refresh_from_db()
    assert client.status == Client.Status.PAUSED
    assert not client.is_archived

    entries = history_entries(client)
    assert [e.reason for e in entries[:2]] == ["Restored", "Archived: Moved abroad"]
    assert entries[0].who == str(practitioner)


def test_archiving_needs_a_reason(practitioner):
    client = factories.ClientFactory()
    with pytest.raises(services.ClientError, match="reason"):
        services.archive_client(client=client, by=practitioner, reason="  ")
    client.refresh_from_db()
    assert not client.is_archived


def test_a_yes_in_the_screen_raises_a_red_flag_even_in_a_draft(practitioner):
    client = factories.ClientFactory()
    assessment = factories.AssessmentFactory.build(
        client=client,
        status="draft",
        red_flag_answers={"bladder_bowel": True},
        red_flag_notes="Since Monday",
    )
    services.save_assessment(assessment=assessment, by=practitioner, complete=False)
    flag = RedFlag.objects.get()
    assert flag.source == RedFlag.Source.ASSESSMENT
    assert flag.assessment == assessment
    assert flag.answers == ["bladder_bowel"]
    assert flag.details == "Since Monday"
    assert flag.raised_by == practitioner
    assert client.has_unresolved_red_flag


def test_saving_the_assessment_again_updates_its_open_flag_instead_of_adding_one(practitioner):
    assessment = factories.AssessmentFactory.build(
        client=factories.ClientFactory(), status="draft", red_flag_answers={"trauma": True}
    )
    services.save_assessment(assessment=assessment, by=practitioner, complete=False)
    assessment.red_flag_answers = _screen(trauma=True, systemic=True)
    services.save_assessment(
        assessment=assessment, by=practitioner, complete=True, expected_version=1
    )
    flag = RedFlag.objects.get()
    assert flag.answers == ["systemic", "trauma"]
    assert assessment.status == Assessment.Status.COMPLETED


def test_a_clear_screen_raises_no_flag(practitioner):
    assessment = factories.AssessmentFactory.build(client=factories.ClientFactory())
    services.save_assessment(assessment=assessment, by=practitioner, complete=True)
    assert not RedFlag.objects.exists()


def test_completing_with_an_unanswered_screen_is_refused(practitioner):
    assessment = factories.AssessmentFactory.build(
        client=factories.ClientFactory(), status="draft", red_flag_answers={}
    )
    with pytest.raises(services.ClientError, match="Answer every red-flag question"):
        services.save_assessment(assessment=assessment, by=practitioner, complete=True)
    assert not Assessment.objects.exists()


def test_resolving_a_red_flag_keeps_both_states_in_the_history(practitioner, other_practitioner):
    flag = factories.RedFlagFactory(raised_by=practitioner)
    red_flags.clear_red_flag(
        red_flag=flag,
        by=other_practitioner,
        resolution=RedFlag.Resolution.MEDICAL_CLEARANCE,
        note="GP examined; cleared for gentle exercise.",
        cleared_by_name="Dr Rivera, Harbour GP",
        cleared_on=flag.raised_at.date(),
    )
    flag.refresh_from_db()
    assert flag.is_resolved
    assert flag.resolved_by == other_practitioner
    assert flag.cleared_by_name == "Dr Rivera, Harbour GP"
    assert not flag.client.has_unresolved_red_flag
    states = list(flag.history.order_by("history_id").values_list("resolved_at", flat=True))
    assert states[0] is None and states[-1] is not None
    assert flag.history.latest().history_user == other_practitioner


def test_a_medical_clearance_must_say_who_gave_it(practitioner):
    flag = factories.RedFlagFactory()
    with pytest.raises(red_flags.RedFlagError, match="who gave"):
        red_flags.clear_red_flag(
            red_flag=flag,
            by=practitioner,
            resolution=RedFlag.Resolution.MEDICAL_CLEARANCE,
            note="ok",
        )
    flag.refresh_from_db()
    assert not flag.is_resolved


def test_a_resolved_flag_cannot_be_resolved_twice(practitioner):
    flag = factories.RedFlagFactory()
    red_flags.clear_red_flag(
        red_flag=flag, by=practitioner, resolution=RedFlag.Resolution.NOT_CONFIRMED, note="x"
    )
    with pytest.raises(red_flags.RedFlagError, match="already resolved"):
        red_flags.clear_red_flag(
            red_flag=flag, by=practitioner, resolution=RedFlag.Resolution.REFERRED, note="y"
        )


def test_assessment_changes_are_kept_with_who_made_them(practitioner, other_practitioner):
    assessment = factories.AssessmentFactory.build(client=factories.ClientFactory())
    services.save_assessment(assessment=assessment, by=practitioner, complete=True)
    assessment.pain_now = 2
    services.save_assessment(
        assessment=assessment, by=other_practitioner, complete=True, expected_version=1
    )
    records = list(assessment.history.order_by("history_id"))
    assert [r.history_user for r in records] == [practitioner, other_practitioner]
    assert [r.pain_now for r in records] == [6, 2]


def test_an_archived_client_gets_no_new_assessments_or_notes(practitioner):
    client = factories.ClientFactory()
    services.archive_client(client=client, by=practitioner, reason="Duplicate")
    with pytest.raises(services.ClientError, match="Restore"):
        services.save_assessment(
            assessment=factories.AssessmentFactory.build(client=client),
            by=practitioner,
            complete=True,
        )
    with pytest.raises(services.ClientError, match="Restore"):
        services.add_session_note(
            client=client, by=practitioner, text="x", noted_on=client.created_at.date()
        )
