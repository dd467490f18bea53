"""The client's intake form: the private link, the answers saved section by section,
the red-flag screen saved first, and the write-back into a draft assessment.

A link belongs to one client and works until it expires (``CLINIC_INTAKE_LINK_DAYS``),
is revoked, or the form is submitted; only its hash is stored. Submitting fills a
draft assessment (the client's open draft if there is one, else a new one) and marks
each value it filled as "reported by the client"; a value a practitioner already
recorded is never overwritten.

A stranger's booking (no client record: a typed email is never matched to one) gets a
link of its consultation instead, with the same rules. Until the practitioner makes
the person a client, everything stays on the link: the safety answers (saved first; a
"yes" emails the consultation's practitioner), the answers and the consent they signed.
``adopt`` then hands it all to the client, as if they had sent it as one: the
write-back, the safety check and red flag, and the signature ("remote link").
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from clients.body_chart import services as body_chart
from clients.consent import services as consent
from clients.intake.sections import SECTIONS
from clients.models import (
    Assessment,
    BodyChart,
    Client,
    Consultation,
    IntakeLink,
    RedFlag,
    SafetyCheck,
)
from clients.red_flags import emails as red_flag_emails
from clients.red_flags import services as red_flags
from clients.vocab import RED_FLAG_QUESTIONS
from clinic.history import record_change

logger = logging.getLogger(__name__)

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


def _replace_open(owner, *, by, reason: str, **link_owner) -> tuple[IntakeLink, str]:
    """Revoke ``owner``'s open links (a client or a consultation: its ``intakes``) and
    create the new one for ``link_owner`` (``client=`` or ``consultation=``) with its
    token, the only copy."""
    now = timezone.now()
    for earlier in owner.intakes.open():
        earlier.revoked_at, earlier.revoked_by = now, by
        record_change(earlier, by=by, reason="Replaced by a new link")
        earlier.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    token = IntakeLink.new_token()
    link = IntakeLink(
        **link_owner,
        token_hash=IntakeLink.hash(token),
        created_at=now,
        created_by=by,
        expires_at=now + link_lifetime(),
    )
    record_change(link, by=by, reason=reason)
    link.save()
    return link, token


@transaction.atomic
def create_link(*, client: Client, by) -> tuple[IntakeLink, str]:
    """A new link for ``client`` (any earlier open one stops working) and its token,
    the only copy. ``by`` is None when a booking sends it."""
    client = Client.objects.select_for_update().get(pk=client.pk)
    if client.is_archived or client.is_anonymised:
        raise IntakeError("This client is archived. Restore them before sending the intake form.")
    return _replace_open(client, by=by, reason="Sent", client=client)


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


@transaction.atomic
def create_consultation_link(*, consultation: Consultation, by) -> tuple[IntakeLink, str]:
    """A new link for the person who booked ``consultation`` without a client record
    (any earlier open one of it stops working) and its token, the only copy."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.client_id is not None:
        return create_link(client=consultation.client, by=by)
    return _replace_open(
        consultation, by=by, reason="Sent with the booking", consultation=consultation
    )


def link_for_consultation(consultation: Consultation) -> str | None:
    """For a booking confirmation: the client's link (``link_for_booking``), or for a
    stranger's booking a fresh link of the consultation; None when the form was already
    sent for it or the booking is cancelled."""
    if consultation.client_id is not None:
        return link_for_booking(consultation.client)
    if not consultation.email or consultation.status == Consultation.Status.CANCELLED:
        return None
    if consultation.intakes.filter(submitted_at__isnull=False).exists():
        return None
    _link, token = create_consultation_link(consultation=consultation, by=None)
    return intake_url(token)


@transaction.atomic
def revoke_for_consultation(*, consultation: Consultation, by) -> int:
    """The cancelled consultation's open links stop working (its client's own links,
    sent from the client page, are theirs and stay). Returns how many."""
    now = timezone.now()
    links = list(IntakeLink.objects.open().filter(consultation=consultation, client__isnull=True))
    for link in links:
        link.revoked_at, link.revoked_by = now, by
        record_change(link, by=by, reason="The booking was cancelled")
        link.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    return len(links)


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
    # The hash is unique: no ORDER BY for first() to build (the model's default order).
    found = (
        IntakeLink.objects.select_related("client", "consultation")
        .filter(token_hash=IntakeLink.hash(token))
        .order_by()[:1]
    )
    link = next(iter(found), None)
    if link is None or (link.client is not None and link.client.is_anonymised):
        raise IntakeNotFound("This link is not valid.")
    if link.state != "pending":
        raise IntakeClosed(link)
    return link


