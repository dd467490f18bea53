"""Small things every visitor's browser asks of the site."""

from __future__ import annotations

import shutil
import subprocess  # nosec B404 - runs `make -n`, which prints commands without running them
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from clinic.templatetags.phone import tel_href

ROOT = Path(settings.BASE_DIR)


def test_a_phone_number_becomes_a_tel_link_without_spaces():
    assert tel_href("+1 555 0100") == "tel:+15550100"
    assert tel_href("(020) 7946-0018") == "tel:02079460018"
    assert tel_href("") == "tel:"


@pytest.mark.django_db
def test_the_favicon_is_served_at_the_site_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    body = b"".join(response.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file's header


@pytest.mark.django_db
def test_head_on_the_home_page_answers_like_get(client):
    response = client.head("/")
    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.django_db
def test_pages_carry_a_description_and_an_icon(client):
    home = client.get("/").content.decode()
    assert '<meta name="description" content="Aligned Movement Clinic in' in home
    assert 'rel="icon"' in home
    login = client.get("/login/").content.decode()
    assert '<meta name="description" content="Aligned Movement Clinic, ' in login


@pytest.mark.parametrize("name", ["500.html", "503.html", "413.html"])
def test_error_pages_carry_a_description(name):
    assert '<meta name="description" content="' in render_to_string(name)


@pytest.mark.skipif(not shutil.which("make"), reason="needs make")
def test_make_run_on_another_port_puts_that_port_in_emailed_links():
    printed = subprocess.run(  # noqa: S603  # nosec B603 B607 - fixed arguments, dry run
        ["make", "-n", "run", "PORT=8101"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    ).stdout
    assert "CLINIC_SITE_URL=http://127.0.0.1:8101 " in printed
    assert "runserver 127.0.0.1:8101" in printed
