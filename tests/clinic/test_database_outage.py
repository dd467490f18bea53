"""The database goes away for a moment: a clear 503 page, then recovery on its own."""

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from tests.factories import PractitionerFactory

pg_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
UNAVAILABLE = "We are back in a moment"


def _terminate_app_connections():
    """Kill every other session on the test database, as a restart or failover would."""
    import psycopg

    conf = connection.settings_dict
    params = {"host": conf["HOST"], "port": conf["PORT"], "user": conf["USER"]}
    if conf.get("PASSWORD"):
        params["password"] = conf["PASSWORD"]
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as killer:
        killed = killer.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [conf["NAME"]],
        ).fetchone()[0]
    assert killed >= 1


class Browser:
    """Requests through Django's real WSGI handler, as gunicorn makes them.

    The test client skips the per-request connection housekeeping (``close_old_connections``
    and the health check), which is exactly what these tests are about.
    """

    def __init__(self, user=None):
        self.cookie = ""
        if user is not None:
            login = Client()
            login.force_login(user)
            self.cookie = f"sessionid={login.cookies['sessionid'].value}"

    def request(self, path, method="GET", body=b""):
        from django.core.handlers.wsgi import WSGIHandler
        from django.test.client import FakePayload, RequestFactory

        environ = RequestFactory()._base_environ(
            PATH_INFO=path,
            REQUEST_METHOD=method,
            HTTP_COOKIE=self.cookie,
            CONTENT_TYPE="application/x-www-form-urlencoded",
            CONTENT_LENGTH=str(len(body)),
        )
        environ["wsgi.input"] = FakePayload(body)
        status = []
        response = WSGIHandler()(environ, lambda s, headers, exc_info=None: status.append(s))
        content = b"".join(response).decode()
        response.close()  # sends request_finished: connection housekeeping
        return int(status[0].split()[0]), content


@pytest.fixture
def staff_browser(transactional_db):
    return Browser(PractitionerFactory())


def _dashboard_raising(monkeypatch, error: Exception):
    def fail(request):
        raise error

    monkeypatch.setattr("clinic.views.dashboard_sections", fail)
    http = Client(raise_request_exception=False)
    http.force_login(PractitionerFactory())
    return http.get(reverse("dashboard"))


@pytest.mark.django_db
def test_a_lost_database_connection_shows_the_503_page_without_a_stack_trace(monkeypatch):
    error = OperationalError("server closed the connection unexpectedly")
    response = _dashboard_raising(monkeypatch, error)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert UNAVAILABLE in body
    assert "Traceback" not in body and "OperationalError" not in body


@pytest.mark.django_db
def test_other_errors_stay_the_ordinary_500_page(monkeypatch):
    response = _dashboard_raising(monkeypatch, ValueError("a bug"))
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content


@pg_only
def test_after_the_connections_are_killed_the_next_request_just_works(staff_browser):
    assert staff_browser.request(reverse("dashboard"))[0] == 200
    _terminate_app_connections()
    status, body = staff_browser.request(reverse("dashboard"))
    assert status == 200
    assert "Hello" in body


@pg_only
def test_an_anonymous_page_recovers_too(transactional_db):
    from django.utils.http import urlencode

    token = "a" * 32  # a CSRF secret the cookie and the form both carry
    browser = Browser()
    browser.cookie = f"csrftoken={token}"
    form = {"username": "nobody@example.org", "password": "wrong", "csrfmiddlewaretoken": token}
    assert browser.request(reverse("login"), "POST", urlencode(form).encode())[0] == 200
    _terminate_app_connections()
    # The first query of this request runs inside the request's transaction.
    status, content = browser.request(reverse("login"), "POST", urlencode(form).encode())
    assert status == 200
    assert "do not match an account" in content


@pg_only
def test_a_request_cut_off_mid_way_gets_the_503_page_and_the_next_one_succeeds(
    staff_browser, monkeypatch
):
    from clinic import views

    real_sections = views.dashboard_sections

    def cut_off(request):
        _terminate_app_connections()  # the database restarts while the view runs
        from clinic.models import User

        return [User.objects.count()] and []

    monkeypatch.setattr(views, "dashboard_sections", cut_off)
    status, body = staff_browser.request(reverse("dashboard"))
    assert status == 503
    assert UNAVAILABLE in body
    assert "Traceback" not in body

    monkeypatch.setattr(views, "dashboard_sections", real_sections)
    status, body = staff_browser.request(reverse("dashboard"))
    assert status == 200
    assert "Hello" in body
