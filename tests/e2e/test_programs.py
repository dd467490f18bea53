"""A practitioner turns a client's assessment findings into their program."""

import io
import re

import pytest

from clinic import demo as clinic_demo
from clinic.demo import DEMO_PASSWORD, PRACTITIONERS
from programs import demo as programs_demo
from programs.models import ClientProgram, ProgramExercise
from tests import factories
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, log_in


@pytest.fixture
def clinic(transactional_db, monkeypatch):
    clinic_demo.seed(io.StringIO())
    programs_demo.seed(io.StringIO())
    client = factories.ClientFactory(first_name="Robin", last_name="Ash")
    # The client's latest assessment found these.
    monkeypatch.setattr(
        "clients.findings.latest_finding_codes",
        lambda record: {"weak_glute_med", "tight_piriformis"} if record == client else set(),
    )
    return client


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_practitioner_assigns_the_sciatica_template_with_two_suggestions(
    clinic, page_factory, viewport
):
    page = page_factory(viewport)
    log_in(page, PRACTITIONERS[0].email, DEMO_PASSWORD)
    page.goto(f"/practice/clients/{clinic.pk}/program/")
    assert_accessible(page)
    page.get_by_role("link", name="Assign a program").click()
    assert_accessible(page)

    page.get_by_label("Template").select_option(
        label="Sciatica: release → mobility → activation → strength"
    )
    page.get_by_label("Clamshells").check()
    page.get_by_label("Side-lying hip abduction with band").check()
    page.get_by_role("button", name="Assign program").click()
    page.wait_for_load_state()
    assert "assigned to Robin Ash" in page.content()
    assert_accessible(page)

    program = ClientProgram.objects.get(client=clinic)
    first_phase = program.phases.first()
    names = set(first_phase.items.values_list("exercise__name", flat=True))
    assert {"Clamshells", "Side-lying hip abduction with band"} <= names
    assert "Figure-4 piriformis stretch, lying" in names  # from the template itself

    page.get_by_role("link", name="Dosage of Clamshells in Calm & release").click()
    assert_accessible(page)
    page.get_by_role("spinbutton", name=re.compile(r"^Sets")).fill("2")
    page.get_by_role("spinbutton", name=re.compile(r"^Reps")).fill("15")
    page.get_by_role("button", name="Save dosage").click()
    page.wait_for_load_state()
    assert "Dosage of “Clamshells” saved" in page.content()
    assert "2 × 15, hold 10 s, each side" in page.content()
    assert_accessible(page)
    clamshells = ProgramExercise.objects.get(phase=first_phase, exercise__name="Clamshells")
    assert (clamshells.sets, clamshells.reps) == (2, 15)

    page.get_by_role("link", name="Printable handout").click()
    assert "Clamshells" in page.content()
    assert_accessible(page)
