"""axe with every rule, best practices included, at any impact (what ``page_factory``
now runs on every page), on the two pages where it first found structure problems:
the assessment form (a heading level skipped) and the portal's progress page (two
landmarks with the same name)."""

import datetime

from django.utils import timezone

from programs import services
from tests import factories
from tests.e2e.conftest import DESKTOP, PHONE, log_in, page_problems


def test_the_assessment_form_passes_every_axe_rule(transactional_db, page_factory):
    practitioner = factories.PractitionerFactory(email="tess@example.org")
    client = factories.ClientFactory(practitioner=practitioner)
    page = page_factory(DESKTOP)
    log_in(page, practitioner.email, factories.TEST_PASSWORD)
    page.goto(f"/practice/clients/{client.pk}/assessments/new/")
    problems = page_problems(page)
    assert not problems, "\n".join(problems)


def test_the_portal_progress_page_passes_every_axe_rule(transactional_db, page_factory):
    user = factories.ClientUserFactory(email="dana@example.org")
    record = user.client_record
    today = timezone.localdate()
    program = services.assign_program(
        client=record,
        template=factories.build_template(phases=2, exercises_per_phase=2),
        start_date=today - datetime.timedelta(days=10),
        by=record.practitioner,
    )
    factories.SessionLogFactory(program=program, phase=program.current_phase, performed_on=today)
    factories.AssessmentFactory(client=record)
    page = page_factory(PHONE)
    log_in(page, user.email, factories.TEST_PASSWORD)
    page.goto("/portal/progress/")
    assert "Questionnaire results" in page.content()
    problems = page_problems(page)
    assert not problems, "\n".join(problems)
