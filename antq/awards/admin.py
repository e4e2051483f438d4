"""Back office: the national administrator keeps the forms and their amounts (data, not code)."""

from django.contrib import admin

from antq.awards.models import AwardAmount, AwardForm, LegacyService, MedalBar


class AmountInline(admin.TabularInline):
    model = AwardAmount
    extra = 0


@admin.register(AwardForm)
class AwardFormAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "rank", "once_per_person", "needs_verification"]
    inlines = [AmountInline]


@admin.register(LegacyService)
class LegacyServiceAdmin(admin.ModelAdmin):
    list_display = ["person", "force", "start", "end", "doubled"]
    raw_id_fields = ["person"]


@admin.register(MedalBar)
class MedalBarAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "reason", "recorded_on", "lifted_on"]
    raw_id_fields = ["person"]
