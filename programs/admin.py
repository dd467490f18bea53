from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from programs.models import Exercise, ProgramTemplate, SuggestionRule


@admin.register(Exercise)
class ExerciseAdmin(SimpleHistoryAdmin):
    list_display = ["name", "category", "archived_at"]
    list_filter = ["category"]
    search_fields = ["name", "purpose"]
    filter_horizontal = ["easier_variations"]


@admin.register(ProgramTemplate)
class ProgramTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["name", "archived_at", "version"]
    search_fields = ["name"]


@admin.register(SuggestionRule)
class SuggestionRuleAdmin(SimpleHistoryAdmin):
    list_display = ["finding", "exercise", "reason"]
    list_filter = ["finding"]
