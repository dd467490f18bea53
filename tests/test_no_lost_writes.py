"""No lost writes under load: concurrent check-ins and bookings, through the real pages.

Every request that the app acknowledged (a redirect to its success page) must
have left exactly its row behind, and nothing else: no duplicates from double
submits, no acknowledged booking missing, no 500. PostgreSQL only: SQLite
serialises writers and its test database is not shared between threads.
"""

import threading
import uuid
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from clients.booking.forms import slot_value
from clients.models import Consultation
from programs import services
from programs.models import ProgramExercise, SessionLog
from tests import factories
from tests.clients.booking.booking_support import make_bookable, open_slots

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so nothing can be lost to a race",
)

CLIENTS = 6  # each checks in twice at once (a double tap) for today and yesterday
BOOKERS = 10  # half of them race for the same two slots


def _check_in_data(program, day):
    items = ProgramExercise.objects.filter(phase=program.current_phase)
    return {
        "program": program.pk,
        "day": day.isoformat(),
        "done": [item.pk for item in items],
        "pain_before": "4",
        "pain_after": "3",
        "leg_symptoms": "same",
        "effort": "moderate",
        "note": "Felt fine.",
    }


def _booking_data(practitioner, start, n):
    return {
        "practitioner": str(practitioner.pk),
        "start": slot_value(start),
        "first_name": "Load",
        "last_name": f"Tester {n}",
        "email": f"load{n}@example.net",
        "message": "Sore lower back.",
        "disclaimer": "on",
        "saddle_numbness": "no",
        "bladder_bowel": "no",
        "progressive_weakness": "no",
    }


@pytest.mark.django_db(transaction=True)
def test_concurrent_check_ins_and_bookings_keep_exactly_what_was_acknowledged():
    today = timezone.localdate()
    practitioner = make_bookable()
    template = factories.build_template(phases=1, exercises_per_phase=2)
    people = []
    for n in range(CLIENTS):
        user = factories.ClientUserFactory(
            email=f"runner{n}@example.org", client_record__practitioner=practitioner
        )
        program = services.assign_program(
            client=user.client_record,
            template=template,
            start_date=today - timedelta(days=5),
            by=practitioner,
        )
        people.append((user, program))
    slots = open_slots(practitioner.pk)

    jobs = []
    for user, program in people:
        for day in (today, today - timedelta(days=1)):
            # A double tap sends the same form twice, one-time key included (clinic.once);
            # a second session on purpose would come from a fresh form with a new key.
            data = {**_check_in_data(program, day), "once_key": uuid.uuid4().hex}
            for _tap in range(2):
                jobs.append(("check_in", user, data))
    for n in range(BOOKERS):
        start = slots[n % 2] if n < BOOKERS // 2 else slots[n]
        jobs.append(("book", None, _booking_data(practitioner, start, n)))

    barrier = threading.Barrier(len(jobs))
    acknowledged = {"check_in": set(), "book": []}
    statuses = []
    lock = threading.Lock()

    def run(kind, user, data):
        http = HttpClient(raise_request_exception=False)
        try:
            if user is not None:
                http.force_login(user)
            barrier.wait(timeout=60)
            if kind == "check_in":
                response = http.post(reverse("programs:portal_check_in"), data)
            else:
                response = http.post(
                    reverse("clients:book_details"), data, REMOTE_ADDR="203.0.113.5"
                )
        finally:
            connections.close_all()
        with lock:
            statuses.append(response.status_code)
            if response.status_code == 302:
                if kind == "check_in":
                    acknowledged["check_in"].add((data["program"], data["day"]))
                else:
                    acknowledged["book"].append((data["email"], data["start"]))

    threads = [threading.Thread(target=run, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert len(statuses) == len(jobs)
    assert 500 not in statuses
    # Every acknowledged check-in is there once; the double taps made no second row.
    logs = set(SessionLog.objects.values_list("program_id", "performed_on"))
    assert logs == {(program, day) for program, day in _as_keys(acknowledged["check_in"])}
    assert len(acknowledged["check_in"]) == CLIENTS * 2
    assert SessionLog.objects.count() == CLIENTS * 2
    # Every acknowledged booking is there, and only those: the losers of a race got a
    # "just taken" page, not a booking and not an error.
    booked = sorted(
        (email, slot_value(start))
        for email, start in Consultation.objects.values_list("email", "start")
    )
    assert booked == sorted(acknowledged["book"])
    raced = {slot_value(slots[0]), slot_value(slots[1])}
    assert sum(1 for _email, start in booked if start in raced) == 2
    assert len(booked) == 2 + (BOOKERS - BOOKERS // 2)


def _as_keys(pairs):
    from datetime import date

    return {(int(program), date.fromisoformat(day)) for program, day in pairs}
