from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from antq.units.models import Organisation, ResidentialArea, Unit, UnitSuccession


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "level", "kind", "is_legacy", "valid_from", "valid_to"]
    list_filter = ["level", "kind", "is_legacy"]
    search_fields = ["name", "name_folded", "code"]
    readonly_fields = ["path", "key", "code", "level", "is_legacy"]
    raw_id_fields = ["parent"]


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "effective_date", "partial", "source"]
    raw_id_fields = ["predecessor", "successor"]
    search_fields = ["predecessor__name", "successor__name"]


@admin.register(ResidentialArea)
class ResidentialAreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "commune", "household_count", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name", "name_folded"]
    raw_id_fields = ["commune"]
    list_select_related = ["commune"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "managing_level", "commune", "valid_to"]
    list_filter = ["kind", "managing_level"]
    search_fields = ["name", "name_folded", "tax_code"]
    raw_id_fields = ["commune"]
    list_select_related = ["commune"]
