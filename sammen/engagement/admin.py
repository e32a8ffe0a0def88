from django import forms
from django.contrib import admin

from sammen.core.admin import AuditedModelAdmin

from .models import Activity, Method
from .services import normalise_participants


class ActivityAdminForm(forms.ModelForm):
    # The same rule as the services: an exact count may be given as the low figure alone.
    def clean(self):
        data = super().clean()
        normalise_participants(data)
        return data


class ActivityInline(admin.TabularInline):
    model = Activity
    form = ActivityAdminForm
    fields = ["title", "starts_on", "participants_low", "participants_high", "reach"]
    extra = 0
    show_change_link = True


@admin.register(Method)
class MethodAdmin(AuditedModelAdmin):
    list_display = ["title", "process", "kind", "order"]
    list_filter = ["kind", "process"]
    search_fields = ["title", "description"]
    list_select_related = ["process"]
    inlines = [ActivityInline]


@admin.register(Activity)
class ActivityAdmin(AuditedModelAdmin):
    form = ActivityAdminForm
    list_display = [
        "title",
        "method",
        "starts_on",
        "participants_low",
        "participants_high",
        "participants_estimated",
        "reach",
    ]
    list_filter = ["method__process", "method__kind", "participants_estimated", "starts_on"]
    search_fields = ["title", "place", "organiser", "report", "notes"]
    date_hierarchy = "starts_on"
    list_select_related = ["method"]
    autocomplete_fields = ["method"]
    filter_horizontal = ["target_groups"]
