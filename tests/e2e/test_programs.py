"""A practitioner turns a client's assessment findings into their program."""

import io
import re

import pytest

from clinic.seed.demo import programs as programs_demo
from clinic.seed.demo import staff as clinic_demo
from clinic.seed.demo.staff import DEMO_PASSWORD, PRACTITIONERS
from programs.models import ClientProgram, ProgramExercise
from tests import factories
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, log_in


@pytest.fixture
def assessment(transactional_db):
    clinic_demo.seed(io.StringIO())
    programs_demo.seed(io.StringIO())
    return factories.AssessmentFactory(
        client__first_name="Robin",
        client__last_name="Ash",
        muscle_findings=["weak_glute_med", "tight_piriformis"],
    )


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_practitioner_builds_the_sciatica_program_from_an_assessment(
    assessment, page_factory, viewport
):
    client = assessment.client
    page = page_factory(viewport)
    log_in(page, PRACTITIONERS[0].email, DEMO_PASSWORD)
    page.goto(f"/practice/clients/{client.pk}/assessments/{assessment.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Build a program from this assessment").click()
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

    program = ClientProgram.objects.get(client=client)
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


def test_the_library_and_template_builder_are_usable_on_a_phone(assessment, page_factory):
    page = page_factory(PHONE)
    log_in(page, PRACTITIONERS[0].email, DEMO_PASSWORD)
    page.goto("/practice/exercises/")
    assert_accessible(page)
    page.get_by_label("Category").select_option(label="Activation")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state()
    assert "Clamshells" in page.content()
    assert "Parallel squats" not in page.content()
    page.get_by_role("link", name="Clamshells").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Clamshells"
    assert_accessible(page)
    page.goto("/practice/exercises/suggestions/")
    assert_accessible(page)

    page.goto("/practice/templates/")
    assert_accessible(page)
    page.get_by_role("link", name="Desk worker hip reset").click()
    assert_accessible(page)
    page.get_by_role("button", name="Move Bridges in Switch the glutes on up").click()
    page.wait_for_load_state()
    assert "“Bridges” moved." in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Preview as the client sees it").click()
    assert "not a diagnosis" in page.content()
    assert_accessible(page)
