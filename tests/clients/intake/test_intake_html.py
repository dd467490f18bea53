"""Every intake page, the body chart on each of its doors, with and without errors,
is valid HTML (the Nu checker of tests/test_html_validity.py)."""

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.body_chart.services import save_assessment_chart
from clients.intake import services as intake
from clients.intake.sections import SECTIONS
from programs.services import assign_program
from tests import factories
from tests.clients.intake.conftest import section_data, section_url
from tests.test_html_validity import _checker_or_skip, run_checker

pytestmark = pytest.mark.django_db


def test_the_intake_and_body_chart_pages_are_valid_html(
    record, client_record, client_user, practitioner, tmp_path
):
    command = _checker_or_skip()
    assign_program(
        client=client_record,
        template=factories.build_template(phases=1, exercises_per_phase=1),
        start_date=timezone.localdate(),
        by=practitioner,
    )
    folder = tmp_path / "pages"
    folder.mkdir()
    pages = {}

    def keep(name, response):
        assert response.status_code in (200, 410), name
        (folder / f"{name}.html").write_bytes(response.content)
        pages[f"{name}.html"] = name

    from django.test import Client as HttpClient

    anonymous, practitioner_client, portal_client = HttpClient(), HttpClient(), HttpClient()
    practitioner_client.force_login(practitioner)
    portal_client.force_login(client_user)
    _link, token = intake.create_link(client=record, by=None)
    keep("overview", anonymous.get(reverse("clients:intake_start", args=[token])))
    for section in SECTIONS:
        keep(section.code, anonymous.get(section_url(token, section.code)))
    bad = {"pain": {"pain_now": "99"}, "chart": {"chart_calf_left": "x"}, "story": {}}
    for code, data in bad.items():
        keep(f"{code}-errors", anonymous.post(section_url(token, code), data))
    keep(
        "urgent",
        anonymous.post(section_url(token, "safety"), section_data("safety", flag_trauma="yes")),
    )
    for section in SECTIONS:
        anonymous.post(section_url(token, section.code), section_data(section.code))
    keep("ready", anonymous.get(reverse("clients:intake_start", args=[token])))
    keep("sent", anonymous.post(reverse("clients:intake_submit", args=[token])))
    keep("closed", anonymous.get(reverse("clients:intake_start", args=[token])))
    assessment = record.assessments.get()
    keep("assessment", practitioner_client.get(assessment.get_absolute_url()))
    edit = reverse("clients:assessment_edit", args=[record.pk, assessment.pk])
    keep("assessment-edit", practitioner_client.get(edit))
    other = factories.AssessmentFactory(client=record)
    save_assessment_chart(assessment=other, marks={"foot_top_left": "numbness"}, by=None)
    keep("client-page", practitioner_client.get(record.get_absolute_url()))
    keep("check-in", portal_client.get(reverse("programs:portal_check_in")))
    messages = run_checker(command, folder)
    problems = [
        f"{pages.get(Path(m.get('url', '')).name)} line {m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert not problems, "\n".join(problems)
