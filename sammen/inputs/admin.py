from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from sammen.core.admin import AuditedModelAdmin

from .models import Input


@admin.register(Input)
class InputAdmin(AuditedModelAdmin):
    list_display = ["receipt_code", "short_text", "process", "activity", "responsibility", "status"]
    list_filter = ["process", "status", "responsibility", "channel", "focus_areas"]
    search_fields = ["text", "receipt_code"]
    date_hierarchy = "received_at"
    list_select_related = ["process", "activity"]
    autocomplete_fields = ["activity"]
    # Sorting, status, moderation and duplicates change through the workbench and the
    # moderation queue, whose services keep before/after values (for undo) and tell the
    # contributor. Here they can be read, not changed.
    readonly_fields = [
        "receipt_code",
        "created_at",
        "focus_areas",
        "responsibility",
        "status",
        "moderation",
        "rejection_reason",
        "duplicate_of",
    ]

    def get_audit_scope(self, obj):
        return obj.process

    @admin.display(description=_("innspill"))
    def short_text(self, obj):
        return obj.text[:80]
