from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clients.assessments.findings import latest_finding_codes
from clients.assessments.progress import compare, comparisons_for
from clients.body_chart.services import save_assessment_chart
from clients.models import Assessment
from clients.vocab import FINDING_CODES
from tests import factories

pytestmark = pytest.mark.django_db


def test_finding_codes_cover_muscles_hips_and_symptoms():
    assessment = factories.AssessmentFactory(
        muscle_findings=["weak_glute_med", "hip_drop_single_leg", "not_a_code"],
        pelvic_tilt=True,
        pelvic_tilt_side="posterior",
        pelvic_rotation=True,
        pelvic_rotation_side="left",
        leg_length_difference_mm=Decimal(6),
        femur_forward="right",
        si_findings="Left SI joint tender",
        aggravating_factors=["sitting", "morning"],
    )
    save_assessment_chart(
        assessment=assessment, marks={"buttock_left": "pain", "calf_left": "tingling"}, by=None
    )
    codes = assessment.finding_codes()
    assert codes == {
        "weak_glute_med",
        "hip_drop_single_leg",
        "elevated_hip",
        "pelvic_rotation",
        "posterior_pelvic_tilt",
        "leg_length_difference",
        "femur_forward",
        "si_joint",
        "sciatic_leg_pain",
        "sitting_intolerance",
    }
    assert codes <= set(FINDING_CODES)


def test_an_anterior_tilt_gives_the_anterior_code():
    assessment = factories.AssessmentFactory.build(
        elevated_hip=False, pelvic_tilt=True, pelvic_tilt_side="anterior", muscle_findings=[]
    )
    assert assessment.finding_codes() == {"anterior_pelvic_tilt"}


def test_latest_finding_codes_use_the_latest_completed_assessment_only():
    client = factories.ClientFactory()
    today = timezone.localdate()
    factories.AssessmentFactory(
        client=client, assessed_on=today - timedelta(days=30), muscle_findings=["weak_core"]
    )
    factories.AssessmentFactory(
        client=client, assessed_on=today - timedelta(days=5), muscle_findings=["tight_calves"]
    )
    factories.AssessmentFactory(
        client=client, assessed_on=today, status="draft", muscle_findings=["weak_hamstrings"]
    )
    assert latest_finding_codes(client) == {"tight_calves", "elevated_hip"}


def test_latest_finding_codes_are_empty_without_a_completed_assessment():
    client = factories.ClientFactory()
    factories.AssessmentFactory(client=client, status="draft")
    assert latest_finding_codes(client) == set()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"elevated_hip_magnitude": Decimal(-2)}, "elevated_hip_magnitude", "positive"),
        ({"elevated_hip_magnitude": Decimal(80)}, "elevated_hip_magnitude", "more than 60"),
        (
            {"pelvic_rotation": True, "pelvic_rotation_side": "", "pelvic_rotation_unit": "deg"},
            "pelvic_rotation_side",
            "choose one",
        ),
        (
            {
                "pelvic_tilt_magnitude": Decimal(50),
                "pelvic_tilt": True,
                "pelvic_tilt_side": "anterior",
            },
            "pelvic_tilt_magnitude",
            "more than 45 degrees",
        ),
        ({"elevated_hip": False, "elevated_hip_side": "left"}, "elevated_hip", "Choose “present”"),
        ({"pain_best": 7, "pain_worst": 3}, "pain_best", "cannot be higher"),
        ({"pain_now": 11}, "pain_now", "less than or equal to 10"),
        ({"assessed_on": timezone.localdate() + timedelta(days=1)}, "assessed_on", "future"),
    ],
)
def test_out_of_range_assessments_are_refused_at_the_field(changes, field, message):
    assessment = factories.AssessmentFactory.build(client=factories.ClientFactory(), **changes)
    with pytest.raises(ValidationError) as excinfo:
        assessment.full_clean()
    assert message in " ".join(excinfo.value.message_dict[field])


def test_completing_requires_every_red_flag_question():
    assessment = factories.AssessmentFactory.build(red_flag_answers={"trauma": False})
    with pytest.raises(ValidationError, match="Answer every red-flag question"):
        assessment.check_complete()


def test_a_reassessment_is_compared_with_the_first_and_the_previous():
    client = factories.ClientFactory()
    today = timezone.localdate()
    first = factories.AssessmentFactory(
        client=client,
        assessed_on=today - timedelta(days=60),
        pain_now=7,
        elevated_hip_magnitude=Decimal(10),
    )
    middle = factories.AssessmentFactory(
        client=client,
        assessed_on=today - timedelta(days=30),
        pain_now=6,
        odi_answers=[1] * 10,
        elevated_hip_magnitude=Decimal(7),
    )
    latest = factories.AssessmentFactory(
        client=client,
        assessed_on=today,
        pain_now=4,
        odi_answers=[1] * 10,
        elevated_hip=False,
        elevated_hip_side="",
        elevated_hip_magnitude=None,
    )
    history = list(Assessment.objects.completed().chronological())
    since_first, since_previous = comparisons_for(latest, history)
    assert since_first.baseline == first and since_previous.baseline == middle
    by_label = {c.label: c for c in since_first.changes}
    assert by_label["Pain now (NPRS)"].delta == -3
    assert by_label["Pain now (NPRS)"].meaningful
    assert by_label["Oswestry Disability Index"].delta == Decimal("-12.0")
    assert by_label["Oswestry Disability Index"].meaningful
    # The elevated hip has gone: 10 mm -> 0 mm.
    hip = by_label["Elevated hip (lateral pelvic tilt)"]
    assert (hip.before, hip.after, hip.unit) == (Decimal(10), 0, "mm")
    assert hip.improved
    previous = {c.label: c for c in since_previous.changes}
    assert previous["Pain now (NPRS)"].delta == -2
    assert previous["Oswestry Disability Index"].delta == 0
    assert not previous["Oswestry Disability Index"].meaningful


def test_the_first_assessment_has_nothing_to_compare_with():
    first = factories.AssessmentFactory()
    assert comparisons_for(first, [first]) == []


def test_hip_amounts_in_different_units_are_not_compared():
    before = factories.AssessmentFactory.build(elevated_hip_unit="mm")
    after = factories.AssessmentFactory.build(elevated_hip_unit="deg")
    hip = next(c for c in compare(before, after) if c.label.startswith("Elevated hip"))
    assert not hip.comparable


def test_assessments_are_archived_never_deleted():
    from clinic.models import ArchiveOnlyError

    assessment = factories.AssessmentFactory()
    with pytest.raises(ArchiveOnlyError):
        assessment.delete()
