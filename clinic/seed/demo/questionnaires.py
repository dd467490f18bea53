"""Demo questionnaires between visits: Alex answers ODI, NPRS and PSFS every two weeks.

Four weeks ago's went unanswered (missed, shown on the program page), two weeks ago's
was answered (on the client page's chart, client-reported) and today's is due: the
portal shows its card and ``send_reminders`` emails it. Idempotent: a client with a
schedule is left as it is.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from clients.models import Client, QuestionnaireResponse
from clients.questionnaires import services
from clinic.seed.demo.clients import PSFS_ACTIVITIES
from clinic.seed.demo.staff import CLIENTS, PRACTITIONERS, ensure_user

EMAIL = CLIENTS[0].email


def seed(out) -> None:
    client = Client.objects.filter(email__iexact=EMAIL).first()
    if client is None or client.questionnaire_schedules.exists():
        out.write("Demo questionnaires ready (nothing new).")
        return
    by = ensure_user(PRACTITIONERS[0])
    schedule = services.schedule_questionnaires(
        client=client,
        measures=["nprs", "odi", "psfs"],
        psfs_activities=PSFS_ACTIVITIES,
        every_weeks=2,
        starts_on=timezone.localdate(),
        by=by,
    )
    # As if scheduled four weeks ago: the first two fell due before today.
    today = timezone.localdate()
    schedule.starts_on = today - timedelta(weeks=4)
    schedule.save(update_fields=["starts_on"])
    schedule.responses.all().delete()
    services.open_due(schedule, today=today)
    # Two weeks ago's was answered on its day (its window has closed since, so the
    # answers are written as the portal saved them, in the assessment's shapes).
    QuestionnaireResponse.objects.filter(
        schedule=schedule, due_on=today - timedelta(weeks=2)
    ).update(
        answered_at=timezone.now() - timedelta(weeks=2),
        pain_now=3,
        odi_answers=[2, 1, 2, 1, 1, 2, 1, None, 1, 1],
        psfs_items=[
            {"activity": activity, "score": score}
            for activity, score in zip(PSFS_ACTIVITIES, [6, 7, 7], strict=True)
        ],
    )
    out.write(f"Demo questionnaires ready ({EMAIL}: one missed, one answered, one due today).")
