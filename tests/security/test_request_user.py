"""The session, the signed-in user and their two-factor device are read in one query
(clinic/security/request_user.py): the same answers as Django's own store, backend and
django-otp's middleware, and every check they make still made."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from clients.erasure.services import anonymise_client
from clients.models import Client as ClientRecord
from clinic.models import User, UserSession
from clinic.security.request_user import (
    AuthenticationMiddleware,
    ModelBackend,
    OTPMiddleware,
    SessionStore,
)
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


class DjangoRead(DjangoStore):
    """Django's own database store (ORM reads) on the same table."""

    key_salt = "django.contrib.sessions.SessionStore"  # the salt is named after the class

    @classmethod
    def get_model_class(cls):
        return UserSession


def _fields(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.fields}


def _session_for(user) -> str:
    client = Client()
    client.post(reverse("login"), {"username": user.email, "password": TEST_PASSWORD})
    return client.cookies["sessionid"].value


def _signed_in_request(key):
    """A request through the session, authentication and OTP middleware, as a page sees it."""
    request = RequestFactory().get("/")
    request.session = SessionStore(key)
    AuthenticationMiddleware(lambda r: HttpResponse()).process_request(request)
    OTPMiddleware(lambda r: HttpResponse())._install_lazy_accessors(request)
    return request


def _verified_session(user, device) -> str:
    key = _session_for(user)
    store = SessionStore(key)
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.save()
    return key


def test_saving_a_session_names_its_user_in_a_column(practitioner):
    key = _session_for(practitioner)
    row = UserSession.objects.get(session_key=key)
    assert row.user_id == practitioner.pk and row.totp_device_id is None
    store = SessionStore(key)
    store.cycle_key()
    assert UserSession.objects.get(session_key=store.session_key).user_id == practitioner.pk
    assert not UserSession.objects.filter(session_key=key).exists()
    anonymous = SessionStore()
    anonymous["x"] = 1
    anonymous.save()
    assert UserSession.objects.get(session_key=anonymous.session_key).user_id is None


def test_a_session_reads_as_django_would_read_it(practitioner):
    key = _session_for(practitioner)
    ours, django = SessionStore(key), DjangoRead(key)
    assert ours.load() == django.load() != {}
    assert ours.session_key == key


def test_the_user_from_the_join_is_the_user_django_reads(practitioner):
    practitioner.last_login = timezone.now()
    practitioner.save()
    store = SessionStore(_session_for(practitioner))
    store.load()
    found, user = store.joined_user(practitioner.pk)
    django = DjangoModelBackend().get_user(practitioner.pk)
    assert found and _fields(user) == _fields(django) and not user._state.adding
    assert user.last_login == django.last_login  # a datetime on SQLite too
    assert user.is_active is True and user.role == practitioner.role
    assert user.get_session_auth_hash() == practitioner.get_session_auth_hash()
    # Another id than the session's is not answered from the join.
    assert store.joined_user(practitioner.pk + 1) == (False, None)


def test_the_device_from_the_join_is_the_device_django_otp_reads(practitioner):
    device = TOTPDevice.objects.create(user=practitioner, name="app", confirmed=True)
    store = SessionStore(_verified_session(practitioner, device))
    store.load()
    found, joined = store.joined_device(device.persistent_id)
    assert found and _fields(joined) == _fields(Device.from_persistent_id(device.persistent_id))
    assert joined.bin_key == device.bin_key


def test_an_expired_or_unknown_session_is_empty_and_gets_a_new_key(practitioner):
    key = _session_for(practitioner)
    UserSession.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(1))
    expired = SessionStore(key)
    assert expired.load() == {}
    assert expired.session_key is None
    assert SessionStore("x" * 32).load() == {}
    assert not _signed_in_request(key).user.is_authenticated


def test_the_backend_alone_reads_the_user_whole(practitioner):
    user = ModelBackend().get_user(practitioner.pk)
    assert _fields(user) == _fields(DjangoModelBackend().get_user(practitioner.pk))
    assert ModelBackend().get_user(practitioner.pk + 1000) is None
    assert ModelBackend().get_user("not-a-number") is None


