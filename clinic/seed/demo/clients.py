"""Demo clients for ``seed_demo``: every status, assessments that show progress, one open red flag.

Idempotent: a client whose email already exists is left exactly as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from clients import services
from clients.models import Assessment, Client
from clients.vocab import RED_FLAG_QUESTIONS
from clinic.seed.demo import consent
from clinic.seed.demo.staff import CLIENTS, OWNER, PRACTITIONERS, ensure_user


@dataclass(frozen=True)
class Visit:
    """One assessment: weeks before today and the numbers that change between visits."""

    weeks_ago: int
    pain: int
    odi: list[int]
    psfs: list[int]
    elevated_hip_mm: Decimal | None = None
    rotation_deg: Decimal | None = None
    tilt_deg: Decimal | None = None
    red_flags: tuple[str, ...] = ()
    draft: bool = False


@dataclass(frozen=True)
class DemoClient:
    first_name: str
    last_name: str
    email: str
    status: str
    practitioner: int  # index into clinic.seed.demo.staff.PRACTITIONERS
    occupation: str
    daily_pattern: str
    goals: str
    visits: list[Visit] = field(default_factory=list)
    has_login: bool = False
    archive_reason: str = ""
    muscles: tuple[str, ...] = ("weak_glute_med", "tight_piriformis", "weak_multifidus")
    notes: tuple[str, ...] = ()


PSFS_ACTIVITIES = ["Sitting through a work meeting", "Getting out of the car", "Walking the dog"]

DEMO_CLIENTS = [
    DemoClient(
        CLIENTS[0].first_name,
        CLIENTS[0].last_name,
        CLIENTS[0].email,
        Client.Status.ACTIVE,
        0,
        "Software developer",
        Client.DailyPattern.DESK,
        "Sit through a working day without the pain down my left leg.",
        visits=[
            Visit(10, 7, [3, 2, 3, 2, 4, 2, 3, 2, 2, 3], [2, 3, 4], Decimal(9), Decimal(6), 12),
            Visit(5, 4, [2, 1, 2, 1, 3, 1, 2, 1, 1, 2], [5, 5, 6], Decimal(6), Decimal(4), 10),
            Visit(1, 2, [1, 0, 1, 1, 1, 0, 1, 0, 0, 1], [7, 8, 8], Decimal(3), Decimal(2), 8),
        ],
        has_login=True,
        notes=(
            "Figure-4 stretch twice a day is helping; still stiff first thing in the morning.",
            "Added clamshells with a band. Sitting tolerance up to about an hour.",
        ),
    ),
    DemoClient(
        CLIENTS[1].first_name,
        CLIENTS[1].last_name,
        CLIENTS[1].email,
        Client.Status.ACTIVE,
        1,
        "Warehouse team lead",
        Client.DailyPattern.MANUAL,
        "Lift at work again without my back locking up.",
        visits=[
            Visit(6, 6, [3, 2, 4, 1, 2, 3, 2, 1, 2, 2], [3, 2, 4], Decimal(7), None, 9),
            Visit(1, 3, [2, 1, 2, 1, 1, 1, 1, 1, 1, 1], [6, 5, 6], Decimal(4), None, 6),
        ],
        has_login=True,
        muscles=("weak_glute_max", "overactive_quads", "tight_hip_flexors", "knee_valgus_squat"),
    ),
    DemoClient(
        CLIENTS[2].first_name,
        CLIENTS[2].last_name,
        CLIENTS[2].email,
        Client.Status.PAUSED,
        0,
        "Nurse",
        Client.DailyPattern.MIXED,
        "Get through a night shift on my feet.",
        visits=[
            Visit(
                2,
                7,
                [3, 2, 3, 3, 2, 4, 3, 2, 3, 2],
                [2, 3, 3],
                Decimal(5),
                Decimal(3),
                None,
                red_flags=("progressive_weakness",),
            ),
        ],
        has_login=True,
    ),
    DemoClient(
        "Riley",
        "Chen",
        "riley.chen@example.com",
        Client.Status.LEAD,
        1,
        "Student",
        Client.DailyPattern.DESK,
        "Find out why my buttock aches after lectures.",
        visits=[Visit(0, 5, [2, 1, 1, 1, 3, 1, 1, 0, 1, 1], [4, 5, 5], draft=True)],
    ),
    DemoClient(
        "Morgan",
        "Patel",
        "morgan.patel@example.com",
        Client.Status.DISCHARGED,
        0,
        "Bus driver",
        Client.DailyPattern.DESK,
        "Drive a full shift without stopping to stretch.",
        visits=[
            Visit(20, 8, [4, 2, 3, 3, 4, 3, 3, 2, 3, 4], [1, 2, 2], Decimal(12), Decimal(8), 14),
            Visit(14, 5, [3, 1, 2, 2, 3, 2, 2, 1, 2, 3], [4, 4, 5], Decimal(8), Decimal(5), 11),
            Visit(8, 1, [1, 0, 1, 0, 1, 0, 0, 0, 1, 1], [8, 9, 9], Decimal(2), Decimal(1), 7),
        ],
    ),
    DemoClient(
        "Taylor",
        "Rossi",
        "taylor.rossi@example.com",
        Client.Status.ACTIVE,
        1,
        "Chef",
        Client.DailyPattern.MANUAL,
        "Stand through service without the ache in my calf.",
        visits=[Visit(30, 6, [2, 1, 2, 2, 1, 3, 2, 1, 2, 2], [3, 4, 3], Decimal(6))],
        archive_reason="Moved to another city; may come back in the summer.",
    ),
]


def _assessment(client: Client, visit: Visit, by, demo: DemoClient) -> None:
    answers = {code: code in visit.red_flags for code, _q, _p in RED_FLAG_QUESTIONS}
    assessment = Assessment(
        client=client,
        assessed_by=by,
        assessed_on=timezone.localdate() - timedelta(weeks=visit.weeks_ago),
        posture={
            "head_neck": {"finding": "forward_head", "side": "na", "note": ""},
            "pelvis": {"finding": "anterior_tilt", "side": "na", "note": "Worse after sitting"},
            "knees": {"finding": "valgus", "side": "left", "note": "In squat"},
        },
        elevated_hip=visit.elevated_hip_mm is not None,
        elevated_hip_side="right" if visit.elevated_hip_mm is not None else "",
        elevated_hip_magnitude=visit.elevated_hip_mm,
        elevated_hip_unit="mm",
        pelvic_rotation=visit.rotation_deg is not None,
        pelvic_rotation_side="left" if visit.rotation_deg is not None else "",
        pelvic_rotation_magnitude=visit.rotation_deg,
        pelvic_rotation_unit="deg",
        pelvic_tilt=visit.tilt_deg is not None,
        pelvic_tilt_side="anterior" if visit.tilt_deg is not None else "",
        pelvic_tilt_magnitude=visit.tilt_deg,
        pelvic_tilt_unit="deg",
        muscle_findings=list(demo.muscles),
        symptom_kinds=["shooting", "tingling", "dull_ache"],
        pain_now=visit.pain,
        pain_best=max(visit.pain - 2, 0),
        pain_worst=min(visit.pain + 2, 10),
        aggravating_factors=["sitting", "sit_to_stand", "morning"],
        easing_factors="Walking for a few minutes; lying on the floor with knees bent.",
        onset_story="Came on gradually over a few months of long days at a desk.",
        red_flag_answers=answers,
        red_flag_notes="Reports the left foot catching on stairs this week."
        if visit.red_flags
        else "",
        odi_answers=visit.odi,
        psfs_items=[
            {"activity": activity, "score": score}
            for activity, score in zip(PSFS_ACTIVITIES, visit.psfs, strict=True)
        ],
        summary="Start with calm-and-release work, then glute activation.",
    )
    assessment.full_clean()
    services.save_assessment(
        assessment=assessment, by=by, complete=not visit.draft, chart_marks=_chart(visit)
    )


def _chart(visit: Visit) -> dict[str, str]:
    """Where the symptoms sit: the worse the pain, the further down the left leg (so a
    client who improves shows centralising), numbness in the foot with a red flag."""
    marks = {"low_back_left": "ache", "low_back_right": "ache", "buttock_left": "pain"}
    if visit.pain >= 4:
        marks["thigh_back_left"] = "pain"
    if visit.pain >= 6:
        marks["calf_left"] = "tingling"
    if visit.red_flags:
        marks["foot_sole_left"] = "numbness"
    return marks


def _create(demo: DemoClient, practitioners, number: int) -> Client:
    by = practitioners[demo.practitioner]
    user = None
    if demo.has_login:
        user = next(ensure_user(u) for u in CLIENTS if u.email == demo.email)
    client = Client(
        first_name=demo.first_name,
        last_name=demo.last_name,
        email=demo.email,
        phone=f"+1 555 01{number:02d}",
        occupation=demo.occupation,
        daily_pattern=demo.daily_pattern,
        goals=demo.goals,
        medical_history="No other conditions reported.",
        previous_treatments=["chiropractic", "massage"],
        imaging="X-ray two years ago: mild narrowing at L5-S1 reported.",
        referral_source=Client.Referral.SEARCH,
        practitioner=by,
        status=demo.status,
        user=user,
    )
    client.full_clean()
    services.save_client(client=client, by=by)
    consent.sign_first(client, by=by, number=number)
    for visit in sorted(demo.visits, key=lambda v: -v.weeks_ago):
        _assessment(client, visit, by, demo)
    for days, text in enumerate(demo.notes, start=3):
        services.add_session_note(
            client=client, by=by, text=text, noted_on=timezone.localdate() - timedelta(days=days)
        )
    if demo.archive_reason:
        services.archive_client(client=client, by=by, reason=demo.archive_reason)
    return client


def seed(out) -> None:
    practitioners = [ensure_user(p) for p in PRACTITIONERS]
    ensure_user(OWNER)
    created = 0
    for number, demo in enumerate(DEMO_CLIENTS, start=10):
        if Client.objects.filter(email__iexact=demo.email).exists():
            continue
        _create(demo, practitioners, number)
        created += 1
    out.write(f"Demo clients ready ({created} new, {len(DEMO_CLIENTS)} in all).")
