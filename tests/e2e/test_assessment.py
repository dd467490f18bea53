"""A practitioner records an intake assessment on a tablet: hip disparity, screen and ODI."""

import pytest
from playwright.sync_api import expect

from clients.assessments.scoring import ODI_SECTIONS
from clients.models import Assessment
from clients.vocab import RED_FLAG_QUESTIONS
from tests import factories
from tests.e2e.conftest import DESKTOP, PHONE, TABLET, assert_accessible, log_in


@pytest.fixture
def setup(transactional_db):
    practitioner = factories.PractitionerFactory(email="tess@example.org", first_name="Tess")
    client = factories.ClientFactory(
        first_name="Noor", last_name="Haddad", practitioner=practitioner
    )
    return practitioner, client


def test_a_practitioner_records_an_intake_assessment_on_a_tablet(setup, page_factory):
    practitioner, client = setup
    page = page_factory(TABLET)
    log_in(page, practitioner.email, factories.TEST_PASSWORD)

    page.get_by_role("link", name="Clients").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Noor Haddad").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Noor Haddad")
    assert_accessible(page)

    page.get_by_role("link", name="New assessment").click()
    assert_accessible(page)
    for _code, question, _plain in RED_FLAG_QUESTIONS:
        group = page.get_by_role("group", name=question)
        group.get_by_label("No").check()
    # Hip disparity: elevated right hip 6 mm, left side forward 4 degrees, anterior tilt.
    page.get_by_label("Elevated hip present").select_option("yes")
    page.get_by_label("Higher side").select_option("right")
    page.get_by_label("Elevated hip amount").fill("6")
    page.get_by_label("Pelvic rotation present").select_option("yes")
    page.get_by_label("Side further forward").select_option("left")
    page.get_by_label("Rotation amount").fill("4")
    page.get_by_label("Rotation unit").select_option("deg")
    page.get_by_label("Pelvic girdle tilt present").select_option("yes")
    page.get_by_label("Tilt direction").select_option("anterior")
    page.get_by_label("Weak gluteus medius").check()
    page.get_by_label("Pain now (NPRS 0-10)").fill("6")
    # ODI: 16 points over ten sections.
    odi = zip(ODI_SECTIONS, [2, 2, 2, 2, 2, 2, 1, 1, 1, 1], strict=True)
    for number, ((_code, label, statements), points) in enumerate(odi, start=1):
        page.get_by_label(f"{number}. {label}").select_option(label=statements[points])
    assert page.get_by_label("1. Pain intensity").input_value() == "2"
    page.get_by_role("button", name="Save and complete").click()
    # (the section just left is saved first, then the whole form is sent)
    expect(page.get_by_text("Assessment completed.")).to_be_visible()
    assert page.get_by_text("32.0 %").is_visible()
    assert page.get_by_text("Elevated hip: right side higher, 6.0 mm").is_visible()
    assert page.get_by_text("Pelvic rotation: left side forward, 4.0 degrees").is_visible()
    assert_accessible(page)

    assessment = Assessment.objects.get(client=client)
    assert assessment.status == Assessment.Status.COMPLETED
    assert {"elevated_hip", "pelvic_rotation", "anterior_pelvic_tilt", "weak_glute_med"} <= (
        assessment.finding_codes()
    )

    page.get_by_role("link", name="Printable summary").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Assessment summary")
    assert_accessible(page)


