"""The practice side of free consultations: access, content, query counts, actions."""

from datetime import time, timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from clients.booking import dashboard as booking_dashboard
from clients.booking.dashboard import upcoming_for
from clients.models import AvailabilityException, BookingSettings, Client, Consultation, WeeklyHours
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(practitioner):
    return factories.ConsultationFactory(
        practitioner=practitioner,
        first_name="Robin",
        last_name="Ellis",
        message="Burning pain in my right buttock.",
    )


@pytest.fixture
def hours(practitioner):
    return factories.WeeklyHoursFactory(practitioner=practitioner)


def practice_urls(consultation, hours):
    return [
        ("get", reverse("clients:consultation_list"), None),
        ("get", reverse("clients:consultation_agenda"), None),
        ("get", reverse("clients:consultation_detail", args=[consultation.pk]), None),
        ("post", reverse("clients:consultation_outcome", args=[consultation.pk]), None),
        ("post", reverse("clients:consultation_convert", args=[consultation.pk]), None),
        ("get", reverse("clients:availability"), None),
        ("post", reverse("clients:availability_hours_add"), None),
        ("post", reverse("clients:availability_hours_delete", args=[hours.pk]), None),
        ("post", reverse("clients:availability_exception_add"), None),
        ("post", reverse("clients:availability_exception_delete", args=[hours.pk]), None),
        ("get", reverse("clients:booking_settings"), None),
    ]


def test_anonymous_visitors_are_sent_to_log_in_from_every_practice_page(
    client, consultation, hours
):
    for method, url, _ in practice_urls(consultation, hours):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_client_users_get_404_on_every_practice_page(portal_client, consultation, hours):
    for method, url, _ in practice_urls(consultation, hours):
        assert getattr(portal_client, method)(url).status_code == 404, url
    assert Consultation.objects.get().status == Consultation.Status.BOOKED


def test_the_settings_page_is_for_the_owner_only(practitioner_client, client, owner):
    url = reverse("clients:booking_settings")
    assert practitioner_client.get(url).status_code == 404
    client.force_login(owner)
    body = client.get(url).content.decode()
    assert "Book up to (days ahead)" in body
    assert "Clients may book any practitioner in the portal" in body


def test_the_owner_changes_the_booking_settings_with_history(client, owner):
    client.force_login(owner)
    data = {
        "accepting": "",
        "horizon_days": "14",
        "portal_any_practitioner": "on",
        "reassess_after_weeks": "8",
    }
    client.post(reverse("clients:booking_settings"), data)
    settings_ = BookingSettings.objects.get()
    assert (settings_.horizon_days, settings_.accepting) == (14, False)
    assert settings_.reassess_after_weeks == 8
    assert settings_.portal_any_practitioner
    assert settings_.history.first().history_user == owner
    data["horizon_days"] = "400"
    response = client.post(reverse("clients:booking_settings"), data)
    assert "between 1 and 365" in response.content.decode()
    assert BookingSettings.objects.get().horizon_days == 14
    data.update(horizon_days="14", reassess_after_weeks="0")
    response = client.post(reverse("clients:booking_settings"), data)
    assert "between 1 and 52 weeks" in response.content.decode()
    assert BookingSettings.objects.get().reassess_after_weeks == 8


def test_the_list_shows_upcoming_consultations_with_fixed_queries(
    practitioner_client, practitioner, consultation, django_assert_num_queries
):
    url = reverse("clients:consultation_list")
    # session, user, savepoint + release, count for the paginator, the page of rows
    with django_assert_num_queries(5):
        body = practitioner_client.get(url).content.decode()
    assert "Robin Ellis" in body
    for n in range(30):
        factories.ConsultationFactory(
            practitioner=practitioner, start=consultation.start + timedelta(hours=n + 1)
        )
    with django_assert_num_queries(5):
        body = practitioner_client.get(url).content.decode()
    assert "Page 1 of 2" in body


def test_the_list_filters_past_and_by_status(practitioner_client, practitioner, consultation):
    factories.ConsultationFactory(
        practitioner=practitioner,
        first_name="Pastor",
        start=timezone.now() - timedelta(days=2),
        status=Consultation.Status.NO_SHOW,
    )
    url = reverse("clients:consultation_list")
    body = practitioner_client.get(url, {"when": "past"}).content.decode()
    assert "Pastor" in body and "Robin Ellis" not in body
    body = practitioner_client.get(url, {"when": "all", "status": "booked"}).content.decode()
    assert "Pastor" not in body and "Robin Ellis" in body


