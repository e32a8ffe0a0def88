from django.contrib import admin

from sammen.core.admin import AuditedModelAdmin

from .models import ContributorQuestion


# Only the questions: answers and addresses are personal data, seen through the services
# that need them, not browsed.
@admin.register(ContributorQuestion)
class ContributorQuestionAdmin(AuditedModelAdmin):
    list_display = ["label", "process", "order", "kind", "special_category"]
    list_filter = ["process", "kind", "special_category"]
    search_fields = ["label", "key"]
