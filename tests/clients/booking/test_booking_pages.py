"""The public booking pages: /book/, the details form, the manage link."""

from datetime import time, timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from clients.booking.forms import slot_value
from clients.booking.services import ip_hash
from clients.models import BookingSettings, Consultation, RedFlagScreenCount
from clients.models.booking import hash_token
from tests import factories
from tests.clients.booking.booking_support import book, make_bookable, open_slots

pytestmark = pytest.mark.django_db

BOOK = reverse("clients:book")
DETAILS = reverse("clients:book_details")


@pytest.fixture(autouse=True)
def one_minute(monkeypatch):
    """The open times are cached per minute: hold the clock's minute still, so no test
    here depends on whether two requests fall in the same minute."""
    monkeypatch.setattr("clients.booking.open_times._minute", lambda: "202611221200")


@pytest.fixture
def bookable(practitioner):
    return make_bookable(practitioner)


def form_data(slot, who="any", **overrides):
    data = {
        "practitioner": str(who),
        "start": slot_value(slot),
        "first_name": "Dana",
        "last_name": "Fox",
        "email": "dana@example.net",
        "phone": "",
        "message": "My left leg aches when I sit.",
        "disclaimer": "on",
        "saddle_numbness": "no",
        "bladder_bowel": "no",
        "progressive_weakness": "no",
        "website": "",
    }
    data.update(overrides)
    return data


def test_the_home_page_now_offers_the_booking_button(client):
    assert BOOK in client.get(reverse("home")).content.decode()


def test_anyone_sees_open_times_grouped_by_day_with_links_to_book(client, bookable):
    response = client.get(BOOK, {"week": (timezone.localdate() + timedelta(2)).isoformat()})
    body = response.content.decode()
    assert "Book a free consultation" in body
    assert str(bookable) in body  # in the practitioner choice
    first = open_slots(bookable.pk)[0]
    assert f"start={slot_value(first)}" in body
    assert timezone.localtime(first).strftime("%A %-d %B") in body


def test_choosing_a_practitioner_shows_only_their_times(client, bookable, other_practitioner):
    make_bookable(other_practitioner, start=time(18), end=time(19))
    body = client.get(BOOK, {"practitioner": other_practitioner.pk}).content.decode()
    assert ">18:00<" in body and ">09:00<" not in body
    body = client.get(BOOK, {"practitioner": "any"}).content.decode()
    assert ">18:00<" in body and ">09:00<" in body


def test_a_week_beyond_the_horizon_shows_the_last_bookable_week(client, bookable):
    far = (timezone.localdate() + timedelta(days=400)).isoformat()
    body = client.get(BOOK, {"week": far, "practitioner": "nonsense"}).content.decode()
    assert "Later" not in body  # no next week past the horizon
    assert "Earlier" in body


def test_when_the_clinic_is_not_accepting_the_page_gives_the_phone_number(client, bookable):
    BookingSettings.objects.update_or_create(pk=1, defaults={"accepting": False})
    body = client.get(BOOK).content.decode()
    assert "not taking online bookings" in body
    assert "start=" not in body


def _bulk_bookings(practitioner, count):
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
    Consultation.objects.bulk_create(
        factories.ConsultationFactory.build(
            practitioner=practitioner,
            start=start + timedelta(minutes=30 * n),
            end=start + timedelta(minutes=30 * n + 30),
            token_hash=f"bulk{n:060d}",
        )
        for n in range(count)
    )


# Computing the times: 1 settings, 2 the free-consultation type (its length and notice),
# 3 weekly hours with their practitioners, 4 exceptions, 5 appointments of every type in
# the week, 6 the published practitioner profiles shown beside the choice. (The page is
# read-only and runs outside a transaction: no SAVEPOINT pair.) Served from the cache: none.
BOOK_QUERIES = 6
BOOK_QUERIES_CACHED = 0


@pytest.fixture
def uncached(settings):
    """The computation itself, as on a visit in a new minute or after a change."""
    settings.BOOKING_OPEN_TIMES_CACHE_SECONDS = 0


def test_book_page_queries_do_not_grow_with_the_number_of_practitioners(
    client, bookable, uncached, django_assert_num_queries
):
    with django_assert_num_queries(BOOK_QUERIES):
        client.get(BOOK)
    for _ in range(9):
        make_bookable()
    with django_assert_num_queries(BOOK_QUERIES):
        response = client.get(BOOK)
    assert response.content.decode().count("<option") == 11  # first available + 10


def test_book_page_queries_do_not_grow_with_the_number_of_bookings(
    client, bookable, uncached, django_assert_num_queries
):
    with django_assert_num_queries(BOOK_QUERIES):
        empty = client.get(BOOK).content.decode()
    _bulk_bookings(bookable, 500)
    with django_assert_num_queries(BOOK_QUERIES):
        busy = client.get(BOOK).content.decode()
    assert busy.count("slot-btn") < empty.count("slot-btn")


