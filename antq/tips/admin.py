from django.contrib import admin

from antq.tips.models import ConsentNotice, TipCategory


@admin.register(TipCategory)
class TipCategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "for_feedback", "order", "is_active")
    list_editable = ("order", "is_active")


@admin.register(ConsentNotice)
class ConsentNoticeAdmin(admin.ModelAdmin):
    list_display = ("version", "published_on", "is_current")


# Tips, identities, messages and files are deliberately not in the back office: they are read only
# through the scoped pages, where every access to personal data is audited.
