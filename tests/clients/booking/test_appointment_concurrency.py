"""No double booking across appointment types under real concurrency: PostgreSQL only
(SQLite serialises writers; its triggers are tested in test_appointments.py)."""

import threading
from datetime import datetime, time, timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from clients.booking import appointments
from clients.booking.appointments import Plan
from clients.models import AppointmentType, Consultation
from tests import factories

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so there is no race to test",
)

THREADS = 12


@pytest.mark.django_db(transaction=True)
def test_twelve_staff_booking_overlapping_times_of_different_types_at_once_get_one():
    practitioner = factories.PractitionerFactory()
    kinds = [
        AppointmentType.ensure_free_consultation(),
        factories.AppointmentTypeFactory(minutes=60),
        factories.AppointmentTypeFactory(minutes=45),
    ]
    client = factories.ClientFactory(practitioner=practitioner, email="")
    day = timezone.localdate() + timedelta(days=3)
    base = timezone.make_aware(datetime.combine(day, time(10)))
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def book(n: int) -> None:
        # Starts 10:00, 10:02 ... 10:22: different starts, all overlapping each other.
        plan = Plan(
            client=client,
            appointment_type=kinds[n % 3],
            practitioner=practitioner,
            start=base + timedelta(minutes=2 * n),
        )
        try:
            barrier.wait(timeout=30)
            appointments.book_appointments(plan=plan, by=practitioner)
            outcome = "booked"
        except appointments.ClashError:
            outcome = "clash"
        except Exception as error:  # noqa: BLE001 - any other error fails the test below
            outcome = repr(error)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=book, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["booked"] + ["clash"] * (THREADS - 1)
    assert Consultation.objects.count() == 1
