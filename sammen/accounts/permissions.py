"""Who may do what in a process. Plain can_<verb>(user, obj) functions that views (through
process_permission), templates (the `can` tag in accounts/templatetags/permissions.py) and
services (through require) share, so a rule is written once.

People and their rights:
- an operator (superuser) may do everything, everywhere;
- an organisation administrator manages the organisation's people and processes and acts as
  process manager in every process of the organisation;
- a process's team members have one role each (ProcessMembership.Role): the process manager
  may do everything in the process, its team included; the facilitator registers activities,
  fast entry, imports, gjestebud, the children's map and roadmap workshops; the moderator
  moderates; the analyst sorts and assesses inputs; the reader only reads (drafts included).
- nobody else sees anything of a process on the staff pages: a process of another
  organisation, or one the user has no role in, answers 404, as if it did not exist.

A new verb is one line in VERB_ROLES (and, if views use it, a row in the permission matrix
test, sammen/accounts/tests/test_permission_matrix.py)."""

import itertools
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from sammen.processes.models import Organisation, Process

from .models import OrganisationMembership, ProcessMembership

Role = ProcessMembership.Role

EVERY_ROLE = frozenset(Role.values)

# verb -> the roles that may do it. Superusers and organisation administrators (who act as
# process managers) are handled by process_role().
VERB_ROLES: dict[str, frozenset[str]] = {
    "view_process": EVERY_ROLE,
    "change_process": frozenset({Role.MANAGER}),
    "manage_team": frozenset({Role.MANAGER}),
    "view_audit_log": frozenset({Role.MANAGER}),
    "moderate": frozenset({Role.MANAGER, Role.MODERATOR}),
    "sort": frozenset({Role.MANAGER, Role.ANALYST}),
    "assess": frozenset({Role.MANAGER, Role.ANALYST}),
    "register_activities": frozenset({Role.MANAGER, Role.FACILITATOR}),
    "fast_entry": frozenset({Role.MANAGER, Role.FACILITATOR}),
    "import": frozenset({Role.MANAGER, Role.FACILITATOR}),
    "manage_gjestebud": frozenset({Role.MANAGER, Role.FACILITATOR}),
    "manage_childrens_map": frozenset({Role.MANAGER, Role.FACILITATOR}),
    "run_workshops": frozenset({Role.MANAGER, Role.FACILITATOR}),
    "edit_roadmap": frozenset({Role.MANAGER}),
    "manage_documents_and_hearings": frozenset({Role.MANAGER}),
    "manage_api_tokens": frozenset({Role.MANAGER}),
}

# Bumped whenever a membership changes, so that the per-user cache below never answers from
# before the change (a test or a task that keeps one user object across a change of role).
_version = itertools.count()
_current = [next(_version)]


def forget_cached_roles(**_kwargs) -> None:
    _current[0] = next(_version)


def _cache(user) -> dict:
    version, cache = user.__dict__.get("_sammen_roles", (None, None))
    if version != _current[0]:
        cache = {}
        user.__dict__["_sammen_roles"] = (_current[0], cache)
    return cache


def _is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def is_organisation_admin(user, organisation: Organisation | int) -> bool:
    if not _is_staff(user):
        return False
    if user.is_superuser:
        return True
    organisation_id = getattr(organisation, "pk", organisation)
    cache = _cache(user)
    key = ("org-admin", organisation_id)
    if key not in cache:
        cache[key] = OrganisationMembership.objects.filter(
            user=user, organisation_id=organisation_id, is_admin=True
        ).exists()
    return cache[key]


def process_role(user, process: Process) -> str | None:
    """The user's role in the process: MANAGER for operators and the organisation's
    administrators, the team role for team members, None for everybody else."""
    if not _is_staff(user):
        return None
    if user.is_superuser or is_organisation_admin(user, process.organisation_id):
        return Role.MANAGER
    cache = _cache(user)
    key = ("role", process.pk)
    if key not in cache:
        cache[key] = (
            ProcessMembership.objects.filter(user=user, process_id=process.pk)
            .values_list("role", flat=True)
            .first()
        )
    return cache[key]


def has_process_permission(user, verb: str, process: Process) -> bool:
    return process_role(user, process) in VERB_ROLES[verb]


