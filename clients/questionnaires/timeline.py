"""The client timeline's questionnaire entries (answered, marked client-reported; missed).
The client page has loaded them already (``timeline_questionnaires``); the timeline page
reads them with one query."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from clients.models import QuestionnaireResponse
from clients.timeline.base import TimelineEntry


def questionnaire_entries(client) -> list[TimelineEntry]:
    loaded = getattr(client, "timeline_questionnaires", None)
    if loaded is None:
        loaded = list(QuestionnaireResponse.objects.filter(client=client))
    today = timezone.localdate()
    url = reverse("clients:questionnaires", args=[client.pk])
    entries = []
    for response in loaded:
        if response.is_answered:
            parts = []
            if response.pain_now is not None:
                parts.append(f"pain {response.pain_now}/10")
            if response.odi_percent is not None:
                parts.append(f"ODI {response.odi_percent} %")
            if response.psfs is not None:
                parts.append(f"PSFS {response.psfs}")
            title, tone, when = "Questionnaire (client-reported)", "info", response.answered_at
        elif response.is_missed(today):
            parts, title, tone, when = [], "Questionnaire missed", "warning", response.closes_on
        else:
            continue
        entries.append(
            TimelineEntry(
                when=when,
                kind="Questionnaire",
                title=title,
                url=url,
                detail=", ".join(parts),
                tone=tone,
            )
        )
    return entries
