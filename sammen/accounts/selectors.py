from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from sammen.core.models import AuditEntry
from sammen.processes.models import Organisation, Process
from sammen.processes.selectors import staff_processes

from .models import OrganisationMembership


def staff_users_with_email(email: str) -> list:
    """The active staff accounts with this e-mail address (case ignored): at most two, which
    is enough to tell one from several."""
    User = get_user_model()
    return list(User.objects.filter(email__iexact=email, is_active=True, is_staff=True)[:2])


def processes_for(user):
    """The processes the user may see on the staff pages, newest first: all for operators,
    every process of the organisations they administer, and those whose team they are in."""
    processes = staff_processes()
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return processes.none()
    if user.is_superuser:
        return processes
    administered = OrganisationMembership.objects.filter(user=user, is_admin=True).values(
        "organisation_id"
    )
    return processes.filter(
        Q(organisation_id__in=administered) | Q(memberships__user=user)
    ).distinct()


def organisations_administered_by(user):
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(memberships__user=user, memberships__is_admin=True)


# Models whose every audit entry is filed under its process (record_audit's scope; older
# ones by inputs' migration 0008), so the log finds them by scope alone.
FILED_UNDER_PROCESS = frozenset({"inputs.input"})


def _belongs_to_process(process: Process, type_field: str, id_field: str) -> Q:
    """Q for audit entries whose object (or scope) is the process or one of the objects that
    hang on it by a `process` foreign key (inputs, activities, hearings, goals …)."""
    condition = Q(**{type_field: ContentType.objects.get_for_model(Process), id_field: process.pk})
    for model in apps.get_models():
        field = next((f for f in model._meta.concrete_fields if f.name == "process"), None)
        if field is None or getattr(field, "related_model", None) is not Process:
            continue
        if model._meta.label_lower in FILED_UNDER_PROCESS:
            # Found through the scope (an indexed column): matching their ids as text would
            # cast and sort a million inputs' ids on every visit.
            continue
        ids = (
            model._default_manager.filter(process=process)
            .annotate(pk_text=Cast("pk", CharField()))
            .values("pk_text")
        )
        condition |= Q(
            **{type_field: ContentType.objects.get_for_model(model), f"{id_field}__in": ids}
        )
    return condition


def process_audit_entries(process: Process) -> QuerySet[AuditEntry]:
    """Every audit entry about the process: the process itself, what belongs to it (directly,
    or as the entry's scope), newest first. Entries of deleted objects stay when their scope
    names the process."""
    return (
        AuditEntry.objects.filter(
            _belongs_to_process(process, "content_type", "object_id")
            | _belongs_to_process(process, "scope_type", "scope_id")
        )
        .select_related("actor", "content_type")
        .order_by("-created_at", "-pk")
    )
