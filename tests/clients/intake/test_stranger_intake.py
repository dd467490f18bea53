"""A stranger's booking (no client record) brings an intake link of its consultation:
the same token rules, everything kept on the link, the practitioner alerted by a
"yes", and all of it handed to the client when the practitioner makes them one."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone

from clients.booking import emails
from clients.booking import services as booking
from clients.consent import services as consent
from clients.erasure import services as erasure
from clients.intake import services as intake
from clients.intake.sections import SECTIONS
from clients.models import (
    Assessment,
    BodyChart,
    Client,
    ConsentSignature,
    Consultation,
    IntakeLink,
    RedFlag,
    SafetyCheck,
)
from clients.red_flags import services as red_flags
from tests import factories
from tests.clients.intake.conftest import section_data, section_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(practitioner):
    return factories.ConsultationFactory(
        practitioner=practitioner,
        first_name="Robin",
        last_name="Hale",
        email="robin@example.org",
        start=timezone.now() + timedelta(days=2),
    )


@pytest.fixture
def stranger_link(consultation):
    """(link, token) of the stranger's consultation, as the confirmation email sends it."""
    return intake.create_consultation_link(consultation=consultation, by=None)


@pytest.fixture
def version(owner):
    return consent.save_consent_text(
        text="We keep your notes private and check in before any hands-on work.",
        change_note="",
        by=owner,
        expected_number=None,
    )


def _token_in(body: str) -> str:
    start = body.index("/intake/")
    return body[start:].split("/")[2]


def _fill_all(browser, token, **safety):
    for section in SECTIONS:
        extra = safety if section.code == "safety" else {}
        response = browser.post(
            section_url(token, section.code), section_data(section.code, **extra)
        )
        assert response.status_code in (200, 302), section.code


def _attend(consultation):
    Consultation.objects.filter(pk=consultation.pk).update(
        status=Consultation.Status.ATTENDED,
        start=timezone.now() - timedelta(hours=2),
        end=timezone.now() - timedelta(hours=1, minutes=30),
    )
    consultation.refresh_from_db()


# -- The link ------------------------------------------------------------------------


def test_a_public_booking_emails_a_private_intake_link_tied_to_the_consultation(
    practitioner, django_capture_on_commit_callbacks
):
    factories.WeeklyHoursFactory(practitioner=practitioner)
    start = next(
        iter(
            booking.load_availability(
                first_day=timezone.localdate() + timedelta(days=1),
                last_day=timezone.localdate() + timedelta(days=14),
            ).open_times()
        )
    )
    with django_capture_on_commit_callbacks(execute=True):
        booked = booking.book_consultation(
            practitioner_id=None,
            start=start,
            first_name="Robin",
            last_name="Hale",
            email="Robin@Example.org",
            message="Sciatica on the left",
        )
    confirmation = next(m for m in mail.outbox if m.to == ["robin@example.org"])
    assert "please tell us about your symptoms" in confirmation.body
    token = _token_in(confirmation.body)
    link = IntakeLink.objects.get()
    assert link.client is None and link.consultation == booked.consultation
    assert link.token_hash == IntakeLink.hash(token) and token not in link.token_hash
    assert link.expires_at - link.created_at == timedelta(days=14)
    assert not Client.objects.exists()  # nothing matched or created from a typed email
    body = Browser().get(reverse("clients:intake_start", args=[token])).content.decode()
    assert "Hello Robin." in body


def test_a_stranger_with_a_clients_email_is_not_attached_to_that_client(consultation):
    factories.ClientFactory(email=consultation.email)
    emails.send_confirmation(consultation, "manage-token")
    link = IntakeLink.objects.get()
    assert link.client is None and link.consultation == consultation


def test_a_new_confirmation_replaces_the_link_and_a_sent_form_brings_none(
    consultation, stranger_link
):
    old, _token = stranger_link
    emails.send_booked_by_practice([(consultation, "manage-token")])
    old.refresh_from_db()
    assert old.state == "revoked"
    new = IntakeLink.objects.get(revoked_at__isnull=True)
    assert new.consultation == consultation
    IntakeLink.objects.filter(pk=new.pk).update(submitted_at=timezone.now())
    emails.send_booked_by_practice([(consultation, "manage-token")])
    assert "intake form" not in mail.outbox[-1].body
    assert IntakeLink.objects.count() == 2


def test_a_link_needs_a_client_or_a_consultation():
    with pytest.raises(IntegrityError), transaction.atomic():
        IntakeLink.objects.create(token_hash="x" * 64, expires_at=timezone.now())


