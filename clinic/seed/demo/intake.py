"""Demo intake forms and body charts. Safe to run again.

- Riley (a lead with a draft assessment) sent the intake form: the draft holds the
  answers marked "reported by the client", beside what the practitioner wrote.
- Casey (CLIENTS[2], with a portal login) has a link pending, the first two parts
  saved: the portal's Today page offers to continue it.
- Jordan marked today's check-in body chart down to the sole of the foot, further down
  the leg than at the first assessment: the dashboard lists it as peripheralising.
"""

from __future__ import annotations

from clients.intake import services as intake
from clients.intake.sections import SECTION_BY_CODE, SECTIONS
from clients.models import Client
from clients.vocab import RED_FLAG_QUESTIONS
from clinic.seed.demo.staff import CLIENTS
from programs.models import ClientProgram
from programs.portal.check_in import save_check_in_chart

ANSWERS = {
    "story": {
        "onset_story": "Sat for a whole weekend of exams, then it ached deep in the left buttock.",
    },
    "changes": {"aggravating_factors": ["sitting", "bending"], "easing_factors": "Short walks"},
    "history": {"prior_treatment": "None yet", "imaging": "No scans"},
    "goals": {"goals": "Sit through a three-hour lecture without pain."},
    "chart": {"chart_buttock_left": "ache", "chart_thigh_back_left": "pain"},
    "pain": {"pain_now": "4", "pain_best": "2", "pain_worst": "6"},
    "safety": {f"flag_{code}": "no" for code, _question, _plain in RED_FLAG_QUESTIONS},
    "odi": {
        "odi_pain_intensity": "2", "odi_personal_care": "0", "odi_lifting": "1",
        "odi_walking": "0", "odi_sitting": "3", "odi_standing": "1", "odi_sleeping": "1",
        "odi_social_life": "1", "odi_travelling": "2",
    },
    "psfs": {
        "psfs_activity_1": "Sitting in lectures", "psfs_score_1": "3",
        "psfs_activity_2": "Cycling to campus", "psfs_score_2": "6",
        "psfs_activity_3": "Carrying my bag", "psfs_score_3": "5",
    },
}  # fmt: skip
# Jordan's check-in today: symptoms down to the sole of the foot.
SPREADING = {
    "buttock_left": "pain",
    "thigh_back_left": "pain",
    "calf_left": "tingling",
    "foot_sole_left": "numbness",
}


def _save(link, code: str) -> None:
    form = SECTION_BY_CODE[code].form(ANSWERS[code])
    if not form.is_valid():
        raise ValueError(f"Demo intake answers for {code} are invalid: {form.errors}")
    intake.save_section(link=link, code=code, answers=form.answers())


def seed(out) -> None:
    made = []
    riley = Client.objects.filter(email__iexact="riley.chen@example.com").first()
    if riley is not None and not riley.intakes.exists():
        link, _token = intake.create_link(client=riley, by=riley.practitioner)
        for section in SECTIONS:
            _save(link, section.code)
        intake.submit_intake(link=link)
        made.append("Riley sent one")
    pending = Client.objects.filter(email__iexact=CLIENTS[2].email).first()
    if pending is not None and not pending.intakes.exists():
        link, _token = intake.create_link(client=pending, by=pending.practitioner)
        for code in ("story", "changes"):
            _save(link, code)
        made.append(f"{pending.first_name}'s is pending")
    program = ClientProgram.objects.active().filter(client__email__iexact=CLIENTS[1].email).first()
    log = program.logs.order_by("-performed_on", "-session_number").first() if program else None
    if log is not None and log.body_chart_id is None:
        save_check_in_chart(log=log, marks=SPREADING, by=program.client.user)
        made.append("Jordan's check-in chart")
    out.write(f"Intake forms and body charts ready ({', '.join(made) or 'nothing new'}).")
