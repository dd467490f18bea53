"""A client sets up exercise reminders on a phone (375 × 812), and stops them from the
link in a reminder, with the keyboard and axe checking each page."""

import datetime
import json

from django.utils import timezone

from clients.models import ReminderSettings
from programs import services as program_services
from programs.models import ProgramExercise
from programs.reminders import services
from tests import factories
from tests.e2e.conftest import assert_accessible, log_in
from tests.factories import TEST_PASSWORD

PHONE_TALL = {"width": 375, "height": 812}
NO_OVERFLOW = "document.documentElement.scrollWidth <= window.innerWidth"


def test_a_client_chooses_reminder_times_and_stops_them_in_one_tap(transactional_db, page_factory):
    practitioner = factories.PractitionerFactory()
    user = factories.ClientUserFactory(
        email="robin@example.org", first_name="Robin", client_record__practitioner=practitioner
    )
    program = program_services.assign_program(
        client=user.client_record,
        template=factories.build_template(phases=1, exercises_per_phase=2),
        start_date=timezone.localdate() - datetime.timedelta(days=1),
        by=practitioner,
    )
    ProgramExercise.objects.filter(phase=program.current_phase).update(times_per_day=2)

    page = page_factory(PHONE_TALL)
    log_in(page, user.email, TEST_PASSWORD)
    page.goto("/portal/")
    page.get_by_role("link", name="Reminders").click()
    page.wait_for_url("**/portal/reminders/")
    assert page.get_by_label("Reminder 1").input_value() == "08:00"
    assert page.get_by_label("Reminder 2").input_value() == "18:00"
    assert page.evaluate(NO_OVERFLOW)
    assert_accessible(page)

    # A time inside the quiet hours is refused, next to the field.
    page.get_by_label("Reminder 2").fill("22:15")
    page.get_by_label("An email").check()
    page.get_by_role("button", name="Save reminders").click()
    page.wait_for_load_state()
    assert page.get_by_text("This time is inside your quiet hours.").first.is_visible()
    assert_accessible(page)
    assert not ReminderSettings.objects.exists()

    page.get_by_label("Reminder 2").fill("19:30")
    page.get_by_label("Reminder 2").press("Enter")  # the keyboard sends the form
    page.get_by_text("Reminders saved.").wait_for()
    row = ReminderSettings.objects.get()
    assert (row.times, row.by_email) == (["08:00", "19:30"], True)

    # The link in a reminder: one button, and they are off.
    page.goto(services.off_url(user.client_record))
    assert_accessible(page)
    page.get_by_role("button", name="Turn reminders off").click()
    page.get_by_role("heading", name="Reminders are off").wait_for()
    assert not ReminderSettings.objects.get().is_on
    assert_accessible(page)


def test_a_pushed_reminder_shows_a_notification_that_opens_today_with_a_stop_button(
    transactional_db, page_factory, live_server
):
    user = factories.ClientUserFactory(email="kim@example.org")
    page = page_factory(PHONE_TALL)
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    log_in(page, user.email, TEST_PASSWORD)
    page.goto("/portal/")
    page.evaluate("navigator.serviceWorker.ready")
    # The DevTools protocol delivers a push as the push service would; the registrations
    # are reported as events once the ServiceWorker domain starts; each round trip to the
    # page lets Playwright hand over the events that came in meanwhile.
    cdp = page.context.new_cdp_session(page)
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda e: registrations.extend(e["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    for _ in range(100):
        if any(r["scopeURL"].endswith("/portal/") for r in registrations):
            break
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    [registration_id] = {
        r["registrationId"] for r in registrations if r["scopeURL"].endswith("/portal/")
    }
    payload = {
        "title": "Time for your exercises",
        "body": "Today's session is ready. Tap to start.",
        "url": "/portal/",
        "off_url": services.off_url(user.client_record),
        "tag": "exercise-reminder",
    }
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": live_server.url,
            "registrationId": registration_id,
            "data": json.dumps(payload),
        },
    )
    shown = page.wait_for_function(
        """async () => {
          const list = await (await navigator.serviceWorker.ready).getNotifications();
          return list.length && list.map(n => ({
            title: n.title, body: n.body, url: n.data.url, off: n.data.off,
            actions: n.actions.map(a => a.title)
          }));
        }"""
    ).json_value()
    assert shown == [
        {
            "title": "Time for your exercises",
            "body": "Today's session is ready. Tap to start.",
            "url": "/portal/",
            "off": payload["off_url"],
            "actions": ["Stop reminders"],
        }
    ]
