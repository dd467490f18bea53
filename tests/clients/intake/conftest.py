import pytest
from django.urls import reverse

from clients.assessments.scoring import ODI_SECTIONS
from clients.intake import services as intake
from clients.vocab import RED_FLAG_QUESTIONS
from tests import factories

ODI_POINTS = [2, 2, 2, 2, 2, 2, 1, 1, 1, 1]  # 16 of 50 points: 32 %


def section_data(code: str, **overrides) -> dict:
    """A valid POST for each intake section."""
    data = {
        "story": {"onset_story": "Lifting a heavy box at work", "onset_date": "2026-09-15"},
        "changes": {"aggravating_factors": ["sitting", "bending"], "easing_factors": "Walking"},
        "history": {
            "prior_treatment": "Six physio sessions in 2025",
            "imaging": "MRI: a disc bulge",
        },
        "goals": {"goals": "Pick up my daughter without pain"},
        "chart": {"chart_buttock_left": "pain", "chart_calf_left": "tingling"},
        "pain": {"pain_now": "5", "pain_best": "2", "pain_worst": "8"},
        "safety": {f"flag_{code}": "no" for code, _q, _p in RED_FLAG_QUESTIONS},
        "odi": {
            f"odi_{code}": str(points)
            for (code, _l, _s), points in zip(ODI_SECTIONS, ODI_POINTS, strict=True)
        },
        "psfs": {
            "psfs_activity_1": "Sitting at work",
            "psfs_score_1": "3",
            "psfs_activity_2": "Lifting my child",
            "psfs_score_2": "4",
            "psfs_activity_3": "Driving",
            "psfs_score_3": "5",
        },
    }[code]
    data.update(overrides)
    return data


@pytest.fixture
def record(practitioner):
    return factories.ClientFactory(practitioner=practitioner, status="lead", goals="")


@pytest.fixture
def sent(record, practitioner):
    """(link, token) for ``record``."""
    return intake.create_link(client=record, by=practitioner)


def section_url(token: str, code: str) -> str:
    return reverse("clients:intake_section", args=[token, code])
