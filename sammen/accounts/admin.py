from django.contrib import admin

from sammen.core.admin import AuditedModelAdmin

from .models import OidcIdentity


@admin.register(OidcIdentity)
class OidcIdentityAdmin(AuditedModelAdmin):
    list_display = ["user", "issuer", "created_at"]
    list_filter = ["issuer"]
    search_fields = ["user__username", "user__email"]
    raw_id_fields = ["user"]
