"""The consent workflows: versions, signatures, the three gates and the client's status."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from clients import services as client_services
from clients.consent import services
from clients.invitations import services as invitations
from clients.models import (
    Assessment,
    Client,
    ConsentSignature,
    ConsentVersion,
    PortalInvitation,
)
from clinic.history import history_entries
from clinic.models import ArchiveOnlyError
from programs import services as programs
from programs.models import ClientProgram
from tests import factories

pytestmark = pytest.mark.django_db


def _version(owner, text="We work together safely.", expected=None):
    return services.save_consent_text(text=text, change_note="", by=owner, expected_number=expected)


def _draft(client):
    return factories.AssessmentFactory(client=client, status="draft")


def _complete(assessment, by):
    return client_services.save_assessment(
        assessment=assessment, by=by, complete=True, expected_version=assessment.version
    )


# --- versions ------------------------------------------------------------------


def test_the_first_text_is_version_1_and_a_correction_before_anyone_signed_keeps_it(owner):
    first = _version(owner)
    corrected = _version(owner, text="We work together, safely.", expected=1)
    assert corrected.pk == first.pk
    assert corrected.number == 1
    assert ConsentVersion.objects.get().text == "We work together, safely."
    assert history_entries(corrected)[0].reason == "Corrected before anyone signed it"


def test_a_signed_version_never_changes_an_edit_makes_the_next_one(owner):
    client = factories.ClientFactory()
    first = _version(owner)
    services.sign_consent(client=client, version=first, full_name="Ann Lee", how="portal")
    second = _version(owner, text="New text.", expected=1)
    first.refresh_from_db()
    assert first.text == "We work together safely."
    assert second.number == 2
    assert services.current_version() == second


def test_an_edit_from_a_page_opened_before_a_new_version_is_refused(owner):
    _version(owner)
    client = factories.ClientFactory()
    services.sign_consent(client=client, version=1, full_name="Ann Lee", how="portal")
    _version(owner, text="Version two.", expected=1)
    with pytest.raises(services.ConsentError, match="Someone saved a new consent version"):
        _version(owner, text="Version two, my way.", expected=1)
    assert ConsentVersion.objects.count() == 2


@pytest.mark.parametrize("text", ["", "   ", "x" * 20_001])
def test_an_empty_or_huge_text_is_refused(owner, text):
    with pytest.raises(services.ConsentError):
        _version(owner, text=text)
    assert not ConsentVersion.objects.exists()


def test_versions_and_signatures_are_never_deleted(owner):
    version = _version(owner)
    signature = services.sign_consent(
        client=factories.ClientFactory(), version=version, full_name="Ann Lee", how="portal"
    )
    with pytest.raises(ArchiveOnlyError):
        signature.delete()
    with pytest.raises(ArchiveOnlyError):
        version.delete()


# --- signing -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("how", "stored"),
    [
        ("remote link", "remote_link"),
        ("remote_link", "remote_link"),
        ("portal", "portal"),
        ("in clinic", "in_clinic"),
    ],
)
def test_a_signature_records_version_name_time_and_how(owner, practitioner, how, stored):
    version = _version(owner)
    client = factories.ClientFactory()
    before = timezone.now()
    signature = services.sign_consent(
        client=client, version=version, full_name="  Ann   Lee ", how=how, by=practitioner
    )
    assert signature.version == version
    assert signature.full_name == "Ann Lee"
    assert signature.how == stored
    assert signature.signed_at >= before
    assert signature.recorded_by == practitioner
    assert services.consent_state(client).is_current


def test_signing_a_version_that_is_no_longer_current_is_refused(owner):
    _version(owner)
    client = factories.ClientFactory()
    services.sign_consent(
        client=factories.ClientFactory(), version=1, full_name="A B", how="portal"
    )
    _version(owner, text="Second.", expected=1)
    with pytest.raises(services.ConsentError, match="changed while it was open"):
        services.sign_consent(client=client, version=1, full_name="Ann Lee", how="portal")
    assert not client.consent_signatures.exists()


def test_signing_twice_keeps_one_signature(owner):
    version = _version(owner)
    client = factories.ClientFactory()
    first = services.sign_consent(client=client, version=version, full_name="Ann", how="portal")
    again = services.sign_consent(client=client, version=version, full_name="Ann", how="portal")
    assert first.pk == again.pk
    assert ConsentSignature.objects.count() == 1


@pytest.mark.parametrize("name", ["", "   ", "x" * 201])
def test_a_missing_or_overlong_name_is_refused(owner, name):
    version = _version(owner)
    client = factories.ClientFactory()
    with pytest.raises(services.ConsentError):
        services.sign_consent(client=client, version=version, full_name=name, how="portal")
    assert not ConsentSignature.objects.exists()


def test_an_unknown_way_of_signing_is_a_programming_error(owner):
    version = _version(owner)
    with pytest.raises(ValueError, match="Unknown way"):
        services.sign_consent(
            client=factories.ClientFactory(), version=version, full_name="Ann", how="paper"
        )


def test_a_paper_form_records_the_version_and_its_date(owner, practitioner):
    version = _version(owner)
    client = factories.ClientFactory()
    day = timezone.localdate() - timedelta(days=3)
    signature = services.record_paper_consent(
        client=client, version=version, signed_on=day, by=practitioner
    )
    assert (signature.how, signature.paper_signed_on, signature.signed_on) == ("paper", day, day)
    assert signature.recorded_by == practitioner
    with pytest.raises(services.ConsentError, match="already recorded"):
        services.record_paper_consent(client=client, version=version, signed_on=day, by=owner)
    with pytest.raises(services.ConsentError, match="future"):
        services.record_paper_consent(
            client=factories.ClientFactory(),
            version=version,
            signed_on=timezone.localdate() + timedelta(days=1),
            by=owner,
        )


def test_a_new_version_asks_again(owner):
    client = factories.ClientFactory()
    services.sign_consent(client=client, version=_version(owner), full_name="A", how="portal")
    _version(owner, text="Second.", expected=1)
    state = services.consent_state(client)
    assert not state.is_current
    assert state.must_ask_again


def test_without_any_consent_text_nothing_is_asked():
    assert services.consent_state(factories.ClientFactory()).is_current


# --- the three gates -----------------------------------------------------------


@pytest.fixture
def current(owner):
    return _version(owner)


def test_completing_an_assessment_needs_the_current_consent(current, practitioner):
    assessment = _draft(factories.ClientFactory(first_name="Ann", last_name="Lee"))
    with pytest.raises(services.ConsentRequired, match="Before completing the assessment, Ann"):
        _complete(assessment, practitioner)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT
    assert assessment.version == 1  # nothing saved, not even the draft's version


def test_a_draft_can_be_saved_without_consent(current, practitioner):
    assessment = _draft(factories.ClientFactory())
    assessment.pain_now = 3
    client_services.save_assessment(
        assessment=assessment, by=practitioner, complete=False, expected_version=1
    )
    assessment.refresh_from_db()
    assert assessment.pain_now == 3


def test_an_older_version_does_not_open_the_gate_but_the_current_one_does(owner, practitioner):
    client = factories.ClientFactory()
    services.sign_consent(client=client, version=_version(owner), full_name="A", how="portal")
    _version(owner, text="Second.", expected=1)
    assessment = _draft(client)
    with pytest.raises(services.ConsentRequired, match="new consent text"):
        _complete(assessment, practitioner)
    services.sign_consent(client=client, version=2, full_name="A", how="portal")
    assert _complete(assessment, practitioner).status == Assessment.Status.COMPLETED


def test_a_paper_form_of_the_current_version_opens_the_gates(current, practitioner):
    client = factories.ClientFactory()
    services.record_paper_consent(
        client=client, version=current, signed_on=timezone.localdate(), by=practitioner
    )
    assert _complete(_draft(client), practitioner).status == Assessment.Status.COMPLETED


def test_assigning_a_program_needs_the_current_consent(current, practitioner):
    client = factories.ClientFactory(first_name="Ann")
    template = factories.build_template(phases=1)
    with pytest.raises(programs.ProgramError, match="Before assigning a program, Ann"):
        programs.assign_program(
            client=client, template=template, start_date=timezone.localdate(), by=practitioner
        )
    assert not ClientProgram.objects.exists()


def test_inviting_to_the_portal_needs_the_current_consent(current, practitioner, mailoutbox):
    client = factories.ClientFactory(first_name="Ann", email="ann@example.org")
    with pytest.raises(invitations.InvitationError, match="Before inviting them to the portal"):
        invitations.invite_client(client=client, by=practitioner, base_url="http://testserver/")
    client.refresh_from_db()
    assert client.user is None  # no account made
    assert not PortalInvitation.objects.exists()
    assert mailoutbox == []


def test_editing_an_assessment_completed_before_a_new_version_stays_possible(owner, practitioner):
    client = factories.ClientFactory()
    services.sign_consent(client=client, version=_version(owner), full_name="A", how="portal")
    assessment = _complete(_draft(client), practitioner)
    _version(owner, text="Second.", expected=1)
    assessment.pain_now = 2
    assert _complete(assessment, practitioner).pain_now == 2


# --- status --------------------------------------------------------------------


def _signed_client(current, **kwargs):
    client = factories.ClientFactory(status=Client.Status.LEAD, **kwargs)
    services.sign_consent(client=client, version=current, full_name="A", how="portal")
    return client


def _assign(client, by):
    return programs.assign_program(
        client=client,
        template=factories.build_template(phases=1),
        start_date=timezone.localdate(),
        by=by,
    )


def test_a_lead_with_a_completed_assessment_and_an_active_program_becomes_active(
    current, practitioner
):
    client = _signed_client(current)
    _complete(_draft(client), practitioner)
    client.refresh_from_db()
    assert client.status == Client.Status.LEAD  # no program yet
    _assign(client, practitioner)
    client.refresh_from_db()
    assert client.status == Client.Status.ACTIVE
    assert history_entries(client)[0].reason == "Status Lead → Active"


def test_the_order_does_not_matter_program_first_then_assessment(current, practitioner):
    client = _signed_client(current)
    _assign(client, practitioner)
    client.refresh_from_db()
    assert client.status == Client.Status.LEAD  # no completed assessment yet
    _complete(_draft(client), practitioner)
    client.refresh_from_db()
    assert client.status == Client.Status.ACTIVE


def test_ending_the_last_program_pauses_an_active_client_and_a_new_one_resumes(
    current, practitioner
):
    client = _signed_client(current)
    _complete(_draft(client), practitioner)
    program = _assign(client, practitioner)
    programs.end_program(
        program=program, by=practitioner, expected_version=program.version, reason="Done"
    )
    client.refresh_from_db()
    assert client.status == Client.Status.PAUSED
    _assign(client, practitioner)
    client.refresh_from_db()
    assert client.status == Client.Status.ACTIVE


def test_a_status_the_practitioner_chose_is_left_alone(current, practitioner):
    client = _signed_client(current)
    client.status = Client.Status.DISCHARGED
    client.save()
    _complete(_draft(client), practitioner)
    _assign(client, practitioner)
    client.refresh_from_db()
    assert client.status == Client.Status.DISCHARGED


def test_a_lead_stays_a_lead_without_a_completed_assessment(current, practitioner):
    client = _signed_client(current)
    _draft(client)
    _assign(client, practitioner)
    client.refresh_from_db()
    assert client.status == Client.Status.LEAD


def test_a_version_saved_outside_the_owners_page_replaces_the_cached_one(owner):
    """The seeds (demo, bench) and the admin save versions with the ORM: the cached
    current version must not outlive them, or signed clients are sent to sign again."""
    first = _version(owner)
    assert services.current_version() == first
    assert services.current_version_pk() == first.pk
    later = ConsentVersion.objects.create(number=2, text="Written in the admin.")
    assert services.current_version() == later
    assert services.current_version_pk() == later.pk