def test_token_rules_hold_for_a_strangers_link(consultation, stranger_link, portal_client):
    link, token = stranger_link
    # Someone signed in as another client cannot open it.
    assert portal_client.get(reverse("clients:intake_start", args=[token])).status_code == 404
    browser = Browser()
    # Expired.
    IntakeLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert browser.get(reverse("clients:intake_start", args=[token])).status_code == 410
    IntakeLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() + timedelta(days=1))
    # Sent once, then closed.
    _fill_all(browser, token)
    response = browser.post(reverse("clients:intake_submit", args=[token]))
    assert "Thank you: your answers are sent" in response.content.decode()
    response = browser.post(section_url(token, "pain"), section_data("pain", pain_now="9"))
    assert response.status_code == 410
    link.refresh_from_db()
    assert link.answers["pain"]["pain_now"] == 5


def test_cancelling_the_booking_revokes_its_open_link(consultation, stranger_link, practitioner):
    link, token = stranger_link
    booking.cancel_consultation(consultation=consultation, by=practitioner)
    link.refresh_from_db()
    assert link.state == "revoked" and link.revoked_by == practitioner
    response = Browser().get(reverse("clients:intake_start", args=[token]))
    assert response.status_code == 410
    emails.send_cancellation(consultation)
    assert "intake" not in mail.outbox[-1].body.lower()


def test_cancelling_online_revokes_it_too(consultation, stranger_link):
    link, _token = stranger_link
    booking.cancel_consultation(consultation=consultation, by=None)
    link.refresh_from_db()
    assert link.state == "revoked" and link.revoked_by is None


# -- Answers kept on the link --------------------------------------------------------


def test_a_strangers_answers_stay_on_the_link_until_they_are_a_client(consultation, stranger_link):
    link, token = stranger_link
    browser = Browser()
    _fill_all(browser, token)
    browser.post(reverse("clients:intake_submit", args=[token]))
    link.refresh_from_db()
    assert link.state == "submitted" and link.assessment is None
    assert link.answers["story"]["onset_story"] == "Lifting a heavy box at work"
    assert link.answers["chart"]["marks"] == {"buttock_left": "pain", "calf_left": "tingling"}
    assert link.safety_answers  # the screen's answers, all "no"
    assert not Assessment.objects.exists() and not BodyChart.objects.exists()
    assert not SafetyCheck.objects.exists() and not RedFlag.objects.exists()


def test_a_strangers_yes_is_saved_first_and_emails_the_practitioner_once(
    consultation,
    stranger_link,
    practitioner,
    practitioner_client,
    django_capture_on_commit_callbacks,
):
    link, token = stranger_link
    browser = Browser()
    data = section_data("safety", flag_saddle_numbness="yes")
    del data["flag_trauma"]  # the rest of the section is incomplete
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(section_url(token, "safety"), data)
    body = response.content.decode()
    assert "Please get medical advice today" in body and "Answer yes or no." in body
    link.refresh_from_db()
    assert link.safety_answers["saddle_numbness"] is True
    assert link.flagged_at is not None and link.flag_notified_at is not None
    assert "safety" not in link.answers  # the section itself was not saved
    (alert,) = mail.outbox
    assert alert.to == [practitioner.email]
    assert consultation.get_absolute_url() in alert.body
    assert "Robin" not in alert.body and "saddle" not in alert.body  # no name, no health
    # Saying "no" afterwards keeps the yes; a second yes sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(section_url(token, "safety"), section_data("safety"))
        browser.post(section_url(token, "safety"), section_data("safety", flag_trauma="yes"))
    link.refresh_from_db()
    assert link.safety_answers["saddle_numbness"] is True
    assert link.safety_answers["trauma"] is True
    assert len(mail.outbox) == 1
    assert not RedFlag.objects.exists()  # no client record yet to hold a red flag
    # The practitioner sees it on the booking.
    page = practitioner_client.get(consultation.get_absolute_url()).content.decode()
    assert "Safety concern:" in page and "numbness in the saddle area" in page
    assert "a recent fall or accident" in page


def test_a_failed_alert_is_retried_by_the_scheduled_command(consultation, stranger_link):
    link, _token = stranger_link
    IntakeLink.objects.filter(pk=link.pk).update(
        flagged_at=timezone.now(), safety_answers={"bladder_bowel": True}
    )
    assert intake.send_stranger_alerts() == 1
    assert intake.send_stranger_alerts() == 0
    assert len(mail.outbox) == 1


