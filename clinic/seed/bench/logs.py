"""Bench data: session logs (one per program and day) and the exercises marked done.

The bench client's program gets about twice any other program's share of the
logs (over three years); each other program logs on most of its last ~640 days.
The recent logs of every program mark the current phase's exercises done.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from clinic.bench.base import BenchData
from programs.models import ExerciseCompletion, ProgramExercise, SessionLog

LEG = ["spread", "same", "eased", "eased", "none", "none"]
EFFORT = ["easy", "moderate", "moderate", "hard"]
RECENT_DAYS = 20  # logs in the current phase (clinic.seed.bench.programs starts it 20 days ago)
BENCH_SPAN, OTHER_SPAN = 1300, 640  # days since the programs started (clinic.seed.bench.programs)
COMPLETED_LOGS = 10  # the latest logs of each program mark exercises done


def seed(data: BenchData) -> None:
    rng, now, total = data.rng, data.now, data.sizes.session_logs
    programs = data.ids["programs"]
    phases = data.ids["program_phases"]
    per_phase = len(phases) // len(programs)
    items = defaultdict(list)
    for phase_id, item_id in ProgramExercise.objects.filter(phase_id__in=phases).values_list(
        "phase_id", "id"
    ):
        items[phase_id].append(item_id)

    # The bench client's program: twice a fair share, at most one log a day since it started.
    bench = min(BENCH_SPAN, total, 2 * total // (len(programs) + 1))
    others = len(programs) - 1
    counts = (
        [bench]
        + [(total - bench) // others + (i < (total - bench) % others) for i in range(others)]
        if others
        else [total]
    )
    today = now.date()
    plan = []  # (program, phase, days ago), in insertion order
    for index, (program, count) in enumerate(zip(programs, counts, strict=True)):
        span = BENCH_SPAN if index == 0 else OTHER_SPAN
        first, current = phases[index * per_phase], phases[index * per_phase + 1]
        for days_ago in sorted(rng.sample(range(span), min(span, count))):
            plan.append((program, current if days_ago < RECENT_DAYS else first, days_ago))

    def rows():
        for program, phase, days_ago in plan:
            pain = rng.randrange(1, 7) if days_ago > 60 else rng.randrange(0, 4)
            at = now - timedelta(days=days_ago)
            yield (
                program,
                phase,
                today - timedelta(days=days_ago),
                pain,
                max(0, pain - rng.randrange(0, 3)),
                rng.choice(LEG),
                rng.choice(EFFORT),
                "",
                None,
                at,
                at,
            )

    columns = ["program_id", "phase_id", "performed_on", "pain_before", "pain_after"]
    columns += ["leg_symptoms", "effort", "note", "created_by_id", "created_at", "updated_at"]
    log_ids = data.insert(SessionLog, columns, rows())
    data.add_creation_history(SessionLog, log_ids)

    seen: dict[int, int] = defaultdict(int)

    def completion_rows():
        for log_id, (program, phase, _days_ago) in zip(log_ids, plan, strict=True):
            seen[program] += 1  # plan is newest first per program
            if seen[program] > COMPLETED_LOGS:
                continue
            for item in items[phase]:
                yield (log_id, item, rng.choice([None, 2, 3]))

    completion_ids = data.insert(
        ExerciseCompletion, ["log_id", "program_exercise_id", "sets_done"], completion_rows()
    )
    data.add_creation_history(ExerciseCompletion, completion_ids)
    data.say(
        f"  {len(log_ids)} session logs ({counts[0]} for the bench client), "
        f"{len(completion_ids)} exercises marked done"
    )
