"""Demo portal data: what became of each exercise in the demo clients' sessions (most
done, a few skipped with a reason, the odd "this hurt"), a few notes, and one client
(Jordan) whose pain after sessions rose this week and whose first exercise hurt in
the last two sessions, so the dashboard's "clients who need
attention" has something to show. Safe to run again."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from clinic.seed.demo.staff import CLIENTS
from programs.models import ClientProgram, ExerciseCompletion, ProgramExercise, SessionLog

# Jordan's week: (days ago, pain before, pain after, leg symptoms, note)
RISING_WEEK = [
    (5, 3, 2, SessionLog.LegSymptoms.SAME, ""),
    (3, 3, 3, SessionLog.LegSymptoms.SAME, "Long day at the desk."),
    (1, 3, 4, SessionLog.LegSymptoms.SAME, "Stiff after the bird dogs."),
    (0, 4, 5, SessionLog.LegSymptoms.SAME, "Back ached more after today's session."),
]


def _programs():
    emails = [demo.email for demo in CLIENTS]
    return ClientProgram.objects.active().filter(client__email__in=emails).select_related("client")


def seed_rising_pain(program: ClientProgram) -> None:
    today = timezone.localdate()
    for days_ago, before, after, legs, note in RISING_WEEK:
        SessionLog.objects.update_or_create(
            program=program,
            performed_on=today - timedelta(days=days_ago),
            defaults={
                "phase": program.current_phase,
                "pain_before": before,
                "pain_after": after,
                "leg_symptoms": legs,
                "note": note,
                "created_by": program.client.user,
            },
        )


# Every SKIP_EVERY-th exercise of the demo sessions was skipped (the reasons in turn),
# every HURT_EVERY-th one hurt: a believable sprinkling, the same on every run.
SKIP_EVERY, HURT_EVERY = 7, 11
REASONS = list(ExerciseCompletion.SkipReason.values)


def _outcome(n: int) -> dict:
    if n % SKIP_EVERY == SKIP_EVERY - 1:
        reason = REASONS[(n // SKIP_EVERY) % len(REASONS)]
        return {"status": ExerciseCompletion.Status.SKIPPED, "skip_reason": reason}
    return {"hurt": n % HURT_EVERY == HURT_EVERY - 1}


def seed_completions(program: ClientProgram, *, hurt_first_in_last: int = 0) -> int:
    """One row per current exercise in each log that has none yet; with
    ``hurt_first_in_last``, the first exercise hurt in that many of the latest logs."""
    items = list(
        ProgramExercise.objects.active()
        .filter(phase_id=program.current_phase_id)
        .order_by("position", "id")
    )
    added = 0
    logs = program.logs.filter(completions__isnull=True).order_by("performed_on", "pk")
    for number, log in enumerate(logs):
        for position, item in enumerate(items):
            # Counted by place, not by primary key: the same on every database.
            values = {**_outcome(number * len(items) + position), "sets_done": item.sets}
            if values.get("status") == ExerciseCompletion.Status.SKIPPED:
                values["sets_done"] = 0
            ExerciseCompletion.objects.get_or_create(
                log=log, program_exercise=item, defaults=values
            )
            added += 1
    if hurt_first_in_last and items:
        latest = program.logs.order_by("-performed_on", "-session_number")[:hurt_first_in_last]
        ExerciseCompletion.objects.filter(log__in=list(latest), program_exercise=items[0]).update(
            status=ExerciseCompletion.Status.DONE, skip_reason="", hurt=True
        )
    return added


def seed(out) -> None:
    ticked = 0
    for program in _programs():
        rising = program.client.email.lower() == CLIENTS[1].email.lower()
        if rising:
            seed_rising_pain(program)
        ticked += seed_completions(program, hurt_first_in_last=2 if rising else 0)
    out.write(f"Portal ready: {ticked} exercise outcomes in demo sessions.")
