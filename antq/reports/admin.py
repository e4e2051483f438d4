from django.contrib import admin

from antq.reports.models import DefinitionSection, RenderJob, Report, ReportDefinition


class SectionInline(admin.TabularInline):
    model = DefinitionSection
    extra = 0


@admin.register(ReportDefinition)
class ReportDefinitionAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "code",
        "period_kind",
        "reporting_level",
        "receiving_level",
        "cutoff_day",
        "due_day",
        "due_months_after",
        "is_active",
        "needs_verification",
    )
    list_filter = ("period_kind", "reporting_level", "is_active")
    inlines = [SectionInline]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("definition", "unit", "period_key", "status", "number", "symbol", "on_time")
    list_filter = ("status", "definition")
    raw_id_fields = ("unit", "created_by", "submitted_by", "reviewed_by")
    readonly_fields = ("figures",)


@admin.register(RenderJob)
class RenderJobAdmin(admin.ModelAdmin):
    list_display = ("report", "format", "status", "created_at")
    raw_id_fields = ("report", "created_by")
