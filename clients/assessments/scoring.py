"""Outcome measures: the one place that knows how they are scored and what counts as change.

- NPRS: the client's pain now, 0 (none) to 10 (worst imaginable).
- Oswestry Disability Index (ODI v2.1a): ten sections, each answered with one of six
  statements graded 0-5. Score = total / (5 x sections answered) x 100, so a skipped
  section does not count against the client.
- Patient-Specific Functional Scale (PSFS): three to five activities the client names,
  each rated 0 (cannot do it) to 10 (as before the problem); the score is the mean.

What counts as a clinically meaningful change between two assessments (the
published rules, as in the domain brief), each shown beside its verdict:

- NPRS: at least 2 points, or at least 30 % of the earlier score.
- ODI: at least 10 points, or at least 30 % of the earlier score; a score from fewer
  than 8 answered sections is incomplete and gets no verdict.
- PSFS: at least 2 points, activity by activity (the same activity named both times).

Worked examples: NPRS 3 -> 2 is 1 point but 33 %, meaningful by the percent rule;
NPRS 8 -> 6 is 2 points (25 %), meaningful by points; NPRS 6 -> 5 (1 point, 17 %) is not.
ODI 20 % -> 13 % is 7 points but 35 %, meaningful; ODI 50 % -> 42 % (8 points, 16 %) is not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ODI_MCID = 10
ODI_MCID_PERCENT = 30
NPRS_MCID = 2
NPRS_MCID_PERCENT = 30
PSFS_MCID = 2
# With more than two of the ten sections unanswered the ODI is incomplete.
ODI_MIN_ANSWERED = 8
PSFS_MIN_ITEMS = 3
PSFS_MAX_ITEMS = 5

# The ten ODI v2.1a sections. Each statement is written in this project's own words and
# keeps the published meaning of the graded answer (index = points).
ODI_SECTIONS: list[tuple[str, str, list[str]]] = [
    (
        "pain_intensity",
        "Pain intensity",
        [
            "I have no pain at the moment.",
            "The pain is very mild at the moment.",
            "The pain is moderate at the moment.",
            "The pain is fairly severe at the moment.",
            "The pain is very severe at the moment.",
            "The pain is the worst I can imagine at the moment.",
        ],
    ),
    (
        "personal_care",
        "Personal care (washing, dressing)",
        [
            "I look after myself normally and it causes no extra pain.",
            "I look after myself normally, but it is very painful.",
            "Looking after myself is painful, so I am slow and careful.",
            "I need some help but manage most of my personal care.",
            "I need help every day with most of my personal care.",
            "I do not get dressed, wash with difficulty and stay in bed.",
        ],
    ),
    (
        "lifting",
        "Lifting",
        [
            "I can lift heavy things without extra pain.",
            "I can lift heavy things, but it gives me extra pain.",
            "Pain stops me lifting heavy things off the floor, but I can if they are "
            "conveniently placed, for example on a table.",
            "Pain stops me lifting heavy things, but I can manage light to medium things "
            "if they are conveniently placed.",
            "I can lift only very light things.",
            "I cannot lift or carry anything.",
        ],
    ),
    (
        "walking",
        "Walking",
        [
            "Pain does not stop me walking any distance.",
            "Pain stops me walking more than about a mile (1.6 km).",
            "Pain stops me walking more than about half a mile (800 m).",
            "Pain stops me walking more than about 100 yards (90 m).",
            "I can walk only with a stick or crutches.",
            "I am in bed most of the time.",
        ],
    ),
    (
        "sitting",
        "Sitting",
        [
            "I can sit in any chair for as long as I like.",
            "I can sit in my favourite chair only, for as long as I like.",
            "Pain stops me sitting for more than an hour.",
            "Pain stops me sitting for more than half an hour.",
            "Pain stops me sitting for more than 10 minutes.",
            "Pain stops me sitting at all.",
        ],
    ),
    (
        "standing",
        "Standing",
        [
            "I can stand for as long as I want without extra pain.",
            "I can stand for as long as I want, but it gives me extra pain.",
            "Pain stops me standing for more than an hour.",
            "Pain stops me standing for more than half an hour.",
            "Pain stops me standing for more than 10 minutes.",
            "Pain stops me standing at all.",
        ],
    ),
    (
        "sleeping",
        "Sleeping",
        [
            "Pain never disturbs my sleep.",
            "Pain disturbs my sleep now and then.",
            "Because of pain I sleep less than 6 hours.",
            "Because of pain I sleep less than 4 hours.",
            "Because of pain I sleep less than 2 hours.",
            "Pain stops me sleeping at all.",
        ],
    ),
    (
        "sex_life",
        "Sex life (if it applies)",
        [
            "My sex life is normal and causes no extra pain.",
            "My sex life is normal, but causes some extra pain.",
            "My sex life is nearly normal, but very painful.",
            "Pain severely restricts my sex life.",
            "Because of pain I have almost no sex life.",
            "Pain prevents any sex life at all.",
        ],
    ),
    (
        "social_life",
        "Social life",
        [
            "My social life is normal and gives me no extra pain.",
            "My social life is normal, but it increases the pain.",
            "Pain has no significant effect on my social life apart from limiting more "
            "energetic interests, such as sport.",
            "Pain has restricted my social life and I do not go out as often.",
            "Pain has restricted my social life to my home.",
            "I have no social life because of pain.",
        ],
    ),
    (
        "travelling",
        "Travelling",
        [
            "I can travel anywhere without pain.",
            "I can travel anywhere, but it gives me extra pain.",
            "Pain is bad, but I manage journeys of over two hours.",
            "Pain limits me to journeys of under an hour.",
            "Pain limits me to short, necessary journeys of under 30 minutes.",
            "Pain prevents me travelling except to receive treatment.",
        ],
    ),
]
ODI_SECTION_COUNT = len(ODI_SECTIONS)

# Upper bound (inclusive) of each band, in percent.
ODI_BANDS = [
    (20, "Minimal disability"),
    (40, "Moderate disability"),
    (60, "Severe disability"),
    (80, "Crippled"),
    (100, "Bed-bound or exaggerating"),
]


class ScoringError(ValueError):
    """An answer outside what the measure allows."""


def _round1(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class OdiScore:
    total: int
    answered: int
    percent: Decimal

    @property
    def band(self) -> str:
        """The published band: for practitioners only (see ``client_wording``)."""
        return odi_band(self.percent)

    @property
    def complete(self) -> bool:
        return self.answered >= ODI_MIN_ANSWERED

    @property
    def sections_text(self) -> str:
        """E.g. "10 of 10 sections answered", or "6 of 10 sections answered, incomplete"."""
        text = f"{self.answered} of {ODI_SECTION_COUNT} sections answered"
        return text if self.complete else f"{text}, incomplete"

    @property
    def client_wording(self) -> str:
        return odi_client_wording(self.percent)


def odi_score(answers: Sequence[int | None]) -> OdiScore | None:
    """Score ten ODI answers (``None`` = section skipped); ``None`` if nothing was answered."""
    if len(answers) != ODI_SECTION_COUNT:
        raise ScoringError(f"The ODI has {ODI_SECTION_COUNT} sections, got {len(answers)}.")
    given = [a for a in answers if a is not None]
    for answer in given:
        if not 0 <= answer <= 5:
            raise ScoringError("Each ODI answer is scored 0 to 5.")
    if not given:
        return None
    total = sum(given)
    percent = _round1(Decimal(total) * 100 / (5 * len(given)))
    return OdiScore(total=total, answered=len(given), percent=percent)


def odi_band(percent: Decimal | float) -> str:
    for upper, label in ODI_BANDS:
        if percent <= upper:
            return label
    raise ScoringError("An ODI score cannot exceed 100 %.")


# What a client reads instead of the band names, by the same cut-offs: plain and kind.
ODI_CLIENT_WORDING = [
    (20, "Your back has little effect on your daily life."),
    (40, "Your back makes some everyday things harder."),
    (60, "Your back makes many everyday things hard at the moment."),
    (80, "Your back affects most of your day at the moment."),
    (100, "Your back affects nearly everything you do at the moment."),
]


def odi_client_wording(percent: Decimal | float) -> str:
    for upper, text in ODI_CLIENT_WORDING:
        if percent <= upper:
            return text
    raise ScoringError("An ODI score cannot exceed 100 %.")


def odi_client_change(before: OdiScore | None, after: OdiScore | None) -> str:
    """How the client's ODI moved since the start, in plain words; "" when it cannot be
    said (either score missing or incomplete)."""
    if not (before and after and before.complete and after.complete):
        return ""
    change = Change(
        "ODI", before.percent, after.percent, mcid=ODI_MCID, mcid_percent=ODI_MCID_PERCENT
    )
    if change.meaningful and change.improved:
        return "Your back affects daily life a lot less than at the start."
    if change.improved:
        return "Your back affects daily life a little less than at the start."
    if change.meaningful and change.worsened:
        return (
            "Your back is affecting daily life more than at the start; your practitioner "
            "will talk this through with you."
        )
    return "Your back affects daily life about as much as at the start."


def psfs_score(scores: Sequence[int]) -> Decimal | None:
    """Mean of the activity scores to one decimal; ``None`` when no activity is rated."""
    if not scores:
        return None
    if len(scores) > PSFS_MAX_ITEMS:
        raise ScoringError(f"The PSFS takes at most {PSFS_MAX_ITEMS} activities.")
    for score in scores:
        if not 0 <= score <= 10:
            raise ScoringError("Each PSFS activity is rated 0 to 10.")
    return _round1(Decimal(sum(scores)) / len(scores))


class ScoredOutcomes:
    """The ODI and PSFS scores of a record holding ``odi_answers`` and ``psfs_items``: a
    practitioner's assessment or a questionnaire the client filled in, scored alike."""

    odi_answers: list
    psfs_items: list

    @property
    def odi(self) -> OdiScore | None:
        if not self.odi_answers:
            return None
        return odi_score(self.odi_answers)

    @property
    def odi_percent(self) -> Decimal | None:
        odi = self.odi
        return odi.percent if odi else None

    @property
    def psfs(self) -> Decimal | None:
        return psfs_score([item["score"] for item in self.psfs_items])


