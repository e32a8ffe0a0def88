from django.contrib import admin

from sammen.core.admin import AuditedModelAdmin

from .models import AccessibilityStatement


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(AuditedModelAdmin):
    list_display = ["__str__", "last_tested_on", "updated_at"]

    # The site has one statement: the page shows it, so a second one would never be read.
    def has_add_permission(self, request):
        return super().has_add_permission(request) and not AccessibilityStatement.objects.exists()
