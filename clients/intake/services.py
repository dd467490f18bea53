"""The client's intake form: the private link, the answers saved section by section,
the red-flag screen saved first, and the write-back into a draft assessment.

A link belongs to one client and works until it expires (``CLINIC_INTAKE_LINK_DAYS``),
is revoked, or the form is submitted; only its hash is stored. Submitting fills a
draft assessment (the client's open draft if there is one, else a new one) and marks
each value it filled as "reported by the client"; a value a practitioner already
recorded is never overwritten.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from clients.body_chart import services as body_chart
from clients.intake.sections import SECTIONS
from clients.models import Assessment, BodyChart, Client, IntakeLink, RedFlag, SafetyCheck
from clients.red_flags import services as red_flags
from clients.vocab import RED_FLAG_QUESTIONS
from clinic.history import record_change

FROM_INTAKE = "Filled from the client's intake form"


class IntakeError(Exception):
    """The intake cannot go ahead; the message says why, in plain words."""


class IntakeNotFound(IntakeError):
    """No such link (or its client was erased): answered like a page that never existed."""


class IntakeClosed(IntakeError):
    """The link was revoked, has expired or was already used to send the form."""

    def __init__(self, link: IntakeLink):
        self.link = link
        super().__init__(link.state)


def link_lifetime() -> timedelta:
    return timedelta(days=settings.CLINIC_INTAKE_LINK_DAYS)


def intake_url(token: str) -> str:
    return settings.CLINIC_SITE_URL.rstrip("/") + reverse("clients:intake_start", args=[token])


def _revoke_open(client: Client, *, by) -> None:
    now = timezone.now()
    for link in client.intakes.open():
        link.revoked_at, link.revoked_by = now, by
        record_change(link, by=by, reason="Replaced by a new link")
        link.save(update_fields=["revoked_at", "revoked_by", "updated_at"])


@transaction.atomic
def create_link(*, client: Client, by) -> tuple[IntakeLink, str]:
    """A new link for ``client`` (any earlier open one stops working) and its token,
    the only copy. ``by`` is None when a booking sends it."""
    client = Client.objects.select_for_update().get(pk=client.pk)
    if client.is_archived or client.is_anonymised:
        raise IntakeError("This client is archived. Restore them before sending the intake form.")
    _revoke_open(client, by=by)
    token = IntakeLink.new_token()
    now = timezone.now()
    link = IntakeLink(
        client=client,
        token_hash=IntakeLink.hash(token),
        created_at=now,
        created_by=by,
        expires_at=now + link_lifetime(),
    )
    record_change(link, by=by, reason="Sent")
    link.save()
    return link, token


def send_link(*, client: Client, by) -> IntakeLink:
    """Create a link and email it to the client (after the transaction commits)."""
    if not client.email:
        raise IntakeError("Add the client's email address before sending the intake form.")
    link, token = create_link(client=client, by=by)
    context = {
        "client": client,
        "link": intake_url(token),
        "expires": timezone.localtime(link.expires_at),
        "clinic_name": settings.CLINIC_NAME,
    }
    message = render_to_string("clients/intake/email/intake_link.txt", context)
    transaction.on_commit(
        lambda: send_mail(
            subject=f"Before your first visit: your {settings.CLINIC_NAME} intake form",
            message=message,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[client.email],
        )
    )
    return link


def link_for_booking(client: Client) -> str | None:
    """For a booking confirmation: a fresh intake link for ``client``, or None when they
    already sent their intake form or cannot get one (archived, no email)."""
    if client.is_archived or client.is_anonymised or not client.email:
        return None
    if client.intakes.filter(submitted_at__isnull=False).exists():
        return None
    _link, token = create_link(client=client, by=None)
    return intake_url(token)


@transaction.atomic
def revoke_link(*, link: IntakeLink, by) -> bool:
    """Stop ``link`` working; False when it was already closed."""
    now = timezone.now()
    claimed = IntakeLink.objects.open().filter(pk=link.pk).update(revoked_at=now, revoked_by=by)
    if claimed:
        link.refresh_from_db()
        record_change(link, by=by, reason="Revoked")
        link.save(update_fields=["updated_at"])
    return bool(claimed)


def open_link(token: str) -> IntakeLink:
    """The link for ``token`` if it still works; ``IntakeNotFound`` or ``IntakeClosed``."""
    link = (
        IntakeLink.objects.select_related("client")
        .filter(token_hash=IntakeLink.hash(token))
        .first()
    )
    if link is None or link.client.is_anonymised:
        raise IntakeNotFound("This link is not valid.")
    if link.state != "pending":
        raise IntakeClosed(link)
    return link


def portal_link(client: Client) -> IntakeLink | None:
    """The portal's way in: the client's usable link, if any (no token needed there)."""
    return client.intakes.usable().select_related("client").first()


def _locked(link: IntakeLink) -> IntakeLink:
    locked = IntakeLink.objects.select_for_update().select_related("client").get(pk=link.pk)
    if locked.state != "pending":
        raise IntakeClosed(locked)
    return locked


@transaction.atomic
def save_section(*, link: IntakeLink, code: str, answers: dict) -> IntakeLink:
    """Keep one section's answers (replacing what it had); the chart's as a draft chart."""
    link = _locked(link)
    if code == "chart":
        chart = link.body_chart or BodyChart(
            client=link.client, source=BodyChart.Source.INTAKE_DRAFT
        )
        chart.recorded_on = timezone.localdate()
        body_chart.save_marks(
            chart=chart, marks=answers["marks"], by=None, reason="Marked in the intake form"
        )
        link.body_chart = chart
    link.answers = {**link.answers, code: answers}
    record_change(link, by=None, reason=f"Section saved: {code}")
    link.save()
    return link


def save_safety_answers(*, link: IntakeLink, data) -> bool:
    """The red-flag screen's answers in raw form data, saved before anything else, on
    their own: True when a "yes" raised a red flag (the practitioner is alerted)."""
    codes = [code for code, _q, _p in RED_FLAG_QUESTIONS]
    check = red_flags.record_safety_answers(
        client=link.client,
        answers=red_flags.answers_from(data, codes),
        source=SafetyCheck.Source.INTAKE,
        flag_source=RedFlag.Source.INTAKE,
        by=None,
        note="Reported in the intake form",
    )
    return check is not None and check.red_flag_id is not None


def missing_sections(link: IntakeLink) -> list:
    return [section for section in SECTIONS if section.code not in link.answers]


def _fill(assessment: Assessment, field: str, value, filled: list[str]) -> None:
    """Set ``field`` from the client's answer unless a practitioner recorded it."""
    if value in (None, "", [], {}):
        return
    current = getattr(assessment, field)
    if current not in (None, "", [], {}):
        return
    setattr(assessment, field, value)
    filled.append(field)