def test_the_consultation_page_says_the_form_was_sent_then_answered(
    consultation, stranger_link, practitioner_client, django_assert_num_queries
):
    _link, token = stranger_link
    url = consultation.get_absolute_url()
    # session with user, savepoint + release, the consultation, its intake link, its history
    with django_assert_num_queries(6):
        body = practitioner_client.get(url).content.decode()
    assert "Sent with the booking on" in body and "not answered yet (0 parts saved)" in body
    _fill_all(Browser(), token)
    Browser().post(reverse("clients:intake_submit", args=[token]))
    with django_assert_num_queries(6):
        body = practitioner_client.get(url).content.decode()
    assert "Answered on" in body
    assert "go into a draft assessment, marked as reported by the client, when you make" in body


# -- Consent -------------------------------------------------------------------------


def test_a_strangers_signature_is_kept_with_the_intake(consultation, stranger_link, version):
    link, token = stranger_link
    browser = Browser()
    _fill_all(browser, token)
    body = browser.get(reverse("clients:intake_start", args=[token])).content.decode()
    assert "We keep your notes private" in body
    refused = browser.post(
        reverse("clients:intake_submit", args=[token]),
        {"consent-version": version.number, "consent-full_name": "Robin Hale"},
    )
    assert "Tick the box to say you agree" in refused.content.decode()
    link.refresh_from_db()
    assert link.submitted_at is None and link.consent_version is None
    browser.post(
        reverse("clients:intake_submit", args=[token]),
        {
            "consent-version": version.number,
            "consent-full_name": " Robin  Hale",
            "consent-agree": "on",
        },
    )
    link.refresh_from_db()
    assert link.submitted_at is not None
    assert link.consent_version == version and link.consent_name == "Robin Hale"
    assert not ConsentSignature.objects.exists()
    # The newest history row (the signature) shows the link as it is: submitted.
    latest = link.history.latest()
    assert latest.history_change_reason == f"Consent signed ({version})"
    assert latest.submitted_at == link.submitted_at
    assert latest.consent_version_id == version.pk


# -- Becoming a client ---------------------------------------------------------------


def test_converting_writes_the_intake_into_the_new_clients_draft_assessment(
    consultation,
    stranger_link,
    version,
    practitioner,
    practitioner_client,
    django_capture_on_commit_callbacks,
):
    link, token = stranger_link
    browser = Browser()
    with django_capture_on_commit_callbacks(execute=True):
        _fill_all(browser, token, flag_bladder_bowel="yes")
    browser.post(
        reverse("clients:intake_submit", args=[token]),
        {
            "consent-version": version.number,
            "consent-full_name": "Robin Hale",
            "consent-agree": "on",
        },
    )
    link.refresh_from_db()
    signed_at, flagged_at = link.consent_signed_at, link.flagged_at
    assert len(mail.outbox) == 1
    _attend(consultation)
    with django_capture_on_commit_callbacks(execute=True):
        response = practitioner_client.post(
            reverse("clients:consultation_convert", args=[consultation.pk])
        )
    record = Client.objects.get()
    assert response["Location"] == record.get_absolute_url()
    link.refresh_from_db()
    assert link.client == record and link.assessment is not None
    assessment = link.assessment
    assert assessment.status == Assessment.Status.DRAFT and assessment.client == record
    assert assessment.onset_story == "Lifting a heavy box at work"
    assert assessment.pain_now == 5 and assessment.odi_answers == [2, 2, 2, 2, 2, 2, 1, 1, 1, 1]
    assert {"onset_story", "pain_now", "odi_answers", "psfs_items", "body_chart"} <= set(
        assessment.reported_by_client
    )
    chart = BodyChart.objects.get(assessment=assessment)
    assert chart.client == record and chart.source == BodyChart.Source.INTAKE
    assert chart.marks_by_field() == {"buttock_left": "pain", "calf_left": "tingling"}
    # The red flag is the client's now, dated when they said it, not emailed again.
    flag = RedFlag.objects.get()
    assert flag.client == record and flag.source == RedFlag.Source.INTAKE
    assert flag.answers == ["bladder_bowel"] and flag.raised_at == flagged_at
    assert flag.acknowledged_at is None
    assert SafetyCheck.objects.get().client == record
    assert len(mail.outbox) == 1
    # The consent they signed with the form is the client's signature.
    signature = ConsentSignature.objects.get()
    assert signature.client == record and signature.version == version
    assert signature.how == ConsentSignature.How.REMOTE_LINK
    assert signature.full_name == "Robin Hale" and signature.signed_at == signed_at
    assert consent.consent_state(record).is_current
    # The practitioner sees it on the booking.
    page = practitioner_client.get(consultation.get_absolute_url()).content.decode()
    assert "The answers are in" in page and "It is on Robin Hale’s record" in page


