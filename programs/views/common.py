from collections.abc import Callable

from django.contrib import messages

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
