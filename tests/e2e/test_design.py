"""The design language in a browser: the pages it touched pass every axe rule at any
impact, fit a 375 px phone, and the account menu works from the keyboard."""

import json

import pytest
from django.core.management import call_command

from clinic.seed.demo.staff import CLIENTS, DEMO_PASSWORD, OWNER
from tests.e2e.conftest import DESKTOP, PHONE, log_in, page_problems


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


PUBLIC = ["/", "/book/"]
OWNER_PAGES = [
    "/practice/",
    "/practice/style/",
    "/practice/clinic-profile/",
    "/practice/clinic-profile/photos/new/",
    "/practice/consultations/agenda/",
]
CLIENT_PAGES = ["/portal/", "/portal/progress/"]


def check(page, path):
    page.goto(path)
    page.wait_for_load_state()
    problems = page_problems(page)  # every axe rule at any impact, and overflow at 375 px
    assert not problems, f"{path}: " + json.dumps(problems, indent=2)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{path} is {width} px wide"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_redesigned_pages_pass_every_axe_rule_and_fit_the_screen(demo, page_factory, viewport):
    page = page_factory(viewport)
    for path in PUBLIC:
        check(page, path)
    # The home page shows the clinic's published photos and practitioners.
    page.goto("/")
    assert page.locator(".clinic-photos img").count() == 2
    assert page.get_by_role("heading", name="Priya Nair").is_visible()
    log_in(page, OWNER.email, DEMO_PASSWORD)
    for path in OWNER_PAGES:
        check(page, path)
    # A practitioner's profile edit page, and the week grid on the dashboard.
    page.goto("/practice/clinic-profile/")
    page.get_by_role("link", name="the profile of Priya Nair").click()
    page.wait_for_load_state()
    assert page.get_by_label("Short bio").input_value().startswith("Priya trained")
    check(page, page.url)
    page.goto("/practice/")
    assert page.locator(".week-grid > li").count() == 7


def test_clients_get_the_same_components_and_green_buttons(demo, page_factory):
    page = page_factory(PHONE)
    log_in(page, CLIENTS[0].email, DEMO_PASSWORD)
    for path in CLIENT_PAGES:
        check(page, path)
    page.goto("/portal/")
    colour = page.locator(".btn-primary").first.evaluate("b => getComputedStyle(b).backgroundColor")
    assert colour == "rgb(31, 111, 92)"  # the clinic green, as in the practice


def test_the_account_menu_opens_and_closes_from_the_keyboard(demo, page_factory):
    page = page_factory(DESKTOP)
    log_in(page, OWNER.email, DEMO_PASSWORD)
    page.goto("/practice/")
    toggle = page.get_by_role("button", name="Account menu for Olivia")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not page.get_by_role("link", name="Security").is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    page.locator(".account-menu .dropdown-menu.show").wait_for()
    assert toggle.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Security"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Password"
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.id") == "account-menu-button"
    toggle.press("Enter")
    page.get_by_role("link", name="Password").click()
    page.wait_for_url("**/password/change/")