def test_the_agenda_shows_a_day_or_a_week_for_one_practitioner(
    practitioner_client, practitioner, other_practitioner, consultation, django_assert_num_queries
):
    factories.ConsultationFactory(
        practitioner=other_practitioner, first_name="Elsewhere", start=consultation.start
    )
    day = timezone.localdate(consultation.start).isoformat()
    url = reverse("clients:consultation_agenda")
    # session, user, savepoint + release, the consultations, the practitioner choice list
    with django_assert_num_queries(5):
        body = practitioner_client.get(url, {"day": day}).content.decode()
    assert "Robin Ellis" in body and "Elsewhere" not in body
    for n in range(5):
        factories.ConsultationFactory(
            practitioner=practitioner, start=consultation.start + timedelta(hours=n + 1)
        )
    with django_assert_num_queries(6):  # + the chosen practitioner's lookup
        body = practitioner_client.get(
            url, {"day": day, "span": "week", "practitioner": practitioner.pk}
        ).content.decode()
    assert body.count("list-group-item") == 6
    body = practitioner_client.get(url, {"day": day, "practitioner": "all"}).content.decode()
    assert "Elsewhere" in body


def test_the_detail_page_shows_what_they_wrote_and_the_history(
    practitioner_client, consultation, django_assert_num_queries
):
    url = reverse("clients:consultation_detail", args=[consultation.pk])
    # session, user, savepoint + release, the consultation, its intake link, its history
    # with users
    with django_assert_num_queries(6):
        body = practitioner_client.get(url).content.decode()
    assert "Burning pain in my right buttock." in body
    assert consultation.email in body
    assert "Save outcome" in body
    assert reverse("clients:consultation_detail", args=[999]) not in body
    assert (
        practitioner_client.get(
            reverse("clients:consultation_detail", args=[consultation.pk + 1])
        ).status_code
        == 404
    )


def test_marking_an_outcome_and_converting_to_a_client(practitioner_client, practitioner):
    consultation = factories.ConsultationFactory(
        practitioner=practitioner, start=timezone.now() - timedelta(hours=2)
    )
    practitioner_client.post(
        reverse("clients:consultation_outcome", args=[consultation.pk]),
        {"status": "attended", "note": "Good chat; wants a program."},
    )
    consultation.refresh_from_db()
    assert consultation.status == "attended"
    assert consultation.status_note == "Good chat; wants a program."
    body = practitioner_client.get(consultation.get_absolute_url()).content.decode()
    assert "a client</button>" in body
    response = practitioner_client.post(
        reverse("clients:consultation_convert", args=[consultation.pk])
    )
    client = Client.objects.get()
    assert response.url == client.get_absolute_url()
    assert client.email == consultation.email
    consultation.refresh_from_db()
    assert consultation.client == client
    # The consultation now shows on the client's timeline.
    page = practitioner_client.get(client.get_absolute_url()).content.decode()
    assert f"Free consultation with {practitioner}" in page


def test_an_impossible_outcome_is_explained(practitioner_client, consultation):
    response = practitioner_client.post(
        reverse("clients:consultation_outcome", args=[consultation.pk]),
        {"status": "attended"},
        follow=True,
    )
    assert "has not started yet" in response.content.decode()
    response = practitioner_client.post(
        reverse("clients:consultation_outcome", args=[consultation.pk]),
        {"status": "vanished"},
        follow=True,
    )
    assert "Choose an outcome" in response.content.decode()
    assert Consultation.objects.get().status == "booked"


def test_a_practitioner_edits_their_own_weekly_hours_and_time_off(
    practitioner_client, practitioner
):
    practitioner_client.post(
        reverse("clients:availability_hours_add"),
        {"weekday": "2", "start_time": "09:00", "end_time": "12:00"},
    )
    practitioner_client.post(
        reverse("clients:availability_exception_add"),
        {"date": (timezone.localdate() + timedelta(3)).isoformat(), "kind": "off", "note": "Away"},
    )
    (hours,) = WeeklyHours.objects.filter(practitioner=practitioner)
    assert (hours.weekday, hours.start_time) == (2, time(9))
    assert AvailabilityException.objects.get().note == "Away"
    body = practitioner_client.get(reverse("clients:availability")).content.decode()
    assert "Wednesday 09:00–12:00" in body and "Away" in body
    practitioner_client.post(reverse("clients:availability_hours_delete", args=[hours.pk]))
    assert not WeeklyHours.objects.exists()