def test_linking_to_an_existing_client_by_email_keeps_the_intake_on_the_booking(
    consultation,
    stranger_link,
    version,
    practitioner,
    practitioner_client,
    django_assert_num_queries,
):
    """A typed email is never proof of who someone is: the stranger's answers, safety
    answers and signature are not put on the record their email happens to match."""
    record = factories.ClientFactory(email=consultation.email, practitioner=practitioner)
    draft = factories.AssessmentFactory(
        client=record, status=Assessment.Status.DRAFT, completed_at=None, pain_now=2, onset_story=""
    )
    link, token = stranger_link
    browser = Browser()
    _fill_all(browser, token, flag_bladder_bowel="yes")
    browser.post(
        reverse("clients:intake_submit", args=[token]),
        {
            "consent-version": version.number,
            "consent-full_name": "Robin Hale",
            "consent-agree": "on",
        },
    )
    _attend(consultation)
    response = practitioner_client.post(
        reverse("clients:consultation_convert", args=[consultation.pk]), follow=True
    )
    consultation.refresh_from_db()
    assert consultation.client == record
    page = response.content.decode()
    assert f"Linked to the existing client {record}" in page
    assert "The intake answers stayed with the booking" in page
    # Nothing of the form reached the record.
    link.refresh_from_db()
    assert link.client is None and link.assessment is None
    assert link.consultation == consultation and link.submitted_at is not None
    draft.refresh_from_db()
    assert draft.onset_story == "" and draft.reported_by_client == []
    assert not RedFlag.objects.exists() and not SafetyCheck.objects.exists()
    assert not ConsentSignature.objects.exists()
    assert Assessment.objects.filter(client=record).count() == 1
    # The booking says where the answers are and why (no more queries than before).
    with django_assert_num_queries(6):
        page = practitioner_client.get(consultation.get_absolute_url()).content.decode()
    assert "These answers stayed with this booking" in page
    assert "the email matched an existing record" in page
    assert f"It was not added to {record}’s record" in page
    assert "when you make them a client" not in page
    assert "it stays with this booking" in page


def test_a_new_client_from_conversion_gets_no_intake_message(
    consultation, stranger_link, practitioner, practitioner_client
):
    link, token = stranger_link
    _fill_all(Browser(), token)
    Browser().post(reverse("clients:intake_submit", args=[token]))
    _attend(consultation)
    page = practitioner_client.post(
        reverse("clients:consultation_convert", args=[consultation.pk]), follow=True
    ).content.decode()
    assert "is now a client" in page and "stayed with the booking" not in page
    link.refresh_from_db()
    assert link.client is not None and link.assessment is not None


def test_an_archived_record_is_never_given_a_strangers_intake(
    consultation, stranger_link, version, practitioner
):
    record = factories.ClientFactory(
        email="someone@example.org", practitioner=practitioner, archived_at=timezone.now()
    )
    assert record.is_archived
    link, token = stranger_link
    _fill_all(Browser(), token)
    Browser().post(reverse("clients:intake_submit", args=[token]))
    with pytest.raises(intake.IntakeError, match="closed"):
        intake.adopt(consultation=consultation, client=record, by=practitioner)
    with pytest.raises(consent.ConsentError, match="closed"):
        consent.adopt_signature(
            client=record,
            version=version,
            full_name="Robin Hale",
            signed_at=timezone.now(),
            by=practitioner,
        )
    assert not Assessment.objects.filter(client=record).exists()
    assert not ConsentSignature.objects.exists()
    link.refresh_from_db()
    assert link.client is None


