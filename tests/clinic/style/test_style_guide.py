import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

URL = "/practice/style/"


def test_the_style_page_lives_at_a_practice_url():
    assert reverse("style_guide") == URL


@pytest.mark.django_db
def test_staff_see_every_component_with_its_class_names(
    practitioner_client, django_assert_num_queries
):
    # savepoint, session, user, release (ATOMIC_REQUESTS): the page reads no data.
    with django_assert_num_queries(3):
        response = practitioner_client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    for heading in ["Palette", "Buttons", "Cards and figures", "Alerts", "Badges", "Forms"]:
        assert f">{heading}</h2>" in body
    for heading in ["Tables", "Empty states", "People"]:
        assert f">{heading}</h2>" in body
    for class_name in [
        "btn-primary",
        "btn-outline-secondary",
        "slot-btn",
        "alert-success",
        "red-flag-banner",
        "text-bg-danger",
        "invalid-feedback",
        "table-responsive",
        "empty-state",
        "profile-card",
        "stat-value",
    ]:
        assert re.search(rf"<code>[^<]*\b{class_name}\b[^<]*</code>", body), class_name
    # Yes/No in the same order as everywhere else: No first.
    assert body.index('id="style-numb-no"') < body.index('id="style-numb-yes"')


@pytest.mark.django_db
def test_clients_and_visitors_do_not_get_it(portal_client, client):
    assert portal_client.get(URL).status_code == 404
    portal_client.logout()
    assert client.get(URL).status_code == 302


def test_every_palette_entry_has_its_swatch_and_custom_property_in_the_theme():
    from clinic.style.views import PALETTE

    theme = (Path(settings.BASE_DIR) / "static/css/theme.css").read_text()
    for _name, variable, _use in PALETTE:
        assert re.search(rf"^\s*{variable}:", theme, re.M), variable
        assert f".swatch-{variable[2:]} " in theme, variable
