import pytest
from django.test import override_settings
from django.urls import reverse


@pytest.mark.django_db
def test_the_home_page_says_what_the_clinic_does_to_anyone(client, django_assert_num_queries):
    # The clinic profile's description, photos and practitioners (clients.profile.home).
    with django_assert_num_queries(3):
        response = client.get(reverse("home"))
    body = response.content.decode()
    assert "sciatica" in body
    assert 'href="#main"' in body  # skip link
    assert "not a diagnosis" in body  # disclaimer in the footer


@pytest.mark.django_db
def test_the_dashboard_greets_the_practitioner(practitioner_client, practitioner):
    # session + user
    response = practitioner_client.get(reverse("dashboard"))
    assert f"Hello, {practitioner.first_name}" in response.content.decode()


@pytest.mark.django_db
def test_navigation_depends_on_the_role(practitioner_client, client, client_user):
    assert "Dashboard" in practitioner_client.get(reverse("home")).content.decode()
    client.force_login(client_user)
    body = client.get(reverse("home")).content.decode()
    assert "Dashboard" not in body
    assert reverse("programs:portal_home") in body


@pytest.mark.django_db
def test_unknown_pages_get_the_styled_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"We could not find that page" in response.content


@override_settings(DEBUG=False)
def test_a_server_error_shows_the_styled_500_page(rf):
    from clinic.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content


@pytest.mark.parametrize(
    ("value", "expected"),
    [("42", 42), ("²", None), ("٣", None), ("9" * 5000, None), ("", None), (None, None)],
)
def test_ids_from_query_strings_are_plain_ascii_digits(value, expected):
    from clinic.params import parse_id

    assert parse_id(value) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("tampered", ["²", "9" * 5000, "-1"])
def test_the_booking_page_ignores_a_tampered_practitioner(client, tampered):
    response = client.get(reverse("clients:book"), {"practitioner": tampered})
    assert response.status_code == 200
    response = client.get(reverse("clients:book_details"), {"practitioner": tampered, "start": "x"})
    assert response.status_code == 302


def test_the_header_links_are_reversed_once_and_follow_the_script_prefix():
    from django.urls import set_script_prefix

    from clinic.context_processors import nav_urls

    assert nav_urls("/")["clients"] == "/practice/clients/"
    for key, name in [
        ("style_guide", "style_guide"),
        ("clinic_profile", "clients:clinic_profile"),
        ("consent_versions", "clients:consent_versions"),
    ]:
        assert nav_urls("/")[key] == reverse(name)
    try:
        set_script_prefix("/clinic/")
        assert nav_urls("/clinic/")["clients"] == "/clinic/practice/clients/"
    finally:
        set_script_prefix("/")
