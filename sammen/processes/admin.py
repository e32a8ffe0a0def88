from django.contrib import admin

from sammen.core.admin import AuditedModelAdmin

from .models import FocusArea, Organisation, Phase, Principle, Process, TargetGroup


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ["name", "slug", "municipality_number"]
    search_fields = ["name", "slug", "municipality_number"]
    prepopulated_fields = {"slug": ["name"]}
    # The look is set on the organisation's own page (accounts.services.set_organisation_look),
    # which computes the colour scale from the colour and re-encodes the logo: edited here, the
    # served CSS would keep the old colour and a logo would skip the re-encoding.
    readonly_fields = ["theme_colour", "theme_css", "logo"]


class PrincipleInline(admin.TabularInline):
    model = Principle
    extra = 0


class PhaseInline(admin.StackedInline):
    model = Phase
    extra = 0


class FocusAreaInline(admin.TabularInline):
    model = FocusArea
    extra = 0


class TargetGroupInline(admin.TabularInline):
    model = TargetGroup
    extra = 0


@admin.register(Process)
class ProcessAdmin(AuditedModelAdmin):
    list_display = ["name", "organisation", "area", "status", "created_at"]
    list_filter = ["status", "organisation"]
    search_fields = ["name", "slug", "area", "main_goal"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["organisation"]
    inlines = [PrincipleInline, PhaseInline, FocusAreaInline, TargetGroupInline]
    # Uploaded on the setup page only, where it is checked and re-encoded (set_cover_image).
    readonly_fields = ["cover_image"]


@admin.register(Phase)
class PhaseAdmin(AuditedModelAdmin):
    list_display = ["title", "process", "order", "kind", "starts_on", "ends_on", "influence_level"]
    list_filter = ["kind", "influence_level", "process"]
    search_fields = ["title", "decision_point", "decision_maker"]
    list_select_related = ["process"]


@admin.register(FocusArea)
class FocusAreaAdmin(AuditedModelAdmin):
    list_display = ["title", "key", "process", "order"]
    list_filter = ["process"]
    search_fields = ["title", "key"]
    list_select_related = ["process"]


@admin.register(TargetGroup)
class TargetGroupAdmin(AuditedModelAdmin):
    list_display = ["name", "process", "population_share"]
    list_filter = ["process"]
    search_fields = ["name"]
    list_select_related = ["process"]
