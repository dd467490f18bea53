"""The booking workflows through their functions: book, limits, cancel, reschedule,
outcomes, convert, emails with their calendar file, reminders."""

from datetime import UTC, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone
from icalendar import Calendar

from clients.booking import services as booking
from clients.booking.timeline import entries as timeline_entries
from clients.models import BookingSettings, Client, Consultation, RedFlagScreenCount
from clients.models.booking import hash_token
from clients.timeline.base import providers, timeline_for
from tests import factories
from tests.clients.booking.booking_support import book, make_bookable, open_slots

pytestmark = pytest.mark.django_db


@pytest.fixture
def bookable(practitioner):
    return make_bookable(practitioner)


def test_booking_an_open_slot_stores_it_in_utc_with_a_hashed_token(
    bookable, django_capture_on_commit_callbacks
):
    start = open_slots(bookable.pk)[0]
    with django_capture_on_commit_callbacks(execute=True):
        booked = book(bookable.pk, start, email="Dana@Example.NET")
    consultation = Consultation.objects.get()
    assert consultation.start == start
    assert consultation.start.utcoffset() == timedelta(0)
    assert consultation.end - consultation.start == timedelta(minutes=30)
    assert consultation.email == "dana@example.net"
    assert consultation.token_hash == hash_token(booked.token)
    assert booked.token not in consultation.token_hash
    assert consultation.ip_hash and "203.0.113.7" not in consultation.ip_hash
    assert consultation.history.first().history_change_reason == "Booked online"


def test_the_person_gets_a_confirmation_with_a_valid_calendar_file(
    bookable, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        booked = book(bookable.pk)
    consultation = booked.consultation
    to_person, to_practitioner = mail.outbox
    assert to_person.to == ["dana@example.net"]
    assert f"/book/manage/{booked.token}/" in to_person.body
    assert "not medical advice" in to_person.body
    (filename, content, mimetype) = to_person.attachments[0]
    assert filename.endswith(".ics") and mimetype == "text/calendar"
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["UID"]).startswith(f"consultation-{consultation.pk}@")
    assert event["DTSTAMP"].dt.tzinfo is not None
    assert event.decoded("DTSTART") == consultation.start
    assert event.decoded("DTEND") == consultation.end
    assert event.decoded("DTSTART").utcoffset() == timedelta(0)
    utc_start = consultation.start.strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{utc_start}\r\n" in content  # written in UTC, no TZID
    assert str(event["LOCATION"]) == settings.CLINIC_ADDRESS
    assert to_practitioner.to == [bookable.email]
    assert "Dana Fox" in to_practitioner.subject
    assert booked.token not in to_practitioner.body


def test_nothing_is_emailed_when_the_booking_is_rolled_back(bookable):
    with transaction.atomic():
        book(bookable.pk)
        transaction.set_rollback(True)
    assert mail.outbox == []
    assert not Consultation.objects.exists()


def test_first_available_books_whoever_is_free(bookable, other_practitioner):
    make_bookable(other_practitioner)
    start = open_slots()[0]
    first = book(None, start, email="one@example.net").consultation
    second = book(None, start, email="two@example.net").consultation
    assert {first.practitioner_id, second.practitioner_id} == {bookable.pk, other_practitioner.pk}
    with pytest.raises(booking.SlotTakenError) as taken:
        book(None, start, email="three@example.net")
    assert taken.value.alternatives and start not in taken.value.alternatives


def test_a_taken_slot_says_so_and_offers_the_nearest_free_times(bookable):
    start = open_slots(bookable.pk)[3]
    book(bookable.pk, start)
    with pytest.raises(booking.SlotTakenError) as taken:
        book(bookable.pk, start, email="late@example.net")
    assert "just taken" in str(taken.value)
    alternatives = taken.value.alternatives
    assert len(alternatives) == 3
    assert all(abs(a - start) <= timedelta(hours=2) for a in alternatives)
    assert Consultation.objects.count() == 1


@pytest.mark.parametrize(
    "shift",
    [
        pytest.param(timedelta(minutes=7), id="off the grid"),
        pytest.param(timedelta(days=-3), id="in the past"),
        pytest.param(timedelta(days=60), id="beyond the horizon"),
    ],
)
def test_a_time_that_is_not_offered_books_nothing(bookable, shift):
    start = open_slots(bookable.pk)[0] + shift
    with pytest.raises(booking.BookingError, match="not open for booking"):
        book(bookable.pk, start)
    assert not Consultation.objects.exists()


def test_a_time_inside_the_notice_period_books_nothing(bookable):
    soon = booking.load_availability(
        first_day=timezone.localdate(), last_day=timezone.localdate() + timedelta(days=1)
    ).slots_for(bookable.pk)[0]
    with pytest.raises(booking.BookingError):
        book(bookable.pk, soon - timedelta(hours=12))
    assert not Consultation.objects.exists()


def test_a_practitioner_without_hours_cannot_be_booked(bookable, other_practitioner):
    with pytest.raises(booking.BookingError):
        book(other_practitioner.pk, open_slots(bookable.pk)[0])


