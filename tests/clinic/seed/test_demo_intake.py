"""The demo clinic shows the intake form and the body chart at work."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from clients.body_chart.services import PERIPHERALISING, course_for
from clients.models import Assessment, BodyChart, Client, IntakeLink
from clinic.seed.demo.staff import CLIENTS
from programs import dashboard


@pytest.mark.django_db
def test_the_demo_has_a_sent_and_a_pending_intake_and_body_charts():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    riley = Client.objects.get(email="riley.chen@example.com")
    sent = IntakeLink.objects.get(client=riley)
    assert sent.state == "submitted"
    draft = sent.assessment
    assert draft.is_draft and "pain_now" not in draft.reported_by_client  # the practitioner's
    assert "prior_care" in draft.reported_by_client  # the draft had none
    pending = IntakeLink.objects.get(client__email=CLIENTS[2].email)
    assert pending.state == "pending" and set(pending.answers) == {"story", "changes"}
    assert BodyChart.objects.filter(source=BodyChart.Source.ASSESSMENT).count() >= 8
    assert Assessment.objects.filter(body_chart__isnull=True).count() == 0
    jordan = Client.objects.get(email="jordan@example.com")
    assert course_for(jordan).trend == PERIPHERALISING
    reasons = [
        reason
        for entry in dashboard.needs_attention(today=timezone.localdate())
        for reason in entry.reasons
    ]
    assert any(reason.startswith("Leg symptoms peripheralising") for reason in reasons)
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert IntakeLink.objects.count() == 2
