"""The portal as an app on a phone (375 × 812): installable, today's program offline, a
check-in made offline sent exactly once when the connection returns, and logging out
leaving nothing behind on the device."""

import datetime
import io
import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from clients.models import RedFlag
from programs import services
from programs.models import SessionLog
from tests import factories
from tests.e2e.conftest import assert_accessible, log_in
from tests.factories import TEST_PASSWORD

PHONE_TALL = {"width": 375, "height": 812}

CACHED_PATHS = """async () => {
  const paths = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) { paths.push(new URL(request.url).pathname); }
  }
  return paths.sort();
}"""
OUTBOX_SIZE = """() => new Promise((resolve) => {
  const open = indexedDB.open("clinic-portal", 1);
  open.onupgradeneeded = () =>
    open.result.createObjectStore("outbox", {keyPath: "id", autoIncrement: true});
  open.onsuccess = () => {
    const count = open.result.transaction("outbox").objectStore("outbox").count();
    count.onsuccess = () => { open.result.close(); resolve(count.result); };
  };
})"""


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "#1f6f5c").save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def portal_with_program(transactional_db):
    practitioner = factories.PractitionerFactory(email="pat@example.org")
    user = factories.ClientUserFactory(
        email="dana@example.org", first_name="Dana", client_record__practitioner=practitioner
    )
    program = services.assign_program(
        client=user.client_record,
        template=factories.build_template(phases=2, exercises_per_phase=2),
        start_date=timezone.localdate() - datetime.timedelta(days=3),
        by=practitioner,
    )
    first = program.current_phase.items.order_by("position").first()
    first.exercise.image.save("bridge.png", ContentFile(_png()), save=False)
    first.exercise.image_alt = "A bridge: hips lifted off the mat"
    first.exercise.save()
    return user, program, first


def _open_today_and_wait_until_kept(page):
    page.goto("/portal/")
    # The worker answers "kept" once Today, the check-in form, the urgent advice and the
    # pictures are on the phone for this client.
    page.wait_for_selector("html[data-offline-ready]", state="attached")
    paths = page.evaluate(CACHED_PATHS)
    assert {"/portal/", "/portal/check-in/", "/portal/check-in/stop/"} <= set(paths)
    assert any(p.startswith("/media/") and p.endswith(".png") for p in paths)


def _go_offline(page):
    """Offline, as the page itself sees it (the emulation reaches the page a moment later)."""
    page.context.set_offline(True)
    page.wait_for_function("!navigator.onLine")


def _offline_check_in(page):
    _go_offline(page)
    page.goto("/portal/check-in/")


def _kept_portal(page_factory, user):
    """A phone signed in as ``user`` whose portal has been opened online and kept."""
    page = page_factory(PHONE_TALL)
    log_in(page, user.email, TEST_PASSWORD)
    _open_today_and_wait_until_kept(page)
    return page


def test_the_portal_meets_the_install_criteria(page_factory, portal_with_program):
    user, _, _ = portal_with_program
    page = page_factory(PHONE_TALL)
    log_in(page, user.email, TEST_PASSWORD)
    page.goto("/portal/")
    manifest_href = page.locator("link[rel=manifest]").get_attribute("href")
    assert manifest_href == "/portal/app.webmanifest"
    assert page.locator("meta[name=theme-color]").get_attribute("content") == "#1f6f5c"
    manifest = page.request.get(manifest_href)
    assert manifest.headers["content-type"].startswith("application/manifest+json")
    data = manifest.json()
    assert data["display"] == "standalone"
    assert data["start_url"] == data["scope"] == "/portal/"
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in data["icons"])
    for icon in data["icons"]:
        assert page.request.get(icon["src"]).ok

    scope = page.evaluate("async () => (await navigator.serviceWorker.ready).scope")
    assert scope.endswith("/portal/")
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    _open_today_and_wait_until_kept(page)
    # Only the portal's own pages are kept: never a page outside the portal.
    pages = [
        p
        for p in page.evaluate(CACHED_PATHS)
        if not p.startswith(("/static/", "/media/")) and p != "/portal/owner"
    ]
    assert sorted(set(pages)) == ["/portal/", "/portal/check-in/", "/portal/check-in/stop/"]
    assert_accessible(page)


