"""The clinic's suggestion rules: which finding suggests which exercise, and why."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from clinic.access import practice_required
from clinic.once import once_per_key
from programs.forms import SuggestionRuleForm
from programs.models import SuggestionRule

DUPLICATE = "That finding already suggests this exercise."


def _save_rule(request, form) -> bool:
    try:
        with transaction.atomic():
            form.save()
    except IntegrityError:
        form.add_error("exercise", DUPLICATE)
        return False
    return True


@require_http_methods(["GET", "POST"])
@practice_required
@once_per_key
def rule_list(request):
    form = SuggestionRuleForm(request.POST or None)
    if form.is_valid() and _save_rule(request, form):
        messages.success(request, "Rule added.")
        return redirect("programs:rule_list")
    rules = SuggestionRule.objects.select_related("exercise").only(
        "id", "finding", "reason", "exercise__id", "exercise__name", "exercise__archived_at"
    )
    return render(request, "programs/rule_list.html", {"rules": rules, "form": form})


@require_http_methods(["GET", "POST"])
@practice_required
def rule_edit(request, pk):
    rule = get_object_or_404(SuggestionRule, pk=pk)
    form = SuggestionRuleForm(request.POST or None, instance=rule)
    if form.is_valid() and _save_rule(request, form):
        messages.success(request, "Rule saved.")
        return redirect("programs:rule_list")
    return render(request, "programs/rule_form.html", {"rule": rule, "form": form})


@require_POST
@practice_required
def rule_remove(request, pk):
    """Rules are settings, not clinical records: they may go (history keeps them)."""
    rule = get_object_or_404(SuggestionRule, pk=pk)
    rule.delete()
    messages.success(request, f"Rule “{rule}” removed.")
    return redirect("programs:rule_list")
