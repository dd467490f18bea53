"""The client's reminder page, their phone's subscription, and erasure."""

import datetime
import json

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from clients.erasure import services as erasure
from clients.models import Client, PushSubscription, ReminderSettings, ReminderSlot
from programs.models import ProgramExercise
from programs.reminders import push, services

URL = reverse("programs:portal_reminders")
DEVICE = reverse("programs:portal_push_device")
P256DH = "B" + "A" * 86
AUTH = "c2VjcmV0LWF1dGgtMTY"


def _form(**overrides):
    data = {
        "time_1": "08:00",
        "time_2": "18:30",
        "time_3": "",
        "time_4": "",
        "quiet_from": "21:30",
        "quiet_until": "07:30",
        "by_email": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_page_suggests_morning_and_evening_for_twice_a_day(portal_client, program):
    ProgramExercise.objects.filter(phase=program.current_phase).update(times_per_day=2)
    body = portal_client.get(URL).content.decode()
    assert "your program has 2 sessions a day, so we suggest 08:00, 18:00" in body
    assert 'name="time_1" id="id_time_1" class="form-control" value="08:00"' in body
    assert 'name="time_2" id="id_time_2" class="form-control" value="18:00"' in body
    assert 'name="time_3" id="id_time_3" class="form-control" value=""' in body
    assert 'value="21:30"' in body and 'value="07:30"' in body
    assert "Notifications are not available at this clinic yet" in body


def test_a_client_saves_times_quiet_hours_and_email(portal_client, program, client_record):
    response = portal_client.post(URL, _form())
    assert response.status_code == 302
    row = ReminderSettings.objects.get(client=client_record)
    assert row.times == ["08:00", "18:30"]
    assert (row.quiet_from, row.quiet_until) == (datetime.time(21, 30), datetime.time(7, 30))
    assert (row.by_email, row.by_push, row.is_on) == (True, False, True)
    page = portal_client.get(URL).content.decode()
    assert "Reminders saved." in page
    assert 'value="18:30"' in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"time_1": "", "time_2": ""}, "time_1", "Choose at least one time"),
        ({"time_2": "23:00"}, "time_2", "inside your quiet hours"),
        ({"time_1": "25:99"}, "time_1", "Enter a valid time."),
        ({"quiet_until": ""}, "quiet_until", "Give both ends of your quiet hours"),
    ],
)
def test_bad_choices_are_explained_next_to_the_field_and_nothing_is_saved(
    portal_client, program, overrides, field, message
):
    response = portal_client.post(URL, _form(**overrides))
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="id_{field}-error">' in body
    assert message in body
    assert not ReminderSettings.objects.exists()


def test_email_needs_an_address_on_file(portal_client, program, client_record):
    client_record.email = ""
    client_record.save()
    response = portal_client.post(URL, _form())
    assert "The clinic has no email address for you" in response.content.decode()
    assert not ReminderSettings.objects.exists()


def test_turning_both_ways_off_keeps_the_times(portal_client, program, client_record):
    portal_client.post(URL, _form())
    portal_client.post(URL, _form(by_email=None))
    row = ReminderSettings.objects.get()
    assert (row.is_on, row.times) == (False, ["08:00", "18:30"])


def test_the_page_costs_the_same_queries_with_more_data(
    portal_client, program, client_record, django_assert_num_queries
):
    def count(expected):
        # session, user, the request's savepoint and its release (ATOMIC_REQUESTS),
        # client + program + prescription, settings, the subscriptions' count; the first
        # request also reads the current consent version (then cached)
        with django_assert_num_queries(expected):
            assert portal_client.get(URL).status_code == 200

    count(7)
    ReminderSettings.objects.create(client=client_record, times=["08:00"], by_push=True)
    for n in range(3):
        PushSubscription.objects.create(
            client=client_record, endpoint=f"https://push.example/{n}", p256dh=P256DH, auth=AUTH
        )
    count(6)


def test_with_vapid_keys_the_page_offers_this_phone(portal_client, program, settings):
    settings.WEBPUSH_VAPID_PUBLIC_KEY, settings.WEBPUSH_VAPID_PRIVATE_KEY = push.new_vapid_keys()
    body = portal_client.get(URL).content.decode()
    assert f'data-push-key="{settings.WEBPUSH_VAPID_PUBLIC_KEY}"' in body
    assert "Notifications are not set up on any phone yet." in body


def _device(http, **body):
    return http.post(DEVICE, json.dumps(body), content_type="application/json")


def test_a_phone_subscribes_and_unsubscribes(portal_client, client_record):
    endpoint = "https://push.example/send/abc"
    added = _device(
        portal_client, action="add", endpoint=endpoint, keys={"p256dh": P256DH, "auth": AUTH}
    )
    assert added.status_code == 201
    again = _device(
        portal_client, action="add", endpoint=endpoint, keys={"p256dh": P256DH, "auth": AUTH}
    )
    assert again.status_code == 201
    assert list(PushSubscription.objects.values_list("client", "endpoint")) == [
        (client_record.pk, endpoint)
    ]
    removed = _device(portal_client, action="remove", endpoint=endpoint)
    assert removed.json() == {"removed": 1}
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"endpoint": "http://push.example/x", "keys": {"p256dh": P256DH, "auth": AUTH}},
        {"endpoint": "https://push.example/x", "keys": {"p256dh": "short", "auth": AUTH}},
        {
            "endpoint": "https://push.example/" + "x" * 1000,
            "keys": {"p256dh": P256DH, "auth": AUTH},
        },
        {"endpoint": ["not", "a", "string"], "keys": "nope"},
    ],
)
def test_a_bad_subscription_is_refused_without_a_500(portal_client, body):
    response = _device(portal_client, action="add", **body)
    assert response.status_code == 400
    assert not PushSubscription.objects.exists()


def test_a_subscription_needs_the_csrf_token(client_user):
    http = HttpClient(enforce_csrf_checks=True)
    http.force_login(client_user)
    response = _device(
        http, action="add", endpoint="https://push.example/a", keys={"p256dh": P256DH, "auth": AUTH}
    )
    assert response.status_code == 403


def test_one_clients_stop_link_never_touches_another(client, client_record, other_client_user):
    mine = ReminderSettings.objects.create(client=client_record, times=["08:00"], by_email=True)
    theirs = ReminderSettings.objects.create(
        client=other_client_user.client_record, times=["08:00"], by_email=True
    )
    client.post(services.off_url(client_record))
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.is_on, theirs.is_on) == (False, True)


def test_erasure_wipes_reminders_phones_and_slots(client_record, owner, other_client_user):
    ReminderSettings.objects.create(client=client_record, times=["08:00"], by_email=True)
    PushSubscription.objects.create(
        client=client_record, endpoint="https://push.example/a", p256dh=P256DH, auth=AUTH
    )
    ReminderSlot.objects.create(
        client=client_record, day=datetime.date(2026, 12, 1), time=datetime.time(8)
    )
    ReminderSettings.objects.create(client=other_client_user.client_record, times=["09:00"])
    client_record.status = Client.Status.DISCHARGED
    client_record.save()
    erasure.anonymise_client(client=client_record, by=owner)
    assert not ReminderSettings.objects.filter(client=client_record).exists()
    assert not PushSubscription.objects.filter(client=client_record).exists()
    assert not ReminderSlot.objects.filter(client=client_record).exists()
    assert ReminderSettings.objects.filter(client=other_client_user.client_record).exists()