def test_online_booking_can_be_closed(bookable):
    start = open_slots(bookable.pk)[0]
    BookingSettings.objects.update_or_create(pk=1, defaults={"accepting": False})
    with pytest.raises(booking.BookingError, match="closed"):
        book(bookable.pk, start)


@override_settings(BOOKING_LIMIT_PER_EMAIL=2)
def test_the_daily_limit_per_email_stops_the_next_booking(bookable):
    slots = open_slots(bookable.pk)
    book(bookable.pk, slots[0], email="same@example.net", ip_address="198.51.100.1")
    book(bookable.pk, slots[2], email="SAME@example.net", ip_address="198.51.100.2")
    with pytest.raises(booking.LimitReachedError, match="call us"):
        book(bookable.pk, slots[4], email="same@example.net", ip_address="198.51.100.3")
    book(bookable.pk, slots[4], email="friend@example.net", ip_address="198.51.100.3")


@override_settings(BOOKING_LIMIT_PER_IP=2)
def test_the_daily_limit_per_ip_address_stops_the_next_booking(bookable):
    slots = open_slots(bookable.pk)
    book(bookable.pk, slots[0], email="a@example.net")
    book(bookable.pk, slots[2], email="b@example.net")
    with pytest.raises(booking.LimitReachedError, match="network"):
        book(bookable.pk, slots[4], email="c@example.net")
    book(bookable.pk, slots[4], email="c@example.net", ip_address="192.0.2.50")


@override_settings(BOOKING_LIMIT_PER_EMAIL=1)
def test_the_limit_counts_only_the_last_day(bookable):
    slots = open_slots(bookable.pk)
    old = book(bookable.pk, slots[0]).consultation
    Consultation.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    book(bookable.pk, slots[2])
    assert Consultation.objects.count() == 2


def test_the_database_refuses_two_active_bookings_of_one_slot(bookable):
    first = book(bookable.pk).consultation
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ConsultationFactory(practitioner=bookable, start=first.start, end=first.end)


def test_a_cancelled_booking_frees_its_slot_for_someone_else(
    bookable, django_capture_on_commit_callbacks
):
    first = book(bookable.pk).consultation
    with django_capture_on_commit_callbacks(execute=True):
        booking.cancel_consultation(consultation=first)
    first.refresh_from_db()
    assert first.status == Consultation.Status.CANCELLED
    assert first.cancelled_by == Consultation.CancelledBy.PERSON
    assert mail.outbox[-1].to == [bookable.email]
    again = book(bookable.pk, first.start, email="next@example.net").consultation
    assert again.start == first.start


def test_the_person_cannot_cancel_after_the_cut_off_but_the_practice_can(bookable, owner):
    consultation = book(bookable.pk).consultation
    late = consultation.start - timedelta(hours=11)
    with pytest.raises(booking.BookingError, match="call us"):
        booking.cancel_consultation(consultation=consultation, now=late)
    booking.cancel_consultation(consultation=consultation, by=owner, now=late, note="Ill")
    consultation.refresh_from_db()
    assert consultation.cancelled_by == Consultation.CancelledBy.PRACTICE
    assert consultation.history.first().history_user == owner


def test_rescheduling_moves_the_booking_and_sends_a_new_calendar_file(
    bookable, django_capture_on_commit_callbacks
):
    slots = open_slots(bookable.pk)
    booked = book(bookable.pk, slots[0])
    with django_capture_on_commit_callbacks(execute=True):
        moved = booking.reschedule_consultation(consultation=booked.consultation, start=slots[3])
    consultation = Consultation.objects.get()
    assert consultation.start == slots[3]
    assert consultation.sequence == 1
    assert moved.token != booked.token
    assert consultation.token_hash == hash_token(moved.token)
    event = Calendar.from_ical(mail.outbox[0].attachments[0][1]).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == slots[3]
    assert event["SEQUENCE"] == 1
    assert "moved" in mail.outbox[0].subject
    # The old time is free again.
    assert slots[0] in open_slots(bookable.pk)


def test_rescheduling_onto_a_taken_time_keeps_the_old_one(bookable):
    slots = open_slots(bookable.pk)
    mine = book(bookable.pk, slots[0]).consultation
    book(bookable.pk, slots[3], email="other@example.net")
    with pytest.raises(booking.SlotTakenError):
        booking.reschedule_consultation(consultation=mine, start=slots[3])
    mine.refresh_from_db()
    assert mine.start == slots[0]


def test_outcomes_are_recorded_with_a_note_and_who(bookable, practitioner):
    consultation = book(bookable.pk).consultation
    with pytest.raises(booking.BookingError, match="not started"):
        booking.record_outcome(
            consultation=consultation, status="attended", note="", by=practitioner
        )
    after = consultation.end + timedelta(minutes=5)
    booking.record_outcome(
        consultation=consultation, status="no_show", note="No answer", by=practitioner, now=after
    )
    booking.record_outcome(
        consultation=consultation, status="attended", note="Came late", by=practitioner, now=after
    )
    consultation.refresh_from_db()
    assert consultation.status == "attended"
    assert consultation.status_note == "Came late"
    assert consultation.history.first().history_user == practitioner