def _prior_care(answers: dict) -> str:
    history = answers.get("history", {})
    parts = []
    if history.get("prior_treatment"):
        parts.append(f"Treatment: {history['prior_treatment']}")
    if history.get("imaging"):
        parts.append(f"Scans: {history['imaging']}")
    return "\n".join(parts)


@transaction.atomic
def submit_intake(*, link: IntakeLink) -> Assessment:
    """Close the link and write the answers into a draft assessment (see the module
    docstring). Every section must have been saved."""
    link = _locked(link)
    missing = missing_sections(link)
    if missing:
        raise IntakeError(
            "Please fill these parts first: " + ", ".join(s.title for s in missing) + "."
        )
    client = link.client
    assessment = (
        Assessment.objects.active().drafts().filter(client=client).order_by("-assessed_on").first()
    ) or Assessment(client=client, status=Assessment.Status.DRAFT, assessed_by=None)
    answers = link.answers
    filled: list[str] = []
    story, changes = answers["story"], answers["changes"]
    onset = date.fromisoformat(story["onset_date"]) if story.get("onset_date") else None
    values = {
        "onset_story": story.get("onset_story", ""),
        "onset_date": onset,
        "aggravating_factors": changes.get("aggravating_factors", []),
        "easing_factors": changes.get("easing_factors", ""),
        "prior_care": _prior_care(answers),
        "pain_now": answers["pain"].get("pain_now"),
        "pain_best": answers["pain"].get("pain_best"),
        "pain_worst": answers["pain"].get("pain_worst"),
        "red_flag_answers": answers["safety"],
        "odi_answers": answers["odi"].get("odi_answers", []),
        "psfs_items": answers["psfs"].get("psfs_items", []),
    }
    for field, value in values.items():
        _fill(assessment, field, value, filled)
    assessment.reported_by_client = sorted(set(assessment.reported_by_client) | set(filled))
    if assessment.pk:
        assessment.version += 1
    record_change(assessment, by=None, reason=FROM_INTAKE)
    assessment.save()
    chart = link.body_chart
    if chart is not None:
        chart.source = BodyChart.Source.INTAKE
        if not BodyChart.objects.filter(assessment=assessment).exists() and chart.marks.exists():
            chart.assessment = assessment
            chart.recorded_on = assessment.assessed_on
            assessment.reported_by_client = sorted({*assessment.reported_by_client, "body_chart"})
            Assessment.objects.filter(pk=assessment.pk).update(
                reported_by_client=assessment.reported_by_client
            )
        record_change(chart, by=None, reason="Sent with the intake form")
        chart.save()
    goals = answers["goals"].get("goals", "")
    if goals and not client.goals:
        client.goals = goals
        client.version += 1
        record_change(client, by=None, reason=FROM_INTAKE)
        client.save(update_fields=["goals", "version", "updated_at"])
    link.submitted_at = timezone.now()
    link.assessment = assessment
    record_change(link, by=None, reason="Submitted")
    link.save()
    return assessment


def erase(client: Client) -> None:
    """Right to erasure: the client's intake links (tokens and every answer typed) go,
    with the charts of forms never sent; what was sent lives on in the assessment."""
    links = list(client.intakes.all())
    drafts = [
        link.body_chart_id for link in links if link.body_chart_id and link.submitted_at is None
    ]
    client.intakes.all().delete()
    BodyChart.objects.filter(pk__in=drafts).delete()
    # Last: deleting a row writes a history row of its own.
    IntakeLink.history.filter(client_id=client.pk).delete()
    BodyChart.history.filter(id__in=drafts).delete()
