"""Demo data for programs: the library, two templates, the suggestion rules, and programs
for the first two demo clients (when their records exist). Safe to run again."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from clients.assessments.findings import latest_finding_codes
from clients.models import Client
from clinic.models import User
from clinic.seed.demo.library import EXERCISES, RULES, TEMPLATES, VARIATIONS
from clinic.seed.demo.staff import CLIENTS, PRACTITIONERS
from programs import services
from programs.models import (
    ClientProgram,
    Exercise,
    ProgramTemplate,
    SessionLog,
    SuggestionRule,
    TemplateExercise,
    TemplatePhase,
)
from programs.suggestions import suggest_exercises


def _lines(items: list[str]) -> str:
    return "\n".join(items)


def seed_exercises(by) -> dict[str, Exercise]:
    exercises = {}
    for data in EXERCISES:
        exercise, _ = Exercise.objects.get_or_create(
            name=data["name"],
            defaults={
                "category": data["category"],
                "purpose": data["purpose"],
                "instructions": _lines(data["instructions"]),
                "cues": _lines(data["cues"]),
                "common_mistakes": _lines(data["mistakes"]),
                "cautions": _lines(data["cautions"]),
                "targets": data["targets"],
                "regions": data["regions"],
                "equipment": data["equipment"],
                "created_by": by,
                "figure": data["figure"],
                **data["dosage"],
            },
        )
        if not exercise.figure:  # a library seeded before the figures were drawn
            exercise.figure = data["figure"]
            exercise.save(update_fields=["figure"])
        exercises[exercise.name] = exercise
    for easier, harder in VARIATIONS:
        exercises[harder].easier_variations.add(exercises[easier])
    return exercises


def seed_templates(exercises: dict[str, Exercise], by) -> dict[str, ProgramTemplate]:
    templates = {}
    for data in TEMPLATES:
        template, created = ProgramTemplate.objects.get_or_create(
            name=data["name"],
            defaults={
                "client_name": data["client_name"],
                "description": data["description"],
                "created_by": by,
            },
        )
        templates[template.name] = template
        if not created:
            continue
        for position, phase_data in enumerate(data["phases"], start=1):
            phase_values = {key: value for key, value in phase_data.items() if key != "exercises"}
            phase = TemplatePhase.objects.create(
                template=template, position=position, **phase_values
            )
            for item_position, name in enumerate(phase_data["exercises"], start=1):
                exercise = exercises[name]
                TemplateExercise.objects.create(
                    phase=phase,
                    exercise=exercise,
                    position=item_position,
                    **exercise.dosage_values(),
                )
    return templates


def seed_rules(exercises: dict[str, Exercise]) -> int:
    count = 0
    for finding, pairs in RULES.items():
        for name, reason in pairs:
            SuggestionRule.objects.get_or_create(
                finding=finding, exercise=exercises[name], defaults={"reason": reason}
            )
            count += 1
    return count


def seed_programs(templates: dict[str, ProgramTemplate], by, out) -> None:
    """Alex on the sciatica program (logs that make them ready to progress), Jordan on the
    desk-worker reset. Skipped for clients whose records or red flags do not allow it."""
    plans = [(CLIENTS[0], TEMPLATES[0]["name"], 12), (CLIENTS[1], TEMPLATES[1]["name"], 5)]
    today = timezone.localdate()
    for demo_user, template_name, days_ago in plans:
        client = Client.objects.filter(email__iexact=demo_user.email).first()
        if client is None:
            out.write(f"  No client record for {demo_user.email} yet: no demo program.")
            continue
        if ClientProgram.objects.filter(client=client).exists():
            continue
        # As a practitioner would: accept the first two suggestions from the assessment.
        suggestions = suggest_exercises(finding_codes=latest_finding_codes(client))
        try:
            program = services.assign_program(
                client=client,
                template=templates[template_name],
                start_date=today - timedelta(days=days_ago),
                by=by,
                extra_exercises=[suggestion.exercise for suggestion in suggestions[:2]],
                note="Demo program, built from the latest assessment",
            )
        except services.ProgramError as error:
            out.write(f"  No demo program for {client}: {error}")
            continue
        # A session every day, pain easing from 6 to 3.
        for offset in range(days_ago, -1, -1):
            SessionLog.objects.get_or_create(
                program=program,
                performed_on=today - timedelta(days=offset),
                defaults={
                    "phase": program.current_phase,
                    "pain_before": 3 + offset // 4,
                    "pain_after": 2 + offset // 4,
                    "leg_symptoms": SessionLog.LegSymptoms.EASED,
                    "created_by": client.user,
                },
            )


def seed(out) -> None:
    by = User.objects.filter(email__iexact=PRACTITIONERS[0].email).first()
    exercises = seed_exercises(by)
    templates = seed_templates(exercises, by)
    rules = seed_rules(exercises)
    if by is not None:
        seed_programs(templates, by, out)
    out.write(
        f"Programs ready: {len(exercises)} exercises, {len(templates)} templates, "
        f"{rules} suggestion rules."
    )