def test_a_second_visit_in_the_same_minute_reads_the_times_from_the_cache(
    client, bookable, django_assert_num_queries
):
    with django_assert_num_queries(BOOK_QUERIES):
        first = client.get(BOOK, {"practitioner": bookable.pk}).content.decode()
    with django_assert_num_queries(BOOK_QUERIES_CACHED):
        again = client.get(BOOK, {"practitioner": bookable.pk}).content.decode()
    assert again == first
    assert again.count("slot-btn") > 10 and "&lt;" not in again  # markup, not escaped text
    with django_assert_num_queries(BOOK_QUERIES):  # another choice is another entry
        client.get(BOOK, {"practitioner": "any"})


def test_a_booking_takes_its_time_off_the_cached_page_at_once(client, bookable):
    taken = open_slots(bookable.pk)[0]
    assert f"start={slot_value(taken)}" in client.get(BOOK).content.decode()
    book(bookable.pk, taken)
    assert f"start={slot_value(taken)}" not in client.get(BOOK).content.decode()


def test_changed_hours_and_a_cancellation_show_at_once(client, bookable):
    assert ">09:00<" in client.get(BOOK).content.decode()
    for row in bookable.weekly_hours.all():
        row.start_time = time(10)
        row.save()  # as the practice's hours page does
    assert ">09:00<" not in client.get(BOOK).content.decode()
    taken = open_slots(bookable.pk)[0]
    consultation = book(bookable.pk, taken).consultation
    assert f"start={slot_value(taken)}" not in client.get(BOOK).content.decode()
    consultation.status = Consultation.Status.CANCELLED
    consultation.save()
    assert f"start={slot_value(taken)}" in client.get(BOOK).content.decode()


def test_a_new_minute_computes_the_times_afresh(
    client, bookable, monkeypatch, django_assert_num_queries
):
    client.get(BOOK)
    monkeypatch.setattr("clients.booking.open_times._minute", lambda: "202611221201")
    with django_assert_num_queries(BOOK_QUERIES):
        client.get(BOOK)


def test_made_up_practitioner_ids_are_never_stored_under_their_own_key(
    client, bookable, django_assert_num_queries
):
    for _ in range(2):
        with django_assert_num_queries(BOOK_QUERIES):
            body = client.get(BOOK, {"practitioner": "424242"}).content.decode()
        assert '<option value="any" selected>' in body  # shown as "first available"
    with django_assert_num_queries(BOOK_QUERIES_CACHED):  # which is what was stored
        client.get(BOOK, {"practitioner": "any"})


def test_logging_in_does_not_drop_the_cached_times(client, bookable, django_assert_num_queries):
    from django.contrib.auth.models import update_last_login

    client.get(BOOK)
    update_last_login(None, bookable)
    with django_assert_num_queries(BOOK_QUERIES_CACHED):
        client.get(BOOK)


def test_the_details_page_shows_the_time_and_asks_the_prescreen_questions(client, bookable):
    start = open_slots(bookable.pk)[0]
    response = client.get(DETAILS, {"practitioner": bookable.pk, "start": slot_value(start)})
    body = response.content.decode()
    assert timezone.localtime(start).strftime("%H:%M") in body
    assert str(bookable) in body
    assert "around your bottom" in body  # saddle numbness in plain words
    assert "bladder or bowels" in body
    assert 'for="id_email"' in body
    assert "not medical advice" in body


def test_the_details_page_without_a_time_goes_back_to_the_times(client, bookable):
    response = client.get(DETAILS, {"start": "garbage"})
    assert response.status_code == 302 and response.url == BOOK


def test_the_details_page_for_a_time_no_longer_free_goes_back_with_a_message(client, bookable):
    start = open_slots(bookable.pk)[0]
    book(bookable.pk, start)
    response = client.get(DETAILS, {"practitioner": "any", "start": slot_value(start)}, follow=True)
    assert "not free any more" in response.content.decode()


def test_booking_through_the_form_confirms_and_emails(
    client, bookable, django_capture_on_commit_callbacks
):
    start = open_slots(bookable.pk)[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DETAILS, form_data(start, bookable.pk), REMOTE_ADDR="192.0.2.9")
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    token = response.url.rstrip("/").rsplit("/", 1)[-1]
    assert consultation.token_hash == hash_token(token)
    page = client.get(response.url).content.decode()
    assert "You are booked" in page
    assert str(bookable) in page
    assert len(mail.outbox) == 2
    assert response.url in mail.outbox[0].body


