"""A practitioner books a six-week series from the calendar at desktop width, moves one,
and reads the week on a phone."""

from datetime import time, timedelta

from django.utils import timezone
from playwright.sync_api import expect

from clients.models import Consultation
from tests import factories
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, log_in


def test_a_practitioner_books_a_series_from_the_calendar_moves_one_and_reads_it_on_a_phone(
    transactional_db, page_factory, tmp_path
):
    practitioner = factories.PractitionerFactory(email="tess@example.org", first_name="Tess")
    for weekday in range(5):
        factories.WeeklyHoursFactory(
            practitioner=practitioner, weekday=weekday, start_time=time(9), end_time=time(17)
        )
    factories.AppointmentTypeFactory(name="Follow-up session", colour="purple")
    factories.ClientFactory(first_name="Noor", last_name="Haddad", practitioner=practitioner)
    next_monday = timezone.localdate() + timedelta(days=7 - timezone.localdate().weekday())
    factories.AvailabilityExceptionFactory(
        practitioner=practitioner, date=next_monday + timedelta(days=2), note="Course"
    )

    page = page_factory(DESKTOP)
    log_in(page, practitioner.email, factories.TEST_PASSWORD)
    page.goto(f"/practice/calendar/?day={next_monday:%Y-%m-%d}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Calendar · Tess " + practitioner.last_name
    )
    assert_accessible(page)
    page.get_by_role(
        "link", name=f"New appointment with {practitioner} on {next_monday:%A %-d %B}"
    ).click()
    page.get_by_label("Find the client").fill("haddad")
    page.get_by_role("button", name="Search").click()
    assert_accessible(page)
    page.get_by_role("link", name="Noor Haddad").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New appointment for Noor Haddad")
    assert_accessible(page)
    page.get_by_label("Type").select_option(label="Follow-up session")
    page.get_by_label("Time").fill("10:00")
    page.get_by_label("How many appointments").fill("6")
    page.get_by_role("button", name="Book").click()
    expect(page.get_by_text("Booked 6 appointment(s) for Noor Haddad")).to_be_visible()
    assert Consultation.objects.filter(series__isnull=False).count() == 6

    page.get_by_role("link", name="Move it").click()
    assert_accessible(page)
    page.get_by_label("Time").fill("14:30")
    page.get_by_role("button", name="Move it").click()
    expect(page.get_by_text("Appointment moved.")).to_be_visible()
    starts = sorted(timezone.localtime(a.start).time() for a in Consultation.objects.all())
    assert starts == [time(10)] * 5 + [time(14, 30)]

    phone = page_factory(PHONE)
    log_in(phone, practitioner.email, factories.TEST_PASSWORD)
    phone.goto(f"/practice/calendar/?day={next_monday:%Y-%m-%d}")
    expect(phone.get_by_text("Noor Haddad").first).to_be_visible()
    expect(phone.get_by_text("All day · Course")).to_be_visible()
    assert_accessible(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.screenshot(path=tmp_path / "calendar-375.png", full_page=True)


def test_a_client_cancels_a_follow_up_on_a_phone_within_the_window_and_not_after_it(
    transactional_db, page_factory
):
    practitioner = factories.PractitionerFactory()
    user = factories.ClientUserFactory(
        email="noor@example.org", client_record__practitioner=practitioner
    )
    kind = factories.AppointmentTypeFactory(name="Follow-up session", cancel_cutoff_hours=24)
    for hours in (72, 5):
        start = timezone.now().replace(second=0, microsecond=0) + timedelta(hours=hours)
        factories.ConsultationFactory(
            practitioner=practitioner,
            client=user.client_record,
            appointment_type=kind,
            start=start,
            end=start + timedelta(minutes=45),
        )

    page = page_factory(PHONE)
    log_in(page, user.email, factories.TEST_PASSWORD)
    page.goto("/portal/appointments/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your appointments")
    assert_accessible(page)
    expect(page.get_by_text("please call us")).to_be_visible()  # the one 5 hours away
    page.locator("summary", has_text="Cancel").click()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, cancel it").click()
    expect(page.get_by_text("Your appointment is cancelled.")).to_be_visible()
    assert_accessible(page)
    soon, later = Consultation.objects.order_by("start")
    assert (soon.status, later.status) == ("booked", "cancelled")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
