"""Demo portal data: the exercises ticked in the demo clients' sessions, a few notes,
and one client (Jordan) whose pain after sessions rose this week, so the dashboard's
"clients who need attention" has something to show. Safe to run again."""

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


def seed_completions(program: ClientProgram) -> int:
    """Tick every current exercise in each log that has none yet (the client did them all)."""
    items = list(ProgramExercise.objects.active().filter(phase_id=program.current_phase_id))
    added = 0
    for log in program.logs.filter(completions__isnull=True):
        for item in items:
            ExerciseCompletion.objects.get_or_create(log=log, program_exercise=item)
            added += 1
    return added


def seed(out) -> None:
    ticked = 0
    for program in _programs():
        if program.client.email.lower() == CLIENTS[1].email.lower():
            seed_rising_pain(program)
        ticked += seed_completions(program)
    out.write(f"Portal ready: {ticked} exercises ticked in demo sessions.")
