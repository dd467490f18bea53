"""One editor for the phases and exercises of a template and of a client's program.

The URL-facing views (``template_*`` in ``templates.py``, ``program_*`` in
``programs.py``) fetch the phase or exercise through ``programs.access`` and hand
it here; what differs between the two (the container, where to go back, how a
message names it) is in ``_Template`` and ``_Program``.
"""

from __future__ import annotations

from django.shortcuts import redirect, render

from programs import services
from programs.forms import DosageForm, PhaseForm, ProgramPhaseForm
from programs.models import ProgramPhase
from programs.views.common import add_exercise, attempt, versioned_action


class _Template:
    phase_form = PhaseForm

    @staticmethod
    def container(phase):
        return phase.template

    @staticmethod
    def owner_name(template) -> str:
        return str(template)

    @staticmethod
    def for_whom(template) -> str:
        return ""

    @staticmethod
    def removed_from(item) -> str:
        return str(item.phase)


class _Program:
    phase_form = ProgramPhaseForm

    @staticmethod
    def container(phase):
        return phase.program

    @staticmethod
    def owner_name(program) -> str:
        return f"{program.name} for {program.client}"

    @staticmethod
    def for_whom(program) -> str:
        return f" for {program.client}"

    @staticmethod
    def removed_from(item) -> str:
        return "this client's program"


def _side(phase):
    return _Program if isinstance(phase, ProgramPhase) else _Template


def edit_phase(request, phase):
    side = _side(phase)
    container = side.container(phase)
    form = side.phase_form(request.POST or None, instance=phase, version=container.version)
    if form.is_valid():
        attempt(
            request,
            f"Phase “{form.cleaned_data['name']}” saved{side.for_whom(container)}.",
            services.update_phase,
            phase=type(phase).objects.get(pk=phase.pk),  # fresh: the form changed the instance
            by=request.user,
            expected_version=form.cleaned_data["version"],
            values=form.values(),
        )
        return redirect(container)
    context = {"form": form, "phase": phase, "back": container.get_absolute_url()}
    context.update(client=getattr(container, "client", None), owner_name=side.owner_name(container))
    return render(request, "programs/phase_form.html", context)


def edit_exercise(request, item):
    side = _side(item.phase)
    container = side.container(item.phase)
    form = DosageForm(request.POST or None, instance=item, version=container.version)
    if form.is_valid():
        attempt(
            request,
            f"Dosage of “{item.exercise}” saved{side.for_whom(container)}.",
            services.update_exercise,
            item=item,
            by=request.user,
            expected_version=form.cleaned_data["version"],
            values=form.values(),
        )
        return redirect(container)
    context = {"form": form, "item": item, "back": container.get_absolute_url()}
    context["owner_name"] = side.owner_name(container)
    return render(request, "programs/dosage_form.html", context)


def add_to_phase(request, phase):
    add_exercise(request, phase, services.add_exercise)
    return redirect(_side(phase).container(phase))


def move_exercise(request, item):
    versioned_action(
        request, f"“{item.exercise}” moved.", services.move_exercise, item=item, move=True
    )
    return redirect(_side(item.phase).container(item.phase))


def remove_exercise(request, item):
    side = _side(item.phase)
    versioned_action(
        request,
        f"“{item.exercise}” removed from {side.removed_from(item)}.",
        services.remove_exercise,
        item=item,
    )
    return redirect(side.container(item.phase))
