"""The scheduled exercise reminders, with a frozen clock and a push service on 127.0.0.1:
sent once per slot, skipped when logged or stopped, dead subscriptions dropped, email."""

import datetime
import json
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from clients.models import PushSubscription, ReminderSettings, ReminderSlot
from programs import services as program_services
from programs.models import SessionLog
from programs.reminders import push, services
from tests import factories
from tests.programs.reminders.push_server import Browser, PushService

TODAY = timezone.localdate()
RUNS = 4


def at(hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(hour, minute)))


@pytest.fixture
def vapid(settings):
    settings.WEBPUSH_VAPID_PUBLIC_KEY, settings.WEBPUSH_VAPID_PRIVATE_KEY = push.new_vapid_keys()
    settings.WEBPUSH_VAPID_SUBJECT = "mailto:hello@clinic.example"


@pytest.fixture
def frozen(monkeypatch):
    """The clock the command reads: set it with ``frozen(at(8, 5))``."""

    def freeze(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return freeze


@pytest.fixture
def push_service():
    with PushService() as service:
        yield service


def subscribe(client, service, path="/push/phone", browser=None):
    browser = browser or Browser()
    PushSubscription.objects.create(
        client=client,
        endpoint=service.url(path),
        p256dh=browser.p256dh,
        auth=browser.auth_b64,
        device="Test phone",
    )
    return browser


def remind(client, *, times=("08:00", "18:00"), by_push=True, by_email=False, quiet=(None, None)):
    return ReminderSettings.objects.create(
        client=client,
        times=list(times),
        by_push=by_push,
        by_email=by_email,
        quiet_from=quiet[0],
        quiet_until=quiet[1],
    )


def run():
    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_a_due_reminder_is_pushed_once_and_opens_today(
    program, client_record, vapid, frozen, push_service
):
    browser = subscribe(client_record, push_service)
    remind(client_record)
    frozen(at(8, 5))
    run()
    run()  # the next cron run: nothing new
    assert push_service.paths() == ["/push/phone"]
    _path, headers, body = push_service.received[0]
    assert headers["authorization"].startswith("vapid t=")
    assert headers["ttl"] == str(push.TTL_SECONDS)
    payload = json.loads(browser.read(body))
    assert payload["url"] == reverse("programs:portal_home")
    assert payload["title"] == "Time for your exercises"
    client = services.client_for_off_token(payload["off_url"].rstrip("/").rsplit("/", 1)[1])
    assert client == client_record
    slot = ReminderSlot.objects.get()
    assert (slot.day, slot.time, slot.outcome) == (TODAY, datetime.time(8), "sent")


def test_nothing_is_sent_before_the_time_or_after_the_window(
    program, client_record, vapid, frozen, push_service, settings
):
    subscribe(client_record, push_service)
    remind(client_record, times=["08:00"])
    frozen(at(7, 59))
    run()
    frozen(at(8) + datetime.timedelta(minutes=settings.CLINIC_REMINDER_WINDOW_MINUTES))
    run()
    assert push_service.received == []
    assert not ReminderSlot.objects.exists()


def test_the_evening_reminder_is_sent_after_the_morning_one(
    program, client_record, vapid, frozen, push_service
):
    subscribe(client_record, push_service)
    remind(client_record)
    frozen(at(8, 1))
    run()
    frozen(at(18, 2))
    run()
    assert len(push_service.received) == 2
    assert sorted(ReminderSlot.objects.values_list("time", flat=True)) == [
        datetime.time(8),
        datetime.time(18),
    ]


def test_a_reminder_is_skipped_when_that_session_is_already_logged(
    program, client_record, vapid, frozen, push_service
):
    subscribe(client_record, push_service)
    remind(client_record)
    SessionLog.objects.create(
        program=program,
        phase=program.current_phase,
        performed_on=TODAY,
        pain_before=2,
        pain_after=2,
    )
    frozen(at(8, 5))
    run()  # the morning one: one session is in
    frozen(at(18, 5))
    run()  # the evening one: the second session is still to do
    assert len(push_service.received) == 1
    outcomes = dict(ReminderSlot.objects.values_list("time", "outcome"))
    assert outcomes == {datetime.time(8): "logged", datetime.time(18): "sent"}


def test_no_reminder_while_a_red_flag_stops_exercise(
    program, client_record, vapid, frozen, push_service
):
    subscribe(client_record, push_service)
    remind(client_record, by_email=True)
    factories.RedFlagFactory(client=client_record)
    frozen(at(8, 5))
    run()
    assert push_service.received == []
    assert [m.subject for m in mail.outbox if client_record.email in m.to] == []
    assert ReminderSlot.objects.get().outcome == "red_flag"


def test_quiet_hours_hold_a_reminder_back(program, client_record, vapid, frozen, push_service):
    subscribe(client_record, push_service)
    remind(client_record, times=["22:00"], quiet=(datetime.time(21, 30), datetime.time(7)))
    frozen(at(22, 5))
    run()
    assert push_service.received == []
    assert ReminderSlot.objects.get().outcome == "quiet"


def test_dead_subscriptions_are_removed_and_the_live_one_still_gets_it(
    program, client_record, vapid, frozen, push_service
):
    subscribe(client_record, push_service, "/push/gone")
    subscribe(client_record, push_service, "/push/missing")
    subscribe(client_record, push_service, "/push/phone")
    push_service.status.update({"/push/gone": 410, "/push/missing": 404})
    remind(client_record)
    frozen(at(8, 5))
    run()
    assert sorted(push_service.paths()) == ["/push/gone", "/push/missing", "/push/phone"]
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [
        push_service.url("/push/phone")
    ]
    assert ReminderSlot.objects.get().outcome == "sent"


def test_a_push_service_error_keeps_the_subscription_and_is_not_retried(
    program, client_record, vapid, frozen, push_service
):
    subscribe(client_record, push_service, "/push/busy")
    push_service.status["/push/busy"] = 500
    remind(client_record)
    frozen(at(8, 5))
    run()
    run()
    assert push_service.paths() == ["/push/busy"]
    assert PushSubscription.objects.count() == 1
    assert ReminderSlot.objects.get().outcome == "failed"


def test_an_email_reminder_links_to_today_and_to_a_one_click_stop(
    program, client_record, frozen, settings
):
    settings.CLINIC_SITE_URL = "https://clinic.example"
    remind(client_record, by_push=False, by_email=True)
    frozen(at(18, 0))
    run()
    run()
    [message] = mail.outbox
    assert message.to == [client_record.email]
    assert message.subject == "Time for your exercises"
    assert "https://clinic.example/portal/" in message.body
    off = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert off in message.body and off.startswith("https://clinic.example/reminders/off/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "pain" not in message.body.lower()  # no health details


def test_the_stop_link_turns_reminders_off_in_one_post(client, program, client_record):
    remind(client_record, by_email=True)
    url = services.off_url(client_record)
    page = client.get(url)
    assert "Turn reminders off" in page.content.decode()
    assert ReminderSettings.objects.get().is_on  # a GET (a mail scanner) changes nothing
    response = client.post(url, HTTP_ACCEPT="application/json")
    assert response.json() == {"off": True}
    row = ReminderSettings.objects.get()
    assert (row.by_push, row.by_email, row.times) == (False, False, ["08:00", "18:00"])


def test_a_tampered_stop_link_is_a_404(client, client_record):
    remind(client_record)
    response = client.post(services.off_url(client_record)[:-3] + "xyz/")
    assert response.status_code == 404
    assert ReminderSettings.objects.get().by_push


def test_a_client_without_a_program_gets_no_reminder(client_record, vapid, frozen, push_service):
    subscribe(client_record, push_service)
    remind(client_record)
    frozen(at(8, 5))
    run()
    assert push_service.received == []
    assert ReminderSlot.objects.get().outcome == "nothing"


def test_the_work_per_run_does_not_grow_with_clients(
    program, client_record, vapid, frozen, push_service, django_assert_num_queries
):
    subscribe(client_record, push_service)
    remind(client_record)
    frozen(at(8, 5))
    # Settings of every client, slots already claimed; per due slot: claim (savepoint,
    # insert, release), the client with everything, the subscriptions, the outcome.
    with django_assert_num_queries(8):
        assert services.send_due_reminders(now=at(8, 5)) == 1
    with django_assert_num_queries(2):  # nothing due any more: the two reads
        assert services.send_due_reminders(now=at(8, 6)) == 0


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so two runs cannot overlap",
)
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_reminder_once(vapid, push_service):
    practitioner = factories.PractitionerFactory()
    records = [
        factories.ClientUserFactory(client_record__practitioner=practitioner).client_record
        for _ in range(5)
    ]
    template = factories.build_template(phases=1, exercises_per_phase=1)
    for number, record in enumerate(records):
        program_services.assign_program(
            client=record, template=template, start_date=TODAY, by=practitioner
        )
        subscribe(record, push_service, f"/push/{number}")
        remind(record, times=["08:00"])
    barrier = threading.Barrier(RUNS)
    counts = []

    def one_run():
        try:
            barrier.wait(timeout=30)
            counts.append(services.send_due_reminders(now=at(8, 5)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one_run) for _ in range(RUNS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(counts) == len(records)
    assert sorted(push_service.paths()) == [f"/push/{n}" for n in range(len(records))]
    assert ReminderSlot.objects.filter(outcome="sent").count() == len(records)
