"""Workflows of the programs app: building templates, assigning and progressing programs.

Every function takes keyword arguments, runs in one transaction, raises
``ProgramError`` with a message fit to show the practitioner, and leaves a
trace: django-simple-history rows stamped with ``by`` and, for a program's
journey, ``ProgramEvent`` rows.

Concurrency: a template or a client's program carries a ``version``. Each
builder form posts the version it was drawn from (``expected_version``); the
service locks the row, refuses a stale version, and bumps it. So two people
editing one program never silently overwrite each other, and a reorder
computed from stale positions is refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from clients import services as client_services
from clients.consent.services import ConsentRequired, require_current_consent
from clients.models import Client, RedFlag
from clients.questionnaires import services as questionnaire_services
from clinic.history import record_change
from programs.models import (
    ClientProgram,
    Exercise,
    ProgramEvent,
    ProgramExercise,
    ProgramPhase,
    ProgramTemplate,
    TemplateExercise,
    TemplatePhase,
)

STALE_MESSAGE = (
    "Someone changed this {what} since you opened the page, so nothing was saved. "
    "The page now shows the latest version; please make your change again."
)


class ProgramError(Exception):
    """A workflow refused; the message is written for the practitioner."""


# --- shared helpers -------------------------------------------------------------


def _lock(model: type[models.Model], pk: int, expected_version: int | None, what: str):
    """Lock the container row and check the version its form was drawn from."""
    obj = model.objects.select_for_update().get(pk=pk)
    if expected_version is not None and obj.version != expected_version:
        raise ProgramError(STALE_MESSAGE.format(what=what))
    return obj


def _bump(obj, *, by, reason: str) -> None:
    obj.version += 1
    record_change(obj, by=by, reason=reason)
    obj.save()


def _save(obj, *, by, reason: str = "") -> None:
    record_change(obj, by=by, reason=reason)
    obj.save()


def _next_position(siblings: models.QuerySet) -> int:
    return (siblings.aggregate(top=Max("position"))["top"] or 0) + 1


def _move(siblings: models.QuerySet, item, *, offset: int, by) -> None:
    """Move ``item`` up (-1) or down (+1) among ``siblings`` and renumber them 1..n."""
    ordered = list(siblings.order_by("position", "id"))
    index = next(i for i, sibling in enumerate(ordered) if sibling.pk == item.pk)
    target = index + offset
    if not 0 <= target < len(ordered):
        raise ProgramError("It is already at that end of the list.")
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, sibling in enumerate(ordered, start=1):
        if sibling.position != position:
            sibling.position = position
            _save(sibling, by=by, reason="Reordered")


def _check_dosage(values: dict) -> None:
    """Services are also called outside forms, so the key dosage rules are checked here too."""
    if values.get("sets", 1) < 1 or values.get("reps", 1) < 1:
        raise ProgramError("Sets and repetitions must be at least 1.")
    if values.get("hold_seconds", 0) > 600:
        raise ProgramError("A hold can be at most 10 minutes (600 seconds).")


def _assign_values(obj, values: dict) -> None:
    for name, value in values.items():
        setattr(obj, name, value)


# --- templates -----------------------------------------------------------------


@transaction.atomic
def update_template(
    *, template: ProgramTemplate, by, expected_version: int, values: dict
) -> ProgramTemplate:
    locked = _lock(ProgramTemplate, template.pk, expected_version, "template")
    _assign_values(locked, values)
    _bump(locked, by=by, reason="Details changed")
    return locked


@transaction.atomic
def copy_template(*, template: ProgramTemplate, by, name: str) -> ProgramTemplate:
    """A new template with the same phases and exercises, free to change."""
    name = name.strip()
    if not name:
        raise ProgramError("Give the copy a name.")
    if ProgramTemplate.objects.filter(name__iexact=name).exists():
        raise ProgramError(f"A template called “{name}” already exists. Choose another name.")
    copy = ProgramTemplate(
        name=name,
        client_name=template.client_name,
        description=template.description,
        created_by=by,
    )
    _save(copy, by=by, reason=f"Copied from {template.name}")
    for phase in template.phases.prefetch_related("items"):
        new_phase = TemplatePhase(template=copy, position=phase.position, **phase.phase_values())
        _save(new_phase, by=by)
        for item in phase.items.all():
            new_item = TemplateExercise(
                phase=new_phase,
                exercise_id=item.exercise_id,
                position=item.position,
                notes=item.notes,
                **item.prescription_values(),
            )
            _save(new_item, by=by)
    return copy


@transaction.atomic
def add_template_phase(
    *, template: ProgramTemplate, by, expected_version: int, values: dict
) -> TemplatePhase:
    locked = _lock(ProgramTemplate, template.pk, expected_version, "template")
    phase = TemplatePhase(template=locked, position=_next_position(locked.phases.all()), **values)
    _save(phase, by=by, reason="Phase added")
    _bump(locked, by=by, reason=f"Phase “{phase.name}” added")
    return phase


@transaction.atomic
def move_template_phase(*, phase: TemplatePhase, by, expected_version: int, offset: int) -> None:
    template = _lock(ProgramTemplate, phase.template_id, expected_version, "template")
    _move(template.phases.all(), phase, offset=offset, by=by)
    _bump(template, by=by, reason="Phases reordered")


@transaction.atomic
def remove_template_phase(*, phase: TemplatePhase, by, expected_version: int) -> None:
    """Templates are plans, not clinical records: a phase may go (history keeps it)."""
    template = _lock(ProgramTemplate, phase.template_id, expected_version, "template")
    for item in phase.items.all():
        record_change(item, by=by)
        item.delete()
    record_change(phase, by=by)
    phase.delete()
    _bump(template, by=by, reason=f"Phase “{phase.name}” removed")


# --- client programs -----------------------------------------------------------


def red_flag_refusal(client: Client) -> str | None:
    """Why a program may not be assigned or advanced now, or None if it may."""
    if client.red_flags.unresolved().exists():
        return (
            f"{client} has an unresolved red flag. Exercise stops until a physician has "
            "seen them: record the medical clearance first, or resolve the flag on the "
            "client page."
        )
    return None


@transaction.atomic
def record_medical_clearance(*, client: Client, by, cleared_by_name: str, note: str) -> int:
    """Resolve every open red flag of ``client`` as medically cleared. Returns how many."""
    if not cleared_by_name.strip():
        raise ProgramError("Say who gave the medical clearance.")
    flags = list(client.red_flags.unresolved().select_for_update())
    for flag in flags:
        flag.resolve(
            by=by,
            resolution=RedFlag.Resolution.MEDICAL_CLEARANCE,
            note=note,
            cleared_by_name=cleared_by_name.strip(),
        )
    return len(flags)


def _end(program: ClientProgram, *, by, reason: str) -> None:
    program.status = ClientProgram.Status.ENDED
    program.ended_at = timezone.now()
    program.ended_by = by
    program.end_reason = reason
    _bump(program, by=by, reason=f"Ended: {reason}")
    ProgramEvent.objects.create(
        program=program,
        kind=ProgramEvent.Kind.ENDED,
        from_phase_id=program.current_phase_id,
        note=reason,
        by=by,
    )


@transaction.atomic
def assign_program(
    *,
    client: Client,
    template: ProgramTemplate,
    start_date: date,
    by,
    extra_exercises: Iterable[Exercise] = (),
    note: str = "",
) -> ClientProgram:
    """Copy ``template`` into a new active program for ``client``, starting at its first phase.

    The copy is a snapshot: later template edits never reach it. Accepted
    suggestions (``extra_exercises``) join the first phase with their default
    dosage unless already there. Any active program is ended first. Refused for
    an archived client, an archived or empty template, or an open red flag.
    """
    client = Client.objects.select_for_update().get(pk=client.pk)
    if client.is_archived or client.status == Client.Status.ARCHIVED:
        raise ProgramError(f"{client} is archived. Restore the client before assigning a program.")
    refusal = red_flag_refusal(client)
    if refusal:
        raise ProgramError(refusal)
    try:
        require_current_consent(client, action="assigning a program")
    except ConsentRequired as exc:
        raise ProgramError(str(exc)) from exc
    if template.is_archived:
        raise ProgramError(f"The template “{template}” is archived.")
    phases = list(template.phases.prefetch_related("items__exercise"))
    if not phases:
        raise ProgramError(f"The template “{template}” has no phases yet.")

    for old in ClientProgram.objects.select_for_update().filter(client=client).active():
        _end(old, by=by, reason=f"Replaced by “{template.name}”")

    program = ClientProgram(
        client=client,
        template=template,
        name=template.name,
        client_name=template.client_name,
        start_date=start_date,
        phase_started_on=start_date,
        assigned_by=by,
    )
    _save(program, by=by, reason="Assigned")
    first_phase = _copy_phases(phases, program=program, by=by)
    _add_suggestions(extra_exercises, phase=first_phase, by=by)
    program.current_phase = first_phase
    _save(program, by=by, reason="Starts at the first phase")
    ProgramEvent.objects.create(
        program=program, kind=ProgramEvent.Kind.ASSIGNED, to_phase=first_phase, note=note, by=by
    )
    client_services.refresh_status(client, by=by)
    return program


def _copy_phases(phases: list[TemplatePhase], *, program: ClientProgram, by) -> ProgramPhase:
    """Snapshot the template's phases and (unarchived) exercises; returns the first phase."""
    copies = []
    for phase in phases:
        copy = ProgramPhase(program=program, position=phase.position, **phase.phase_values())
        _save(copy, by=by, reason="Copied from template")
        copies.append(copy)
        for item in phase.items.all():
            if item.exercise.is_archived:
                continue
            _save(
                ProgramExercise(
                    phase=copy,
                    exercise=item.exercise,
                    position=item.position,
                    notes=item.notes,
                    **item.prescription_values(),
                ),
                by=by,
                reason="Copied from template",
            )
    return copies[0]


