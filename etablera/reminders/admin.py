from django.contrib import admin

from etablera.reminders.models import UnitPhone


@admin.register(UnitPhone)
class UnitPhoneAdmin(admin.ModelAdmin):
    """Configuration: the number each unit answers newcomers' questions on (printed in the reminders)."""

    list_display = ("unit", "phone")
    list_select_related = ("unit",)
