"""The dashboard's week grid and the clinic's first day of the week."""

from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.booking.calendar import week_start
from clients.booking.dashboard import this_week
from clients.models import Consultation
from tests import factories

pytestmark = pytest.mark.django_db


def at(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.mark.parametrize(
    "first_weekday, expected",
    [
        (0, date(2026, 11, 30)),
        (6, date(2026, 11, 29)),
        (1, date(2026, 12, 1)),
        (2, date(2026, 11, 25)),
    ],
)
def test_a_week_starts_on_the_clinics_first_weekday(settings, first_weekday, expected):
    settings.CLINIC_FIRST_WEEKDAY = first_weekday
    assert week_start(date(2026, 12, 1)) == expected  # a Tuesday


def test_the_calendar_week_view_follows_the_setting(settings, practitioner_client):
    settings.CLINIC_FIRST_WEEKDAY = 6
    response = practitioner_client.get(reverse("clients:calendar"), {"day": "2026-12-01"})
    assert response.context["first_day"] == date(2026, 11, 29)
    assert response.context["first_day"].weekday() == 6


def test_the_agenda_opens_on_the_week(settings, practitioner_client):
    settings.CLINIC_FIRST_WEEKDAY = 0
    response = practitioner_client.get(
        reverse("clients:consultation_agenda"), {"day": "2026-12-01"}
    )
    assert response.context["span"] == "week"
    assert response.context["day"] == date(2026, 11, 30)
    day = practitioner_client.get(
        reverse("clients:consultation_agenda"), {"day": "2026-12-01", "span": "day"}
    )
    assert day.context["day"] == date(2026, 12, 1)


def test_the_week_grid_has_seven_days_from_the_first_weekday_with_their_appointments(
    settings, practitioner, other_practitioner
):
    settings.CLINIC_FIRST_WEEKDAY = 0
    today = timezone.localdate()
    first = week_start(today)
    mine = factories.ConsultationFactory(
        practitioner=practitioner, first_name="Mine", start=at(first, 9), end=at(first, 10)
    )
    factories.ConsultationFactory(
        practitioner=practitioner,
        first_name="Gone",
        start=at(first, 11),
        end=at(first, 12),
        status=Consultation.Status.CANCELLED,
    )
    factories.ConsultationFactory(
        practitioner=other_practitioner, start=at(first, 9), end=at(first, 10)
    )
    factories.ConsultationFactory(  # next week: not shown
        practitioner=practitioner,
        start=at(first + timedelta(days=7), 9),
        end=at(first + timedelta(days=7), 10),
    )
    today, days = this_week(practitioner)
    assert [entry["day"] for entry in days] == [first + timedelta(days=n) for n in range(7)]
    assert days[0]["appointments"] == [mine]
    assert sum(len(entry["appointments"]) for entry in days) == 1
    assert [entry["is_today"] for entry in days].count(True) == 1


def test_the_dashboard_shows_the_week_after_today(practitioner_client, practitioner):
    first = week_start(timezone.localdate())
    factories.ConsultationFactory(
        practitioner=practitioner, first_name="Weekly", start=at(first, 9), end=at(first, 10)
    )
    body = practitioner_client.get(reverse("dashboard")).content.decode()
    assert body.index("Today's schedule") < body.index("This week") < body.index("need attention")
    grid = body[body.index('class="week-grid') : body.index("</ol>", body.index("week-grid"))]
    assert grid.count('<li class="week-day') == 7
    assert 'aria-current="date"' in grid
    assert "Weekly" in grid


def test_todays_list_keeps_a_cancelled_appointment_the_grid_leaves_it_out(practitioner):
    today = timezone.localdate()
    gone = factories.ConsultationFactory(
        practitioner=practitioner,
        start=at(today, 23),
        end=at(today, 23) + timedelta(minutes=30),
        status=Consultation.Status.CANCELLED,
    )
    todays, days = this_week(practitioner)
    assert todays == [gone]
    assert not any(entry["appointments"] for entry in days)