def _add_suggestions(exercises: Iterable[Exercise], *, phase: ProgramPhase, by) -> None:
    """Accepted suggestions join ``phase`` with their default dosage, unless already there."""
    present = set(phase.items.values_list("exercise_id", flat=True))
    position = _next_position(phase.items.all())
    for exercise in exercises:
        if exercise.pk in present or exercise.is_archived:
            continue
        present.add(exercise.pk)
        _save(
            ProgramExercise(
                phase=phase, exercise=exercise, position=position, **exercise.dosage_values()
            ),
            by=by,
            reason="Suggested from the assessment",
        )
        position += 1


def _lock_active(program: ClientProgram, expected_version: int | None) -> ClientProgram:
    locked = _lock(ClientProgram, program.pk, expected_version, "program")
    if not locked.is_active:
        raise ProgramError("This program has ended; it can no longer be changed.")
    return locked


@transaction.atomic
def advance_phase(
    *, program: ClientProgram, by, expected_version: int, note: str, step: int = 1
) -> ProgramPhase:
    """Move to the next phase (``step=1``) or back one (``step=-1``), with the reason.

    Moving on is refused while a red flag is open; stepping back never is, as
    easing off is always safe.
    """
    if step not in (1, -1):
        raise ProgramError("A program moves one phase at a time.")
    if not note.strip():
        raise ProgramError("Write a short note on why the phase changes.")
    program = _lock_active(program, expected_version)
    if step == 1:
        refusal = red_flag_refusal(program.client)
        if refusal:
            raise ProgramError(refusal)
    phases = list(program.phases.order_by("position", "id"))
    index = next(i for i, phase in enumerate(phases) if phase.pk == program.current_phase_id)
    if not 0 <= index + step < len(phases):
        raise ProgramError(
            "This is the last phase." if step == 1 else "This is already the first phase."
        )
    old, new = phases[index], phases[index + step]
    program.current_phase = new
    program.phase_started_on = timezone.localdate()
    _bump(program, by=by, reason=f"{old.name} → {new.name}: {note}")
    ProgramEvent.objects.create(
        program=program,
        kind=ProgramEvent.Kind.ADVANCED if step == 1 else ProgramEvent.Kind.STEPPED_BACK,
        from_phase=old,
        to_phase=new,
        note=note.strip(),
        by=by,
    )
    return new


