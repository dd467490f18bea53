"""The installable portal: manifest, service worker, what marks a page for offline use,
a queued check-in arriving twice, and logging out clearing the device."""

import json
import uuid

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from clients.models import RedFlag
from clients.vocab import RED_FLAG_QUESTIONS
from programs.models import SessionLog
from programs.pwa import icons
from programs.templatetags.pwa import portal_device_owner

MANIFEST = reverse("programs:portal_manifest")
WORKER = reverse("programs:portal_service_worker")
CHECK_IN = reverse("programs:portal_check_in")


def test_the_manifest_makes_the_portal_an_app_that_opens_on_today(
    db, client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get(MANIFEST)
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["start_url"] == data["scope"] == data["id"] == "/portal/"
    assert data["display"] == "standalone"
    assert data["theme_color"] == icons.THEME_COLOUR
    assert [i["sizes"] for i in data["icons"] if i["type"] == "image/png"] == [
        "192x192",
        "512x512",
        "512x512",
    ]
    assert data["icons"][-1]["purpose"] == "maskable"


def test_the_service_worker_keeps_only_the_portals_three_pages(
    db, client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get(WORKER)
    assert response["Content-Type"] == "text/javascript"
    assert response["Cache-Control"] == "no-cache"
    source = response.content.decode()
    config = json.loads(source.split("const CONFIG = ", 1)[1].split(";\n", 1)[0])
    assert config["pages"] == ["/portal/", "/portal/check-in/", "/portal/check-in/stop/"]
    assert config["scope"] == "/portal/"
    assert all(path.startswith("/static/") for path in config["assets"])
    assert "{{" not in source and "{%" not in source
    assert 'request.method !== "GET"' in source  # posts are never touched


def test_the_committed_icons_are_the_ones_the_drawing_makes(settings):
    folder = settings.BASE_DIR / "static" / "img"
    assert (folder / icons.SVG_NAME).read_text() == icons.svg()
    for name, size, maskable in icons.PNGS:
        with Image.open(folder / name) as image:
            assert image.size == (size, size)
        assert (folder / name).read_bytes() == icons.png(size, maskable=maskable)


def test_a_client_page_links_the_manifest_and_the_app_script(portal_client, program):
    body = portal_client.get(reverse("programs:portal_home")).content.decode()
    assert f'<link rel="manifest" href="{MANIFEST}">' in body
    assert f'data-worker="{WORKER}"' in body
    assert "data-offline-keep" in body


def test_a_practitioner_page_neither_installs_nor_registers_a_worker(practitioner_client):
    body = practitioner_client.get(reverse("dashboard")).content.decode()
    assert 'rel="manifest"' not in body
    assert "portal-app.js" not in body


def test_the_check_in_form_is_marked_for_the_offline_outbox(portal_client, program):
    body = portal_client.get(CHECK_IN).content.decode()
    assert "data-offline-queue" in body
    assert f'data-offline-urgent-url="{reverse("programs:portal_urgent")}"' in body
    assert f'name="day" value="{timezone.localdate().isoformat()}" data-offline-today' in body
    assert body.count("data-offline-urgent>") == body.count('value="yes"')


def _queued_check_in(program, key, **answers):
    items = list(program.current_phase.items.values_list("pk", flat=True))
    return {
        "once_key": key,
        "program": program.pk,
        "day": timezone.localdate().isoformat(),
        "done": items,
        "pain_before": 3,
        "pain_after": 2,
        "leg_symptoms": "same",
        "effort": "moderate",
        **{f"flag_{code}": "no" for code, _q, _p in RED_FLAG_QUESTIONS},
        **answers,
    }


def test_a_queued_check_in_sent_twice_is_saved_once(portal_client, program):
    key = uuid.uuid4().hex
    first = portal_client.post(CHECK_IN, _queued_check_in(program, key))
    again = portal_client.post(CHECK_IN, _queued_check_in(program, key))
    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"] == reverse("programs:portal_home")
    assert SessionLog.objects.filter(program=program).count() == 1


def test_a_queued_safety_yes_sent_twice_raises_one_flag_and_points_to_the_advice(
    portal_client, program
):
    key = uuid.uuid4().hex
    code = RED_FLAG_QUESTIONS[0][0]
    answers = {f"flag_{code}": "yes", "pain_before": ""}  # the rest could wait
    first = portal_client.post(CHECK_IN, _queued_check_in(program, key, **answers))
    again = portal_client.post(CHECK_IN, _queued_check_in(program, key, **answers))
    assert first["Location"] == again["Location"] == reverse("programs:portal_urgent")
    assert RedFlag.objects.filter(client=program.client).count() == 1
    assert SessionLog.objects.count() == 0


def test_logging_out_tells_the_browser_to_clear_what_the_portal_kept(portal_client):
    response = portal_client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_each_client_keeps_their_own_copies_on_a_shared_phone(client_user, other_client_user):
    mine, theirs = portal_device_owner(client_user), portal_device_owner(other_client_user)
    assert mine and theirs and mine != theirs
    assert len(mine) == 24  # an HMAC, not the user's id
    assert portal_device_owner(AnonymousUser()) == ""


def test_every_file_the_worker_keeps_on_install_exists():
    """One missing file makes the worker's install fail, and the portal never works
    offline (a deleted script did exactly that once)."""
    from django.contrib.staticfiles import finders

    from programs.pwa.views import ASSETS

    missing = [path for path in ASSETS if finders.find(path) is None]
    assert not missing