def _attended(practitioner, **kwargs):
    kwargs.setdefault("start", timezone.now() - timedelta(days=1))
    return factories.ConsultationFactory(
        practitioner=practitioner, status=Consultation.Status.ATTENDED, **kwargs
    )


def test_converting_an_attended_consultation_creates_a_client_with_what_they_wrote(practitioner):
    consultation = _attended(practitioner, email="new.person@example.net", phone="0123")
    client, created = booking.convert_to_client(consultation=consultation, by=practitioner)
    assert created
    assert (client.first_name, client.last_name) == (
        consultation.first_name,
        consultation.last_name,
    )
    assert client.email == "new.person@example.net" and client.phone == "0123"
    assert client.goals == consultation.message
    assert client.practitioner == practitioner
    assert client.history.first().history_user == practitioner
    consultation.refresh_from_db()
    assert consultation.client == client


def test_converting_links_the_existing_client_with_the_same_email_in_any_case(practitioner):
    existing = factories.ClientFactory(email="known@example.net")
    consultation = _attended(practitioner, email="Known@Example.net")
    client, created = booking.convert_to_client(consultation=consultation, by=practitioner)
    assert not created and client == existing
    assert Client.objects.count() == 1


def test_only_an_attended_unlinked_consultation_converts(bookable, practitioner):
    booked = book(bookable.pk).consultation
    with pytest.raises(booking.BookingError, match="attended"):
        booking.convert_to_client(consultation=booked, by=practitioner)
    attended = _attended(practitioner)
    booking.convert_to_client(consultation=attended, by=practitioner)
    with pytest.raises(booking.BookingError, match="already"):
        booking.convert_to_client(consultation=attended, by=practitioner)


def test_a_converted_consultation_appears_on_the_clients_timeline(
    practitioner, django_assert_num_queries
):
    consultation = _attended(practitioner)
    client, _ = booking.convert_to_client(consultation=consultation, by=practitioner)
    _attended(practitioner, client=client, start=timezone.now() - timedelta(days=3))
    with django_assert_num_queries(1):  # appointments joined with practitioners and types
        entries = timeline_entries(client)
    assert len(entries) == 2
    assert {e.kind for e in entries} == {"Appointment"}
    assert all(e.title.startswith("Free consultation with") for e in entries)
    assert consultation.get_absolute_url() in {e.url for e in entries}
    assert timeline_entries in providers()
    newest = timeline_for(client)[0]
    assert newest.url == consultation.get_absolute_url()
    assert newest.detail == consultation.message


def test_a_red_flag_stop_only_counts(db):
    booking.count_red_flag_stop()
    booking.count_red_flag_stop()
    (row,) = RedFlagScreenCount.objects.all()
    assert row.count == 2
    assert [f.name for f in RedFlagScreenCount._meta.get_fields()] == ["id", "date", "count"]


def _due_tomorrow(practitioner, **kwargs):
    kwargs.setdefault("start", timezone.now() + timedelta(hours=20))
    return factories.ConsultationFactory(practitioner=practitioner, **kwargs)


def test_send_reminders_emails_each_person_once_about_a_day_before(practitioner):
    due = _due_tomorrow(practitioner, email="soon@example.net")
    factories.ConsultationFactory(
        practitioner=practitioner, start=timezone.now() + timedelta(days=3)
    )
    _due_tomorrow(
        practitioner,
        start=timezone.now() + timedelta(hours=21),
        status=Consultation.Status.CANCELLED,
    )
    for _run in range(3):  # cron every 5 minutes
        call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [m.to for m in mail.outbox] == [["soon@example.net"]]
    assert "Reminder" in mail.outbox[0].subject
    assert mail.outbox[0].attachments[0][0].endswith(".ics")
    due.refresh_from_db()
    assert due.reminder_sent_at is not None


def test_only_one_of_two_concurrent_runs_can_claim_a_reminder(practitioner):
    due = _due_tomorrow(practitioner)
    now = timezone.now()
    # Both runs listed the row before either claimed it.
    assert booking.due_reminders(now=now) == [due.pk]
    assert booking.claim_reminder(due.pk, now=now) is True
    assert booking.claim_reminder(due.pk, now=now) is False


def test_a_rescheduled_consultation_gets_a_new_reminder(bookable):
    booked = book(bookable.pk, open_slots(bookable.pk)[0]).consultation
    Consultation.objects.filter(pk=booked.pk).update(reminder_sent_at=timezone.now())
    moved = booking.reschedule_consultation(
        consultation=booked, start=open_slots(bookable.pk, days_ahead=3)[0]
    ).consultation
    assert moved.reminder_sent_at is None


def test_the_calendar_file_of_a_consultation_is_in_utc_whatever_the_clinic_zone(practitioner):
    from clients.booking.emails import consultation_ics

    consultation = factories.ConsultationFactory(practitioner=practitioner)
    event = Calendar.from_ical(consultation_ics(consultation)).walk("VEVENT")[0]
    assert event.decoded("DTSTART").tzinfo in (UTC,) or event.decoded("DTSTART").utcoffset() == (
        timedelta(0)
    )
    assert str(event["SUMMARY"]).startswith("Free consultation")
