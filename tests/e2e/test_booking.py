import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from clients.models import Consultation
from tests.clients.booking.booking_support import make_bookable
from tests.e2e.conftest import PHONE, assert_accessible


@pytest.fixture
def bookable(transactional_db):
    return make_bookable()


def _answer_prescreen(page, answer="no"):
    for code in ("saddle_numbness", "bladder_bowel", "progressive_weakness"):
        page.locator(f"input[name={code}][value={answer}]").check()


def test_a_visitor_books_on_a_phone_gets_the_email_and_reschedules(bookable, page_factory):
    page = page_factory(PHONE)
    page.goto("/")
    page.get_by_role("link", name="Book a free consultation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Book a free consultation")
    assert_accessible(page)

    page.locator("a.slot-btn").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your details")
    assert_accessible(page)
    _answer_prescreen(page)
    page.get_by_label("First name").fill("Dana")
    page.get_by_label("Last name").fill("Fox")
    page.get_by_label("Email").fill("dana@example.net")
    page.get_by_label("A few words on what is going on").fill("Left leg pain when sitting.")
    page.get_by_label("not medical advice", exact=False).check()
    page.get_by_role("button", name="Book my free consultation").click()

    expect(page.get_by_text("You are booked")).to_be_visible()
    assert_accessible(page)
    booked = Consultation.objects.get()
    assert booked.email == "dana@example.net"

    confirmation = next(m for m in mail.outbox if m.to == ["dana@example.net"])
    assert confirmation.attachments[0][0].endswith(".ics")
    manage_path = re.search(r"/book/manage/[\w-]+/", confirmation.body).group(0)
    page.goto(manage_path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your free consultation")
    assert_accessible(page)

    page.get_by_text("Cancel my consultation").click()  # opens the confirmation only
    assert page.get_by_role("button", name="Yes, cancel it").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Choose another time").click()
    assert_accessible(page)
    page.locator("button.slot-btn").nth(2).click()
    expect(page.get_by_text("Your consultation has moved")).to_be_visible()
    assert_accessible(page)
    moved = Consultation.objects.get()
    assert moved.start != booked.start
    assert moved.sequence == 1


def test_a_yes_on_the_prescreen_shows_urgent_advice_on_a_phone(bookable, page_factory):
    page = page_factory(PHONE)
    page.goto("/book/")
    page.locator("a.slot-btn").first.click()
    _answer_prescreen(page)
    page.locator("input[name=bladder_bowel][value=yes]").check()
    page.get_by_role("button", name="Book my free consultation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Please get medical help today")
    assert_accessible(page)
    assert not Consultation.objects.exists()


def test_a_practitioner_works_through_consultations_on_a_phone(transactional_db, page_factory):
    from django.core.management import call_command

    from clinic.seed.demo.staff import DEMO_PASSWORD, PRACTITIONERS
    from tests.e2e.conftest import log_in

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page = page_factory(PHONE)
    log_in(page, PRACTITIONERS[0].email, DEMO_PASSWORD)
    assert_accessible(page)  # the dashboard with its consultations section
    page.goto("/practice/consultations/?when=all")
    assert_accessible(page)
    page.get_by_role("link", name="Robin Ellis").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Robin Ellis")
    assert_accessible(page)
    page.get_by_role("button", name="Make Robin a client").click()
    expect(page.get_by_text("is now a client")).to_be_visible()
    page.goto("/practice/consultations/agenda/?span=week")
    assert_accessible(page)
    page.goto("/practice/availability/")
    expect(page.get_by_text("Monday 09:00–12:00")).to_be_visible()
    assert_accessible(page)
