"""The program handout as a PDF (WeasyPrint): clinic, client, date, and each exercise of
the current phase (or of the whole program) with its pictures, dosage, cues and cautions.

The HTML is rendered from ``templates/programs/handouts/handout.html``; every picture
is inlined as a ``data:`` URL and the fetcher refuses any other URL, so making a PDF
never reads a file or the network on a template's say-so.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from clients.models import Client
from programs import figures
from programs.models import ClientProgram, ProgramExercise, ProgramPhase

logger = logging.getLogger(__name__)

PHASE, PROGRAM = "phase", "program"
SCOPES = (PHASE, PROGRAM)


@dataclass
class HandoutExercise:
    item: ProgramExercise
    pictures: list[tuple[str, str]]  # (data URL, text alternative)


@dataclass
class HandoutPhase:
    phase: ProgramPhase
    exercises: list[HandoutExercise]
    current: bool


def handout_phases(program: ClientProgram, *, scope: str) -> list[HandoutPhase]:
    """The phases the handout covers, each with its exercises in order.

    Queries: the exercises with their library entries; for the whole program, the
    phases too.
    """
    if scope == PROGRAM:
        phases = list(ProgramPhase.objects.filter(program=program).order_by("position", "id"))
    else:
        phases = [program.current_phase] if program.current_phase_id else []
    items = (
        ProgramExercise.objects.active()
        .filter(phase__in=[phase.pk for phase in phases])
        .select_related("exercise")
        .order_by("position", "id")
    )
    by_phase: dict[int, list[HandoutExercise]] = {phase.pk: [] for phase in phases}
    for item in items:
        by_phase[item.phase_id].append(HandoutExercise(item=item, pictures=_pictures(item)))
    return [
        HandoutPhase(
            phase=phase, exercises=by_phase[phase.pk], current=phase.pk == program.current_phase_id
        )
        for phase in phases
    ]


def _pictures(item: ProgramExercise) -> list[tuple[str, str]]:
    exercise = item.exercise
    pictures = []
    figure = figures.figure_for(exercise.figure)
    if figure is not None:
        for which, text in (("start", figure.start_text), ("end", figure.end_text)):
            markup = str(figures.still_svg(exercise.figure, which))
            pictures.append((_data_url("image/svg+xml", markup.encode()), text))
    if exercise.image:
        try:
            with exercise.image.open("rb") as image:
                content = image.read()
        except OSError:  # a missing file must not cost the client the whole handout
            logger.warning("Exercise %s: image file missing from storage", exercise.pk)
        else:
            kind = "jpeg" if exercise.image.name.endswith(".jpg") else exercise.image.name[-4:]
            pictures.append((_data_url(f"image/{kind.lstrip('.')}", content), exercise.image_alt))
    return pictures


def _data_url(content_type: str, content: bytes) -> str:
    return f"data:{content_type};base64,{base64.b64encode(content).decode('ascii')}"


class HandoutUnavailable(Exception):
    """The server cannot make PDFs; the message says what it lacks."""


STYLESHEET = str(Path(settings.BASE_DIR) / "static" / "css" / "handout-pdf.css")


def _weasyprint():
    """WeasyPrint's HTML and URLFetcher, imported on first use: it loads Pango (a system
    library), and a server without it should still run everything else."""
    try:
        from PIL import ImageFile
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher

        # WeasyPrint turns this Pillow-wide switch on when imported; the upload checks
        # (exercise images, posture photos) rely on a truncated file being refused.
        ImageFile.LOAD_TRUNCATED_IMAGES = False
    except (ImportError, OSError) as error:
        logger.error("PDF handouts unavailable: %s", error)
        raise HandoutUnavailable(
            "PDF handouts are not available on this server yet (it lacks the Pango "
            "library). Use the Print button instead, or ask the clinic's administrator."
        ) from error
    return HTML, URLFetcher


def render_handout_pdf(*, client: Client, program: ClientProgram, scope: str) -> bytes:
    """The handout as PDF bytes; raises HandoutUnavailable without WeasyPrint and Pango."""
    HTML, URLFetcher = _weasyprint()  # noqa: N806 - the classes, under their own names
    phases = handout_phases(program, scope=scope)
    html = render_to_string(
        "programs/handouts/handout.html",
        {
            "client": client,
            "program": program,
            "phases": phases,
            "whole_program": scope == PROGRAM,
            "today": timezone.localdate(),
            "clinic": {
                "name": settings.CLINIC_NAME,
                "address": settings.CLINIC_ADDRESS,
                "phone": settings.CLINIC_PHONE,
                "email": settings.CLINIC_EMAIL,
            },
        },
    )
    fetcher = URLFetcher(allowed_protocols=("data",))
    # The page layout lives in static/ like every other stylesheet (no inline styles);
    # read from disk here, never fetched.
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[STYLESHEET])


def handout_filename(*, scope: str) -> str:
    what = "program" if scope == PROGRAM else "exercises"
    return f"{what}-{timezone.localdate():%Y-%m-%d}.pdf"
