from django.contrib import messages
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from clinic.access import practice_required
from clinic.once import once_per_key
from programs import services
from programs.access import get_template_for, get_template_item_for, get_template_phase_for
from programs.forms import (
    CopyTemplateForm,
    PhaseForm,
    TemplateForm,
)
from programs.models import ProgramTemplate, TemplateExercise
from programs.views import editor
from programs.views.common import (
    attempt,
    form_errors,
    phase_items_context,
    versioned_action,
)


def _phases(template, *, with_media: bool = False):
    """The template's phases with their exercises: two queries (three with the
    exercises' photos and clips)."""
    items = TemplateExercise.objects.select_related("exercise").order_by("position", "id")
    if with_media:
        items = items.prefetch_related("exercise__media")
    return list(template.phases.prefetch_related(Prefetch("items", queryset=items)))


@require_safe
@practice_required
def template_list(request):
    show_archived = request.GET.get("archived") == "1"
    templates = ProgramTemplate.objects.archived() if show_archived else ProgramTemplate.objects
    templates = templates.filter(archived_at__isnull=not show_archived).annotate(
        phase_count=Count("phases", distinct=True),
        exercise_count=Count("phases__items", distinct=True),
    )
    return render(
        request,
        "programs/template_list.html",
        {"templates": templates, "show_archived": show_archived},
    )


@require_http_methods(["GET", "POST"])
@practice_required
@once_per_key
def template_create(request):
    form = TemplateForm(request.POST or None)
    if form.is_valid():
        form.instance.created_by = request.user
        template = form.save()
        messages.success(request, f"Template “{template}” created. Now add its phases.")
        return redirect(template)
    return render(request, "programs/template_form.html", {"form": form, "template": None})


@require_safe
@practice_required
def template_detail(request, pk):
    template = get_template_for(request.user, pk)
    return render(
        request,
        "programs/template_detail.html",
        {
            "template": template,
            "phases": _phases(template),
            **phase_items_context(),
            "copy_form": CopyTemplateForm(initial={"name": f"{template.name} (copy)"}),
        },
    )


@require_safe
@practice_required
def template_preview(request, pk):
    template = get_template_for(request.user, pk)
    return render(
        request,
        "programs/template_preview.html",
        {"template": template, "phases": _phases(template, with_media=True)},
    )


@require_http_methods(["GET", "POST"])
@practice_required
def template_edit(request, pk):
    template = get_template_for(request.user, pk)
    form = TemplateForm(request.POST or None, instance=template)
    if form.is_valid():
        attempt(
            request,
            "Template saved.",
            services.update_template,
            template=template,
            by=request.user,
            expected_version=form.cleaned_data["version"],
            values=form.values(),
        )
        return redirect("programs:template_detail", pk)
    return render(request, "programs/template_form.html", {"form": form, "template": template})


@require_POST
@practice_required
@once_per_key
def template_copy(request, pk):
    template = get_template_for(request.user, pk)
    form = CopyTemplateForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect(template)
    try:
        copy = services.copy_template(
            template=template, by=request.user, name=form.cleaned_data["name"]
        )
    except services.ProgramError as error:
        messages.error(request, str(error))
        return redirect(template)
    messages.success(request, f"Copied. This is “{copy}”, yours to change.")
    return redirect(copy)


@require_POST
@practice_required
def template_archive(request, pk):
    template = get_template_for(request.user, pk)
    if not template.is_archived:
        template.archive(by=request.user, reason="Archived from the template list")
        messages.success(
            request, f"“{template}” is archived. Programs copied from it are not affected."
        )
    return redirect(template)


@require_POST
@practice_required
def template_restore(request, pk):
    template = get_template_for(request.user, pk)
    if template.is_archived:
        template.restore(by=request.user)
        messages.success(request, f"“{template}” is back in use.")
    return redirect(template)


@require_http_methods(["GET", "POST"])
@practice_required
@once_per_key
def template_phase_add(request, pk):
    template = get_template_for(request.user, pk)
    form = PhaseForm(request.POST or None, version=template.version)
    if form.is_valid():
        attempt(
            request,
            f"Phase “{form.cleaned_data['name']}” added.",
            services.add_template_phase,
            template=template,
            by=request.user,
            expected_version=form.cleaned_data["version"],
            values=form.values(),
        )
        return redirect(template)
    return render(
        request,
        "programs/phase_form.html",
        {"form": form, "phase": None, "back": template.get_absolute_url(), "owner_name": template},
    )


@require_http_methods(["GET", "POST"])
@practice_required
def template_phase_edit(request, pk, phase_pk):
    return editor.edit_phase(request, get_template_phase_for(request.user, pk, phase_pk))


@require_POST
@practice_required
def template_phase_move(request, pk, phase_pk):
    phase = get_template_phase_for(request.user, pk, phase_pk)
    versioned_action(
        request, f"“{phase}” moved.", services.move_template_phase, phase=phase, move=True
    )
    return redirect(phase.template)


@require_POST
@practice_required
def template_phase_remove(request, pk, phase_pk):
    phase = get_template_phase_for(request.user, pk, phase_pk)
    versioned_action(
        request, f"Phase “{phase}” removed.", services.remove_template_phase, phase=phase
    )
    return redirect(phase.template)


@require_POST
@practice_required
@once_per_key
def template_item_add(request, pk, phase_pk):
    return editor.add_to_phase(request, get_template_phase_for(request.user, pk, phase_pk))


@require_http_methods(["GET", "POST"])
@practice_required
def template_item_edit(request, pk, item_pk):
    return editor.edit_exercise(request, get_template_item_for(request.user, pk, item_pk))


@require_POST
@practice_required
def template_item_move(request, pk, item_pk):
    return editor.move_exercise(request, get_template_item_for(request.user, pk, item_pk))


@require_POST
@practice_required
def template_item_remove(request, pk, item_pk):
    return editor.remove_exercise(request, get_template_item_for(request.user, pk, item_pk))
