"""Workflows on client records: saving with edit-conflict checks, consent, archive,
assessments and the red flags their screens raise.

Every function runs in one transaction, raises ``ClientError`` (or a subclass) for a
problem the user can fix, and leaves a history entry stamped with ``by``.
"""

from __future__ import annotations

from datetime import date

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from clients.body_chart import services as body_chart
from clients.models import Assessment, Client, RedFlag, SessionNote
from clients.posture import services as posture_services
from clinic.history import record_change


class ClientError(Exception):
    """A workflow refused; the message is written for the practitioner."""


class EditConflict(ClientError):
    """Someone else saved the record after this form was opened."""


def _claim_version(instance: models.Model, expected_version: int) -> None:
    """Bump ``version`` in the database only if it still equals ``expected_version``.

    The conditional UPDATE is atomic, so of two concurrent saves of the same form
    version exactly one wins; the loser gets ``EditConflict`` and saves nothing.
    """
    updated = (
        type(instance)
        .objects.filter(pk=instance.pk, version=expected_version)
        .update(version=F("version") + 1)
    )
    if not updated:
        raise EditConflict(
            "Someone else saved this record after you opened it, so your changes were "
            "not saved. Reload the page to see their version, then make your changes again."
        )
    instance.version = expected_version + 1


@transaction.atomic
def save_client(*, client: Client, by, expected_version: int | None = None) -> Client:
    """Create (``client.pk`` unset) or update a client from a validated form instance."""
    record_change(client, by=by)
    if client.pk is None:
        client.save()
        return client
    _claim_version(client, expected_version if expected_version is not None else -1)
    client.save()
    return client


@transaction.atomic
def archive_client(*, client: Client, by, reason: str) -> Client:
    reason = reason.strip()
    if not reason:
        raise ClientError("Give a reason for archiving.")
    if client.is_archived:
        raise ClientError("This client is already archived.")
    client.archive(by=by, reason=reason)
    return client


@transaction.atomic
def restore_client(*, client: Client, by) -> Client:
    if not client.is_archived:
        raise ClientError("This client is not archived.")
    client.restore(by=by)
    return client


@transaction.atomic
def add_session_note(*, client: Client, by, text: str, noted_on: date) -> SessionNote:
    if client.is_archived:
        raise ClientError("Restore the client before adding notes.")
    note = SessionNote(client=client, author=by, text=text.strip(), noted_on=noted_on)
    record_change(note, by=by)
    note.save()
    return note


@transaction.atomic
def save_assessment(
    *,
    assessment: Assessment,
    by,
    complete: bool,
    expected_version: int | None = None,
    chart_marks: dict[str, str] | None = None,
) -> Assessment:
    """Save a validated assessment as a draft or as completed, and sync its red flag.

    Any "yes" in the red-flag screen raises (or updates) an unresolved RedFlag at once,
    even in a draft: a positive screen must never wait for the paperwork.
    """
    from django.core.exceptions import ValidationError

    if assessment.client.is_archived:
        raise ClientError("Restore the client before recording assessments.")
    if complete:
        if assessment.status != Assessment.Status.COMPLETED:
            # Correcting an assessment completed earlier is not a new completion.
            from clients.consent.services import require_current_consent  # (imports us)

            require_current_consent(assessment.client, action="completing the assessment")
        try:
            assessment.check_complete()
        except ValidationError as exc:
            raise ClientError(" ".join(exc.messages)) from exc
        if assessment.status != Assessment.Status.COMPLETED:
            assessment.status = Assessment.Status.COMPLETED
            assessment.completed_at = timezone.now()
    if assessment.pk is None:
        assessment.assessed_by = assessment.assessed_by or by
    else:
        _claim_version(assessment, expected_version if expected_version is not None else -1)
    if assessment.pk is not None and assessment.reported_by_client:
        _keep_client_reported(assessment, chart_marks)
    overridden = posture_services.note_overrides(assessment)
    record_change(
        assessment,
        by=by,
        reason="Practitioner overrode the measure from the photo" if overridden else None,
    )
    assessment.save()
    if chart_marks is not None:
        body_chart.save_assessment_chart(assessment=assessment, marks=chart_marks, by=by)
    _sync_red_flag(assessment, by=by)
    if assessment.status == Assessment.Status.COMPLETED:
        refresh_status(assessment.client, by=by)
    return assessment


# The statuses that follow what happened; "discharged" and "archived" are decisions a
# practitioner makes, and "paused" one they make or that follows no active program.
_FOLLOWS_EVENTS = {Client.Status.LEAD, Client.Status.ACTIVE, Client.Status.PAUSED}


def derived_status(client: Client) -> str:
    """The status ``client``'s records call for: a lead until they have both a completed
    assessment and an active program (then active); an active client whose program
    ended and who has none left is paused. Two queries."""
    has_program = client.programs.filter(status="active").exists()
    if has_program and client.assessments.filter(status=Assessment.Status.COMPLETED).exists():
        return Client.Status.ACTIVE
    if client.status == Client.Status.ACTIVE and not has_program:
        return Client.Status.PAUSED
    return client.status


@transaction.atomic
def refresh_status(client: Client, *, by) -> Client:
    """Move ``client`` to ``derived_status`` after an event (an assessment completed, a
    program assigned or ended). A status the practitioner chose outside the automatic
    ones (discharged, archived) is left alone; they can still set any status on the
    client's form, and the next event moves it again."""
    client = Client.objects.select_for_update().get(pk=client.pk)
    if client.status not in _FOLLOWS_EVENTS:
        return client
    status = derived_status(client)
    if status == client.status:
        return client
    old = client.get_status_display()
    client.status = status
    client.version += 1
    record_change(client, by=by, reason=f"Status {old} → {client.get_status_display()}")
    client.save(update_fields=["status", "version", "updated_at"])
    return client


def _keep_client_reported(assessment: Assessment, chart_marks: dict | None) -> None:
    """A value the practitioner changed is theirs now: off the "reported by the client"
    list (the history keeps what the client said)."""
    fields = [f for f in assessment.reported_by_client if f != "body_chart"]
    saved = Assessment.objects.filter(pk=assessment.pk).values(*fields).first() or {}
    kept = [f for f in fields if saved.get(f) == getattr(assessment, f)]
    if "body_chart" in assessment.reported_by_client:
        chart = assessment.chart
        if chart_marks is None or (chart is not None and chart.marks_by_field() == chart_marks):
            kept.append("body_chart")
    assessment.reported_by_client = sorted(kept)


def _sync_red_flag(assessment: Assessment, *, by) -> RedFlag | None:
    yes = assessment.red_flag_yes_codes
    flag = assessment.red_flags.unresolved().first()
    if not yes:
        # A "yes" corrected to "no" leaves any open flag for a practitioner to resolve
        # explicitly ("not confirmed"), so the history shows both.
        return flag
    if flag is None:
        # The page saved the screen's "yes" before validating the rest of a new
        # assessment (clients.red_flags.services.raise_from_assessment): adopt that flag.
        flag = assessment.client.red_flags.unresolved().filter(
            source=RedFlag.Source.ASSESSMENT, assessment__isnull=True, raised_by=by
        ).first() or RedFlag(
            client=assessment.client,
            source=RedFlag.Source.ASSESSMENT,
            raised_by=by,
            notified_at=timezone.now(),
            acknowledged_at=timezone.now(),
            acknowledged_by=by,
        )
        flag.assessment = assessment
    elif set(flag.answers) == set(yes) and flag.details == assessment.red_flag_notes:
        return flag
    flag.answers = yes
    flag.details = assessment.red_flag_notes
    flag._history_user = by
    flag.save()
    return flag
