"""On a phone: a client answers one safety question "yes" and nothing else; they see the
urgent advice and the stop notice on Today, and the practitioner sees the alert."""

import datetime
import re

from django.core import mail
from django.utils import timezone

from programs import services
from tests import factories
from tests.e2e.conftest import PHONE, assert_accessible, log_in


def test_one_yes_in_a_check_in_stops_exercise_and_alerts_the_practitioner(
    transactional_db, page_factory
):
    practitioner = factories.PractitionerFactory(email="pat@example.org", first_name="Pat")
    client_user = factories.ClientUserFactory(
        email="dana@example.org",
        client_record__practitioner=practitioner,
        client_record__first_name="Dana",
        client_record__last_name="Reed",
    )
    program = services.assign_program(
        client=client_user.client_record,
        template=factories.build_template(phases=2, exercises_per_phase=2),
        start_date=timezone.localdate() - datetime.timedelta(days=3),
        by=practitioner,
    )
    first = program.current_phase.items.order_by("position").first()

    page = page_factory(PHONE)
    log_in(page, client_user.email, factories.TEST_PASSWORD)
    page.goto("/portal/")
    assert page.get_by_role("link", name=first.exercise.name).is_visible()
    page.get_by_role("link", name="log a session without the guide").click()
    page.wait_for_load_state()
    assert_accessible(page)

    # One "yes", every other field left blank.
    question = page.get_by_role("group", name=re.compile("bladder or bowels"))
    question.get_by_role("radio", name="Yes").check()
    page.get_by_role("button", name="Save session").click()
    page.wait_for_load_state()
    assert page.get_by_role(
        "heading", name="Please stop your exercises and get medical advice today"
    ).is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Back to Today").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Your exercises are paused").is_visible()
    assert "What to do instead" in page.content()
    assert page.get_by_role("link", name=first.exercise.name).count() == 0
    assert page.get_by_role("link", name="Start today's session").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)

    # The practitioner was emailed a link, and the dashboard shows the alert.
    assert [email.to for email in mail.outbox] == [[practitioner.email]]
    page.context.clear_cookies()
    log_in(page, practitioner.email, factories.TEST_PASSWORD)
    page.goto("/practice/")
    banner = page.locator("#red-flags")
    assert banner.is_visible()
    assert "Dana Reed" in banner.inner_text()
    assert "A new bladder or bowel change — reported" in banner.inner_text()
    assert "Not yet acknowledged" in banner.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
