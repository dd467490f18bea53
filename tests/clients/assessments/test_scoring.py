from decimal import Decimal

import pytest

from clients.assessments import scoring
from clients.assessments.scoring import Change


def test_an_odi_of_16_out_of_50_is_32_percent_moderate():
    score = scoring.odi_score([2, 2, 2, 2, 2, 2, 1, 1, 1, 1])
    assert score.total == 16
    assert score.answered == 10
    assert score.percent == Decimal("32.0")
    assert score.band == "Moderate disability"


def test_a_skipped_section_is_left_out_of_the_denominator():
    # 16 points over nine answered sections: 16 / 45 = 35.56 %, shown as 35.6 %.
    score = scoring.odi_score([2, 2, 2, 2, 2, 2, 1, 1, None, 2])
    assert score.total == 16
    assert score.answered == 9
    assert score.percent == Decimal("35.6")


def test_an_odi_with_nothing_answered_has_no_score():
    assert scoring.odi_score([None] * 10) is None


@pytest.mark.parametrize(
    "answers",
    [[6, 0, 0, 0, 0, 0, 0, 0, 0, 0], [-1, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0] * 9],
    ids=["answer 6", "negative answer", "nine sections"],
)
def test_an_impossible_odi_is_refused(answers):
    with pytest.raises(scoring.ScoringError):
        scoring.odi_score(answers)


@pytest.mark.parametrize(
    ("percent", "band"),
    [
        (0, "Minimal disability"),
        (20, "Minimal disability"),
        (Decimal("20.1"), "Moderate disability"),
        (40, "Moderate disability"),
        (60, "Severe disability"),
        (80, "Crippled"),
        (81, "Bed-bound or exaggerating"),
        (100, "Bed-bound or exaggerating"),
    ],
)
def test_odi_bands_follow_the_published_cut_offs(percent, band):
    assert scoring.odi_band(percent) == band


def test_the_odi_has_ten_sections_of_six_statements():
    assert len(scoring.ODI_SECTIONS) == 10
    assert all(len(statements) == 6 for _code, _label, statements in scoring.ODI_SECTIONS)


def test_psfs_is_the_mean_of_the_activity_scores():
    assert scoring.psfs_score([3, 4, 6]) == Decimal("4.3")
    assert scoring.psfs_score([2, 3, 4, 5, 6]) == Decimal("4.0")
    assert scoring.psfs_score([]) is None


@pytest.mark.parametrize("scores", [[11, 2, 3], [-1, 2, 3], [1, 2, 3, 4, 5, 6]])
def test_an_impossible_psfs_is_refused(scores):
    with pytest.raises(scoring.ScoringError):
        scoring.psfs_score(scores)


def test_nprs_accepts_zero_to_ten_only():
    assert scoring.nprs_valid(0) and scoring.nprs_valid(10)
    assert not scoring.nprs_valid(11)
    assert not scoring.nprs_valid(-1)


def test_an_odi_drop_of_ten_points_is_a_meaningful_improvement():
    change = Change("ODI", Decimal("42.0"), Decimal("32.0"), mcid=scoring.ODI_MCID)
    assert change.delta == Decimal("-10.0")
    assert change.improved and change.meaningful


def test_an_odi_drop_of_nine_points_is_better_but_not_meaningful():
    change = Change("ODI", Decimal("42.0"), Decimal("33.0"), mcid=scoring.ODI_MCID)
    assert change.improved and not change.meaningful


def test_pain_rising_by_two_is_a_meaningful_worsening():
    change = Change("NPRS", 3, 5, mcid=scoring.NPRS_MCID)
    assert change.worsened and change.meaningful and not change.improved


def test_psfs_rising_is_an_improvement_because_higher_is_better():
    change = Change("PSFS", Decimal("3.0"), Decimal("5.0"), mcid=2, lower_is_better=False)
    assert change.improved and change.meaningful


def test_a_change_with_a_missing_side_is_not_comparable():
    change = Change("ODI", None, Decimal("30.0"), mcid=10)
    assert not change.comparable
    assert change.delta is None
    assert not change.meaningful and not change.improved and not change.worsened
