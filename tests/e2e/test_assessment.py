"""A practitioner records an intake assessment on a tablet: hip disparity, screen and ODI."""

import pytest

from clients.assessments.scoring import ODI_SECTIONS
from clients.models import Assessment
from clients.vocab import RED_FLAG_QUESTIONS
from tests import factories
from tests.e2e.conftest import TABLET, assert_accessible, log_in


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
    page.wait_for_load_state()

    assert page.get_by_text("Assessment completed.").is_visible()
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
