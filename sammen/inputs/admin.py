from django.contrib import admin

from sammen.core.admin import AuditedModelAdmin

from .models import Input


@admin.register(Input)
class InputAdmin(AuditedModelAdmin):
    list_display = ["__str__", "process", "activity", "responsibility", "status", "received_at"]
    list_filter = ["process", "status", "responsibility", "channel", "focus_areas"]
    search_fields = ["text", "receipt_code"]
    date_hierarchy = "received_at"
    list_select_related = ["process", "activity"]
    autocomplete_fields = ["activity"]
    filter_horizontal = ["focus_areas"]
    readonly_fields = ["receipt_code", "created_at"]
