"""On a phone: the dashboard names the first ten clients who need attention and leads
to the paged list of them all, which is accessible and fits the screen."""

import datetime

from django.utils import timezone

from programs import services
from tests import factories
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, log_in


def test_the_dashboard_leads_to_every_client_who_needs_attention(
    transactional_db, page_factory, tmp_path
):
    practitioner = factories.PractitionerFactory(email="pat@example.org")
    template = factories.build_template(phases=2, exercises_per_phase=1)
    for n in range(27):
        services.assign_program(
            client=factories.ClientFactory(practitioner=practitioner, last_name=f"Idle{n:02d}"),
            template=template,
            start_date=timezone.localdate() - datetime.timedelta(days=20),
            by=practitioner,
        )
    for viewport, shot in ((PHONE, "375"), (DESKTOP, "1280")):
        page = page_factory(viewport)
        log_in(page, practitioner.email, factories.TEST_PASSWORD)
        page.goto("/practice/")
        section = page.locator("section", has=page.locator("#attention-heading"))
        assert section.locator(".list-group > li").count() == 10
        page.get_by_role("link", name="All 27 clients who need attention").click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", name="Your clients who need attention").is_visible()
        assert page.get_by_text("27 clients; showing 1 to 25.").is_visible()
        assert page.locator(".list-group > li").count() == 25
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        page.screenshot(path=tmp_path / f"attention-{shot}.png", full_page=True)
        page.get_by_role("link", name="Next").click()
        page.wait_for_load_state()
        assert page.locator(".list-group > li").count() == 2
        assert page.get_by_text("Page 2 of 2").is_visible()
        assert_accessible(page)
