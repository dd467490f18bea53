"""The consent and questionnaire pages the access walk cannot reach in their full state
(a device handed over, consent asked in the portal, an open questionnaire, forms with
errors) are valid HTML, by the same Nu checker as tests/test_html_validity.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from clients.consent import services as consent
from clients.questionnaires import services as questionnaires
from tests import factories
from tests.test_html_validity import _checker_or_skip, run_checker

pytestmark = pytest.mark.django_db


def _as(user) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


def test_consent_and_questionnaire_pages_in_every_state_are_valid_html(tmp_path):
    command = _checker_or_skip()
    owner = factories.OwnerFactory()
    practitioner = factories.PractitionerFactory()
    user = factories.ClientUserFactory(client_record__practitioner=practitioner)
    record = user.client_record
    consent.save_consent_text(text="One.\n\nTwo.", change_note="", by=owner, expected_number=None)
    questionnaires.schedule_questionnaires(
        client=record,
        measures=["nprs", "odi", "psfs"],
        psfs_activities=["Sitting", "Walking", "Lifting"],
        every_weeks=2,
        starts_on=timezone.localdate(),
        by=practitioner,
    )
    staff, portal = _as(practitioner), _as(user)
    pages = {
        "versions-owner": _as(owner).get(reverse("clients:consent_versions")),
        "versions-owner-errors": _as(owner).post(
            reverse("clients:consent_versions"), {"text": "", "expected_number": 1}
        ),
        "paper-errors": staff.post(
            reverse("clients:consent_paper", args=[record.pk]), {"signed_on": "2999-01-01"}
        ),
        "client-page-unsigned": staff.get(record.get_absolute_url()),
        "assign-gate": staff.get(reverse("programs:program_assign", args=[record.pk])),
        "questionnaires-errors": staff.post(
            reverse("clients:questionnaires", args=[record.pk]), {"every_weeks": "0"}
        ),
        "portal-consent": portal.get(reverse("clients:portal_consent")),
        "portal-consent-errors": portal.post(reverse("clients:portal_consent"), {}),
    }
    portal.post(
        reverse("clients:portal_consent"),
        {"consent-full_name": "Alice", "consent-agree": "on", "consent-version": 1},
    )
    pages["portal-home-card"] = portal.get(reverse("programs:portal_home"))
    pages["portal-questionnaire"] = portal.get(reverse("clients:portal_questionnaire"))
    pages["portal-questionnaire-errors"] = portal.post(
        reverse("clients:portal_questionnaire"), {"pain_now": "12"}
    )
    staff.post(reverse("clients:consent_handover_start", args=[record.pk]))
    pages["handover"] = staff.get(reverse("clients:consent_handover"))
    pages["handover-errors"] = staff.post(reverse("clients:consent_handover"), {"sign": "1"})
    pages["handover-unlock-errors"] = staff.post(
        reverse("clients:consent_handover_unlock"), {"password": "x"}
    )
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, response in pages.items():
        assert response.status_code in (200, 400), f"{name}: {response.status_code}"
        (folder / f"{name}.html").write_bytes(response.content)
    messages = run_checker(command, folder)
    problems = [
        f"{Path(m.get('url', '')).name} line {m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert not problems, "\n".join(problems)
