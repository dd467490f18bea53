from collections.abc import Callable

from django.contrib import messages
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from programs.forms import AddExerciseForm, VersionForm
from programs.models import Exercise
from programs.services import ProgramError


def phase_items_context() -> dict:
    """What ``programs/includes/phase_items.html`` needs besides the phases: one query.

    ``exercise_options``: the active library as ``<option>`` elements, escaped once
    here for every phase's "add an exercise" menu (rendering 200 options per phase
    through the template engine was the largest part of the program page).
    ``library_url``: the prefix of the exercises' pages, so rows link without a reverse().
    """
    return {
        # Each name is escaped below; format_html_join did the same 4 times slower.
        "exercise_options": mark_safe(  # noqa: S308  # nosec B308 B703
            "".join(
                f'<option value="{pk}">{escape(name)}</option>'
                for pk, name in Exercise.objects.active().values_list("id", "name")
            )
        ),
        "library_url": reverse("programs:exercise_list"),
    }


def attempt(request, success: str, service: Callable, **kwargs) -> bool:
    """Run ``service(**kwargs)``; show its refusal or ``success`` as a message. True if it ran."""
    try:
        service(**kwargs)
    except ProgramError as error:
        messages.error(request, str(error))
        return False
    messages.success(request, success)
    return True


def form_errors(request, form) -> None:
    """For small button forms that redirect: say what was wrong instead of failing silently."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def versioned_action(request, success: str, service: Callable, *, move: bool = False, **kwargs):
    """A move or remove button: check the posted version form, then run the service."""
    form = VersionForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return
    if move:
        kwargs["offset"] = form.offset
    attempt(
        request,
        success,
        service,
        by=request.user,
        expected_version=form.cleaned_data["version"],
        **kwargs,
    )


def add_exercise(request, phase, service: Callable) -> None:
    """The "add an exercise" form of a template's or a client's phase: check, then add."""
    form = AddExerciseForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return
    exercise = form.cleaned_data["exercise"]
    attempt(
        request,
        f"“{exercise}” added to {phase}.",
        service,
        phase=phase,
        exercise=exercise,
        by=request.user,
        expected_version=form.cleaned_data["version"],
    )
