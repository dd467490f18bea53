"""On a phone: the portal asks for consent before anything else, a scheduled
questionnaire reaches the portal and lands on the practitioner's chart; on the clinic's
tablet the client signs on the practitioner's device, which then stays locked."""

import datetime
import os

from django.utils import timezone

from clients.consent import services as consent
from clients.models import ConsentSignature, QuestionnaireResponse
from clients.questionnaires import services as questionnaires
from tests import factories
from tests.e2e.conftest import DESKTOP, PHONE, TABLET, assert_accessible, log_in
from tests.factories import TEST_PASSWORD

SHOTS = os.environ.get("E2E_SCREENSHOTS")  # a folder: save what the pages look like


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def _no_overflow(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_client_signs_in_the_portal_then_answers_a_questionnaire_that_reaches_the_chart(
    transactional_db, page_factory
):
    owner = factories.OwnerFactory(email="owner@example.org")
    practitioner = factories.PractitionerFactory(email="pat@example.org")
    consent.save_consent_text(
        text="We work together safely.\n\nTell us about any change in your symptoms.",
        change_note="",
        by=owner,
        expected_number=None,
    )
    user = factories.ClientUserFactory(
        email="dana@example.org",
        first_name="Dana",
        client_record__practitioner=practitioner,
        client_record__first_name="Dana",
        client_record__last_name="Reed",
    )
    record = user.client_record
    factories.AssessmentFactory(
        client=record,
        assessed_on=timezone.localdate() - datetime.timedelta(days=21),
        pain_now=7,
        odi_answers=[3] * 10,
    )
    questionnaires.schedule_questionnaires(
        client=record,
        measures=["nprs", "odi", "psfs"],
        psfs_activities=["Sitting through a film", "Walking the dog", "Lifting my toddler"],
        every_weeks=2,
        starts_on=timezone.localdate(),
        by=practitioner,
    )

    page = page_factory(PHONE)
    log_in(page, "dana@example.org", TEST_PASSWORD)
    # Asked before anything else.
    assert page.get_by_role("heading", name="Before we start").is_visible()
    assert "Tell us about any change in your symptoms." in page.content()
    assert_accessible(page)
    _no_overflow(page, PHONE["width"])
    _shot(page, "portal-consent-375")
    page.get_by_role("button", name="Sign and continue").click()
    page.wait_for_load_state()
    assert "Type your full name" in page.content() or "This field is required" in page.content()
    assert_accessible(page)  # the errors, at their fields
    page.get_by_label("Your full name").fill("Dana Reed")
    page.get_by_label("I have read the text above and I agree to it.").check()
    page.get_by_role("button", name="Sign and continue").click()
    page.wait_for_load_state()
    assert ConsentSignature.objects.get().how == "portal"

    # The questionnaire card on Today.
    assert page.get_by_role("heading", name="A short questionnaire").is_visible()
    page.get_by_role("link", name="Answer the questionnaire").click()
    page.wait_for_load_state()
    assert_accessible(page)
    _no_overflow(page, PHONE["width"])
    _shot(page, "portal-questionnaire-375")
    page.get_by_label("How bad is your pain right now?").select_option("3")
    page.get_by_label("Walking the dog").select_option("6")
    page.get_by_label("Sitting through a film").select_option("5")
    page.get_by_label("Lifting my toddler").select_option("7")
    page.get_by_label("1. Pain intensity").select_option("1")
    page.get_by_label("3. Lifting").select_option("2")
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_load_state()
    assert "Thank you! Your answers are with your practitioner." in page.content()
    assert "filled in by you" in page.content()
    assert_accessible(page)
    _no_overflow(page, PHONE["width"])
    answered = QuestionnaireResponse.objects.get()
    assert (answered.pain_now, answered.odi.percent) == (3, 30)

    # The practitioner sees it on the chart, marked client-reported.
    desk = page_factory(DESKTOP)
    log_in(desk, "pat@example.org", TEST_PASSWORD)
    desk.goto(record.get_absolute_url())
    assert desk.locator("#progress-chart").is_visible()
    row = desk.locator(".questionnaire-table tbody tr").first
    assert "client-reported" in row.inner_text()
    assert "30.0" in row.inner_text()
    assert_accessible(desk)
    _shot(desk, "client-page-1280")


def test_the_client_signs_on_the_practitioners_tablet_which_stays_locked_until_the_password(
    transactional_db, page_factory
):
    owner = factories.OwnerFactory(email="owner@example.org")
    practitioner = factories.PractitionerFactory(email="pat@example.org")
    consent.save_consent_text(
        text="We work together safely.", change_note="", by=owner, expected_number=None
    )
    record = factories.ClientFactory(practitioner=practitioner, first_name="Sam", last_name="Ng")
    other = factories.ClientFactory(practitioner=practitioner, first_name="Other")

    for viewport in (PHONE, TABLET):
        tablet = page_factory(viewport)
        log_in(tablet, "pat@example.org", TEST_PASSWORD)
        tablet.goto(record.get_absolute_url())
        assert "No consent recorded yet." in tablet.content()
        tablet.get_by_role("button", name="Hand the device over to sign").click()
        tablet.wait_for_load_state()
        assert tablet.get_by_role("heading", name="Hello, Sam").is_visible()
        assert tablet.locator("#main-nav").count() == 0
        assert_accessible(tablet)
        _no_overflow(tablet, viewport["width"])
        _shot(tablet, f"handover-{viewport['width']}")
        # The client tries another record: back to signing.
        tablet.goto(other.get_absolute_url())
        assert tablet.get_by_role("heading", name="Hello, Sam").is_visible()
        if viewport is PHONE:  # on the phone the client declines; the tablet signs below
            tablet.get_by_role("button", name="I don't want to sign now").click()
            tablet.wait_for_load_state()
            assert "Nothing was signed." in tablet.content()
            assert_accessible(tablet)
            tablet.get_by_label("Practitioner: your password").fill(TEST_PASSWORD)
            tablet.get_by_role("button", name="Unlock").click()
            tablet.wait_for_load_state()
            assert "No consent recorded yet." in tablet.content()
            continue
        tablet.get_by_label("Your full name").fill("Sam Ng")
        tablet.get_by_label("I have read the text above and I agree to it.").check()
        tablet.get_by_role("button", name="Sign", exact=True).click()
        tablet.wait_for_load_state()
        assert tablet.get_by_role("heading", name="Thank you, Sam").is_visible()
        assert_accessible(tablet)
        _shot(tablet, "handover-signed")
        tablet.get_by_label("Practitioner: your password").fill("not-it")
        tablet.get_by_role("button", name="Unlock").click()
        tablet.wait_for_load_state()
        assert "That is not your password." in tablet.content()
        assert_accessible(tablet)
        tablet.get_by_label("Practitioner: your password").fill(TEST_PASSWORD)
        tablet.get_by_role("button", name="Unlock").click()
        tablet.wait_for_load_state()
        assert "The device is yours again." in tablet.content()
        assert "signed “Sam Ng”" in tablet.content()
    signature = ConsentSignature.objects.get()
    assert (signature.how, signature.recorded_by) == ("in_clinic", practitioner)


def test_a_new_clinics_owner_is_prompted_to_write_the_consent_text(transactional_db, page_factory):
    factories.OwnerFactory(email="owner@example.org")
    prompt = "No consent text yet: clients can be assessed and given programs without consent"
    page = page_factory(PHONE)
    log_in(page, "owner@example.org", TEST_PASSWORD)
    page.goto("/practice/")
    heading = page.get_by_role("heading", name=prompt)
    assert heading.is_visible()
    _no_overflow(page, PHONE["width"])
    assert_accessible(page)
    page.get_by_role("link", name="Write the consent text").click()
    page.get_by_label("Consent text").fill("We keep your notes private.")
    page.get_by_role("button", name="Save the consent text").click()
    page.goto("/practice/")
    assert page.get_by_role("heading", name=prompt).count() == 0
