"""Clients book follow-ups in the portal with their own practitioner (or anyone, if the
clinic allows), see upcoming and past appointments, cancel or move within the rules."""

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from clients.booking import appointments
from clients.booking import services as booking
from clients.booking.forms import slot_value
from clients.models import BookingSettings, Consultation
from tests import factories
from tests.clients.booking.booking_support import make_bookable

pytestmark = pytest.mark.django_db

LIST = reverse("programs:portal_appointments")
BOOK = reverse("programs:portal_appointment_book")


@pytest.fixture
def follow_up():
    return factories.AppointmentTypeFactory(
        name="Follow-up session", minutes=45, cancel_cutoff_hours=24
    )


@pytest.fixture
def own_practitioner(practitioner):
    return make_bookable(practitioner)


def _slots(kind, practitioner_id=None, days_ahead=3):
    day = timezone.localdate() + timedelta(days=days_ahead)
    availability = booking.load_availability(
        first_day=day, last_day=day, appointment_type=kind, practitioner_id=practitioner_id
    )
    return list(availability.open_times())


def test_a_client_books_a_follow_up_with_their_practitioner_and_gets_the_calendar_file(
    portal_client, client_record, own_practitioner, follow_up, django_capture_on_commit_callbacks
):
    make_bookable(factories.PractitionerFactory())  # someone else, also free
    body = portal_client.get(BOOK, {"type": follow_up.pk}).content.decode()
    assert "Book a follow-up session" in body and "slot-btn" in body
    start = _slots(follow_up)[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = portal_client.post(f"{BOOK}?type={follow_up.pk}", {"start": slot_value(start)})
    assert response.status_code == 302
    booked = Consultation.objects.get()
    assert (booked.client, booked.practitioner, booked.appointment_type) == (
        client_record,
        own_practitioner,
        follow_up,
    )
    assert booked.end - booked.start == timedelta(minutes=45)
    to_client = next(m for m in mail.outbox if m.to == [client_record.email])
    assert to_client.subject == "Your follow-up session is booked"
    assert to_client.attachments[0][0] == "follow-up-session.ics"


def test_with_the_clinics_leave_a_client_may_book_another_practitioner(
    client_record, follow_up, client_user
):
    other = make_bookable(factories.PractitionerFactory())
    start = _slots(follow_up, practitioner_id=other.pk)[0]
    with pytest.raises(booking.BookingError):  # their own has no hours at all
        appointments.book_in_portal(
            client=client_record, appointment_type=follow_up, start=start, by=client_user
        )
    BookingSettings.objects.update_or_create(pk=1, defaults={"portal_any_practitioner": True})
    booked = appointments.book_in_portal(
        client=client_record, appointment_type=follow_up, start=start, by=client_user
    )
    assert booked.consultation.practitioner == other


def test_staff_only_types_and_the_free_consultation_are_not_bookable_in_the_portal(
    portal_client, own_practitioner
):
    staff_only = factories.AppointmentTypeFactory(name="Initial assessment", bookable_by="staff")
    free = Consultation._meta.get_field("appointment_type").related_model.free_consultation()
    for kind in (staff_only, free):
        assert portal_client.get(BOOK, {"type": kind.pk}).status_code == 404
    assert portal_client.get(BOOK, {"type": "abc"}).status_code == 404
    body = portal_client.get(LIST).content.decode()
    assert "Initial assessment" not in body


def test_a_time_that_is_not_open_is_refused_with_nearby_times(
    portal_client, own_practitioner, follow_up
):
    first = _slots(follow_up)[0]
    odd = first + timedelta(minutes=7)
    response = portal_client.post(f"{BOOK}?type={follow_up.pk}", {"start": slot_value(odd)})
    assert response.status_code == 200
    assert not Consultation.objects.exists()


def _booked(client_record, practitioner, kind, start) -> Consultation:
    return factories.ConsultationFactory(
        practitioner=practitioner,
        client=client_record,
        appointment_type=kind,
        start=start,
        end=start + timedelta(minutes=45),
    )


def test_a_client_cancels_within_the_window_but_not_after_it(
    portal_client, client_record, own_practitioner, follow_up
):
    later = _booked(client_record, own_practitioner, follow_up, _slots(follow_up)[0])
    soon_start = timezone.now() + timedelta(hours=5)
    soon = _booked(client_record, own_practitioner, follow_up, soon_start)
    body = portal_client.get(LIST).content.decode()
    assert body.count("Yes, cancel it") == 1  # only the one outside the 24-hour window
    assert "please call us" in body
    portal_client.post(reverse("programs:portal_appointment_cancel", args=[later.pk]))
    later.refresh_from_db()
    assert (later.status, later.cancelled_by) == ("cancelled", "person")
    response = portal_client.post(
        reverse("programs:portal_appointment_cancel", args=[soon.pk]), follow=True
    )
    assert "24 hours" in response.content.decode()
    soon.refresh_from_db()
    assert soon.status == "booked"


def test_a_client_moves_their_follow_up_to_another_open_time(
    portal_client, client_record, own_practitioner, follow_up
):
    first, second = _slots(follow_up)[:2]
    appointment = _booked(client_record, own_practitioner, follow_up, first)
    url = reverse("programs:portal_appointment_move", args=[appointment.pk])
    assert "slot-btn" in portal_client.get(url).content.decode()
    portal_client.post(url, {"start": slot_value(second)})
    appointment.refresh_from_db()
    assert (appointment.start, appointment.sequence) == (second, 1)


def test_another_clients_appointment_is_a_404(
    portal_client, other_client_user, own_practitioner, follow_up
):
    theirs = _booked(
        other_client_user.client_record, own_practitioner, follow_up, _slots(follow_up)[0]
    )
    for name in ("programs:portal_appointment_move", "programs:portal_appointment_cancel"):
        method = portal_client.post if name.endswith("cancel") else portal_client.get
        assert method(reverse(name, args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "booked"


def test_the_list_shows_upcoming_and_past_with_outcomes_in_fixed_queries(
    portal_client, client_record, own_practitioner, follow_up, django_assert_num_queries
):
    def add_history(days_back):
        for days in days_back:
            start = timezone.make_aware(
                datetime.combine(timezone.localdate() - timedelta(days=days), time(10))
            )
            _booked(client_record, own_practitioner, follow_up, start)
            Consultation.objects.filter(start=start).update(status="no_show")

    add_history(range(1, 2))
    _booked(client_record, own_practitioner, follow_up, _slots(follow_up)[0])
    # session, user, client record, upcoming, past, bookable types
    # + the current consent version (cold cache here; cached after the first request)
    with django_assert_num_queries(6):
        body = portal_client.get(LIST).content.decode()
    assert "Did not attend" in body and "Follow-up session with" in body
    add_history(range(2, 31))
    with django_assert_num_queries(5):
        body = portal_client.get(LIST).content.decode()
    assert body.count("Did not attend") == 20
