"""The adherence calendar's weeks start on the clinic's first day of the week."""

from datetime import date

from django.urls import reverse

from programs import services
from programs.models import SessionLog
from programs.portal.check_in import adherence_weeks
from tests import factories

WEDNESDAY = date(2026, 11, 25)


def _log(day: date) -> SessionLog:
    return SessionLog(performed_on=day, pain_before=3, pain_after=2)


def test_weeks_start_on_monday_unless_the_clinic_says_otherwise(settings):
    settings.CLINIC_FIRST_WEEKDAY = 0
    weeks = adherence_weeks([_log(date(2026, 11, 2))], today=WEDNESDAY, weeks=4)
    assert [week.days[0].day for week in weeks] == [
        date(2026, 11, 2),
        date(2026, 11, 9),
        date(2026, 11, 16),
        date(2026, 11, 23),
    ]
    assert {week.days[0].weekday for week in weeks} == {"Mon"}
    assert weeks[0].days[0].sessions == 1  # a log before the last 28 days still shows
    this_week = weeks[-1].days
    assert [cell.upcoming for cell in this_week] == [False] * 3 + [True] * 4
    assert this_week[2].day == WEDNESDAY


def test_a_clinic_whose_week_starts_on_sunday(settings):
    settings.CLINIC_FIRST_WEEKDAY = 6
    weeks = adherence_weeks([], today=WEDNESDAY, weeks=2)
    assert [week.label for week in weeks] == ["15 Nov", "22 Nov"]
    assert [cell.weekday for cell in weeks[0].days][:2] == ["Sun", "Mon"]


def test_the_progress_page_calendar_starts_on_monday(portal_client, client_record):
    services.assign_program(
        client=client_record,
        template=factories.build_template(phases=1, exercises_per_phase=1),
        start_date=date(2026, 1, 1),
        by=client_record.practitioner,
    )
    body = portal_client.get(reverse("programs:portal_progress")).content.decode()
    assert '<th scope="col">Week of</th><th scope="col">Mon</th>' in body