@transaction.atomic
def end_program(*, program: ClientProgram, by, expected_version: int, reason: str) -> None:
    if not reason.strip():
        raise ProgramError("Write a short reason for ending the program.")
    _end(_lock_active(program, expected_version), by=by, reason=reason.strip())
    questionnaire_services.stop_questionnaires(
        client=program.client, by=by, reason="Stopped: the program ended"
    )
    client_services.refresh_status(program.client, by=by)


# --- the builder: one editor for a template's phases and a client's program's ----
#
# A template and a client's program are built alike (phases holding exercises with
# a dosage); they differ in what is locked, which exercises count and what leaving
# one means. ``_Template`` and ``_Program`` say how; the services below are shared.


class _Template:
    # History reasons: "Phase changed", "Dosage changed", "Exercise added".
    edited = "changed"
    added = "Exercise added"

    @staticmethod
    def lock(phase: TemplatePhase, expected_version: int | None) -> ProgramTemplate:
        return _lock(ProgramTemplate, phase.template_id, expected_version, "template")

    @staticmethod
    def items(phase: TemplatePhase) -> models.QuerySet:
        return phase.items.all()

    @staticmethod
    def check_new(phase: TemplatePhase, exercise: Exercise) -> None:
        """A template may list an exercise twice (e.g. a warm-up repeated at the end)."""

    @staticmethod
    def remove(item: TemplateExercise, *, by, reason: str) -> None:
        """Templates are plans, not clinical records: the row goes (history keeps it)."""
        record_change(item, by=by)
        item.delete()