def test_todays_program_opens_offline_with_its_pictures(page_factory, portal_with_program):
    user, _, first = portal_with_program
    page = _kept_portal(page_factory, user)
    _go_offline(page)
    page.goto("/portal/")
    page.get_by_text("You are offline.").wait_for()
    # Today lists the exercises; each in full (with its picture) sits in one disclosure.
    page.get_by_text("All of today's exercises in full").click()
    assert page.get_by_role("heading", name=first.exercise.name).is_visible()
    picture = page.get_by_role("img", name="A bridge: hips lifted off the mat")
    picture.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=picture.element_handle()
    )
    assert_accessible(page)
    # A page never opened online is not there, and says so.
    page.goto("/portal/progress/")
    assert page.get_by_role("heading", name="You are offline").is_visible()
    assert "has not been opened on this phone while online" in page.content()


def test_a_check_in_made_offline_arrives_once_when_the_connection_returns(
    page_factory, portal_with_program
):
    user, program, first = portal_with_program
    page = _kept_portal(page_factory, user)

    _offline_check_in(page)
    assert_accessible(page)
    page.get_by_label(re.compile(f"^{re.escape(first.exercise.name)}")).check()
    page.get_by_label("Pain before (0-10)").fill("3")
    page.get_by_label("Pain after (0-10)").fill("2")
    page.get_by_label("About the same").check()
    page.get_by_label("Moderate").check()
    questions = page.get_by_role("group", name="First, since your last session")
    for radio in questions.get_by_role("radio", name="No").all():
        radio.check()
    page.get_by_role("button", name="Save session").click()
    page.wait_for_url("**/portal/")
    waiting = page.get_by_text("Waiting to send: session log")
    waiting.wait_for()
    assert_accessible(page)
    assert SessionLog.objects.count() == 0
    assert page.evaluate(OUTBOX_SIZE) == 1

    page.context.set_offline(False)
    page.wait_for_function("navigator.onLine")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.get_by_text("Sent: session log").wait_for()
    assert not waiting.is_visible()
    assert page.evaluate(OUTBOX_SIZE) == 0
    # Opening the portal again (and another "online") sends nothing more.
    page.reload()
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.get_by_text("1 session logged today").wait_for()
    log = SessionLog.objects.get()
    assert (log.program_id, log.pain_before, log.pain_after) == (program.pk, 3, 2)
    assert log.performed_on == timezone.localdate()
    assert list(log.completions.values_list("program_exercise_id", flat=True)) == [first.pk]


def test_a_safety_yes_made_offline_shows_the_advice_at_once_and_raises_the_flag_first(
    page_factory, portal_with_program
):
    user, _, _ = portal_with_program
    page = _kept_portal(page_factory, user)

    _offline_check_in(page)
    questions = page.get_by_role("group", name="First, since your last session")
    questions.get_by_role("radio", name="Yes").first.check()
    page.get_by_role("button", name="Save session").click()
    page.wait_for_url("**/portal/check-in/stop/")
    assert page.get_by_role("heading", name="Please stop your exercises").is_visible()
    assert page.get_by_text("You are offline: your answer is kept on this phone").is_visible()
    assert RedFlag.objects.count() == 0

    page.context.set_offline(False)
    page.wait_for_function("navigator.onLine")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.get_by_text("Sent: session log").wait_for()  # after the server's answer
    assert page.evaluate(OUTBOX_SIZE) == 0
    assert RedFlag.objects.filter(client=user.client_record).count() == 1
    assert SessionLog.objects.count() == 0  # the rest of the form was not filled in


def test_logging_out_clears_what_the_portal_kept_on_the_phone(page_factory, portal_with_program):
    user, _, _ = portal_with_program
    page = _kept_portal(page_factory, user)
    assert page.evaluate(CACHED_PATHS)

    page.get_by_role("button", name="Show menu").click()
    page.get_by_role("button", name=re.compile("Account menu")).click()
    page.locator(".account-menu .dropdown-menu.show").wait_for()
    page.get_by_role("button", name=re.compile("^Log out")).click()
    page.wait_for_url(lambda url: "/portal/" not in url)
    assert page.evaluate(CACHED_PATHS) == []
    assert page.evaluate(OUTBOX_SIZE) == 0
    registrations = "async () => (await navigator.serviceWorker.getRegistrations()).length"
    assert page.evaluate(registrations) == 0
