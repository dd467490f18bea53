"""The one design language: the disclaimer where it belongs, the account menu."""

import re

import pytest
from django.test import Client
from django.urls import reverse

DISCLAIMER = "They are not a diagnosis and do not replace advice from your doctor"


def disclaimers(response) -> int:
    return response.content.decode().count(DISCLAIMER)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["dashboard", "clients:client_list", "programs:exercise_list", "account_security"]
)
def test_staff_pages_carry_no_client_disclaimer(practitioner_client, name):
    response = practitioner_client.get(reverse(name))
    assert response.status_code == 200
    assert disclaimers(response) == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "programs:portal_home",
        "programs:portal_progress",
        "programs:portal_check_in",
        "programs:portal_program_print",
        "programs:portal_appointments",
    ],
)
def test_each_portal_page_shows_the_disclaimer_exactly_once(portal_client, name):
    response = portal_client.get(reverse(name))
    assert response.status_code == 200
    assert disclaimers(response) == 1


@pytest.mark.django_db
def test_the_public_home_and_booking_pages_show_it_once_and_the_login_page_not(client):
    assert disclaimers(client.get(reverse("home"))) == 1
    assert disclaimers(client.get(reverse("clients:book"))) == 1
    assert disclaimers(client.get(reverse("login"))) == 0


def _main_nav_links(body: str) -> list[str]:
    return re.findall(r'<a class="nav-link" href="([^"]+)"', body)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["practitioner_client", "portal_client"])
def test_security_and_password_sit_in_the_account_menu_not_the_main_navigation(request, who):
    body = request.getfixturevalue(who).get(reverse("landing"), follow=True).content.decode()
    links = _main_nav_links(body)
    assert reverse("account_security") not in links
    assert reverse("password_change") not in links
    menu = body[
        body.index('class="dropdown-menu') : body.index("</ul>", body.index("dropdown-menu"))
    ]
    assert f'<a class="dropdown-item" href="{reverse("account_security")}">Security</a>' in menu
    assert f'<a class="dropdown-item" href="{reverse("password_change")}">Password</a>' in menu
    assert "Log out" in menu
    # The button names what it opens for a screen reader and says whether it is open.
    assert 'aria-expanded="false"' in body
    assert "Account menu for" in body


@pytest.mark.django_db
def test_a_visitor_sees_log_in_and_no_account_menu(client):
    body = client.get(reverse("home")).content.decode()
    assert "Account menu" not in body
    assert f'href="{reverse("login")}">Log in</a>' in body


@pytest.mark.django_db
def test_the_owner_reaches_the_clinic_profile_and_staff_the_style_guide_from_the_menu(
    owner, practitioner, client_user
):
    profile_link = f'href="{reverse("clients:clinic_profile")}">Clinic profile</a>'
    style_link = f'href="{reverse("style_guide")}">Style guide</a>'
    pages = {}
    for user in (owner, practitioner, client_user):
        browser = Client()
        browser.force_login(user)
        pages[user.role] = browser.get(reverse("landing"), follow=True).content.decode()
    assert profile_link in pages["owner"] and style_link in pages["owner"]
    assert profile_link not in pages["practitioner"] and style_link in pages["practitioner"]
    assert "Style guide" not in pages["client"] and "Clinic profile" not in pages["client"]
