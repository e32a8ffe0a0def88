"""Staff pages about people: a process's team, its audit log, and an organisation's people."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sammen.core.forms import add_service_errors
from sammen.core.permissions import staff_required
from sammen.processes.models import Organisation

from . import services
from .forms import (
    AddPersonForm,
    AddTeamMemberForm,
    AuditFilterForm,
    ChangeRoleForm,
    CreatePersonForm,
    ThemeForm,
)
from .models import OrganisationMembership, ProcessMembership
from .permissions import can_manage_people, can_manage_team, process_permission
from .selectors import process_audit_entries

AUDIT_PAGE_SIZE = 50


def _team_context(request, process, form=None):
    members = (
        ProcessMembership.objects.filter(process=process)
        .select_related("user")
        .order_by("user__username")
    )
    admins = (
        OrganisationMembership.objects.filter(
            organisation_id=process.organisation_id, is_admin=True
        )
        .select_related("user")
        .order_by("user__username")
    )
    may_manage = can_manage_team(request.user, process)
    return {
        "process": process,
        "members": [
            (m, ChangeRoleForm(initial={"role": m.role}, prefix=f"m{m.pk}")) for m in members
        ],
        "admins": admins,
        "may_manage": may_manage,
        "form": form or (AddTeamMemberForm(process=process) if may_manage else None),
    }


@require_http_methods(["GET", "POST"])
@process_permission("view_process", write="manage_team")
def team(request, slug):
    process = request.process
    form = None
    if request.method == "POST":
        form = AddTeamMemberForm(request.POST, process=process)
        if form.is_valid():
            try:
                membership = services.add_team_member(
                    actor=request.user,
                    process=process,
                    user=form.cleaned_data["user"],
                    role=form.cleaned_data["role"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(user)s er lagt til i teamet som %(role)s.")
                    % {"user": membership.user, "role": membership.get_role_display().lower()},
                )
                return redirect("team:team", process.slug)
    status = 400 if form is not None else 200
    return render(
        request, "accounts/team.html", _team_context(request, process, form), status=status
    )


def _membership(process, pk) -> ProcessMembership:
    return get_object_or_404(
        ProcessMembership.objects.select_related("user", "process"), process=process, pk=pk
    )


@require_POST
@process_permission("manage_team")
def team_role(request, slug, pk):
    process = request.process
    membership = _membership(process, pk)
    form = ChangeRoleForm(request.POST, prefix=f"m{membership.pk}")
    if not form.is_valid():
        messages.error(request, _("Velg en av rollene i listen."))
        return redirect("team:team", process.slug)
    try:
        services.change_team_role(
            actor=request.user, membership=membership, role=form.cleaned_data["role"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(user)s har nå rollen %(role)s.")
            % {"user": membership.user, "role": membership.get_role_display().lower()},
        )
    return redirect("team:team", process.slug)


@require_POST
@process_permission("manage_team")
def team_remove(request, slug, pk):
    process = request.process
    membership = _membership(process, pk)
    try:
        services.remove_team_member(actor=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(user)s er fjernet fra teamet.") % {"user": membership.user})
    return redirect("team:team", process.slug)


@require_GET
@process_permission("view_audit_log")
def audit_log(request, slug):
    process = request.process
    entries = process_audit_entries(process)
    User = get_user_model()
    people = User.objects.filter(pk__in=entries.values("actor")).order_by("username")
    object_types = ContentType.objects.filter(pk__in=entries.values("content_type")).order_by(
        "model"
    )
    form = AuditFilterForm(request.GET or None, people=people, object_types=object_types)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["person"]:
            entries = entries.filter(actor=data["person"])
        if data["object_type"]:
            entries = entries.filter(content_type_id=data["object_type"])
        if data["since"]:
            entries = entries.filter(created_at__date__gte=data["since"])
        if data["until"]:
            entries = entries.filter(created_at__date__lte=data["until"])
    elif form.is_bound:
        entries = entries.none()
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "accounts/audit_log.html",
        {"process": process, "form": form, "page": page, "query": query.urlencode()},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _administered(request, org_slug) -> Organisation:
    organisation = Organisation.objects.filter(slug=org_slug).first()
    if organisation is None or not can_manage_people(request.user, organisation):
        # Not telling another organisation's staff which organisations exist.
        raise Http404(_("Fant ingen organisasjon med kortnavnet «%(slug)s».") % {"slug": org_slug})
    return organisation


def _people_page(request, organisation, *, add_form=None, create_form=None, status=200):
    return render(
        request,
        "accounts/organisation_people.html",
        {
            "organisation": organisation,
            "memberships": OrganisationMembership.objects.filter(organisation=organisation)
            .select_related("user")
            .order_by("user__username"),
            "add_form": add_form or AddPersonForm(prefix="add"),
            "create_form": create_form or CreatePersonForm(prefix="new"),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def organisation_people(request, org_slug):
    organisation = _administered(request, org_slug)
    if request.method != "POST":
        return _people_page(request, organisation)
    if "add-identifier" in request.POST:
        form = AddPersonForm(request.POST, prefix="add")
        if form.is_valid():
            try:
                services.add_organisation_member(
                    actor=request.user,
                    organisation=organisation,
                    user=form.cleaned_data["identifier"],
                    is_admin=form.cleaned_data["is_admin"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(user)s hører nå til %(organisation)s.")
                    % {"user": form.cleaned_data["identifier"], "organisation": organisation},
                )
                return redirect("team:people", organisation.slug)
        return _people_page(request, organisation, add_form=form, status=400)
    form = CreatePersonForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            user = services.create_organisation_staff_user(
                actor=request.user,
                organisation=organisation,
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                is_admin=form.cleaned_data["is_admin"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Kontoen %(user)s er opprettet i %(organisation)s.")
                % {"user": user, "organisation": organisation},
            )
            return redirect("team:people", organisation.slug)
    return _people_page(request, organisation, create_form=form, status=400)


@require_POST
@staff_required
def organisation_admin(request, org_slug, pk):
    organisation = _administered(request, org_slug)
    membership = get_object_or_404(
        OrganisationMembership.objects.select_related("user", "organisation"),
        organisation=organisation,
        pk=pk,
    )
    make_admin = request.POST.get("is_admin") == "1"
    try:
        services.set_organisation_admin(
            actor=request.user, membership=membership, is_admin=make_admin
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request,
            (
                _("%(user)s er nå administrator.")
                if make_admin
                else _("%(user)s er ikke lenger administrator.")
            )
            % {"user": membership.user},
        )
    return redirect("team:people", organisation.slug)


@require_http_methods(["GET", "POST"])
@staff_required
def organisation_theme(request, org_slug):
    """The organisation's administrators choose its main colour, which its processes' pages
    (public and staff) then carry through Designsystemet's colour variables."""
    organisation = _administered(request, org_slug)
    if request.method != "POST":
        form = ThemeForm(initial={"theme_colour": organisation.theme_colour})
        return _theme_page(request, organisation, form)
    form = ThemeForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.set_organisation_look(
                actor=request.user,
                organisation=organisation,
                colour=data["theme_colour"],
                logo=data["logo"],
                remove_logo=data["remove_logo"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Utseendet til %(organisation)s er lagret.") % {"organisation": organisation},
            )
            return redirect("team:theme", organisation.slug)
    return _theme_page(request, organisation, form, status=400)


def _theme_page(request, organisation, form, status=200):
    return render(
        request,
        "accounts/organisation_theme.html",
        {"organisation": organisation, "form": form},
        status=status,
    )