def test_a_signed_in_request_reads_session_user_and_device_in_one_query(
    practitioner, django_assert_num_queries
):
    device = TOTPDevice.objects.create(user=practitioner, name="app", confirmed=True)
    request = _signed_in_request(_verified_session(practitioner, device))
    with django_assert_num_queries(1) as captured:
        assert request.user.is_authenticated and request.user == practitioner
        assert request.user.is_verified() and request.user.otp_device == device
    sql = captured.captured_queries[0]["sql"]
    assert "clinic_session" in sql and "clinic_user" in sql and "otp_totp_totpdevice" in sql
    # Outside a request the backend reads the user itself.
    with django_assert_num_queries(1):
        assert ModelBackend().get_user(practitioner.pk) == practitioner


def test_a_page_signed_in_costs_one_query_before_the_view(practitioner, django_assert_num_queries):
    client = Client()
    client.post(reverse("login"), {"username": practitioner.email, "password": TEST_PASSWORD})
    client.get(reverse("dashboard"))
    with django_assert_num_queries(1) as captured:
        # A page that reads nothing of its own: the not-found page, signed in.
        response = client.get("/practice/no-such-page/")
    assert response.status_code == 404 and response.wsgi_request.user == practitioner
    assert "clinic_user" in captured.captured_queries[0]["sql"]


def test_a_recovery_code_device_is_read_as_django_otp_reads_it(practitioner):
    device = StaticDevice.objects.create(user=practitioner, name="codes", confirmed=True)
    request = _signed_in_request(_verified_session(practitioner, device))
    assert request.user.is_verified() and request.user.otp_device == device


@pytest.mark.parametrize("change", ["unconfirmed", "deleted", "someone_elses"])
def test_a_device_no_longer_valid_does_not_verify(practitioner, other_practitioner, change):
    device = TOTPDevice.objects.create(user=practitioner, name="app", confirmed=True)
    key = _verified_session(practitioner, device)
    if change == "unconfirmed":
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=False)
    elif change == "deleted":
        device.delete()
    else:
        TOTPDevice.objects.filter(pk=device.pk).update(user=other_practitioner)
    request = _signed_in_request(key)
    assert request.user.is_authenticated and not request.user.is_verified()
    assert DEVICE_ID_SESSION_KEY not in request.session


def test_a_changed_password_ends_the_other_sessions(practitioner):
    key = _session_for(practitioner)
    practitioner.set_password("a-new-password-2026")
    practitioner.save()
    assert not _signed_in_request(key).user.is_authenticated
    assert not UserSession.objects.filter(session_key=key).exists()  # flushed
    # Django's own get_user, outside the middleware, agrees.
    request = RequestFactory().get("/")
    request.session = SessionStore(key)
    assert not get_user(request).is_authenticated


def test_an_inactive_user_is_anonymous(practitioner):
    key = _session_for(practitioner)
    practitioner.is_active = False
    practitioner.save()
    assert not _signed_in_request(key).user.is_authenticated


def test_a_session_whose_user_was_deleted_is_anonymous_without_another_query(
    practitioner, django_assert_num_queries
):
    key = _session_for(practitioner)
    User.objects.filter(pk=practitioner.pk).delete()
    with django_assert_num_queries(1):
        assert not _signed_in_request(key).user.is_authenticated


def test_a_column_that_disagrees_with_the_data_is_not_trusted(
    practitioner, django_assert_num_queries
):
    key = _session_for(practitioner)
    UserSession.objects.filter(session_key=key).update(user_id=practitioner.pk + 1000)
    with django_assert_num_queries(2):  # the session, then the user the data names
        assert _signed_in_request(key).user == practitioner


def test_logging_out_deletes_the_row_and_clearsessions_removes_expired_ones(
    practitioner, other_practitioner
):
    client = Client()
    client.post(reverse("login"), {"username": practitioner.email, "password": TEST_PASSWORD})
    key = client.cookies["sessionid"].value
    client.post(reverse("logout"))
    assert not UserSession.objects.filter(session_key=key).exists()
    old = _session_for(other_practitioner)
    UserSession.objects.filter(session_key=old).update(expire_date=timezone.now() - timedelta(1))
    live = _session_for(practitioner)
    call_command("clearsessions")
    assert set(UserSession.objects.values_list("session_key", flat=True)) == {live}


def test_erasing_a_client_signs_their_portal_login_out_everywhere(client_user, owner):
    record = client_user.client_record
    record.status = ClientRecord.Status.DISCHARGED
    record.save()
    keys = [_session_for(client_user), _session_for(client_user)]
    kept = _session_for(owner)
    anonymise_client(client=client_user.client_record, by=owner)
    assert not UserSession.objects.filter(session_key__in=keys).exists()
    assert UserSession.objects.filter(session_key=kept).exists()
