from collections.abc import Callable

from django.contrib import messages

from programs.forms import AddExerciseForm, VersionForm
from programs.services import ProgramError


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