def test_bad_hours_are_explained_and_not_saved(practitioner_client):
    response = practitioner_client.post(
        reverse("clients:availability_hours_add"),
        {"weekday": "2", "start_time": "12:00", "end_time": "09:00"},
    )
    assert "The end must be after the start." in response.content.decode()
    response = practitioner_client.post(
        reverse("clients:availability_exception_add"),
        {"date": timezone.localdate().isoformat(), "kind": "extra"},
    )
    assert "Extra hours need a start and an end time." in response.content.decode()
    assert not WeeklyHours.objects.exists() and not AvailabilityException.objects.exists()


def test_a_practitioner_cannot_touch_someone_elses_hours_but_the_owner_can(
    practitioner_client, other_practitioner, client, owner
):
    theirs = factories.WeeklyHoursFactory(practitioner=other_practitioner)
    url = reverse("clients:availability_hours_delete", args=[theirs.pk])
    assert practitioner_client.post(url).status_code == 404
    practitioner_client.post(
        reverse("clients:availability_hours_add"),
        {
            "practitioner": other_practitioner.pk,
            "weekday": "1",
            "start_time": "09:00",
            "end_time": "10:00",
        },
    )
    assert WeeklyHours.objects.filter(practitioner=other_practitioner).count() == 1
    client.force_login(owner)
    body = client.get(
        reverse("clients:availability"), {"practitioner": other_practitioner.pk}
    ).content.decode()
    assert str(other_practitioner) in body
    client.post(url)
    assert not WeeklyHours.objects.filter(pk=theirs.pk).exists()


def test_the_dashboard_lists_todays_and_upcoming_consultations_with_fixed_queries(
    practitioner_client, practitioner, other_practitioner, django_assert_num_queries
):
    soon = timezone.now() + timedelta(days=1)
    factories.ConsultationFactory(practitioner=practitioner, first_name="Mine", start=soon)
    factories.ConsultationFactory(practitioner=other_practitioner, first_name="Theirs", start=soon)
    body = practitioner_client.get(reverse("dashboard")).content.decode()
    assert "Mine" in body and "Theirs" not in body
    request = RequestFactory().get("/practice/")
    request.user = practitioner
    # 1 this week's appointments (today's among them), 2 the next booked ones (each with
    # practitioner, type and client): the same however many
    with django_assert_num_queries(2):
        booking_dashboard.sections(request)
    for n in range(12):
        factories.ConsultationFactory(
            practitioner=practitioner, start=soon + timedelta(hours=n + 1)
        )
    with django_assert_num_queries(2):
        booking_dashboard.sections(request)


def test_the_owner_sees_everyones_upcoming_consultations(owner, practitioner):
    factories.ConsultationFactory(practitioner=practitioner)
    assert len(upcoming_for(owner)) == 1
    assert upcoming_for(factories.PractitionerFactory()) == []


def test_only_practice_staff_have_a_consultations_link(client, practitioner, client_user):
    client.force_login(practitioner)
    assert reverse("clients:consultation_list") in client.get("/").content.decode()
    client.force_login(client_user)
    assert reverse("clients:consultation_list") not in client.get("/").content.decode()


@pytest.mark.parametrize("tampered", [":", "²", "9" * 5000])
def test_a_tampered_practitioner_on_the_availability_pages_is_a_404(owner_client, tampered):
    response = owner_client.post(
        reverse("clients:availability_exception_add"), {"practitioner": tampered}
    )
    assert response.status_code == 404
    assert AvailabilityException.objects.count() == 0


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31", "3000-01-01"])
@pytest.mark.parametrize("span", ["day", "week"])
def test_an_agenda_day_outside_the_calendar_shows_today(practitioner_client, day, span):
    """The audit answered ?day=9999-12-31 and 0001-01-01 with a 500, with and without
    span=week."""
    from django.utils import timezone

    response = practitioner_client.get(
        reverse("clients:consultation_agenda"), {"day": day, "span": span}
    )
    assert response.status_code == 200
    assert response.context["day"] <= timezone.localdate()
    assert response.context["day"] >= timezone.localdate() - timedelta(days=6)
