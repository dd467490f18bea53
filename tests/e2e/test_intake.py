"""On a phone: a booked client opens the intake form from the confirmation email, fills
each part (the body chart by touch and by keyboard), sends it; the practitioner sees the
draft assessment with the client's answers marked."""

import re

from django.core import mail

from clients.booking import emails
from clients.models import Assessment
from tests import factories
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, log_in
from tests.factories import TEST_PASSWORD


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _zone(page, label):
    return page.locator(f'.bc-zone[data-label="{label}"]')


def test_a_booked_client_fills_the_intake_on_a_phone_and_the_practitioner_sees_it(
    transactional_db, browser, page_factory, live_server
):
    practitioner = factories.PractitionerFactory(email="pat@example.org")
    record = factories.ClientFactory(
        practitioner=practitioner, first_name="Dana", email="dana@example.org", goals=""
    )
    consultation = factories.ConsultationFactory(
        client=record, email=record.email, practitioner=practitioner
    )
    emails.send_confirmation(consultation, "manage-token")
    path = re.search(r"/intake/[\w-]+/", mail.outbox[-1].body).group(0)

    context = browser.new_context(viewport=PHONE, has_touch=True, base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(path)
    assert "Hello Dana" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Start", exact=True).click()

    page.get_by_label("How did it start?").fill("Lifting boxes when we moved house")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("Sitting", exact=True).check()
    page.get_by_label("What makes it better?").fill("Walking")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("Treatment so far").fill("Physio in 2025")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("What would you like to be able to do again?").fill("Garden all day")
    page.get_by_role("button", name="Save and continue").click()

    # The body chart: part 5 of 9.
    assert page.get_by_role("heading", name="Where you feel it").is_visible()
    assert "part 5 of 9" in page.content()
    _no_sideways_scroll(page)
    assert_accessible(page)
    calf = _zone(page, "Left calf")
    calf.tap()
    assert calf.get_attribute("aria-label") == "Left calf: pain"
    calf.tap()
    calf.tap()
    calf.tap()
    assert calf.get_attribute("aria-label") == "Left calf: tingling (pins and needles)"
    assert page.locator("#id_chart_calf_left").input_value() == "tingling"
    # By keyboard: Tab reaches the zones in order, Enter and Space cycle the symptom.
    buttock = _zone(page, "Left buttock")
    buttock.focus()
    page.keyboard.press("Enter")
    assert buttock.get_attribute("aria-label") == "Left buttock: pain"
    page.keyboard.press("Space")
    assert buttock.get_attribute("aria-label") == "Left buttock: ache"
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused == "Right buttock: nothing"
    assert "Left buttock: ache" in page.locator(".bc-summary").inner_text()
    # The list view says the same and can change it too.
    page.get_by_text("List view: every place in words").click()
    page.locator("#id_chart_shin_right").select_option("numbness")
    assert _zone(page, "Right shin").get_attribute("aria-label") == "Right shin: numbness"
    assert_accessible(page)
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_label("Pain now").fill("5")
    page.get_by_label("Pain at its best (this week)").fill("2")
    page.get_by_label("Pain at its worst (this week)").fill("7")
    page.get_by_role("button", name="Save and continue").click()
    for radio in page.locator('input[type="radio"][value="no"]').all():
        radio.check()
    assert_accessible(page)
    page.get_by_role("button", name="Save and continue").click()
    for select in page.locator("select").all():
        select.select_option("1")
    _no_sideways_scroll(page)
    page.get_by_role("button", name="Save and continue").click()
    for n, (activity, score) in enumerate([("Gardening", "3"), ("Driving", "5"), ("Cycling", "4")]):
        page.get_by_label(f"Activity {n + 1}", exact=True).fill(activity)
        page.get_by_label(f"Activity {n + 1}: score 0-10").fill(score)
    page.get_by_role("button", name="Save and continue").click()
    assert "9 of 9 parts saved" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Send my answers").click()
    assert page.get_by_role("heading", name="Thank you: your answers are sent").is_visible()
    assert_accessible(page)
    context.close()

    assessment = Assessment.objects.get()
    assert assessment.body_chart.marks_by_field() == {
        "calf_left": "tingling",
        "buttock_left": "ache",
        "shin_right": "numbness",
    }
    assert str(assessment.odi_percent) == "20.0"

    desk = page_factory(DESKTOP)
    log_in(desk, "pat@example.org", TEST_PASSWORD)
    desk.goto(record.get_absolute_url())
    desk.get_by_role("link", name="Review the draft assessment with their answers").click()
    assert "Reported by the client" in desk.content()
    assert "Left calf: tingling (pins and needles)" in desk.content()
    assert_accessible(desk)


def _fill_quickly(page):
    """Every part of the form with plain answers (the chart: one zone by touch)."""
    page.get_by_role("link", name="Start", exact=True).click()
    page.get_by_label("How did it start?").fill("Bending to tie a shoe")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("Sitting", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("What would you like to be able to do again?").fill("Run 5 km")
    page.get_by_role("button", name="Save and continue").click()
    _zone(page, "Left back of the thigh").tap()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("Pain now").fill("4")
    page.get_by_label("Pain at its best (this week)").fill("1")
    page.get_by_label("Pain at its worst (this week)").fill("6")
    page.get_by_role("button", name="Save and continue").click()
    for radio in page.locator('input[type="radio"][value="no"]').all():
        radio.check()
    page.get_by_role("button", name="Save and continue").click()
    for select in page.locator("select").all():
        select.select_option("1")
    page.get_by_role("button", name="Save and continue").click()
    for n, (activity, score) in enumerate([("Running", "3"), ("Sitting", "5"), ("Lifting", "4")]):
        page.get_by_label(f"Activity {n + 1}", exact=True).fill(activity)
        page.get_by_label(f"Activity {n + 1}: score 0-10").fill(score)
    page.get_by_role("button", name="Save and continue").click()
    assert "9 of 9 parts saved" in page.content()


def test_a_stranger_fills_the_intake_from_the_booking_email_and_it_lands_on_conversion(
    transactional_db, browser, page_factory, live_server
):
    from datetime import timedelta

    from django.utils import timezone

    from clients.consent import services as consent
    from clients.models import ConsentSignature, Consultation

    owner = factories.OwnerFactory()
    consent.save_consent_text(
        text="We keep your notes private.", change_note="", by=owner, expected_number=None
    )
    practitioner = factories.PractitionerFactory(email="pat@example.org")
    consultation = factories.ConsultationFactory(
        practitioner=practitioner, first_name="Robin", last_name="Hale", email="robin@example.org"
    )
    emails.send_confirmation(consultation, "manage-token")  # no client record: a stranger
    path = re.search(r"/intake/[\w-]+/", mail.outbox[-1].body).group(0)

    context = browser.new_context(viewport=PHONE, has_touch=True, base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(path)
    assert "Hello Robin" in page.content()
    _fill_quickly(page)
    _no_sideways_scroll(page)
    assert_accessible(page)
    page.get_by_label("Your full name").fill("Robin Hale")
    page.get_by_label("I have read the text above and I agree to it.").check()
    page.get_by_role("button", name="Send my answers").click()
    assert page.get_by_role("heading", name="Thank you: your answers are sent").is_visible()
    context.close()
    assert not Assessment.objects.exists()  # kept on the link until they are a client

    Consultation.objects.filter(pk=consultation.pk).update(
        status="attended",
        start=timezone.now() - timedelta(hours=2),
        end=timezone.now() - timedelta(hours=1),
    )
    desk = page_factory(PHONE)
    log_in(desk, "pat@example.org", TEST_PASSWORD)
    desk.goto(consultation.get_absolute_url())
    intake_part = desk.get_by_role("region", name="Intake form")
    assert "Answered on" in intake_part.inner_text()
    assert "agreed to the consent text (version 1)" in intake_part.inner_text()
    assert_accessible(desk)
    desk.get_by_role("button", name="Make Robin a client").click()
    desk.goto(consultation.get_absolute_url())
    desk.get_by_role("link", name="the draft assessment").click()
    assert "Reported by the client" in desk.content()
    assert "Left back of the thigh: pain" in desk.content()
    assert_accessible(desk)
    signature = ConsentSignature.objects.get()
    assert signature.how == "remote_link" and signature.full_name == "Robin Hale"
