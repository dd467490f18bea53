"""A client's own data, for their right of access: everything the clinic keeps about
them: profile, assessments, red flags raised and resolved, practitioners' session
notes, consultations booked, programs and session logs.

The client downloads it from the portal; practice staff download it (JSON, or a
readable page to print) when a client asks by email or in person.

``client_data`` builds one plain dict (the JSON download); ``flatten`` turns it
into (section, record, field, value) rows for the CSV download, which
``clinic.security.csv_safe`` makes safe to open in a spreadsheet.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from django.db import models
from django.db.models import Prefetch

from clients.models import Assessment, Client, Consultation, RedFlag, SessionNote
from clients.posture.export import client_photos
from programs.models import ClientProgram, ExerciseCompletion, ProgramExercise, SessionLog

# Internal bookkeeping, not information about the person (the manage link's and the
# address's hashes are secrets of the clinic's own).
SKIPPED_FIELDS = {"version", "user", "password", "token_hash", "ip_hash", "client"}
SECTIONS = (
    "assessments",
    "red_flags",
    "session_notes",
    "consultations",
    "posture_photos",
    "programs",
)


def _value(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    return value


def _fields(obj: models.Model) -> dict:
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in SKIPPED_FIELDS:
            continue
        if field.is_relation:
            related = getattr(obj, field.name)
            data[field.name] = str(related) if related is not None else None
        elif field.choices:
            value = getattr(obj, field.attname)
            data[field.name] = str(dict(field.flatchoices).get(value, value)) if value else value
        else:
            data[field.name] = _value(getattr(obj, field.attname))
    return data


def client_data(client: Client) -> dict:
    """Everything the clinic holds about ``client`` that is theirs to take away."""
    assessments = (
        Assessment.objects.filter(client=client)
        .completed()
        .select_related("assessed_by")
        .order_by("assessed_on", "id")
    )
    items = ProgramExercise.objects.select_related("exercise").order_by("position", "id")
    logs = SessionLog.objects.order_by("performed_on").prefetch_related(
        Prefetch(
            "completions",
            queryset=ExerciseCompletion.objects.select_related("program_exercise__exercise"),
        )
    )
    programs = (
        ClientProgram.objects.filter(client=client)
        .select_related("assigned_by", "ended_by", "current_phase", "template", "client")
        .prefetch_related(
            "phases", Prefetch("phases__items", queryset=items), Prefetch("logs", logs)
        )
        .order_by("start_date", "id")
    )
    red_flags = (
        RedFlag.objects.filter(client=client)
        .select_related("raised_by", "resolved_by", "assessment")
        .order_by("raised_at", "id")
    )
    notes = (
        SessionNote.objects.filter(client=client)
        .select_related("author", "archived_by")
        .order_by("noted_on", "id")
    )
    consultations = (
        Consultation.objects.filter(client=client)
        .select_related("practitioner")
        .order_by("start", "id")
    )
    return {
        "profile": _fields(client),
        "assessments": [{**_fields(a), "odi_percent": _value(a.odi_percent)} for a in assessments],
        "red_flags": [_fields(flag) for flag in red_flags],
        "session_notes": [_fields(note) for note in notes],
        "consultations": [_fields(consultation) for consultation in consultations],
        "posture_photos": client_photos(client),
        "programs": [
            {
                **_fields(program),
                "phases": [
                    {
                        **_fields(phase),
                        "exercises": [
                            {
                                "exercise": item.exercise.name,
                                "dosage": item.dosage_text,
                                "notes": item.notes,
                                "removed": item.archived_at is not None,
                            }
                            for item in phase.items.all()
                        ],
                    }
                    for phase in program.phases.all()
                ],
                "session_logs": [
                    {
                        **{k: v for k, v in _fields(log).items() if k not in {"program"}},
                        "exercises_done": [
                            c.program_exercise.exercise.name
                            for c in log.completions.all()
                            if not c.skipped
                        ],
                        "exercises_skipped": [
                            f"{c.program_exercise.exercise.name}: {c.get_skip_reason_display()}"
                            for c in log.completions.all()
                            if c.skipped
                        ],
                        "exercises_that_hurt": [
                            c.program_exercise.exercise.name
                            for c in log.completions.all()
                            if c.hurt
                        ],
                    }
                    for log in program.logs.all()
                ],
            }
            for program in programs
        ],
    }


def flatten(data: dict) -> Iterator[tuple]:
    """(section, record, field, value) rows; nested lists are numbered records."""

    def walk(section: str, record: str, obj: dict):
        for key, value in obj.items():
            if key.endswith("_base64"):
                continue  # pictures are in the JSON download; a spreadsheet cell cannot show them
            if isinstance(value, list) and value and isinstance(value[0], dict):
                for n, child in enumerate(value, start=1):
                    yield from walk(key, f"{record} › {key} {n}".strip(" ›"), child)
            elif isinstance(value, list | dict):
                yield (
                    section,
                    record,
                    key,
                    ", ".join(map(str, value)) if isinstance(value, list) else str(value),
                )
            else:
                yield (section, record, key, value)

    yield from walk("profile", "profile", data["profile"])
    for name in SECTIONS:
        for n, obj in enumerate(data[name], start=1):
            yield from walk(name, f"{name.replace('_', ' ')[:-1]} {n}", obj)
