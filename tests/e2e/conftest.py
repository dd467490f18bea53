"""Browser tests: Playwright for Python driving Debian's Chromium, checked with axe-core.

Playwright cannot download browsers here, so it drives ``/usr/bin/chromium``
(``apt-get install -y chromium``). Without it the tests skip locally and fail
under ``CI=true``.
"""

import functools
import json
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


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
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


@pytest.fixture
def page_factory(browser, live_server):
    """Open pages on the live server at a given viewport; closes them afterwards.

    Pages run under the app's real Content-Security-Policy (no ``bypass_csp``): any
    violation the browser reports on the console fails the test at teardown.
    """
    contexts = []
    violations = []

    def record(message):
        if message.type in ("error", "warning") and any(
            marker in message.text for marker in CSP_VIOLATION_MARKERS
        ):
            violations.append(message.text)

    def open_page(viewport=DESKTOP):
        context = browser.new_context(viewport=viewport, base_url=live_server.url)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", record)
        return page

    open_page.csp_violations = violations  # for the test that proves the check works
    yield open_page
    for context in contexts:
        context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


def assert_accessible(page):
    """No serious or critical WCAG 2.1 A/AA violations on the page as it is now.

    axe is evaluated through the DevTools protocol, which the page's CSP does not
    govern, so the app's policy stays strict during the check.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    bad = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    report = [
        {"id": v["id"], "help": v["help"], "nodes": [n["html"][:200] for n in v["nodes"][:5]]}
        for v in bad
    ]
    assert not bad, f"axe found problems on {page.url}:\n{json.dumps(report, indent=2)}"


def log_in(page, email, password):
    page.goto("/login/")
    assert_accessible(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