def portal_link(client: Client) -> IntakeLink | None:
    """The portal's way in: the client's usable link, if any (no token needed there)."""
    return client.intakes.usable().select_related("client").first()


def _locked(link: IntakeLink) -> IntakeLink:
    locked = (
        IntakeLink.objects.select_for_update(of=("self",))
        .select_related("client", "consultation")
        .get(pk=link.pk)
    )
    if locked.state != "pending":
        raise IntakeClosed(locked)
    return locked


@transaction.atomic
def save_section(*, link: IntakeLink, code: str, answers: dict) -> IntakeLink:
    """Keep one section's answers (replacing what it had); the chart's as a draft chart."""
    link = _locked(link)
    if code == "chart" and link.client is not None:
        # A stranger's marks stay in the answers until there is a client to chart.
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
    if link.client is None:
        return _keep_strangers_safety_answers(link, red_flags.answers_from(data, codes))
    check = red_flags.record_safety_answers(
        client=link.client,
        answers=red_flags.answers_from(data, codes),
        source=SafetyCheck.Source.INTAKE,
        flag_source=RedFlag.Source.INTAKE,
        by=None,
        note="Reported in the intake form",
    )
    return check is not None and check.red_flag_id is not None


def _keep_strangers_safety_answers(link: IntakeLink, answers: dict) -> bool:
    """A consultation's link: the answers kept on it (a "yes" stays a yes), in their own
    transaction; the first "yes" alerts the practitioner once it has committed."""
    if not answers:
        return False
    with transaction.atomic():
        locked = IntakeLink.objects.select_for_update().get(pk=link.pk)
        if locked.state != "pending":
            return False
        kept = {
            code: said or locked.safety_answers.get(code, False) for code, said in answers.items()
        }
        locked.safety_answers = {**locked.safety_answers, **kept}
        flagged = any(answers.values())
        if flagged and locked.flagged_at is None:
            locked.flagged_at = timezone.now()
            transaction.on_commit(lambda: send_stranger_alerts(pks=[locked.pk]))
        record_change(locked, by=None, reason="Safety answers" + (": yes" if flagged else ""))
        locked.save()
    link.safety_answers, link.flagged_at = locked.safety_answers, locked.flagged_at
    return flagged


def _stranger_recipients(consultation: Consultation) -> list[str]:
    practitioner = consultation.practitioner
    if practitioner.is_active and practitioner.email:
        return [practitioner.email]
    return red_flag_emails.owner_emails()


def send_stranger_alerts(*, pks=None, now=None) -> int:
    """Email the practitioner of each consultation whose intake answered "yes" to a
    safety question (every owner when theirs has left): once per link, claimed with a
    conditional UPDATE; a failed email is released for the scheduled command to retry.
    No health details and no name: a link to the consultation behind the login."""
    now = now or timezone.now()
    pending = IntakeLink.objects.filter(
        flagged_at__isnull=False, flag_notified_at__isnull=True, client__isnull=True
    )
    if pks is not None:
        pending = pending.filter(pk__in=list(pks))
    sent = 0
    for link in pending.select_related("consultation__practitioner").order_by("flagged_at"):
        claimed = IntakeLink.objects.filter(pk=link.pk, flag_notified_at__isnull=True).update(
            flag_notified_at=now
        )
        if not claimed:
            continue
        body = render_to_string(
            "clients/intake/email/stranger_flag.txt",
            {
                "url": settings.CLINIC_SITE_URL.rstrip("/") + link.consultation.get_absolute_url(),
                "clinic_name": settings.CLINIC_NAME,
            },
        )
        try:
            EmailMessage(
                subject="Someone who booked reported a safety concern",
                body=body,
                to=_stranger_recipients(link.consultation),
                reply_to=[settings.CLINIC_EMAIL],
            ).send()
        except Exception:
            logger.exception("The alert for intake link %s could not be sent", link.pk)
            IntakeLink.objects.filter(pk=link.pk, flag_notified_at=now).update(
                flag_notified_at=None
            )
            continue
        sent += 1
    return sent


