"""Exercise pictures on a phone: the drawn figure moves on the portal's Today page,
stands still for people who ask for reduced motion, and fits a 375 px screen."""

import datetime

from django.utils import timezone

from programs import services
from programs.models import Exercise
from tests import factories
from tests.e2e.conftest import PHONE, assert_accessible, log_in
from tests.factories import TEST_PASSWORD


def _client_with_a_drawn_program():
    practitioner = factories.PractitionerFactory()
    user = factories.ClientUserFactory(
        email="sam@example.org", client_record__practitioner=practitioner
    )
    program = services.assign_program(
        client=user.client_record,
        template=factories.build_template(phases=1, exercises_per_phase=2),
        start_date=timezone.localdate() - datetime.timedelta(days=2),
        by=practitioner,
    )
    Exercise.objects.update(figure="clamshell")
    return user, program


def test_the_portal_shows_a_moving_figure_that_fits_a_phone(transactional_db, page_factory):
    user, _program = _client_with_a_drawn_program()
    page = page_factory(PHONE)
    log_in(page, user.email, TEST_PASSWORD)
    page.goto("/portal/session/1/")  # the guided session's first exercise
    motion = page.locator(".figure-motion svg").first
    assert motion.is_visible()
    assert page.locator(".figure-still").first.is_hidden()
    box = motion.bounding_box()
    assert box["width"] > 150 and box["x"] + box["width"] <= PHONE["width"]
    # The SVG animation runs: the top knee is higher at the loop's end pose than at its start.
    leg = page.locator(".figure-motion svg path[stroke='#1d3a5f']").nth(3)
    page.evaluate("document.querySelector('.figure-motion svg').setCurrentTime(0)")
    before = page.evaluate("el => el.getBBox().y", leg.element_handle())
    page.evaluate("document.querySelector('.figure-motion svg').setCurrentTime(2.75)")
    after = page.evaluate("el => el.getBBox().y", leg.element_handle())
    assert before - after > 15  # SVG's y grows downwards
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)


def test_reduced_motion_shows_the_start_and_end_pictures_instead(transactional_db, page_factory):
    user, _program = _client_with_a_drawn_program()
    page = page_factory(PHONE)
    page.emulate_media(reduced_motion="reduce")
    log_in(page, user.email, TEST_PASSWORD)
    page.goto("/portal/session/1/")  # the guided session's first exercise
    assert page.locator(".figure-motion").first.is_hidden()
    stills = page.locator("main .figure-still svg")
    assert stills.count() == 2
    assert all(stills.nth(i).is_visible() for i in range(2))
    assert "Start: lying on the side" in stills.first.get_attribute("aria-label")
    assert_accessible(page)