def test_a_version_signed_with_an_intake_is_not_corrected_but_followed_and_asked_again(
    consultation, stranger_link, version, owner, practitioner
):
    link, token = stranger_link
    browser = Browser()
    _fill_all(browser, token)
    browser.post(
        reverse("clients:intake_submit", args=[token]),
        {
            "consent-version": version.number,
            "consent-full_name": "Robin Hale",
            "consent-agree": "on",
        },
    )
    newer = consent.save_consent_text(
        text="A new text.", change_note="", by=owner, expected_number=version.number
    )
    version.refresh_from_db()
    assert newer.number == 2 and version.text.startswith("We keep your notes private")
    _attend(consultation)
    client, _created = booking.convert_to_client(consultation=consultation, by=practitioner)
    state = consent.consent_state(client)
    assert state.latest.version == version and state.current == newer
    assert state.must_ask_again


def test_a_form_still_open_at_conversion_goes_on_as_the_clients_own(
    consultation, stranger_link, practitioner
):
    link, token = stranger_link
    browser = Browser()
    browser.post(section_url(token, "story"), section_data("story"))
    _attend(consultation)
    client, _created = booking.convert_to_client(consultation=consultation, by=practitioner)
    assert intake.portal_link(client) == link
    for section in SECTIONS[1:]:
        browser.post(section_url(token, section.code), section_data(section.code))
    browser.post(reverse("clients:intake_submit", args=[token]))
    link.refresh_from_db()
    assert link.assessment.client == client
    assert link.assessment.onset_story == "Lifting a heavy box at work"
    assert BodyChart.objects.get(assessment=link.assessment).client == client


# -- Erasure -------------------------------------------------------------------------


def test_erasing_the_client_erases_the_intakes_of_their_bookings(
    consultation, stranger_link, owner
):
    link, token = stranger_link
    _fill_all(Browser(), token)
    # Never converted: erasure links their bookings by email, then their intakes go.
    record = factories.ClientFactory(email=consultation.email, status=Client.Status.DISCHARGED)
    erasure.anonymise_client(client=record, by=owner)
    assert not IntakeLink.objects.exists()
    assert not IntakeLink.history.filter(id=link.pk).exists()


def test_the_versions_page_counts_a_strangers_signature_once(
    consultation, stranger_link, version, owner, owner_client, practitioner
):
    link, token = stranger_link
    browser = Browser()
    _fill_all(browser, token)
    browser.post(
        reverse("clients:intake_submit", args=[token]),
        {
            "consent-version": version.number,
            "consent-full_name": "Robin Hale",
            "consent-agree": "on",
        },
    )
    page = owner_client.get(reverse("clients:consent_versions")).content.decode()
    assert "1 client signed version 1, so it stays as it is" in page
    _attend(consultation)
    booking.convert_to_client(consultation=consultation, by=practitioner)
    page = owner_client.get(reverse("clients:consent_versions")).content.decode()
    assert "1 client signed version 1, so it stays as it is" in page


# -- The adopted red flag --------------------------------------------------------------


def test_an_adopted_red_flag_keeps_when_it_was_said_and_escalates_from_the_conversion(
    consultation, stranger_link, practitioner, settings, django_capture_on_commit_callbacks
):
    settings.CLINIC_RED_FLAG_ESCALATE_HOURS = 4
    factories.OwnerFactory(email="owner@example.org")
    link, token = stranger_link
    _fill_all(Browser(), token, flag_bladder_bowel="yes")
    Browser().post(reverse("clients:intake_submit", args=[token]))
    # Said two days before the consultation; the practitioner was emailed then.
    said = timezone.now() - timedelta(days=2)
    IntakeLink.objects.filter(pk=link.pk).update(
        flagged_at=said, flag_notified_at=said + timedelta(minutes=1)
    )
    _attend(consultation)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        booking.convert_to_client(consultation=consultation, by=practitioner)
    converted_at = timezone.now()
    flag = RedFlag.objects.get()
    assert flag.raised_at == said and flag.notified_at == said + timedelta(minutes=1)
    assert converted_at - timedelta(minutes=1) < flag.escalates_from <= converted_at
    # The history agrees with the row: no update behind its back.
    latest = flag.history.latest()
    assert latest.raised_at == said and latest.notified_at == flag.notified_at
    assert latest.escalates_from == flag.escalates_from
    assert mail.outbox == []  # emailed about when it was said, not again
    # The next scheduled run does not tell every owner at once...
    assert red_flags.escalate(now=converted_at + timedelta(minutes=5)) == 0
    assert red_flags.escalate(now=flag.escalates_from + timedelta(hours=3, minutes=59)) == 0
    # ...only when nobody acknowledged it within the hours from the conversion.
    assert red_flags.escalate(now=flag.escalates_from + timedelta(hours=4)) == 1
    assert mail.outbox[0].to == ["owner@example.org"]
