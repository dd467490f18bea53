"""axe with every rule, best practices included, at any impact, on the two pages where
it found structure problems: the assessment form (a heading level skipped) and the
portal's progress page (two landmarks with the same name)."""

import datetime
import json

from django.utils import timezone

from programs import services
from tests import factories
from tests.e2e.conftest import DESKTOP, PHONE, axe_source, log_in


def every_axe_violation(page) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    results = page.evaluate("() => axe.run(document)")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["html"][:160] for n in v["nodes"][:3]]}
        for v in results["violations"]
    ]


def test_the_assessment_form_passes_every_axe_rule(transactional_db, page_factory):
    practitioner = factories.PractitionerFactory(email="tess@example.org")
    client = factories.ClientFactory(practitioner=practitioner)
    page = page_factory(DESKTOP)
    log_in(page, practitioner.email, factories.TEST_PASSWORD)
    page.goto(f"/practice/clients/{client.pk}/assessments/new/")
    violations = every_axe_violation(page)
    assert not violations, json.dumps(violations, indent=2)


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
    violations = every_axe_violation(page)
    assert not violations, json.dumps(violations, indent=2)
