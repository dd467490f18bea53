"""The session and the signed-in user are read with SQL built once per process
(clinic/security/request_user.py): the same answers as Django's own store and backend."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from clinic.security.request_user import ModelBackend, SessionStore
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def _session_for(user) -> str:
    client = Client()
    client.post(reverse("login"), {"username": user.email, "password": TEST_PASSWORD})
    return client.cookies["sessionid"].value


def test_a_session_reads_as_django_would_read_it(practitioner):
    key = _session_for(practitioner)
    ours, django = SessionStore(key), DjangoStore(key)
    assert ours.load() == django.load() != {}
    assert ours.session_key == key


def test_an_expired_or_unknown_session_is_empty_and_gets_a_new_key(practitioner):
    key = _session_for(practitioner)
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(1))
    expired = SessionStore(key)
    assert expired.load() == {}
    assert expired.session_key is None
    assert SessionStore("x" * 32).load() == {}


def test_the_user_comes_back_whole_with_its_types(practitioner):
    practitioner.last_login = timezone.now()
    practitioner.save()
    user = ModelBackend().get_user(practitioner.pk)
    assert user == practitioner and not user._state.adding
    assert user.last_login == practitioner.last_login  # a datetime on SQLite too
    assert user.is_active is True and user.role == practitioner.role
    assert user.get_session_auth_hash() == practitioner.get_session_auth_hash()


def test_an_inactive_missing_or_malformed_user_is_nobody(practitioner):
    assert ModelBackend().get_user(practitioner.pk + 1000) is None
    assert ModelBackend().get_user("not-a-number") is None
    practitioner.is_active = False
    practitioner.save()
    assert ModelBackend().get_user(practitioner.pk) is None


def test_a_changed_password_still_ends_the_session(practitioner):
    key = _session_for(practitioner)
    practitioner.set_password("a-new-password-2026")
    practitioner.save()
    request = RequestFactory().get("/")
    request.session = SessionStore(key)
    assert not get_user(request).is_authenticated


def test_a_signed_in_request_reads_the_session_and_the_user_once_each(
    practitioner, django_assert_num_queries
):
    client = Client()
    client.post(reverse("login"), {"username": practitioner.email, "password": TEST_PASSWORD})
    client.get(reverse("dashboard"))
    with django_assert_num_queries(2) as captured:
        # A page that reads nothing of its own: the not-found page, signed in.
        assert client.get("/practice/no-such-page/").status_code == 404
    sql = [query["sql"] for query in captured.captured_queries]
    assert "django_session" in sql[0] and "clinic_user" in sql[1]
