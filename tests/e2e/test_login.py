import pytest
from django.core.management import call_command

from clinic.seed.demo.staff import CLIENTS, DEMO_PASSWORD, PRACTITIONERS
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, log_in


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_demo_practitioner_lands_in_the_practice(demo, page_factory, viewport):
    page = page_factory(viewport)
    page.goto("/")
    assert_accessible(page)
    log_in(page, PRACTITIONERS[0].email, DEMO_PASSWORD)
    assert page.url.endswith("/practice/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Hello, Priya")
    assert_accessible(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_demo_client_lands_in_the_portal(demo, page_factory, viewport):
    page = page_factory(viewport)
    log_in(page, CLIENTS[0].email, DEMO_PASSWORD)
    assert page.url.endswith("/portal/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Hello, Alex")
    assert_accessible(page)


def test_a_wrong_password_shows_the_generic_error(demo, page_factory):
    page = page_factory(PHONE)
    log_in(page, PRACTITIONERS[0].email, "not-the-password")
    assert page.url.endswith("/login/")
    assert "do not match an account" in page.content()
    assert_accessible(page)