def nprs_valid(value: int) -> bool:
    return 0 <= value <= 10


@dataclass(frozen=True)
class Change:
    """How one measure moved between two assessments.

    ``meaningful`` applies the measure's rule: at least ``mcid`` points, or (where
    ``mcid_percent`` is set) at least that percent of the earlier value. ``rule`` and
    ``verdict`` put that rule in words for the page, so the reader sees why.
    """

    label: str
    before: Decimal | int | None
    after: Decimal | int | None
    # Points needed for a clinically meaningful change; None where none is defined.
    mcid: int | None = None
    # Or this percent of the earlier value; None where only points count.
    mcid_percent: int | None = None
    lower_is_better: bool = True
    unit: str = ""
    # Set when the two values were measured in different units (e.g. mm then degrees).
    units_differ: bool = False
    # What the page shows for each value instead of the bare number (e.g. "right higher,
    # 6.0 mm", "not assessed", "42.0 % (6 of 10 sections answered, incomplete)").
    before_text: str = ""
    after_text: str = ""
    # Why the two values are not compared (e.g. "changed side"); empty when they are.
    not_compared: str = ""

    @property
    def comparable(self) -> bool:
        return (
            self.before is not None
            and self.after is not None
            and not self.units_differ
            and not self.not_compared
        )

    @property
    def delta(self) -> Decimal | int | None:
        if not self.comparable:
            return None
        return self.after - self.before

    @property
    def percent(self) -> Decimal | None:
        """The change as a percent of the earlier value (one decimal); None from 0."""
        if not self.comparable or not self.before:
            return None
        return _round1(Decimal(self.delta) * 100 / Decimal(self.before))

    @property
    def improved(self) -> bool:
        if not self.comparable or self.delta == 0:
            return False
        return (self.delta < 0) == self.lower_is_better

    @property
    def worsened(self) -> bool:
        return self.comparable and self.delta != 0 and not self.improved

    @property
    def meaningful_by(self) -> str:
        """Which rule the change meets: "points", "percent", or "" (none, or no rule)."""
        if self.mcid is None or not self.comparable or self.delta == 0:
            return ""
        if abs(self.delta) >= self.mcid:
            return "points"
        # Exact comparison: |delta| / before >= p %  <=>  100 |delta| >= p |before|.
        if (
            self.mcid_percent is not None
            and self.before
            and abs(Decimal(self.delta)) * 100 >= self.mcid_percent * abs(Decimal(self.before))
        ):
            return "percent"
        return ""

    @property
    def meaningful(self) -> bool:
        """True when the change reaches the rule (in either direction)."""
        return bool(self.meaningful_by)

    @property
    def rule(self) -> str:
        """The rule in words, e.g. "at least 2 points or 30 % of the earlier score"."""
        if self.mcid is None:
            return ""
        points = f"at least {self.mcid} points"
        if self.mcid_percent is None:
            return points
        return f"{points} or {self.mcid_percent} % of the earlier score"

    @property
    def verdict(self) -> str:
        """E.g. "clinically meaningful: 1 point, 33.3 % (rule: at least 2 points or 30 % ...)"."""
        if not self.rule or not self.comparable:
            return ""
        size = abs(self.delta)
        points = f"{size} point{'' if size == 1 else 's'}"
        if self.percent is not None and self.mcid_percent is not None:
            points += f", {abs(self.percent)} %"
        head = "clinically meaningful" if self.meaningful else "not a meaningful change"
        return f"{head}: {points} (rule: {self.rule})"