class _Program:
    edited = "adjusted for this client"
    added = "Added for this client"

    @staticmethod
    def lock(phase: ProgramPhase, expected_version: int | None) -> ClientProgram:
        return _lock_active(phase.program, expected_version)

    @staticmethod
    def items(phase: ProgramPhase) -> models.QuerySet:
        return phase.items.active()

    @staticmethod
    def check_new(phase: ProgramPhase, exercise: Exercise) -> None:
        if phase.items.active().filter(exercise=exercise).exists():
            raise ProgramError(f"“{exercise}” is already in {phase}.")

    @staticmethod
    def remove(item: ProgramExercise, *, by, reason: str) -> None:
        """Archived out of the program: its history and logs stay."""
        item.archive(by=by, reason=reason or "Removed from the program")


def _plan(phase: TemplatePhase | ProgramPhase) -> type[_Template] | type[_Program]:
    return _Program if isinstance(phase, ProgramPhase) else _Template


@transaction.atomic
def update_phase(
    *, phase: TemplatePhase | ProgramPhase, by, expected_version: int, values: dict
) -> TemplatePhase | ProgramPhase:
    """Change a phase's goal, length and criteria (a program's: for this client only)."""
    plan = _plan(phase)
    container = plan.lock(phase, expected_version)
    _assign_values(phase, values)
    _save(phase, by=by, reason=f"Phase {plan.edited}")
    _bump(container, by=by, reason=f"Phase “{phase.name}” {plan.edited}")
    return phase


@transaction.atomic
def add_exercise(
    *,
    phase: TemplatePhase | ProgramPhase,
    exercise: Exercise,
    by,
    expected_version: int,
    values: dict | None = None,
) -> TemplateExercise | ProgramExercise:
    """Add ``exercise`` at the end of ``phase``, with the library's default dosage unless given."""
    plan = _plan(phase)
    container = plan.lock(phase, expected_version)
    if exercise.is_archived:
        raise ProgramError(f"“{exercise}” is archived and cannot be added.")
    plan.check_new(phase, exercise)
    values = {**exercise.dosage_values(), **(values or {})}
    _check_dosage(values)
    item = phase.items.model(
        phase=phase, exercise=exercise, position=_next_position(phase.items.all()), **values
    )
    _save(item, by=by, reason=plan.added)
    _bump(container, by=by, reason=f"{exercise} added to {phase}")
    return item


@transaction.atomic
def update_exercise(
    *, item: TemplateExercise | ProgramExercise, by, expected_version: int, values: dict
) -> TemplateExercise | ProgramExercise:
    """Change the dosage, note and easier version of one exercise of a phase. An easier
    version must be one of the exercise's easier variations in the library."""
    plan = _plan(item.phase)
    container = plan.lock(item.phase, expected_version)
    _check_dosage(values)
    easier = values.get("easier_version")
    variations = item.exercise.easier_variations.active()
    if easier is not None and not variations.filter(pk=easier.pk).exists():
        raise ProgramError(f"{easier} is not an easier version of {item.exercise} in the library.")
    _assign_values(item, values)
    _save(item, by=by, reason=f"Dosage {plan.edited}")
    _bump(container, by=by, reason=f"{item.exercise} {plan.edited}")
    return item


@transaction.atomic
def move_exercise(
    *, item: TemplateExercise | ProgramExercise, by, expected_version: int, offset: int
) -> None:
    plan = _plan(item.phase)
    container = plan.lock(item.phase, expected_version)
    _move(plan.items(item.phase), item, offset=offset, by=by)
    _bump(container, by=by, reason="Exercises reordered")


@transaction.atomic
def remove_exercise(
    *, item: TemplateExercise | ProgramExercise, by, expected_version: int, reason: str = ""
) -> None:
    plan = _plan(item.phase)
    container = plan.lock(item.phase, expected_version)
    plan.remove(item, by=by, reason=reason)
    _bump(container, by=by, reason=f"{item.exercise} removed")
