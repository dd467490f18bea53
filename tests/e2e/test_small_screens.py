"""The demo clinic on a phone: the lists are cards, and no page is wider than the
screen. Every page below is also checked by ``page_factory`` (axe at any impact, no
overflow at 375 px) as it opens."""

import pytest
from django.core.management import call_command

from clients.models import Client
from clinic.seed.demo.staff import CLIENTS, DEMO_PASSWORD, PRACTITIONERS
from tests.e2e.conftest import DESKTOP, PHONE, log_in

STACKED_ROW = """table => {
    const row = table.querySelector('tbody tr');
    const cell = row.querySelector('td[data-label]');
    return {
        row: getComputedStyle(row).display,
        head: table.querySelector('thead').getBoundingClientRect().width,
        label: getComputedStyle(cell, '::before').content,
        fits: table.getBoundingClientRect().right <= window.innerWidth,
    };
}"""


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_on_a_phone_the_practice_lists_are_cards_with_their_labels(demo, page_factory):
    page = page_factory(PHONE)
    log_in(page, PRACTITIONERS[0].email, DEMO_PASSWORD)
    record = Client.objects.get(email=CLIENTS[0].email)
    for path, table in [
        ("/practice/clients/", "Clients, page 1"),
        ("/practice/consultations/", None),
        ("/practice/exercises/suggestions/", None),
        (f"/practice/clients/{record.pk}/", None),
    ]:
        page.goto(path)
        stacked = page.locator("table.table-stack").first
        if table:
            assert stacked.locator("caption").inner_text() == table
        shape = stacked.evaluate(STACKED_ROW)
        assert shape["row"] == "block", path  # a card per row
        assert shape["head"] <= 1, path  # the headings are there for screen readers only
        assert shape["label"].startswith('"'), path  # each cell says what it is
        assert shape["fits"], path
    # The client list's filters show their whole text.
    page.goto("/practice/clients/")
    status = page.get_by_label("Status")
    assert status.evaluate("el => el.scrollWidth <= el.clientWidth")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_practice_pages_a_practitioner_opens_fit_the_screen(demo, page_factory, viewport):
    page = page_factory(viewport)
    log_in(page, PRACTITIONERS[0].email, DEMO_PASSWORD)
    record = Client.objects.get(email=CLIENTS[0].email)
    assessment = record.assessments.order_by("-assessed_on").first()
    for path in [
        "/practice/",
        "/practice/calendar/",
        "/practice/exercises/",
        "/practice/templates/",
        f"/practice/clients/{record.pk}/program/",
        f"/practice/clients/{record.pk}/assessments/{assessment.pk}/",
        f"/practice/clients/{record.pk}/assessments/{assessment.pk}/edit/",
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_the_portal_pages_fit_a_phone(demo, page_factory):
    page = page_factory(PHONE)
    log_in(page, CLIENTS[0].email, DEMO_PASSWORD)
    for path in ["/portal/", "/portal/progress/", "/portal/appointments/", "/portal/check-in/"]:
        response = page.goto(path)
        assert response.status == 200, path
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_owners_setup_pages_and_the_public_pages_fit_a_phone(demo, page_factory):
    from clinic.seed.demo.staff import OWNER

    page = page_factory(PHONE)
    for path in ["/", "/book/"]:
        assert page.goto(path).status == 200, path
    log_in(page, OWNER.email, DEMO_PASSWORD)
    for path in [
        "/practice/appointment-types/",
        "/practice/availability/",
        "/practice/availability/settings/",
        "/practice/calendar/feed/",
        "/practice/clients/new/",
        "/practice/templates/new/",
        "/practice/exercises/new/",
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.goto("/practice/appointment-types/")
    shape = page.locator("table.table-stack").evaluate(STACKED_ROW)
    assert shape["row"] == "block" and shape["fits"]