def can_view_process(user, process: Process) -> bool:
    """On the staff pages: the team (readers included) sees the process, drafts too."""
    return has_process_permission(user, "view_process", process)


def can_change_process(user, process: Process) -> bool:
    return has_process_permission(user, "change_process", process)


def can_manage_team(user, process: Process) -> bool:
    return has_process_permission(user, "manage_team", process)


def can_view_audit_log(user, process: Process) -> bool:
    return has_process_permission(user, "view_audit_log", process)


def can_moderate(user, process: Process) -> bool:
    return has_process_permission(user, "moderate", process)


def can_sort(user, process: Process) -> bool:
    return has_process_permission(user, "sort", process)


def can_assess(user, process: Process) -> bool:
    return has_process_permission(user, "assess", process)


def can_register_activities(user, process: Process) -> bool:
    return has_process_permission(user, "register_activities", process)


def can_fast_entry(user, process: Process) -> bool:
    return has_process_permission(user, "fast_entry", process)


def can_import(user, process: Process) -> bool:
    return has_process_permission(user, "import", process)


def can_manage_gjestebud(user, process: Process) -> bool:
    return has_process_permission(user, "manage_gjestebud", process)


def can_manage_childrens_map(user, process: Process) -> bool:
    return has_process_permission(user, "manage_childrens_map", process)


def can_run_workshops(user, process: Process) -> bool:
    return has_process_permission(user, "run_workshops", process)


def can_edit_roadmap(user, process: Process) -> bool:
    return has_process_permission(user, "edit_roadmap", process)


def can_manage_documents_and_hearings(user, process: Process) -> bool:
    return has_process_permission(user, "manage_documents_and_hearings", process)


def can_manage_api_tokens(user, process: Process) -> bool:
    return has_process_permission(user, "manage_api_tokens", process)


def can_create_process(user, organisation: Organisation) -> bool:
    return is_organisation_admin(user, organisation)


def can_manage_people(user, organisation: Organisation) -> bool:
    return is_organisation_admin(user, organisation)


def require(actor, verb: str, process) -> None:
    """For services: refuse an actor without the right (PermissionDenied). actor=None is the
    system itself (the demo loader, management commands, tasks), which may do what it is
    asked. `process` is a Process, its pk, or a function giving either (so a service called
    by the system spends no query on finding it)."""
    if actor is None:
        return
    if callable(process):
        process = process()
    if not isinstance(process, Process) or process.organisation_id is None:
        pk = process.pk if isinstance(process, Process) else process
        process = Process.objects.filter(pk=pk).only("pk", "name", "organisation_id").first()
        if process is None:
            raise PermissionDenied
    if not has_process_permission(actor, verb, process):
        raise PermissionDenied(
            _("Du har ikke tilgang til å gjøre dette i prosessen «%(process)s».")
            % {"process": process.name}
        )


def _not_found(slug: str) -> Http404:
    # The same words as for a slug nobody uses: a process of another organisation, or one the
    # user has no role in, must not be told apart from one that does not exist.
    return Http404(_("Fant ingen prosess med kortnavnet «%(slug)s».") % {"slug": slug})


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def process_permission(verb: str, *, write: str | None = None):
    """View decorator for staff pages of one process, found by the URL's `slug`: the login
    page for anonymous visitors, 404 for a process the user has no role in (or that does not
    exist), 403 for a role without the right. `write`, if given, is the right a POST needs
    (a page that everyone in the team reads and some may change). The process is given to the
    view as request.process."""
    for name in (verb, write):
        if name is not None and name not in VERB_ROLES:
            raise ValueError(f"Unknown permission verb {name!r}: add it to VERB_ROLES")

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            slug = kwargs["slug"]
            process = Process.objects.select_related("organisation").filter(slug=slug).first()
            if process is None or not can_view_process(request.user, process):
                raise _not_found(slug)
            needed = verb if write is None or request.method in SAFE_METHODS else write
            if not has_process_permission(request.user, needed, process):
                raise PermissionDenied
            request.process = process
            return view(request, *args, **kwargs)

        wrapped.process_permission = (verb, write)
        return wrapped

    return decorator
