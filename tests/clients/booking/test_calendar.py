"""The practitioner's calendar (day, week, list), the dashboard's today, and the private
calendar feed."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from clients.booking.calendar import bounded_day
from clients.models import AppointmentType, CalendarFeed
from clients.models.booking import hash_token
from tests import factories

pytestmark = pytest.mark.django_db


def monday() -> datetime:
    today = timezone.localdate()
    return today - timedelta(days=today.weekday())


def at(day, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def fill_week(practitioner, per_day: int, *, first: int = 0):
    """A week of follow-ups for named clients, hours every weekday, a day off on Friday;
    called again with ``first``, more appointments later in the same days."""
    kind = AppointmentType.objects.filter(name="Follow-up session").first()
    kind = kind or factories.AppointmentTypeFactory(name="Follow-up session", colour="purple")
    for weekday in range(5):
        if not first:
            factories.WeeklyHoursFactory(
                practitioner=practitioner, weekday=weekday, start_time=time(8), end_time=time(18)
            )
        day = monday() + timedelta(days=weekday)
        for n in range(first, first + per_day):
            start = at(day, 8) + timedelta(hours=n)
            factories.ConsultationFactory(
                practitioner=practitioner,
                appointment_type=kind,
                client=factories.ClientFactory(practitioner=practitioner, last_name=f"Client{n}"),
                start=start,
                end=start + timedelta(minutes=45),
            )
    if not first:
        factories.AvailabilityExceptionFactory(
            practitioner=practitioner, date=monday() + timedelta(days=4), note="Course"
        )


WEEK = reverse("clients:calendar")


def test_the_week_shows_appointments_with_their_type_hours_and_time_off(
    practitioner_client, practitioner
):
    fill_week(practitioner, per_day=2)
    body = practitioner_client.get(WEEK, {"view": "week"}).content.decode()
    assert body.count('class="appt appt-purple') == 10
    assert "Follow-up session" in body and "Client1" in body
    assert "Hours 08:00–18:00" in body
    assert "Time off</strong> All day · Course" in body
    assert f"?practitioner={practitioner.pk}&amp;day=" in body  # new appointment links


def test_the_owner_sees_every_practitioner_side_by_side(
    owner_client, practitioner, other_practitioner
):
    today = timezone.localdate()
    factories.ConsultationFactory(
        practitioner=practitioner, first_name="Mine", start=at(today, 9), end=at(today, 9, 30)
    )
    factories.ConsultationFactory(
        practitioner=other_practitioner,
        first_name="Theirs",
        start=at(today, 9),
        end=at(today, 9, 30),
    )
    body = owner_client.get(WEEK, {"view": "day"}).content.decode()
    assert "Everyone, side by side" in body
    assert f'aria-label="{practitioner}"' in body and f'aria-label="{other_practitioner}"' in body
    assert "Mine" in body and "Theirs" in body


def test_a_practitioner_sees_their_own_calendar_by_default(
    practitioner_client, practitioner, other_practitioner
):
    today = timezone.localdate()
    factories.ConsultationFactory(
        practitioner=other_practitioner,
        first_name="Theirs",
        start=at(today, 9),
        end=at(today, 9, 30),
    )
    body = practitioner_client.get(WEEK, {"view": "list"}).content.decode()
    assert "Theirs" not in body
    body = practitioner_client.get(WEEK, {"practitioner": "all"}).content.decode()
    assert "Theirs" in body


def test_the_list_view_shows_outcomes_and_cancelled_late(practitioner_client, practitioner):
    day = monday()
    factories.ConsultationFactory(
        practitioner=practitioner,
        start=at(day, 9),
        end=at(day, 9, 30),
        status="cancelled",
        cancelled_late=True,
    )
    body = practitioner_client.get(WEEK, {"view": "list", "day": day.isoformat()}).content.decode()
    assert "Cancelled late" in body and "appt-cancelled" in body


@pytest.mark.parametrize("day", ["", "nonsense", "9999-12-31", "0001-01-01", "2026-02-30"])
def test_unreadable_or_far_off_days_show_this_week(practitioner_client, day):
    response = practitioner_client.get(WEEK, {"day": day})
    assert response.status_code == 200
    assert bounded_day(day, timezone.localdate()) == timezone.localdate()


@pytest.mark.parametrize("view", ["week", "day", "list"])
def test_the_calendar_runs_the_same_queries_for_a_full_week(
    practitioner_client, practitioner, django_assert_num_queries, view
):
    # session, user, the practitioners, the appointments (with type and client), weekly
    # hours, time off and extra hours, the types' legend. Read-only: no savepoints.
    params = {"view": view, "day": monday().isoformat()}
    fill_week(practitioner, per_day=1)
    with django_assert_num_queries(6):
        practitioner_client.get(WEEK, params)
    fill_week(practitioner, per_day=9, first=1)
    with django_assert_num_queries(6):
        body = practitioner_client.get(WEEK, params).content.decode()
    assert body.count('class="appt appt-purple') == (10 if view == "day" else 50)


def test_the_dashboard_starts_with_todays_schedule(practitioner_client, practitioner):
    today = timezone.localdate()
    factories.ConsultationFactory(
        practitioner=practitioner, first_name="Early", start=at(today, 0, 5), end=at(today, 0, 35)
    )
    body = practitioner_client.get(reverse("dashboard")).content.decode()
    main = body[body.index("<main") :]
    assert main.index("Today's schedule") < main.index('class="card') + 400
    assert "Early" in main[: main.index("Coming up")]


# The private calendar feed ------------------------------------------------------------


def _issue(practitioner_client) -> str:
    body = practitioner_client.post(reverse("clients:calendar_feed_issue")).content.decode()
    start = body.index("http://")
    return body[start : body.index('"', start)].split("/calendar/")[1].removesuffix(".ics")


def test_the_feed_is_valid_icalendar_and_shows_only_appointment_and_type(
    practitioner_client, practitioner, client
):
    kind = factories.AppointmentTypeFactory(name="Reassessment")
    person = factories.ClientFactory(first_name="Zelda", last_name="Quist", email="zq@example.org")
    soon = timezone.now() + timedelta(days=2)
    factories.ConsultationFactory(
        practitioner=practitioner,
        appointment_type=kind,
        client=person,
        first_name="Zelda",
        last_name="Quist",
        email="zq@example.org",
        phone="+44 7700 900999",
        message="Numbness in the left foot since the fall.",
        status_note="Referred to GP",
        start=soon,
        end=soon + timedelta(hours=1),
    )
    token = _issue(practitioner_client)
    assert CalendarFeed.objects.get().token_hash == hash_token(token)  # only the hash kept
    client.logout()
    response = client.get(reverse("clients:calendar_feed", args=[token]))
    assert response["Content-Type"].startswith("text/calendar")
    feed = Calendar.from_ical(response.content)
    (event,) = feed.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Appointment: Reassessment"
    raw = response.content.decode()
    for secret in ("Zelda", "Quist", "zq@example", "7700", "Numbness", "foot", "GP"):
        assert secret not in raw
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(hours=1)


def test_a_revoked_or_replaced_feed_address_stops_working(practitioner_client, client):
    old = _issue(practitioner_client)
    new = _issue(practitioner_client)
    assert client.get(reverse("clients:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("clients:calendar_feed", args=[new])).status_code == 200
    practitioner_client.post(reverse("clients:calendar_feed_revoke"))
    assert client.get(reverse("clients:calendar_feed", args=[new])).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_the_feed_shows_only_its_practitioners_appointments_in_two_queries(
    practitioner_client, practitioner, other_practitioner, client, django_assert_num_queries
):
    soon = timezone.now() + timedelta(days=2)
    factories.ConsultationFactory(practitioner=other_practitioner, start=soon)
    token = _issue(practitioner_client)
    url = reverse("clients:calendar_feed", args=[token])
    client.logout()
    with django_assert_num_queries(2):  # the feed by its hash, its appointments
        assert b"VEVENT" not in client.get(url).content
    for n in range(5):
        factories.ConsultationFactory(practitioner=practitioner, start=soon + timedelta(hours=n))
    with django_assert_num_queries(2):
        body = client.get(url).content
    assert body.count(b"BEGIN:VEVENT") == 5
