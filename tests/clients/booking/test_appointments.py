"""The practice books, moves and cancels appointments of every type for a client, one at
a time or as a weekly series; the database refuses a double booking across types."""

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from clients.booking import appointments
from clients.booking import services as booking
from clients.booking.appointments import ClashError, Plan
from clients.models import AppointmentSeries, Consultation
from clients.timeline.base import timeline_for
from tests import factories

pytestmark = pytest.mark.django_db


def at(days: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def follow_up():
    return factories.AppointmentTypeFactory(name="Follow-up session", minutes=45)


@pytest.fixture
def client_with_email(practitioner):
    return factories.ClientFactory(
        practitioner=practitioner, first_name="Ana", last_name="Diaz", email="ana@example.org"
    )


def plan(client, kind, practitioner, start, **extra) -> Plan:
    return Plan(
        client=client, appointment_type=kind, practitioner=practitioner, start=start, **extra
    )


def test_the_practice_books_a_follow_up_for_a_client_and_emails_them_a_calendar_file(
    client_with_email, follow_up, practitioner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (booked,) = appointments.book_appointments(
            plan=plan(client_with_email, follow_up, practitioner, at(3, 10)), by=practitioner
        )
    assert (booked.client, booked.appointment_type, booked.end - booked.start) == (
        client_with_email,
        follow_up,
        timedelta(minutes=45),
    )
    assert booked.history.get().history_user == practitioner
    (email,) = mail.outbox
    assert email.subject == "Your follow-up session is booked"
    assert "/book/manage/" in email.body
    name, ics, mimetype = email.attachments[0]
    assert (name, mimetype) == ("follow-up-session.ics", "text/calendar")
    assert "Follow-up session at" in Calendar.from_ical(ics).walk("VEVENT")[0]["SUMMARY"]


def test_a_follow_up_overlapping_a_free_consultation_is_refused_and_nothing_is_saved(
    client_with_email, follow_up, practitioner
):
    factories.ConsultationFactory(practitioner=practitioner, start=at(3, 10, 30), end=at(3, 11))
    with pytest.raises(ClashError, match="already has an appointment") as error:
        appointments.book_appointments(
            plan=plan(client_with_email, follow_up, practitioner, at(3, 10)), by=practitioner
        )
    assert error.value.clashes == [at(3, 10)]
    assert Consultation.objects.count() == 1


def test_the_database_itself_refuses_overlapping_appointments_of_different_types(
    follow_up, practitioner
):
    """The guard under the service: on SQLite the triggers, on PostgreSQL the exclusion
    constraint. Different starts, so the unique slot index alone would let it through."""
    factories.ConsultationFactory(practitioner=practitioner, start=at(3, 10), end=at(3, 10, 30))
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ConsultationFactory(
            practitioner=practitioner,
            appointment_type=follow_up,
            start=at(3, 10, 15),
            end=at(3, 11),
        )
    moved = factories.ConsultationFactory(
        practitioner=practitioner, appointment_type=follow_up, start=at(3, 12), end=at(3, 13)
    )
    moved.start = at(3, 10, 20)
    with pytest.raises(IntegrityError), transaction.atomic():
        moved.save()
    # Back to back is fine; a cancelled appointment holds no time.
    factories.ConsultationFactory(practitioner=practitioner, start=at(3, 10, 30), end=at(3, 11))
    factories.ConsultationFactory(
        practitioner=practitioner, start=at(3, 9, 50), end=at(3, 10, 20), status="cancelled"
    )
    # Another practitioner at the same time is fine.
    factories.ConsultationFactory(start=at(3, 10), end=at(3, 10, 30))


def test_a_weekly_series_of_six_books_six_at_the_same_local_time(
    client_with_email, follow_up, practitioner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booked = appointments.book_appointments(
            plan=plan(client_with_email, follow_up, practitioner, at(2, 9), repeat=6),
            by=practitioner,
        )
    assert [timezone.localtime(a.start).time() for a in booked] == [time(9)] * 6
    assert [
        (b.start.date() - a.start.date()).days for a, b in zip(booked, booked[1:], strict=False)
    ] == [7] * 5
    series = AppointmentSeries.objects.get()
    assert {a.series_id for a in booked} == {series.pk}
    assert str(series) == "Follow-up session, weekly × 6"
    (email,) = mail.outbox  # one email for the whole series
    assert email.subject == "Your follow-up sessions are booked"
    assert len(Calendar.from_ical(email.attachments[0][1]).walk("VEVENT")) == 6


def test_a_series_with_one_clash_books_nothing_and_names_the_clash(
    client_with_email, follow_up, practitioner
):
    factories.ConsultationFactory(practitioner=practitioner, start=at(23, 9), end=at(23, 9, 30))
    with pytest.raises(ClashError) as error:
        appointments.book_appointments(
            plan=plan(client_with_email, follow_up, practitioner, at(2, 9), repeat=6),
            by=practitioner,
        )
    assert error.value.clashes == [at(23, 9)]
    assert Consultation.objects.count() == 1
    assert not AppointmentSeries.objects.exists()


def test_moving_one_appointment_of_a_series_leaves_the_others(
    client_with_email, follow_up, practitioner, other_practitioner
):
    booked = appointments.book_appointments(
        plan=plan(client_with_email, follow_up, practitioner, at(2, 9), repeat=3), by=practitioner
    )
    moved = appointments.move_appointment(
        appointment=booked[1], start=at(9, 14), practitioner=other_practitioner, by=practitioner
    )
    assert (moved.start, moved.practitioner, moved.sequence) == (at(9, 14), other_practitioner, 1)
    assert moved.end - moved.start == timedelta(minutes=45)
    others = Consultation.objects.exclude(pk=moved.pk).order_by("start")
    assert [a.start for a in others] == [at(2, 9), at(16, 9)]
    assert {a.practitioner for a in others} == {practitioner}
    booking.cancel_consultation(consultation=booked[2], by=practitioner, late=True)
    assert Consultation.objects.get(pk=booked[0].pk).status == "booked"


def test_a_move_onto_another_appointment_is_refused(client_with_email, follow_up, practitioner):
    first, second = appointments.book_appointments(
        plan=plan(client_with_email, follow_up, practitioner, at(2, 9), repeat=2), by=practitioner
    )
    factories.ConsultationFactory(practitioner=practitioner, start=at(4, 10), end=at(4, 10, 30))
    with pytest.raises(ClashError):
        appointments.move_appointment(
            appointment=first, start=at(4, 9, 30), practitioner=practitioner, by=practitioner
        )
    with pytest.raises(booking.BookingError, match="not passed"):
        appointments.move_appointment(
            appointment=first, start=at(-1, 9), practitioner=practitioner, by=practitioner
        )
    assert Consultation.objects.get(pk=first.pk).start == at(2, 9)


def test_attended_did_not_attend_and_cancelled_late_show_on_the_clients_timeline(
    client_with_email, follow_up, practitioner
):
    now = timezone.now()
    kept, missed, late = (
        factories.ConsultationFactory(
            practitioner=practitioner,
            client=client_with_email,
            appointment_type=follow_up,
            start=now - timedelta(days=n),
            end=now - timedelta(days=n) + timedelta(minutes=45),
        )
        for n in (3, 2, 1)
    )
    booking.record_outcome(consultation=kept, status="attended", note="", by=practitioner)
    booking.record_outcome(consultation=missed, status="no_show", note="", by=practitioner)
    booking.record_outcome(consultation=late, status="cancelled_late", note="", by=practitioner)
    late.refresh_from_db()
    assert (late.status, late.cancelled_late, late.outcome_label) == (
        "cancelled",
        True,
        "Cancelled late",
    )
    titles = [e.title for e in timeline_for(client_with_email) if e.kind == "Appointment"]
    assert titles == [
        f"Follow-up session with {practitioner} (cancelled late)",
        f"Follow-up session with {practitioner} (did not attend)",
        f"Follow-up session with {practitioner} (attended)",
    ]


def test_the_booking_page_books_a_series_for_the_client(
    practitioner_client, client_with_email, follow_up, practitioner
):
    url = reverse("clients:appointment_create", args=[client_with_email.pk])
    body = practitioner_client.get(url, {"day": "2099-01-01", "at": "10:30"}).content.decode()
    assert 'value="10:30' in body and "New appointment for Ana Diaz" in body
    day = timezone.localdate() + timedelta(days=2)
    data = {
        "appointment_type": follow_up.pk,
        "practitioner": practitioner.pk,
        "day": day.isoformat(),
        "at": "09:00",
        "repeat": "6",
        "every_weeks": "1",
    }
    response = practitioner_client.post(url, data)
    assert response.status_code == 302
    assert Consultation.objects.filter(client=client_with_email).count() == 6
    response = practitioner_client.post(url, data)  # the same again: every one clashes
    assert "already has an appointment" in response.content.decode()
    assert Consultation.objects.count() == 6


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("day", "20260-01-01", "Enter a valid date"),
        ("at", "25:00", "Enter a valid time"),
        ("repeat", "40", "less than or equal to 12"),
        ("appointment_type", "999999", "Select a valid choice"),
    ],
)
def test_bad_input_on_the_booking_page_says_what_to_fix_and_saves_nothing(
    practitioner_client, client_with_email, follow_up, practitioner, field, value, message
):
    data = {
        "appointment_type": follow_up.pk,
        "practitioner": practitioner.pk,
        "day": (timezone.localdate() + timedelta(days=2)).isoformat(),
        "at": "09:00",
        "repeat": "1",
        "every_weeks": "1",
        field: value,
    }
    url = reverse("clients:appointment_create", args=[client_with_email.pk])
    response = practitioner_client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Consultation.objects.exists()


def test_a_client_that_does_not_exist_is_a_404_on_the_booking_page(practitioner_client):
    url = reverse("clients:appointment_create", args=[987654])
    assert practitioner_client.get(url).status_code == 404


def test_the_move_page_moves_and_the_detail_page_shows_type_and_series(
    practitioner_client, client_with_email, follow_up, practitioner
):
    first, _second = appointments.book_appointments(
        plan=plan(client_with_email, follow_up, practitioner, at(2, 9), repeat=2), by=practitioner
    )
    body = practitioner_client.get(first.get_absolute_url()).content.decode()
    assert "Follow-up session: Ana Diaz" in body and "weekly × 2" in body and "Move it" in body
    data = {"practitioner": practitioner.pk, "day": at(3, 0).date().isoformat(), "at": "15:00"}
    response = practitioner_client.post(reverse("clients:appointment_move", args=[first.pk]), data)
    assert response.status_code == 302
    first.refresh_from_db()
    assert timezone.localtime(first.start).time() == time(15)


def test_the_booking_page_runs_the_same_queries_however_many_types_and_practitioners(
    practitioner_client, client_with_email, django_assert_num_queries
):
    url = reverse("clients:appointment_create", args=[client_with_email.pk])
    # session, user, savepoint pair, the client, the types, the practitioners
    with django_assert_num_queries(6):
        practitioner_client.get(url)
    factories.AppointmentTypeFactory.create_batch(5)
    factories.PractitionerFactory.create_batch(5)
    with django_assert_num_queries(6):
        practitioner_client.get(url)


def test_the_client_picker_finds_clients_and_carries_the_chosen_time_on(
    practitioner_client, client_with_email, practitioner, django_assert_num_queries
):
    url = reverse("clients:appointment_pick_client")
    query = {"q": "diaz", "practitioner": practitioner.pk, "day": "2030-01-02", "at": "09:00"}
    # session, user, the matching clients (at most 10)
    with django_assert_num_queries(2):
        body = practitioner_client.get(url, query).content.decode()
    create = reverse("clients:appointment_create", args=[client_with_email.pk])
    assert f"{create}?practitioner={practitioner.pk}&amp;day=2030-01-02&amp;at=09%3A00" in body
    factories.ClientFactory.create_batch(12, last_name="Diaz")
    with django_assert_num_queries(2):
        body = practitioner_client.get(url, query).content.decode()
    assert body.count("/appointments/new/?") == 10


def test_reminders_go_once_for_every_type_and_name_it(client_with_email, follow_up, practitioner):
    from django.core.management import call_command

    soon = timezone.now() + timedelta(hours=5)
    factories.ConsultationFactory(
        practitioner=practitioner,
        client=client_with_email,
        email=client_with_email.email,
        appointment_type=follow_up,
        start=soon,
        end=soon + timedelta(minutes=45),
    )
    factories.ConsultationFactory(
        practitioner=practitioner, start=soon + timedelta(hours=2), email="visitor@example.org"
    )
    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(m.subject for m in mail.outbox) == [
        "Reminder: your follow-up session tomorrow",
        "Reminder: your free consultation tomorrow",
    ]
    assert all(m.attachments for m in mail.outbox)
