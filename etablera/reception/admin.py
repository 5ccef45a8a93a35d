from django.contrib import admin

from etablera.reception.models import MonthlyQuota, MunicipalQuota, ProcessTemplate, TemplateStep


class TemplateStepInline(admin.TabularInline):
    model = TemplateStep
    extra = 0
    fields = [
        "order",
        "title",
        "responsible_function",
        "scope",
        "anchor",
        "offset_days",
        "rule",
        "min_age",
        "max_age",
        "establishment_age_only",
        "requires_children",
    ]


@admin.register(ProcessTemplate)
class ProcessTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "is_active", "updated_at"]
    list_filter = ["is_active"]
    inlines = [TemplateStepInline]


class MonthlyQuotaInline(admin.TabularInline):
    model = MonthlyQuota
    extra = 0


@admin.register(MunicipalQuota)
class MunicipalQuotaAdmin(admin.ModelAdmin):
    list_display = ["municipality", "year", "quota"]
    list_filter = ["year", "municipality__county"]
    search_fields = ["municipality__name", "municipality__code"]
    inlines = [MonthlyQuotaInline]
