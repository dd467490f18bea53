"""Bench data: assessments with plausible findings, ODI answers and pain scores.

The bench client gets one intake and a reassessment every few weeks (at least
six); the rest are spread at random over the other clients. Most are completed,
a few are drafts.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from clients.models import Assessment
from clients.vocab import (
    AGGRAVATING_FACTORS,
    MUSCLE_FINDINGS,
    POSTURE_REGIONS,
    RED_FLAG_QUESTIONS,
    SYMPTOM_KINDS,
)
from clinic.bench.base import BenchData

MUSCLE = [code for code, _ in MUSCLE_FINDINGS]
KINDS = [code for code, _ in SYMPTOM_KINDS]
AGGRAVATING = [code for code, _ in AGGRAVATING_FACTORS]
RED_FLAGS_ALL_NO = {code: False for code, *_ in RED_FLAG_QUESTIONS}
POSTURE = [(code, [f for f, _ in findings]) for code, _label, findings in POSTURE_REGIONS]

COLUMNS = [
    "client_id", "assessed_on", "assessed_by_id", "status", "completed_at", "posture",
    "elevated_hip", "elevated_hip_side", "elevated_hip_magnitude", "elevated_hip_unit",
    "pelvic_rotation", "pelvic_rotation_side", "pelvic_rotation_magnitude",
    "pelvic_rotation_unit", "pelvic_tilt", "pelvic_tilt_side", "pelvic_tilt_magnitude",
    "pelvic_tilt_unit", "leg_length_difference_mm", "leg_length_shorter_side", "femur_forward",
    "si_findings", "muscle_findings", "muscle_notes", "symptom_kinds",
    "pain_now", "pain_best", "pain_worst", "aggravating_factors", "easing_factors",
    "onset_date", "onset_story", "red_flag_answers", "red_flag_notes", "odi_answers",
    "psfs_items", "summary", "created_at", "updated_at", "version", "archived_at",
    "archive_reason", "prior_care", "reported_by_client",
]  # fmt: skip


def seed(data: BenchData) -> None:
    rng, now, total = data.rng, data.now, data.sizes.assessments
    clients = data.client_ids
    # Each client's practitioner, as clinic.seed.bench.clients shared them out.
    practitioners = data.practitioner_ids
    bench_count = min(total, max(6, total // 2000))

    def row(client_index: int, days_ago: int, severity: int):
        """One assessment; ``severity`` 0 (settled) to 5 (acute) shapes pain and ODI."""
        assessed = (now - timedelta(days=days_ago)).date()
        completed = rng.random() > 0.03
        side = rng.choice(["left", "right"])
        pain_now = min(10, max(0, severity * 2 - rng.randrange(0, 3)))
        posture = {
            code: {"finding": rng.choice(findings), "side": side, "note": ""}
            for code, findings in rng.sample(POSTURE, 2)
        }
        odi = [min(5, max(0, severity - rng.randrange(0, 2))) for _ in range(10)]
        elevated = rng.random() < 0.4
        return (
            clients[client_index],
            assessed,
            practitioners[client_index % len(practitioners)],
            "completed" if completed else "draft",
            now - timedelta(days=days_ago) if completed else None,
            posture,
            elevated,
            side if elevated else "",
            Decimal(rng.randrange(3, 15)) if elevated else None,
            "mm",
            False,
            "",
            None,
            "deg",
            severity > 2,
            "anterior" if severity > 2 else "",
            Decimal(rng.randrange(3, 12)) if severity > 2 else None,
            "deg",
            None,
            "",
            "",
            "",
            rng.sample(MUSCLE, 3),
            "",
            rng.sample(KINDS, 2),
            pain_now,
            max(0, pain_now - 2),
            min(10, pain_now + 2),
            rng.sample(AGGRAVATING, 2),
            "Walking and lying on the side.",
            assessed - timedelta(days=rng.randrange(20, 400)),
            "Came on after a long drive; worse after sitting.",
            RED_FLAGS_ALL_NO if completed else {},
            "",
            odi,
            [{"activity": "Sitting through a film", "score": max(0, 10 - severity * 2)}],
            "Glute and deep-core work, nerve glides; review in four weeks.",
            now - timedelta(days=days_ago),
            now - timedelta(days=days_ago),
            1,
            None,
            "",
            "",
            [],
        )

    def rows():
        # The bench client: an intake and reassessments every four weeks, easing off.
        for i in range(bench_count):
            yield row(0, 28 * (bench_count - i), max(1, 5 - i * 5 // bench_count))
        for _ in range(total - bench_count):
            index = rng.randrange(1, len(clients)) if len(clients) > 1 else 0
            yield row(index, rng.randrange(1, 3 * 365), rng.randrange(0, 6))

    ids = data.insert(Assessment, COLUMNS, rows())
    data.add_creation_history(Assessment, ids)
    data.ids["assessments"] = ids
    data.say(f"  {len(ids)} assessments ({bench_count} for the bench client)")