def keep_signature(*, link: IntakeLink, version, full_name: str) -> None:
    """A consultation's link: the consent signed with the form, kept on the link until
    the person is a client (``adopt`` makes it theirs). Runs in the submit's transaction."""
    version, full_name = consent.check_signable(version, full_name)
    link.consent_version = version
    link.consent_name = full_name
    link.consent_signed_at = timezone.now()
    record_change(link, by=None, reason=f"Consent signed ({version})")
    link.save(update_fields=["consent_version", "consent_name", "consent_signed_at", "updated_at"])


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
def submit_intake(*, link: IntakeLink) -> IntakeLink:
    """Close the link and write the answers into a draft assessment (see the module
    docstring). Every section must have been saved. A consultation's link (no client
    yet) keeps its answers (``assessment`` stays empty): ``adopt`` writes them back
    later. Returns the link as saved (the locked copy, not the one passed in), for
    whatever the same transaction records next (``keep_signature``)."""
    link = _locked(link)
    missing = missing_sections(link)
    if missing:
        raise IntakeError(
            "Please fill these parts first: " + ", ".join(s.title for s in missing) + "."
        )
    link.submitted_at = timezone.now()
    if link.client is not None:
        link.assessment = _write_back(link)
    record_change(link, by=None, reason="Submitted")
    link.save()
    return link


def _stranger_chart(link: IntakeLink) -> BodyChart | None:
    """A consultation's link kept its marks in the answers: now there is a client, a
    draft chart of the day they were sent."""
    marks = link.answers.get("chart", {}).get("marks") or {}
    if link.body_chart_id is not None or not any(marks.values()):
        return link.body_chart
    chart = BodyChart(
        client=link.client,
        source=BodyChart.Source.INTAKE_DRAFT,
        recorded_on=timezone.localdate(link.submitted_at),
    )
    body_chart.save_marks(chart=chart, marks=marks, by=None, reason="Marked in the intake form")
    link.body_chart = chart
    return chart


def _write_back(link: IntakeLink) -> Assessment:
    """The sent answers into the client's draft assessment, each filled value marked
    "reported by the client"; nothing a practitioner recorded is overwritten."""
    client = link.client
    if client.is_archived or client.is_anonymised:
        raise IntakeError("This record is closed: restore the client before adding answers to it.")
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
    chart = _stranger_chart(link)
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
    return assessment


def _adopt_safety_answers(link: IntakeLink) -> None:
    """The stranger's safety answers become the client's safety check (and red flag,
    raised when they said it and already emailed about when that went out)."""
    if not link.safety_answers:
        return
    red_flags.record_safety_answers(
        client=link.client,
        answers=link.safety_answers,
        source=SafetyCheck.Source.INTAKE,
        flag_source=RedFlag.Source.INTAKE,
        by=None,
        note="Reported in the intake form, before becoming a client",
        # Dated when they said it and already emailed about (kept in the flag's history
        # too); the owners' escalation clock starts now, with the converting practitioner.
        raised_at=link.flagged_at,
        notified_at=link.flag_notified_at,
    )


@transaction.atomic
def adopt(*, consultation: Consultation, client: Client, by) -> list[IntakeLink]:
    """``consultation``'s person is now ``client`` (converted or linked by ``by``): its
    intake links become the client's. A sent form is written back like ``submit_intake``
    (nothing a practitioner recorded is overwritten), the safety answers become the
    client's safety check and red flag, and the consent signed with the form the
    client's signature ("remote link", with its version and time). A form still open
    goes on as the client's own. A closed (archived or anonymised) record is refused."""
    if client.is_archived or client.is_anonymised:
        raise IntakeError("This record is closed: restore the client before adding answers to it.")
    links = list(
        IntakeLink.objects.select_for_update()
        .filter(consultation=consultation, client__isnull=True)
        .order_by("created_at", "pk")
    )
    for link in links:
        link.client = client
        _adopt_safety_answers(link)
        if link.submitted_at is not None:
            link.assessment = _write_back(link)
        if link.consent_version_id is not None:
            consent.adopt_signature(
                client=client,
                version=link.consent_version,
                full_name=link.consent_name,
                signed_at=link.consent_signed_at,
                by=by,
            )
        record_change(link, by=by, reason="Now the client's")
        link.save()
    return links


def erase(client: Client) -> None:
    """Right to erasure: the client's intake links (tokens and every answer typed),
    theirs or their consultations', go, with the charts of forms never sent; what was
    sent lives on in the assessment. (Booking's erasure runs first and links the
    consultations booked with their email or phone.)"""
    links = list(IntakeLink.objects.filter(Q(client=client) | Q(consultation__client=client)))
    ids = [link.pk for link in links]
    drafts = [
        link.body_chart_id for link in links if link.body_chart_id and link.submitted_at is None
    ]
    IntakeLink.objects.filter(pk__in=ids).delete()
    BodyChart.objects.filter(pk__in=drafts).delete()
    # Last: deleting a row writes a history row of its own.
    IntakeLink.history.filter(Q(client_id=client.pk) | Q(id__in=ids)).delete()
    BodyChart.history.filter(id__in=drafts).delete()
