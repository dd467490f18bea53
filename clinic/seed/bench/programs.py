"""Bench data: the exercise library, program templates, and programs assigned to clients.

Every template has three phases of four exercises; each assigned program is a
copy of one (its own phases and exercises), active, in its second phase. The
first program belongs to the bench client.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import connection

from clinic.bench.base import BenchData
from programs.figures import CHOICES
from programs.models import (
    ClientProgram,
    Exercise,
    ProgramEvent,
    ProgramExercise,
    ProgramPhase,
    ProgramTemplate,
    TemplateExercise,
    TemplatePhase,
)
from programs.vocab import EQUIPMENT, REGIONS, TARGET_MUSCLES, Category

DOSAGE = ["sets", "reps", "hold_seconds", "per_side", "times_per_day", "days_per_week"]
DOSAGE += ["rest_seconds"]
PHASE = ["position", "name", "goal", "typical_weeks", "max_worst_pain", "min_adherence_percent"]
PHASE += ["min_days_in_phase", "require_no_red_flag", "judgement_criteria"]
PHASE += ["client_name", "client_goal"]
ITEM = ["phase_id", "exercise_id", "position", "notes", *DOSAGE, "offer_easier"]
PHASE_NAMES = [
    ("Calm", "Settle the nerve and the pain", 6, None, 2),
    ("Activate", "Wake up the deep hip and core muscles", 4, 70, 3),
    ("Strengthen", "Build load tolerance for daily life", 3, 80, None),
]
# What the client reads of each phase: (name, goal).
CLIENT_PHASES = [
    ("Calm things down", "Ease the ache, a little and often."),
    ("Switch on support", "Wake up the muscles that hold you steady."),
    ("Build strength", "Get stronger for everyday life."),
]
CLIENT_PROGRAM_NAME = "Calm, move, strengthen"
PHASES_PER_PROGRAM = len(PHASE_NAMES)
ITEMS_PER_PHASE = 4
TEMPLATES = 10


def _phase_values(position: int) -> tuple:
    name, goal, pain, adherence, weeks = PHASE_NAMES[position]
    values = (position, name, goal, weeks or 2, pain, adherence, 14, True, "Moves without flare-up")
    return (*values, *CLIENT_PHASES[position])


def _dosage(rng) -> tuple:
    return (rng.choice([2, 3]), rng.choice([8, 10, 12]), rng.choice([0, 0, 5, 20]), True, 1, 5, 30)


def seed(data: BenchData) -> None:
    rng, now, sizes = data.rng, data.now, data.sizes
    author = data.practitioner_ids[0]
    categories = [c.value for c in Category]
    targets, regions = [c for c, _ in TARGET_MUSCLES], [c for c, _ in REGIONS]
    equipment = [c for c, _ in EQUIPMENT]

    columns = ["name", "purpose", "instructions", "cues", "common_mistakes", "cautions"]
    columns += ["category", "targets", "regions", "equipment", "image", "image_alt", "video_url"]
    columns += ["created_by_id", "created_at", "updated_at", "archived_at", "archive_reason"]
    columns += DOSAGE + ["figure"]
    # Every bench exercise has a drawn figure, as the demo library does.
    figures = [key for key, _label in CHOICES if key]
    exercise_ids = data.insert(
        Exercise,
        columns,
        (
            (
                f"Bench exercise {i:03d}",
                "Strengthens the hip so the back does less of the work.",
                "Lie on your back.\nPress through the heels.\nLower slowly.",
                "Breathe out as you lift.",
                "Arching the low back.",
                "Stop if pain spreads down the leg.",
                categories[i % len(categories)],
                rng.sample(targets, 2),
                rng.sample(regions, 1),
                [rng.choice(equipment)],
                "",
                "",
                "",
                author,
                now,
                now,
                None,
                "",
                *_dosage(rng),
                figures[i % len(figures)],
            )
            for i in range(sizes.exercises)
        ),
    )
    data.add_creation_history(Exercise, exercise_ids)
    data.ids["exercises"] = exercise_ids
    data.say(f"  {len(exercise_ids)} exercises")

    def pick_exercises() -> list[int]:
        return rng.sample(exercise_ids, min(len(exercise_ids), ITEMS_PER_PHASE))

    # Templates, each with its phases and exercises.
    template_ids = data.insert(
        ProgramTemplate,
        ["name", "description", "created_by_id", "created_at", "updated_at", "version"]
        + ["archived_at", "archive_reason", "client_name"],
        (
            (f"Sciatica plan {i + 1}", "Calm, activate, strengthen.", author, now, now, 1)
            + (None, "", CLIENT_PROGRAM_NAME)
            for i in range(TEMPLATES)
        ),
    )
    data.add_creation_history(ProgramTemplate, template_ids)
    phase_ids = data.insert(
        TemplatePhase,
        ["template_id", *PHASE],
        ((t, *_phase_values(p)) for t in template_ids for p in range(PHASES_PER_PROGRAM)),
    )
    data.add_creation_history(TemplatePhase, phase_ids)
    item_ids = data.insert(
        TemplateExercise,
        ITEM,
        (
            (phase, exercise, position, "", *_dosage(rng), True)
            for phase in phase_ids
            for position, exercise in enumerate(pick_exercises())
        ),
    )
    data.add_creation_history(TemplateExercise, item_ids)
    data.say(f"  {len(template_ids)} templates")

    # Programs: one active program each for the first clients, the bench client first.
    clients = data.client_ids[: sizes.programs]
    practitioners = data.practitioner_ids
    starts = []
    for i in range(len(clients)):
        # The bench client's program is the longest running (see clinic.seed.bench.logs).
        starts.append((now - timedelta(days=1300 if i == 0 else rng.randrange(650, 720))).date())
    program_ids = data.insert(
        ClientProgram,
        ["client_id", "template_id", "name", "start_date", "status", "current_phase_id"]
        + ["phase_started_on", "assigned_by_id", "assigned_at", "ended_at", "ended_by_id"]
        + ["end_reason", "version", "client_name"],
        (
            (
                client,
                template_ids[i % len(template_ids)],
                f"Sciatica plan {i % len(template_ids) + 1}",
                starts[i],
                "active",
                None,
                (now - timedelta(days=20)).date(),
                practitioners[i % len(practitioners)],
                now - timedelta(days=(now.date() - starts[i]).days),
                None,
                None,
                "",
                1,
                CLIENT_PROGRAM_NAME,
            )
            for i, client in enumerate(clients)
        ),
    )
    program_phase_ids = data.insert(
        ProgramPhase,
        ["program_id", *PHASE],
        ((p, *_phase_values(n)) for p in program_ids for n in range(PHASES_PER_PROGRAM)),
    )
    data.add_creation_history(ProgramPhase, program_phase_ids)
    program_item_ids = data.insert(
        ProgramExercise,
        [*ITEM, "archived_at", "archive_reason"],
        (
            (phase, exercise, position, "", *_dosage(rng), True, None, "")
            for phase in program_phase_ids
            for position, exercise in enumerate(pick_exercises())
        ),
    )
    data.add_creation_history(ProgramExercise, program_item_ids)
    # Each program is in its second phase.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE programs_clientprogram SET current_phase_id = ("
            " SELECT id FROM programs_programphase ph"
            " WHERE ph.program_id = programs_clientprogram.id AND ph.position = 1)"
        )
    data.add_creation_history(ClientProgram, program_ids)
    event_ids = data.insert(
        ProgramEvent,
        ["program_id", "kind", "from_phase_id", "to_phase_id", "note", "by_id", "at"],
        (
            (p, "assigned", None, None, "", practitioners[i % len(practitioners)], now)
            for i, p in enumerate(program_ids)
        ),
    )
    data.ids["programs"] = program_ids
    data.ids["program_phases"] = program_phase_ids
    data.ids["program_exercises"] = program_item_ids
    data.say(
        f"  {len(program_ids)} programs, {len(program_phase_ids)} phases, "
        f"{len(program_item_ids)} exercises prescribed, {len(event_ids)} events"
    )