def test_on_a_phone_the_sections_come_one_at_a_time_and_each_is_saved_on_leaving(
    setup, page_factory
):
    practitioner, client = setup
    page = page_factory(PHONE)
    log_in(page, practitioner.email, factories.TEST_PASSWORD)
    page.goto(f"/practice/clients/{client.pk}/assessments/new/")
    stepper = page.get_by_role("navigation", name="Assessment sections")
    assert stepper.get_by_text("Step 1 of 8: Red-flag screen").is_visible()
    assert page.get_by_role("heading", name="Red-flag screen").is_visible()
    assert not page.get_by_role("heading", name="Posture").is_visible()

    # A "yes" in the screen is saved at once, before anything else.
    question = RED_FLAG_QUESTIONS[2][1]
    page.get_by_role("group", name=question).get_by_label("Yes").check()
    expect(page.locator("#section-red-flag-alert")).to_contain_text("stop exercise")
    assessment = Assessment.objects.get(client=client)
    assert assessment.red_flag_answers == {RED_FLAG_QUESTIONS[2][0]: True}
    assert assessment.red_flags.get().answers == [RED_FLAG_QUESTIONS[2][0]]
    expect(page).to_have_url(f"/practice/clients/{client.pk}/assessments/{assessment.pk}/edit/")

    # The stepper's 4 goes to the muscles; the Next link leaving them saves them.
    stepper.get_by_role("link", name="Muscles and movement").click()
    assert stepper.get_by_text("Step 4 of 8: Muscles and movement").is_visible()
    assert not page.get_by_role("heading", name="Red-flag screen").is_visible()
    page.get_by_label("Other imbalances or faults").fill("Tight hip flexors both sides")
    page.get_by_role("link", name="Next: Symptoms").click()
    expect(page.get_by_role("status")).to_contain_text("Muscles and movement saved to the draft")
    expect(stepper.locator('[data-section-link="muscles"]')).to_have_attribute("data-state", "done")
    expect(stepper.locator('[data-section-link="red_flags"]')).to_have_attribute(
        "data-state", "started"
    )
    assessment.refresh_from_db()
    assert assessment.muscle_notes == "Tight hip flexors both sides"
    assert assessment.is_draft
    assert page.get_by_role("heading", name="Symptoms").is_visible()
    assert_accessible(page)

    # A value the server refuses: the section stays unsaved, its field says why.
    page.get_by_label("Pain now (NPRS 0-10)").fill("60")
    page.get_by_label("Pain at best (0-10)").focus()
    stepper.get_by_role("link", name="Summary").click()
    expect(page.get_by_role("status")).to_contain_text("Symptoms is not saved yet")
    stepper.get_by_role("link", name="Symptoms").click()
    pain_now = page.get_by_label("Pain now (NPRS 0-10)")
    expect(pain_now).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#js-error-pain_now")).to_have_text("Pain is rated from 0 to 10.")
    assessment.refresh_from_db()
    assert assessment.pain_now is None

    # The section's own button saves it and turns to the next one.
    page.get_by_label("Pain now (NPRS 0-10)").fill("6")
    page.get_by_label("Pain at best (0-10)").fill("2")
    page.get_by_role("button", name="Save section").filter(visible=True).click()
    expect(page.get_by_role("status")).to_contain_text("Symptoms saved to the draft")
    assert stepper.get_by_text("Step 6 of 8: Oswestry Disability Index").is_visible()
    assessment.refresh_from_db()
    assert (assessment.pain_now, assessment.pain_best) == (6, 2)

    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    assessment.refresh_from_db()
    assert Assessment.objects.filter(client=client).count() == 1
    assert assessment.muscle_notes == "Tight hip flexors both sides"


SCROLL_SETTLED = """() => {
    const y = window.scrollY;
    return new Promise(done => requestAnimationFrame(() => done(window.scrollY === y)));
}"""


def test_at_desk_size_the_section_list_stays_in_view(setup, page_factory):
    practitioner, client = setup
    page = page_factory(DESKTOP)
    log_in(page, practitioner.email, factories.TEST_PASSWORD)
    page.goto(f"/practice/clients/{client.pk}/assessments/new/")
    nav = page.get_by_role("navigation", name="Assessment sections")
    link = nav.get_by_role("link", name="Symptoms")
    link.click()
    expect(page.get_by_role("heading", name="Symptoms")).to_be_in_viewport()
    page.wait_for_function(SCROLL_SETTLED)  # (Bootstrap scrolls smoothly)
    assert page.evaluate("window.scrollY") > 1500  # far down the page ...
    box = nav.bounding_box()
    assert box is not None and 0 <= box["y"] <= 16  # ... and the list is still in view
    expect(link).to_have_attribute("aria-current", "step")
    assert link.inner_text().split() == ["5", "Symptoms", "Not", "started"]
