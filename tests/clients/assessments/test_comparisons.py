"""Issue 13, "Scores and comparisons": worked examples from the domain brief.

NPRS and ODI: meaningful = points or percent of the earlier score, the rule shown beside
the verdict; an ODI from fewer than 8 sections is incomplete and gets no verdict; PSFS
compared activity by activity; hip disparity "not assessed" is not "none"; clients see
kind words, never the clinicians' ODI bands.
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.assessments import scoring
from clients.assessments.progress import compare, comparisons_for
from clients.assessments.scoring import Change
from clients.models import Assessment
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _nprs(before, after):
    return Change(
        "NPRS",
        before,
        after,
        mcid=scoring.NPRS_MCID,
        mcid_percent=scoring.NPRS_MCID_PERCENT,
    )


def _odi(before, after):
    return Change(
        "ODI",
        Decimal(before),
        Decimal(after),
        mcid=scoring.ODI_MCID,
        mcid_percent=scoring.ODI_MCID_PERCENT,
    )


@pytest.mark.parametrize(
    ("before", "after", "by"),
    [
        (3, 2, "percent"),  # 1 point, 33 %: the 30 % rule
        (8, 6, "points"),  # 2 points, 25 %
        (10, 7, "points"),
        (5, 7, "points"),  # worse counts too
        (6, 5, ""),  # 1 point, 17 %
        (2, 2, ""),
        (0, 1, ""),  # no percent of 0
    ],
)
def test_nprs_is_meaningful_at_two_points_or_thirty_percent(before, after, by):
    assert _nprs(before, after).meaningful_by == by


@pytest.mark.parametrize(
    ("before", "after", "by"),
    [
        ("20.0", "13.0", "percent"),  # 7 points, 35 %
        ("50.0", "40.0", "points"),  # 10 points, 20 %
        ("50.0", "42.0", ""),  # 8 points, 16 %
        ("30.0", "21.0", "percent"),  # 9 points, exactly 30 %
        ("30.0", "21.2", ""),  # 8.8 points, 29.3 %
    ],
)
def test_odi_is_meaningful_at_ten_points_or_thirty_percent(before, after, by):
    assert _odi(before, after).meaningful_by == by


def test_the_rule_used_is_written_beside_the_verdict():
    assert _nprs(3, 2).verdict == (
        "clinically meaningful: 1 point, 33.3 % (rule: at least 2 points or 30 % of the "
        "earlier score)"
    )
    assert _odi("50.0", "42.0").verdict == (
        "not a meaningful change: 8.0 points, 16.0 % "
        "(rule: at least 10 points or 30 % of the earlier score)"
    )


def test_an_odi_score_says_how_many_sections_were_answered_and_whether_it_is_complete():
    eight = scoring.odi_score([2] * 8 + [None] * 2)
    seven = scoring.odi_score([2] * 7 + [None] * 3)
    assert (eight.sections_text, eight.complete) == ("8 of 10 sections answered", True)
    assert (seven.sections_text, seven.complete) == (
        "7 of 10 sections answered, incomplete",
        False,
    )


def _pair(before: dict, after: dict):
    client = factories.ClientFactory()
    first = factories.AssessmentFactory(
        client=client, assessed_on=TODAY - timedelta(days=30), **before
    )
    latest = factories.AssessmentFactory(client=client, assessed_on=TODAY, **after)
    first.refresh_from_db()
    latest.refresh_from_db()
    return first, latest


def _by_label(first, latest):
    return {c.label: c for c in compare(first, latest)}


def test_nprs_three_to_two_is_flagged_through_the_assessment_comparison():
    first, latest = _pair({"pain_now": 3}, {"pain_now": 2})
    assert _by_label(first, latest)["Pain now (NPRS)"].meaningful


def test_an_incomplete_odi_is_shown_with_its_sections_and_left_out_of_the_verdict():
    # 40 % from all ten sections, then 10 % from only seven: a 30-point drop, no verdict.
    first, latest = _pair(
        {"odi_answers": [2] * 10}, {"odi_answers": [1, 1, 0, 1, 0, 1, 0, None, None, None]}
    )
    odi = _by_label(first, latest)["Oswestry Disability Index"]
    assert not odi.comparable and not odi.meaningful and not odi.improved
    assert odi.before_text == "40.0 % (10 of 10 sections answered)"
    assert odi.after_text == "11.4 % (7 of 10 sections answered, incomplete)"  # 4 / 35
    assert "incomplete" in odi.not_compared


def test_psfs_compares_only_activities_named_both_times_and_lists_the_rest():
    first, latest = _pair(
        {
            "psfs_items": [
                {"activity": "Sitting", "score": 3},
                {"activity": "Walking  the dog", "score": 4},
                {"activity": "Lifting", "score": 5},
            ]
        },
        {
            "psfs_items": [
                {"activity": "walking the DOG", "score": 7},
                {"activity": "Gardening", "score": 9},
                {"activity": "sitting ", "score": 4},
            ]
        },
    )
    comparison = comparisons_for(latest, [first, latest])[0]
    psfs = [c for c in comparison.changes if c.label.startswith("PSFS")]
    assert [(c.label, c.before, c.after, c.meaningful) for c in psfs] == [
        ("PSFS: walking the DOG", 4, 7, True),
        ("PSFS: sitting", 3, 4, False),
    ]
    assert [i["activity"] for i in comparison.psfs.new] == ["Gardening"]
    assert [i["activity"] for i in comparison.psfs.dropped] == ["Lifting"]
    assert "Patient-Specific Functional Scale" not in {c.label for c in comparison.changes}


def test_psfs_with_wholly_different_activities_gives_no_change_at_all(practitioner_client):
    first, latest = _pair(
        {"psfs_items": [{"activity": a, "score": 3} for a in ("Sitting", "Walking", "Lifting")]},
        {"psfs_items": [{"activity": a, "score": 5} for a in ("Gardening", "Running", "Cycling")]},
    )
    body = practitioner_client.get(latest.get_absolute_url()).content.decode()
    assert "+2.0" not in body
    assert "New activity: Gardening (5/10)" in body
    assert "No longer scored: Sitting (was 3/10)" in body


ELEVATED = "Elevated hip (lateral pelvic tilt)"
TILT = "Pelvic girdle tilt"


def test_a_blank_hip_reassessment_is_not_assessed_and_never_an_improvement():
    first, latest = _pair({}, {"elevated_hip": None, "elevated_hip_side": ""})
    hip = _by_label(first, latest)[ELEVATED]
    assert not hip.improved and not hip.comparable
    assert (hip.before_text, hip.after_text) == ("right side higher, 8.0 mm", "not assessed")
    assert hip.not_compared == "not assessed now"


def test_assessed_and_none_found_is_a_real_improvement():
    first, latest = _pair(
        {}, {"elevated_hip": False, "elevated_hip_side": "", "elevated_hip_magnitude": None}
    )
    hip = _by_label(first, latest)[ELEVATED]
    assert hip.improved and (hip.before, hip.after) == (Decimal(8), 0)
    assert hip.after_text == "none found"


def test_a_hip_that_changes_side_is_reported_with_both_magnitudes():
    first, latest = _pair(
        {"elevated_hip_magnitude": 6},
        {"elevated_hip_side": "left", "elevated_hip_magnitude": 6},
    )
    hip = _by_label(first, latest)[ELEVATED]
    assert hip.not_compared == "changed side"
    assert (hip.before_text, hip.after_text) == (
        "right side higher, 6.0 mm",
        "left side higher, 6.0 mm",
    )
    assert not hip.improved and not hip.worsened


def test_a_tilt_that_changes_direction_is_reported_as_such(practitioner_client):
    tilt = {"pelvic_tilt": True, "pelvic_tilt_unit": "deg", "pelvic_tilt_magnitude": 8}
    first, latest = _pair(
        {**tilt, "pelvic_tilt_side": "anterior"}, {**tilt, "pelvic_tilt_side": "posterior"}
    )
    change = _by_label(first, latest)[TILT]
    assert change.not_compared == "changed direction"
    assert (change.before_text, change.after_text) == (
        "anterior, 8.0 degrees",
        "posterior, 8.0 degrees",
    )
    body = practitioner_client.get(latest.get_absolute_url()).content.decode()
    assert "Changed direction" in body
    assert "anterior, 8.0 degrees" in body and "posterior, 8.0 degrees" in body


def test_the_assessment_page_shows_the_rule_and_the_not_assessed_state(practitioner_client):
    first, latest = _pair(
        {"pain_now": 3, "odi_answers": [2] * 10},
        {"pain_now": 2, "elevated_hip": None, "elevated_hip_side": ""},
    )
    body = practitioner_client.get(latest.get_absolute_url()).content.decode()
    assert "1 point, 33.3 % (rule: at least 2 points or 30 % of the earlier score)" in body
    assert "Elevated hip: not assessed" in body
    assert "Not assessed now" in body
    row = re.search(
        r'<th scope="row">Elevated hip \(lateral pelvic tilt\)</th>(.*?)</tr>', body, re.S
    )
    assert "Not assessed now" in row.group(1) and "better" not in row.group(1)


def test_a_blank_hip_on_the_form_saves_as_not_assessed(practitioner_client, client_record):
    assessment = factories.AssessmentFactory(client=client_record)
    form = practitioner_client.get(
        reverse("clients:assessment_edit", args=[client_record.pk, assessment.pk])
    ).context["form"]
    assert form["elevated_hip"].value() == "yes"
    assert form["pelvic_rotation"].value() == ""
    assert dict(form.fields["pelvic_rotation"].choices) == {
        "": "Not assessed",
        "no": "Assessed: none",
        "yes": "Present",
    }


def test_clients_see_kind_words_never_the_clinicians_band(portal_client, client_record):
    factories.AssessmentFactory(
        client=client_record, assessed_on=TODAY - timedelta(days=40), odi_answers=[4] * 10
    )
    factories.AssessmentFactory(client=client_record, assessed_on=TODAY, odi_answers=[2] * 10)
    body = portal_client.get(reverse("programs:portal_progress")).content.decode()
    assert "Crippled" not in body and "disability" not in body.lower()
    assert "Your back affects most of your day at the moment." in body
    assert "Your back affects daily life a lot less than at the start." in body


def test_practitioners_keep_the_published_bands(practitioner_client, client_record):
    assessment = factories.AssessmentFactory(client=client_record, odi_answers=[5] * 9 + [4])
    body = practitioner_client.get(assessment.get_absolute_url()).content.decode()
    assert "Bed-bound or exaggerating" in body
    assert Assessment.objects.get().odi.band == "Bed-bound or exaggerating"


def test_the_client_page_shows_the_sections_answered_with_each_odi(
    practitioner_client, client_record
):
    factories.AssessmentFactory(client=client_record, odi_answers=[2] * 7 + [None] * 3)
    body = practitioner_client.get(client_record.get_absolute_url()).content.decode()
    assert "(7/10 sections, incomplete)" in body
