from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from clients.models import (
    Assessment,
    AvailabilityException,
    BookingSettings,
    Client,
    Consultation,
    RecordRelease,
    RedFlag,
    SessionNote,
    WeeklyHours,
)


class ArchiveOnlyAdmin(SimpleHistoryAdmin):
    """Clinical records are archived from the practice pages, never deleted here."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Client)
class ClientAdmin(ArchiveOnlyAdmin):
    list_display = ["full_name", "email", "status", "practitioner"]
    list_filter = ["status", "practitioner"]
    search_fields = ["first_name", "last_name", "email", "phone"]


@admin.register(Assessment)
class AssessmentAdmin(ArchiveOnlyAdmin):
    list_display = ["client", "assessed_on", "status", "assessed_by"]
    list_filter = ["status"]
    list_select_related = ["client", "assessed_by"]
    raw_id_fields = ["client"]


@admin.register(RedFlag)
class RedFlagAdmin(ArchiveOnlyAdmin):
    list_display = ["client", "source", "raised_at", "resolved_at"]
    list_select_related = ["client"]
    raw_id_fields = ["client", "assessment"]


@admin.register(SessionNote)
class SessionNoteAdmin(ArchiveOnlyAdmin):
    list_display = ["client", "noted_on", "author"]
    list_select_related = ["client", "author"]
    raw_id_fields = ["client"]


@admin.register(Consultation)
class ConsultationAdmin(ArchiveOnlyAdmin):
    list_display = ["first_name", "last_name", "email", "practitioner", "start", "status"]
    list_filter = ["status", "practitioner"]
    search_fields = ["first_name", "last_name", "email"]
    exclude = ["token_hash", "ip_hash"]


admin.site.register(BookingSettings, SimpleHistoryAdmin)
admin.site.register([WeeklyHours, AvailabilityException])


@admin.register(RecordRelease)
class RecordReleaseAdmin(admin.ModelAdmin):
    """Who handed out a client's whole record, and when: read-only."""

    list_display = ("released_at", "client", "released_by", "kind")
    list_select_related = ("client", "released_by")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
