from django.contrib.auth import get_user_model
from django.db.models import Q

from sammen.processes.models import Organisation
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
