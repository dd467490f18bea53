from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from clinic.access import practice_required
from clinic.history import history_entries
from clinic.once import once_per_key
from programs.access import get_exercise_for
from programs.forms import ExerciseFilterForm, ExerciseForm
from programs.models import Exercise

PAGE_SIZE = 50


@require_safe
@practice_required
def exercise_list(request):
    filters = ExerciseFilterForm(request.GET or None)
    show_archived = request.GET.get("archived") == "1"
    exercises = Exercise.objects.archived() if show_archived else Exercise.objects.active()
    exercises = filters.filter(exercises).only(
        "id", "name", "purpose", "category", "targets", "equipment", "figure", "archived_at"
    )
    page = Paginator(exercises, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "programs/exercise_list.html",
        {
            "filters": filters,
            "page": page,
            "show_archived": show_archived,
            "query": query.urlencode(),
        },
    )


@require_http_methods(["GET", "POST"])
@practice_required
@once_per_key
def exercise_create(request):
    form = ExerciseForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        form.instance.created_by = request.user
        exercise = form.save()
        messages.success(request, f"“{exercise}” is in the library.")
        return redirect(exercise)
    return render(request, "programs/exercise_form.html", {"form": form, "exercise": None})


@require_safe
@practice_required
def exercise_detail(request, pk):
    exercise = get_exercise_for(request.user, pk)
    return render(
        request,
        "programs/exercise_detail.html",
        {
            "exercise": exercise,
            "media": list(exercise.media.in_order()),
            "easier": exercise.easier_variations.active().only("id", "name"),
            "harder": exercise.harder_variations.active().only("id", "name"),
            "history": history_entries(exercise, limit=10),
        },
    )


@require_http_methods(["GET", "POST"])
@practice_required
def exercise_edit(request, pk):
    exercise = get_exercise_for(request.user, pk)
    form = ExerciseForm(request.POST or None, request.FILES or None, instance=exercise)
    if form.is_valid():
        form.save()
        messages.success(request, f"“{exercise}” saved.")
        return redirect(exercise)
    return render(request, "programs/exercise_form.html", {"form": form, "exercise": exercise})


@require_POST
@practice_required
def exercise_archive(request, pk):
    exercise = get_exercise_for(request.user, pk)
    if not exercise.is_archived:
        exercise.archive(by=request.user, reason="Archived from the library")
        messages.success(
            request,
            f"“{exercise}” is archived: it is no longer offered for new programs. "
            "Programs that already use it keep it.",
        )
    return redirect(exercise)


@require_POST
@practice_required
def exercise_restore(request, pk):
    exercise = get_exercise_for(request.user, pk)
    if exercise.is_archived:
        exercise.restore(by=request.user)
        messages.success(request, f"“{exercise}” is back in the library.")
    return redirect(exercise)
