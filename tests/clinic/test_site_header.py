"""The header and navigation ({% site_header %}): rendered once per process for what it
shows, never showing one person another's name, with a CSRF token for this request."""

import re

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from clinic.templatetags import site_header

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


@pytest.fixture(autouse=True)
def _empty_memo():
    site_header._headers.clear()


def _header(html: str) -> str:
    return html.split("<header>", 1)[1].split("</header>", 1)[0]


@pytest.mark.django_db
def test_each_person_gets_their_own_name_and_menu(practitioner, owner, client_user):
    practitioner.first_name, owner.first_name = "Priyanka", "Ottilie"
    practitioner.save()
    owner.save()
    headers = {}
    for user in (practitioner, owner, client_user, practitioner):
        browser = HttpClient()
        browser.force_login(user)
        landing = reverse("programs:portal_home") if user == client_user else reverse("dashboard")
        headers.setdefault(user.pk, set()).add(
            TOKEN.sub("TOKEN", _header(browser.get(landing).content.decode()))
        )
    assert all(len(found) == 1 for found in headers.values())  # the same, from the memo
    practice, owners, portal = (headers[u.pk].pop() for u in (practitioner, owner, client_user))
    assert "Account menu for </span>Priyanka" in practice and "Ottilie" not in practice
    assert "Account menu for </span>Ottilie" in owners and ">Consent<" in owners
    assert ">Consent<" not in practice and ">Dashboard<" in practice
    assert ">Today<" in portal and ">Dashboard<" not in portal
    assert len(site_header._headers) == 3


@pytest.mark.django_db
def test_a_new_name_shows_at_once(practitioner_client, practitioner):
    assert "</span>Pat<" not in practitioner_client.get(reverse("dashboard")).content.decode()
    practitioner.first_name = "Pat"
    practitioner.save()
    assert "</span>Pat\n" in practitioner_client.get(reverse("dashboard")).content.decode()


@pytest.mark.django_db
def test_the_logout_form_has_this_requests_token_and_works(practitioner):
    browser = HttpClient(enforce_csrf_checks=True)
    browser.force_login(practitioner)
    first = TOKEN.findall(browser.get(reverse("dashboard")).content.decode())
    second = TOKEN.findall(browser.get(reverse("dashboard")).content.decode())
    assert first and second and first != second  # masked afresh on every request
    response = browser.post(reverse("logout"), {"csrfmiddlewaretoken": second[0]})
    assert response.status_code == 302
    assert browser.get(reverse("dashboard")).status_code == 302  # logged out


@pytest.mark.django_db
def test_visitors_get_the_login_link_and_no_token(client):
    header = _header(client.get(reverse("home")).content.decode())
    assert 'href="/login/"' in header or reverse("login") in header
    assert "csrfmiddlewaretoken" not in header and "Account menu" not in header


@pytest.mark.django_db
def test_a_template_rendered_without_a_request_leaves_no_bare_header_behind(client, settings):
    from django.template.loader import get_template

    bare = get_template("404.html").render({})  # no context processors, no request
    assert reverse("login") in _header(bare) and settings.CLINIC_NAME in _header(bare)
    header = _header(client.get(reverse("home")).content.decode())
    assert reverse("login") in header and settings.CLINIC_NAME in header


@pytest.mark.django_db
def test_an_old_name_is_not_kept_after_a_change_nor_long_after_its_last_use(
    practitioner_client, practitioner, monkeypatch
):
    practitioner_client.get(reverse("dashboard"))
    assert [key[0][1] for key in site_header._headers] == [practitioner.first_name]
    practitioner.first_name = "Renamed"
    practitioner.save()  # the process that saved it forgets the old one at once
    assert not site_header._headers
    practitioner_client.get(reverse("dashboard"))
    assert [key[0][1] for key in site_header._headers] == ["Renamed"]
    later = site_header.time.monotonic() + site_header.KEEP_SECONDS + 1
    monkeypatch.setattr(site_header.time, "monotonic", lambda: later)
    HttpClient().get(reverse("home"))  # any later header drops the stale ones
    assert [key[0] for key in site_header._headers] == [None]


@pytest.mark.django_db
def test_nothing_is_kept_while_a_developer_edits_templates(practitioner_client, settings):
    settings.DEBUG = True
    assert "Account menu" in practitioner_client.get(reverse("dashboard")).content.decode()
    assert not site_header._headers
