"""No double booking under real concurrency: PostgreSQL only.

SQLite serialises all writers (and its in-memory test database is not shared
between threads), so the race these tests provoke cannot happen there.
"""

import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.test import Client as HttpClient
from django.urls import reverse

from clients.booking.forms import slot_value
from clients.models import Consultation
from tests import factories
from tests.clients.booking.booking_support import make_bookable, open_slots

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so there is no race to test",
)

THREADS = 12


@pytest.mark.django_db(transaction=True)
def test_many_people_submitting_one_slot_at_once_get_one_booking_and_no_error():
    practitioner = make_bookable()
    start = open_slots(practitioner.pk)[4]
    barrier = threading.Barrier(THREADS)
    results: list[tuple[int, str]] = []
    lock = threading.Lock()

    def submit(n: int) -> None:
        http = HttpClient(raise_request_exception=False)
        data = {
            "practitioner": str(practitioner.pk),
            "start": slot_value(start),
            "first_name": "Racer",
            "last_name": str(n),
            "email": f"racer{n}@example.net",
            "message": "Same time as everyone else.",
            "disclaimer": "on",
            "saddle_numbness": "no",
            "bladder_bowel": "no",
            "progressive_weakness": "no",
        }
        try:
            barrier.wait(timeout=30)
            response = http.post(
                reverse("clients:book_details"), data, REMOTE_ADDR=f"198.51.100.{n}"
            )
            outcome = (response.status_code, response.content.decode())
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    statuses = sorted(status for status, _body in results)
    assert len(results) == THREADS
    assert 500 not in statuses
    assert statuses.count(302) == 1  # the one booking, redirected to its manage page
    losers = [body for status, body in results if status == 200]
    assert len(losers) == THREADS - 1
    assert all("just taken" in body for body in losers)
    assert all("Nearest free times" in body for body in losers)
    assert Consultation.objects.filter(start=start).count() == 1


@pytest.mark.django_db
def test_postgresql_also_refuses_overlapping_bookings_that_start_at_different_times():
    practitioner = factories.PractitionerFactory()
    first = factories.ConsultationFactory(practitioner=practitioner)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ConsultationFactory(
            practitioner=practitioner,
            start=first.start + timedelta(minutes=10),
            end=first.end + timedelta(minutes=10),
        )
    # Back to back is fine, and so is a cancelled booking underneath.
    factories.ConsultationFactory(practitioner=practitioner, start=first.end)
    first.status = Consultation.Status.CANCELLED
    first.save()
    factories.ConsultationFactory(practitioner=practitioner, start=first.start)


@pytest.mark.django_db(transaction=True)
def test_two_reminder_runs_at_the_same_moment_send_each_reminder_once():
    from django.core import mail
    from django.core.management import call_command
    from django.utils import timezone

    practitioner = factories.PractitionerFactory()
    for hours in (3, 5, 20):
        factories.ConsultationFactory(
            practitioner=practitioner, start=timezone.now() + timedelta(hours=hours)
        )
    barrier = threading.Barrier(2)

    def run() -> None:
        try:
            barrier.wait(timeout=30)
            call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(mail.outbox) == 3
    assert len({m.to[0] for m in mail.outbox}) == 3
