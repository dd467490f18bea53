from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from clients.models import Client


@admin.register(Client)
class ClientAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "email", "status", "practitioner"]
    list_filter = ["status", "practitioner"]
    search_fields = ["first_name", "last_name", "email", "phone"]

    def has_delete_permission(self, request, obj=None):
        # Clinical records are archived, never deleted (Client.delete raises).
        return False
