"""The population is reference data: an administrator may correct a figure here (RULES.md: keep an unverified figure,
mark it, and let an administrator correct it); newer years come with `etablera import_population`."""

from django.contrib import admin

from etablera.followup.models import Population


@admin.register(Population)
class PopulationAdmin(admin.ModelAdmin):
    list_display = ["municipality", "year", "population", "status"]
    list_filter = ["year", "status", "municipality__county"]
    search_fields = ["municipality__name", "municipality__code"]
