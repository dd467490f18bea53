"""Erasing a client wipes their intake links, the answers they typed and unsent charts."""

import pytest
from django.urls import reverse

from clients.erasure.services import anonymise_client
from clients.intake import services as intake
from clients.intake.sections import SECTIONS
from clients.models import Assessment, BodyChart, BodyChartMark, Client, IntakeLink
from tests.clients.intake.conftest import section_data, section_url

pytestmark = pytest.mark.django_db


def test_erasure_wipes_intake_tokens_drafts_and_unsent_charts(client, record, owner):
    sent, sent_token = intake.create_link(client=record, by=None)
    for section in SECTIONS:
        client.post(section_url(sent_token, section.code), section_data(section.code))
    client.post(reverse("clients:intake_submit", args=[sent_token]))
    draft, token = intake.create_link(client=record, by=None)
    client.post(section_url(token, "story"), section_data("story"))
    client.post(section_url(token, "chart"), section_data("chart"))
    unsent_chart = IntakeLink.objects.get(pk=draft.pk).body_chart_id
    record.status = Client.Status.DISCHARGED
    record.save()

    anonymise_client(client=record, by=owner)

    assert not IntakeLink.objects.exists()
    assert not IntakeLink.history.exists()
    assert not BodyChart.objects.filter(pk=unsent_chart).exists()
    assert not BodyChart.history.filter(id=unsent_chart).exists()
    assert not BodyChartMark.objects.filter(chart_id=unsent_chart).exists()
    # What was sent is clinical record now: the draft assessment and its chart stay.
    assessment = Assessment.objects.get()
    assert assessment.body_chart.marks.count() == 2
    assert client.get(reverse("clients:intake_start", args=[token])).status_code == 404