def test_a_yes_on_the_prescreen_books_nothing_and_only_counts(client, bookable):
    start = open_slots(bookable.pk)[0]
    response = client.post(DETAILS, form_data(start, bladder_bowel="yes", email="bad"))
    body = response.content.decode()
    assert "Please get medical help today" in body
    assert not Consultation.objects.exists()
    assert RedFlagScreenCount.objects.get().count == 1
    assert "dana" not in str(list(RedFlagScreenCount.objects.values()))
    assert mail.outbox == []


def test_a_filled_honeypot_books_nothing(client, bookable):
    start = open_slots(bookable.pk)[0]
    response = client.post(DETAILS, form_data(start, website="http://spam.example"))
    assert response.status_code == 302
    assert not Consultation.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"message": "x" * 1001}, "at most 1000 characters"),
        ({"disclaimer": ""}, "Please tick this box to book."),
        ({"saddle_numbness": ""}, "Please answer yes or no."),
        ({"start": "20261301T9999Z"}, "That time is not valid"),
        ({"practitioner": "drop table"}, "choose a practitioner"),
    ],
)
def test_bad_input_is_explained_next_to_the_form_and_nothing_is_saved(
    client, bookable, overrides, message
):
    start = open_slots(bookable.pk)[0]
    response = client.post(DETAILS, form_data(start, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Consultation.objects.exists()


def test_a_time_that_is_not_offered_is_refused_with_a_clear_message(client, bookable):
    start = open_slots(bookable.pk)[0] + timedelta(minutes=5)
    response = client.post(DETAILS, form_data(start, bookable.pk))
    assert "not open for booking" in response.content.decode()
    assert not Consultation.objects.exists()


def test_a_slot_taken_meanwhile_shows_the_nearest_free_times(client, bookable):
    start = open_slots(bookable.pk)[2]
    book(bookable.pk, start, email="first@example.net")
    response = client.post(DETAILS, form_data(start, bookable.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert "just taken" in body
    assert body.count("start=") == 3
    assert Consultation.objects.count() == 1


@override_settings(BOOKING_LIMIT_PER_EMAIL=1)
def test_the_daily_limit_shows_a_clear_message(client, bookable):
    slots = open_slots(bookable.pk)
    book(bookable.pk, slots[0])
    response = client.post(DETAILS, form_data(slots[3], bookable.pk))
    assert "online limit" in response.content.decode()
    assert Consultation.objects.count() == 1


# The manage link ---------------------------------------------------------------------


def manage(token):
    return reverse("clients:booking_manage", args=[token])


def test_an_unknown_manage_link_says_so(client, bookable):
    response = client.get(manage("no-such-token"))
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_an_expired_manage_link_says_so(client, bookable):
    booked = book(bookable.pk)
    Consultation.objects.filter(pk=booked.consultation.pk).update(
        start=timezone.now() - timedelta(days=10), end=timezone.now() - timedelta(days=10)
    )
    assert client.get(manage(booked.token)).status_code == 404


def test_the_manage_link_cancels_and_then_offers_to_book_again(
    client, bookable, django_capture_on_commit_callbacks
):
    booked = book(bookable.pk)
    body = client.get(manage(booked.token)).content.decode()
    assert "Cancel my consultation" in body and "Choose another time" in body
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("clients:booking_cancel", args=[booked.token]))
    body = client.get(manage(booked.token)).content.decode()
    assert "is cancelled" in body
    assert "Cancel my consultation" not in body
    assert mail.outbox[-1].to == [bookable.email]


def test_after_the_cut_off_the_manage_page_says_to_call(client, bookable):
    booked = book(bookable.pk)
    soon = timezone.now() + timedelta(hours=3)
    Consultation.objects.filter(pk=booked.consultation.pk).update(
        start=soon, end=soon + timedelta(minutes=30)
    )
    body = client.get(manage(booked.token)).content.decode()
    assert "please call us" in body
    assert "Cancel my consultation" not in body
    client.post(reverse("clients:booking_cancel", args=[booked.token]))
    assert Consultation.objects.get().status == Consultation.Status.BOOKED


def test_rescheduling_through_the_manage_link_moves_it_and_sends_a_new_link(
    client, bookable, django_capture_on_commit_callbacks
):
    slots = open_slots(bookable.pk)
    booked = book(bookable.pk, slots[0])
    url = reverse("clients:booking_reschedule", args=[booked.token])
    body = client.get(url, {"week": (timezone.localdate() + timedelta(2)).isoformat()}).content
    assert f'value="{slot_value(slots[3])}"'.encode() in body
    assert f'value="{slot_value(slots[0])}"'.encode() not in body  # the current time
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"start": slot_value(slots[3])})
    assert Consultation.objects.get().start == slots[3]
    assert "has moved" in client.get(response.url).content.decode()
    assert client.get(manage(booked.token)).status_code == 404  # the old link is replaced
    assert response.url in mail.outbox[0].body


def test_rescheduling_to_a_tampered_time_changes_nothing(client, bookable):
    booked = book(bookable.pk)
    url = reverse("clients:booking_reschedule", args=[booked.token])
    response = client.post(url, {"start": "yesterday"}, follow=True)
    assert "choose one of the times" in response.content.decode()
    assert Consultation.objects.get().start == booked.consultation.start


@pytest.mark.parametrize(
    ("limits", "second"),
    [
        ({"booking_ip": "1/3600", "booking_email": "9/3600"}, {"email": "other@example.net"}),
        ({"booking_ip": "9/3600", "booking_email": "1/3600"}, {"last_name": "Again"}),
    ],
    ids=["per address", "per email"],
)
def test_a_burst_of_booking_submissions_is_refused_with_a_message(
    client, bookable, settings, limits, second
):
    settings.CLINIC_RATE_LIMITS = {**settings.CLINIC_RATE_LIMITS, **limits}
    first_slot, second_slot = open_slots(bookable.pk)[:2]
    response = client.post(DETAILS, form_data(first_slot, bookable.pk), REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 302
    response = client.post(
        DETAILS, form_data(second_slot, bookable.pk, **second), REMOTE_ADDR="192.0.2.7"
    )
    assert response.status_code == 429
    assert "Too many requests in a short time" in response.content.decode()
    assert Consultation.objects.count() == 1


def test_weeks_past_any_horizon_share_one_cache_entry(client, bookable, django_assert_num_queries):
    with django_assert_num_queries(BOOK_QUERIES):
        first = client.get(BOOK, {"week": "2099-01-05"}).content.decode()
    with django_assert_num_queries(BOOK_QUERIES_CACHED):  # made-up weeks cannot fill the cache
        again = client.get(BOOK, {"week": "2098-06-01"}).content.decode()
    assert again == first
    assert "Earlier" in first and "Later" not in first  # the clinic's last bookable week


def test_behind_a_proxy_the_booking_burst_limit_counts_each_visitor(client, bookable, settings):
    """The audit: behind the proxy every visitor shared 127.0.0.1 and the limit was
    clinic-wide. It now counts the address the proxy forwarded (CLINIC_PROXY_COUNT)."""
    settings.CLINIC_PROXY_COUNT = 1
    settings.CLINIC_RATE_LIMITS = {**settings.CLINIC_RATE_LIMITS, "booking_ip": "1/3600"}
    first_slot, second_slot = open_slots(bookable.pk)[:2]
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    response = client.post(
        DETAILS, form_data(first_slot, bookable.pk), HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy
    )
    assert response.status_code == 302
    other = form_data(second_slot, bookable.pk, email="lee@example.net")
    response = client.post(DETAILS, other, HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy)
    assert response.status_code == 302
    assert set(Consultation.objects.values_list("ip_hash", flat=True)) == {
        ip_hash("198.51.100.7"),
        ip_hash("198.51.100.8"),
    }


# Dates out of the calendar (issue 21 point 4): a clear answer, never a 500 ------------

OUT_OF_CALENDAR_STARTS = ["99991231T2359Z", "00010101T0000Z", "18991231T2359Z", "30000101T0000Z"]


@pytest.mark.parametrize("start", OUT_OF_CALENDAR_STARTS)
def test_a_start_outside_the_calendar_is_refused_on_every_booking_door(client, bookable, start):
    """The audit answered these with a 500, some of them to anonymous visitors."""
    response = client.get(DETAILS, {"practitioner": "any", "start": start})
    assert response.status_code == 302 and response.url == BOOK  # back to the times

    response = client.post(DETAILS, form_data(open_slots(bookable.pk)[0], start=start))
    assert response.status_code == 200
    assert "That time is not valid" in response.content.decode()
    assert not Consultation.objects.exists()

    booked = book(bookable.pk)
    before = Consultation.objects.get().start
    response = client.post(
        reverse("clients:booking_reschedule", args=[booked.token]), {"start": start}, follow=True
    )
    assert response.status_code == 200
    assert "Please choose one of the times shown." in response.content.decode()
    assert Consultation.objects.get().start == before  # not moved


def test_saving_a_practitioner_profile_refreshes_the_cached_times(client, bookable):
    from tests.clients.profile.support import make_practitioner_profile

    assert "Our practitioners" not in client.get(reverse("clients:book")).content.decode()
    make_practitioner_profile(bookable, photo=False, display_name="Dr Fresh Profile")
    body = client.get(reverse("clients:book")).content.decode()
    assert "Our practitioners" in body and "Dr Fresh Profile" in body
