"""When to suggest a reassessment, and the one-step link that books it.

A client with an active program is due a reassessment when either

- every criterion of the program's current phase is met (``programs.progression``:
  the same judgement as "ready to progress"), or
- at least the clinic's chosen number of weeks (``BookingSettings.reassess_after_weeks``,
  6 unless the owner changes it) has passed since their last completed assessment;

and no reassessment appointment is booked for them from today on. A client who has
never had a completed assessment is not suggested one here: they need an initial
assessment, which the client page offers anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.http import urlencode

from clients.links import pk_url
from clients.models import AppointmentType


@dataclass
class ReassessmentDue:
    client_id: int
    name: str
    reasons: list[str] = field(default_factory=list)
    client_url: str = ""
    book_url: str = ""


def reassessment_reasons(
    *,
    ready: bool,
    phase_name: str,
    last_assessed: date | None,
    booked: bool,
    today: date,
    weeks: int,
) -> list[str]:
    """Why a reassessment is due (empty: it is not). Pure: the histories are annotated."""
    if booked or last_assessed is None:
        return []
    reasons = []
    if ready:
        reasons.append(f"Every criterion of {phase_name} is met")
    if today - last_assessed >= timedelta(weeks=weeks):
        reasons.append(
            f"{(today - last_assessed).days // 7} weeks since the last assessment "
            f"({last_assessed:%-d %b %Y})"
        )
    return reasons


def book_url(client_id: int) -> str:
    """The staff booking form for the client with the reassessment type chosen."""
    return book_urls()(client_id)


def book_urls() -> Callable[[int], str]:
    """``book_url`` for many clients from one ``reverse()`` (a list of them was a third of
    the dashboard's reassessment list)."""
    url = pk_url("clients:appointment_create")
    query = urlencode({"kind": AppointmentType.Kind.REASSESSMENT})
    return lambda client_id: f"{url(client_id)}?{query}"
