"""A practitioner with many open red flags: the client list names the latest, the
dashboard lists them all, and the client page links to its full timeline."""

from datetime import timedelta

from django.utils import timezone

from clients.views.clients import BANNER_RED_FLAGS, TIMELINE_ON_CLIENT_PAGE
from tests import factories
from tests.e2e.conftest import PHONE, assert_accessible, log_in


def test_the_red_flag_banner_and_the_timeline_lead_to_everything_on_a_phone(
    transactional_db, page_factory
):
    practitioner = factories.PractitionerFactory(email="tess@example.org", first_name="Tess")
    now = timezone.now()
    for n in range(BANNER_RED_FLAGS + 2):
        factories.RedFlagFactory(
            client=factories.ClientFactory(
                first_name=f"Flagged{n}", last_name="Client", practitioner=practitioner
            ),
            raised_at=now - timedelta(days=n),
        )
    noted = factories.ClientFactory(
        first_name="Noor", last_name="Haddad", practitioner=practitioner
    )
    for days in range(TIMELINE_ON_CLIENT_PAGE + 1):
        factories.SessionNoteFactory(
            client=noted, noted_on=timezone.localdate() - timedelta(days=days), text=f"Visit {days}"
        )
    page = page_factory(PHONE)
    log_in(page, practitioner.email, factories.TEST_PASSWORD)

    page.goto("/practice/clients/")
    banner = page.locator("#red-flags")
    assert banner.get_by_role("link", name="Record resolution").count() == BANNER_RED_FLAGS
    assert_accessible(page)
    banner.get_by_role("link", name="2 more open red flags: see them all").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Hello")
    dashboard_banner = page.locator("#red-flags")
    assert dashboard_banner.get_by_role("link", name="Record resolution").count() == (
        BANNER_RED_FLAGS + 2
    )
    assert dashboard_banner.get_by_role("link", name="Flagged6 Client", exact=True).is_visible()
    assert_accessible(page)

    page.goto("/practice/clients/")
    page.get_by_role("link", name="Noor Haddad").click()
    assert page.locator(".timeline-entry").count() == TIMELINE_ON_CLIENT_PAGE
    assert_accessible(page)
    page.get_by_role(
        "link", name=f"See the full timeline (all {TIMELINE_ON_CLIENT_PAGE + 1}"
    ).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Timeline of Noor Haddad"
    assert page.locator(".timeline-entry").count() == TIMELINE_ON_CLIENT_PAGE + 1
    assert page.get_by_text(f"Visit {TIMELINE_ON_CLIENT_PAGE}", exact=True).is_visible()
    assert_accessible(page)
