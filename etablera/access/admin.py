from django.contrib import admin

from etablera.access.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only."""

    list_display = ["at", "actor_name", "action", "channel", "object_type", "municipality_code", "summary"]
    list_filter = ["action", "channel", "object_type"]
    search_fields = ["actor_name", "summary"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
