from django.contrib import admin
from django.contrib.admin.views.main import ERROR_FLAG
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.db import transaction
from django.http import HttpResponseRedirect

from .forms import BoundedModelMultipleChoiceField
from .models import AuditEntry
from .services import record_audit

# Dates the date hierarchy may filter on. Django turns a year into the bounds of that year in
# the site's time zone; at year 1 or 9999 those bounds fall outside what datetime can hold,
# and the list answered 500 (OverflowError).
HIERARCHY_YEARS = range(1000, 9000)
HIERARCHY_PARTS = {"year": HIERARCHY_YEARS, "month": range(1, 13), "day": range(1, 32)}


class DateHierarchyGuard:
    """A date hierarchy whose out-of-range dates in the address are an invalid filter (the
    list's own "?e=1" answer), not a server error."""

    def changelist_view(self, request, extra_context=None):
        if self.date_hierarchy and not self._hierarchy_dates_valid(request.GET):
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        return super().changelist_view(request, extra_context)

    def _hierarchy_dates_valid(self, params) -> bool:
        for part, allowed in HIERARCHY_PARTS.items():
            value = params.get(f"{self.date_hierarchy}__{part}")
            if value is None:
                continue
            if not (value.isascii() and value.isdecimal() and len(value) <= 4):
                return False
            if int(value) not in allowed:
                return False
        return True


class TolerantAutocompleteMixin:
    """Django's autocomplete widget looks the submitted value up to redraw it, and a value
    that is no id at all (" ", "abc") raised ValueError there: a 500 instead of the form's
    own "select a valid choice". Values that cannot be an id are not looked up."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        target = remote.model._meta.get_field(remote.field_name)
        kept = []
        for item in value:
            try:
                target.get_prep_value(item)
            except (ValueError, TypeError):
                continue
            kept.append(item)
        return super().optgroups(name, kept, attr)


class TolerantAutocompleteSelect(TolerantAutocompleteMixin, AutocompleteSelect):
    pass


class TolerantAutocompleteSelectMultiple(TolerantAutocompleteMixin, AutocompleteSelectMultiple):
    pass


class DateHierarchyModelAdmin(DateHierarchyGuard, admin.ModelAdmin):
    """sammen's admins: the date-hierarchy guard, and relation fields that refuse tampered
    ids with a message instead of a server error."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = TolerantAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", BoundedModelMultipleChoiceField)
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = TolerantAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def guard_date_hierarchies(site: admin.AdminSite = admin.site) -> None:
    """Give every registered admin with a date hierarchy the guard, other apps' too
    (django-axes' lists of login attempts answered 500 to year=1). Run once every admin
    module is loaded (CoreConfig.ready, after the admin's autodiscovery)."""
    for model, model_admin in list(site._registry.items()):
        if model_admin.date_hierarchy and not isinstance(model_admin, DateHierarchyGuard):
            original = type(model_admin)
            guarded = type(original.__name__, (DateHierarchyGuard, original), {})
            site.unregister(model)
            site.register(model, guarded)


@admin.register(AuditEntry)
class AuditEntryAdmin(DateHierarchyModelAdmin):
    list_display = ["created_at", "actor", "verb", "content_type", "object_repr"]
    list_filter = ["verb", "content_type"]
    search_fields = ["object_repr", "verb", "actor__username"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "content_type"]

    # The log is evidence: nobody edits or deletes it through the admin.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedModelAdmin(DateHierarchyModelAdmin):
    """The admin is a generic editor: its writes, inlines included, are audited like those of
    the services, under the same verbs."""

    def get_audit_scope(self, obj):
        """What the entries of the admin's own objects (not its inlines') belong under, as
        their services record it (an input's process), so the admin's changes are found where
        the services' are."""
        return None

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            _audit_form(request, obj, form, change, scope=self.get_audit_scope(obj))

    def save_formset(self, request, form, formset, change):
        with transaction.atomic():
            saved = [
                (inline_form, not inline_form.instance._state.adding)
                for inline_form in formset.forms
                if inline_form.has_changed() and inline_form not in formset.deleted_forms
            ]
            for deleted_form in formset.deleted_forms:
                if deleted_form.instance.pk is not None:
                    record_audit(actor=request.user, action="delete", obj=deleted_form.instance)
            super().save_formset(request, form, formset, change)
            for inline_form, existed in saved:
                _audit_form(request, inline_form.instance, inline_form, existed)

    def delete_model(self, request, obj):
        with transaction.atomic():
            record_audit(
                actor=request.user, action="delete", obj=obj, scope=self.get_audit_scope(obj)
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                record_audit(
                    actor=request.user, action="delete", obj=obj, scope=self.get_audit_scope(obj)
                )
            super().delete_queryset(request, queryset)


def _audit_form(request, obj, form, change: bool, scope=None) -> None:
    record_audit(
        actor=request.user,
        action="update" if change else "create",
        obj=obj,
        changes={"admin_fields": form.changed_data} if change else None,
        scope=scope,
    )


def hide_bokmal_columns_in_admin(site=None) -> None:
    """In the admin, a translated text's Bokmål is its original field (``name``, written to
    ``name_nb``, see core.languages.write_originals_in_bokmal): the ``_nb`` column is left out
    of the forms so that the same text is not asked for twice; ``name_nn`` and ``name_en``
    stand beside it. Runs once the admin has found every ModelAdmin."""
    from .languages import ORIGINAL, translated_field_names

    site = site or admin.site

    def hide(admin_class, model):
        names = [f"{name}_{ORIGINAL}" for name in translated_field_names(model._meta.model)]
        if names and not admin_class.fields and not admin_class.fieldsets:
            admin_class.exclude = [*(admin_class.exclude or ()), *names]

    for model, model_admin in site._registry.items():
        hide(type(model_admin), model)
        for inline in model_admin.inlines:
            hide(inline, inline.model)
