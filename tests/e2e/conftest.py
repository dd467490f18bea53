"""Browser tests: Playwright for Python driving Debian's Chromium, checked with axe-core.

Playwright cannot download browsers here, so it drives ``/usr/bin/chromium``
(``apt-get install -y chromium``). Without it the tests skip locally and fail
under ``CI=true``.
"""

import functools
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_JS = Path(__file__).with_name("axe.min.js")


@functools.cache
def axe_source() -> str:
    return AXE_JS.read_text()


PHONE = {"width": 375, "height": 740}
TABLET = {"width": 820, "height": 1180}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}: apt-get install -y chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


CSP_VIOLATION_MARKERS = ("Content Security Policy", "Content-Security-Policy")


def page_problems(page) -> list[str]:
    """What is wrong with the page as it is now: every axe violation (all rules, best
    practices included, at any impact) and horizontal overflow at 375 px.

    A page shown wider is narrowed to 375 px for the overflow check and put back, so
    each page is checked at phone width whichever viewport the test chose.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    results = page.evaluate("() => axe.run(document)")
    problems = [
        f"axe {v['id']} ({v['impact']}): {v['help']} on {page.url}\n"
        + "\n".join("    " + n["html"][:200] for n in v["nodes"][:5])
        for v in results["violations"]
    ]
    viewport = page.viewport_size
    if viewport["width"] != PHONE["width"]:
        page.set_viewport_size({"width": PHONE["width"], "height": viewport["height"]})
        page.evaluate(NEXT_FRAMES)  # what redraws on a resize (a chart) has done so
    overflow = page.evaluate(OVERFLOW_JS)
    if viewport["width"] != PHONE["width"]:
        page.set_viewport_size(viewport)
    if overflow:
        problems.append(
            f"horizontal overflow at 375 px on {page.url}: scrollWidth {overflow['width']}, "
            f"widest elements: {overflow['widest']}"
        )
    return problems


NEXT_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"

# The page is wider than the window: name the elements that stick out (not those
# inside a scrolling or clipping box, which cannot widen the page), to fix them.
OVERFLOW_JS = """() => {
    const width = document.documentElement.scrollWidth;
    if (width <= window.innerWidth) return null;
    const contained = el => {
        for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
            if (getComputedStyle(box).overflowX !== 'visible') return true;
        }
        return false;
    };
    const widest = [...document.body.querySelectorAll('*')]
        .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5 && !contained(el))
        .slice(0, 5)
        .map(el => el.outerHTML.slice(0, 120));
    return {width, widest};
}"""


# Locator actions before which a page that has just loaded is checked: the first thing
# a test does on a page it reached by a link or a form is one of these.
CHECKED_BEFORE = ("click", "dblclick", "fill", "check", "uncheck", "select_option", "press", "tap")


@pytest.fixture
def page_factory(browser, live_server, monkeypatch, settings):
    """Open pages on the live server at a given viewport; closes them afterwards.

    Pages run under the app's real Content-Security-Policy (no ``bypass_csp``): any
    violation the browser reports on the console fails the test at teardown.

    Every page a test reaches is checked with ``page_problems`` once, as it loaded:
    after ``goto``, before the first action on a page that a click or a form opened,
    and at the end of the test; anything found fails the test at teardown. The checks
    run from the test's own flow (a ``load`` listener only notes that a page opened),
    so they never race the test's clicks.
    """
    from playwright.sync_api import Locator, Page

    # The page cache on, as in production: every write a test makes through a page or
    # the ORM commits, and the next page must show it (clinic/page_cache.py).
    settings.CLINIC_PAGE_CACHE_SECONDS = 60
    contexts = []
    violations = []
    problems = []
    unchecked = set()  # the pages (by id) that loaded since they were last checked

    def record(message):
        if message.type in ("error", "warning") and any(
            marker in message.text for marker in CSP_VIOLATION_MARKERS
        ):
            violations.append(message.text)

    def check_if_new(page):
        if id(page) in unchecked and not page.is_closed():
            unchecked.discard(id(page))
            problems.extend(page_problems(page))

    def checked_first(action):
        def run(self, *args, **kwargs):
            check_if_new(self.page)
            return action(self, *args, **kwargs)

        return run

    for name in CHECKED_BEFORE:
        monkeypatch.setattr(Locator, name, checked_first(getattr(Locator, name)))
    goto = Page.goto

    def goto_and_check(self, *args, **kwargs):
        check_if_new(self)
        response = goto(self, *args, **kwargs)
        check_if_new(self)
        return response

    monkeypatch.setattr(Page, "goto", goto_and_check)

    def open_page(viewport=DESKTOP):
        context = browser.new_context(viewport=viewport, base_url=live_server.url)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", record)
        page.on("load", lambda: unchecked.add(id(page)))
        page.problems_checked = lambda: unchecked.discard(id(page))
        return page

    open_page.csp_violations = violations  # for the test that proves the check works
    open_page.problems = problems
    yield open_page
    for context in contexts:
        for page in context.pages:
            check_if_new(page)
        context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)
    assert not problems, "Accessibility and layout problems:\n" + "\n".join(problems)


def assert_accessible(page):
    """No axe violation at any impact and no overflow at 375 px, on the page as it is
    now (after a change made in place: the load hook checks each page as it opens).

    axe is evaluated through the DevTools protocol, which the page's CSP does not
    govern, so the app's policy stays strict during the check.
    """
    if hasattr(page, "problems_checked"):
        page.problems_checked()  # checked here: no need to check it again before a click
    problems = page_problems(page)
    assert not problems, "\n".join(problems)


def log_in(page, email, password):
    page.goto("/login/")
    assert_accessible(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    # Until the answer to this form has loaded: wait_for_load_state() alone can return
    # before the click's navigation starts, leaving the previous page (its alert) in view.
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
