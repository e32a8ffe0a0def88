import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sammen.core.colours import theme_css
from sammen.core.services import record_audit, save_validated
from sammen.core.uploads import clean_picture, replace_stored_file
from sammen.processes.models import Organisation, Process

from .models import OidcIdentity, OrganisationMembership, ProcessMembership
from .oidc import LoginRefused
from .permissions import can_manage_people, is_organisation_admin, require
from .selectors import staff_users_with_email


@transaction.atomic
def create_staff_user(*, actor, username: str, password: str, email: str = "", superuser=False):
    User = get_user_model()
    user = User(username=username, email=email, is_staff=True, is_superuser=superuser)
    user.full_clean(exclude=["password"])
    validate_password(password, user)
    user.set_password(password)
    user.save()
    record_audit(
        actor=actor,
        action="create",
        obj=user,
        changes={"is_staff": True, "is_superuser": superuser},
    )
    return user


def purge_expired_login_failures(*, now: datetime.datetime | None = None) -> int:
    """Delete django-axes' counts of failed logins (user name, address, browser) whose lockout
    has run out; returns how many. axes deletes them itself at the next login, logout or
    failure; the daily purge makes sure a quiet site does not keep them longer.

    Not audited: these rows are axes' working data, which it writes and deletes on every
    failed login without an audit entry either."""
    threshold = (now or timezone.now()) - settings.AXES_COOLOFF_TIME
    _total, per_model = AccessAttempt.objects.filter(attempt_time__lte=threshold).delete()
    return per_model.get(AccessAttempt._meta.label, 0)


@transaction.atomic
def staff_user_for_oidc_login(*, provider: str, match: str, issuer: str, claims: dict):
    """The staff account an OpenID Connect login belongs to; raises LoginRefused.

    A subject already linked to an account logs in that account. Otherwise, with `match`
    "email", a verified address (`email_verified` true) that exactly one active staff account
    has links the subject to that account (audited) and logs it in; with "sub" only an
    administrator can link a subject. No account is ever made here, and nothing from the
    provider changes an account's rights."""
    subject = claims["sub"]
    identity = (
        OidcIdentity.objects.select_related("user").filter(issuer=issuer, subject=subject).first()
    )
    if identity is not None:
        user = identity.user
        if not (user.is_active and user.is_staff):
            raise LoginRefused("inactive", status=403)
        return user
    if match != "email":
        raise LoginRefused("unknown", status=403)
    email = claims.get("email")
    if not isinstance(email, str) or not email:
        raise LoginRefused("unknown", status=403)
    if claims.get("email_verified") is not True:
        raise LoginRefused("unverified", status=403)
    candidates = staff_users_with_email(email)
    if len(candidates) != 1:
        raise LoginRefused("unknown", status=403)
    user = candidates[0]
    try:
        # A savepoint: the same person's first login in two tabs at once links once, and the
        # second login finds the link the first one made.
        with transaction.atomic():
            identity = OidcIdentity.objects.create(user=user, issuer=issuer, subject=subject)
    except IntegrityError:
        identity = OidcIdentity.objects.select_related("user").get(issuer=issuer, subject=subject)
        if identity.user_id != user.pk:
            raise LoginRefused("unknown", status=403) from None
        return user
    record_audit(actor=user, action="create", obj=identity, changes={"provider": provider})
    return user


# --- Organisations and process teams ------------------------------------------------------


def _refuse_unless_people_manager(actor, organisation: Organisation) -> None:
    if actor is not None and not can_manage_people(actor, organisation):
        raise PermissionDenied(
            _("Bare administratorer i %(organisation)s kan endre hvem som hører til der.")
            % {"organisation": organisation}
        )


@transaction.atomic
def add_organisation_member(
    *, actor, organisation: Organisation, user, is_admin: bool = False
) -> OrganisationMembership:
    """Let a staff account belong to the organisation (and, if is_admin, administer it)."""
    _refuse_unless_people_manager(actor, organisation)
    if not (user.is_staff and user.is_active):
        raise ValidationError(
            _("«%(user)s» er ikke en aktiv ansattkonto og kan ikke legges til.") % {"user": user}
        )
    if OrganisationMembership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError(
            _("«%(user)s» hører allerede til %(organisation)s.")
            % {"user": user, "organisation": organisation}
        )
    membership = OrganisationMembership(user=user, organisation=organisation, is_admin=is_admin)
    save_validated(membership)
    record_audit(
        actor=actor,
        action="create",
        obj=membership,
        changes={"user": user.username, "is_admin": is_admin},
        scope=organisation,
    )
    return membership


@transaction.atomic
def set_organisation_admin(
    *, actor, membership: OrganisationMembership, is_admin: bool
) -> OrganisationMembership:
    _refuse_unless_people_manager(actor, membership.organisation)
    if membership.is_admin and not is_admin:
        others = OrganisationMembership.objects.select_for_update().filter(
            organisation=membership.organisation, is_admin=True
        )
        if not others.exclude(pk=membership.pk).exists():
            raise ValidationError(
                _("%(organisation)s må ha minst én administrator.")
                % {"organisation": membership.organisation}
            )
    if membership.is_admin != is_admin:
        membership.is_admin = is_admin
        membership.save(update_fields=["is_admin"])
        record_audit(
            actor=actor,
            action="update",
            obj=membership,
            changes={"is_admin": [not is_admin, is_admin]},
            scope=membership.organisation,
        )
    return membership


@transaction.atomic
def create_organisation_staff_user(
    *,
    actor,
    organisation: Organisation,
    username: str,
    email: str,
    password: str,
    is_admin: bool = False,
):
    """A new staff account that belongs to the organisation from the start."""
    _refuse_unless_people_manager(actor, organisation)
    user = create_staff_user(actor=actor, username=username, password=password, email=email)
    add_organisation_member(actor=actor, organisation=organisation, user=user, is_admin=is_admin)
    return user


def _refuse_losing_last_manager(membership: ProcessMembership) -> None:
    managers = ProcessMembership.objects.select_for_update().filter(
        process_id=membership.process_id, role=ProcessMembership.Role.MANAGER
    )
    if not managers.exclude(pk=membership.pk).exists():
        raise ValidationError(
            _(
                "«%(user)s» er den eneste prosesslederen i «%(process)s». Gi en annen i teamet "
                "rollen prosessleder først."
            )
            % {"user": membership.user, "process": membership.process}
        )


@transaction.atomic
def add_team_member(*, actor, process: Process, user, role: str) -> ProcessMembership:
    """Give a member of the process's organisation a role in the process's team."""
    require(actor, "manage_team", process)
    if not OrganisationMembership.objects.filter(
        user=user, organisation_id=process.organisation_id
    ).exists():
        raise ValidationError(
            _(
                "«%(user)s» hører ikke til %(organisation)s, og bare organisasjonens egne folk "
                "kan være med i teamet. En administrator i %(organisation)s kan legge personen "
                "til i organisasjonen først."
            )
            % {"user": user, "organisation": process.organisation}
        )
    if ProcessMembership.objects.filter(user=user, process=process).exists():
        raise ValidationError(
            _("«%(user)s» er allerede med i teamet. Endre rollen i listen i stedet.")
            % {"user": user}
        )
    membership = ProcessMembership(user=user, process=process, role=role)
    save_validated(membership)
    record_audit(
        actor=actor,
        action="create",
        obj=membership,
        changes={"user": user.username, "role": role},
        scope=process,
    )
    return membership


@transaction.atomic
def change_team_role(*, actor, membership: ProcessMembership, role: str) -> ProcessMembership:
    require(actor, "manage_team", membership.process)
    if role not in ProcessMembership.Role.values:
        raise ValidationError(_("Ukjent rolle: «%(role)s».") % {"role": role})
    old = membership.role
    if old == role:
        return membership
    if old == ProcessMembership.Role.MANAGER:
        _refuse_losing_last_manager(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    record_audit(
        actor=actor,
        action="update",
        obj=membership,
        changes={"role": [old, role]},
        scope=membership.process,
    )
    return membership


@transaction.atomic
def remove_team_member(*, actor, membership: ProcessMembership) -> None:
    require(actor, "manage_team", membership.process)
    if membership.role == ProcessMembership.Role.MANAGER:
        _refuse_losing_last_manager(membership)
    record_audit(
        actor=actor,
        action="delete",
        obj=membership,
        changes={"user": membership.user.username, "role": membership.role},
        scope=membership.process,
    )
    membership.delete()


# --- An organisation's look ----------------------------------------------------------------


# The long side of a stored logo, in pixels: it stands in the header at a few dozen pixels high.
LOGO_MAX_SIDE = 600


def _refuse_unless_organisation_admin(actor, organisation: Organisation) -> None:
    if actor is not None and not is_organisation_admin(actor, organisation):
        raise PermissionDenied(
            _("Bare administratorer i %(organisation)s kan endre utseendet.")
            % {"organisation": organisation}
        )


@transaction.atomic
def set_organisation_theme(*, actor, organisation: Organisation, colour: str) -> Organisation:
    """Give the organisation's pages its main colour (#rrggbb, or "" for the default theme):
    checked (a colour, white text on it readable) and turned into Designsystemet's colour scale
    once, here, so pages only link the stored style sheet."""
    _refuse_unless_organisation_admin(actor, organisation)
    colour = (colour or "").strip().lower()
    before = organisation.theme_colour
    organisation.theme_colour = colour
    try:
        organisation.full_clean(exclude=["name", "slug", "municipality_number"])
    except ValidationError:
        organisation.theme_colour = before
        raise
    if colour == before:
        return organisation
    organisation.theme_css = theme_css(colour)
    organisation.save(update_fields=["theme_colour", "theme_css"])
    record_audit(
        actor=actor,
        action="update",
        obj=organisation,
        changes={"theme_colour": [before, colour]},
        scope=organisation,
    )
    return organisation


@transaction.atomic
def set_organisation_logo(*, actor, organisation: Organisation, upload) -> Organisation:
    """Give the organisation a logo (a picture, re-encoded like every uploaded image: no
    metadata, a capped size), or none with upload=None. The old file goes once this commits."""
    _refuse_unless_organisation_admin(actor, organisation)
    old = organisation.logo.name
    if upload is None and not old:
        return organisation
    cleaned = None
    if upload is not None:
        cleaned = clean_picture(
            upload,
            max_side=LOGO_MAX_SIDE,
            not_a_picture=_("«%(name)s» er ikke et bilde. Logoen må være PNG, JPEG eller WebP."),
            field="logo",
        )
    replace_stored_file(organisation.logo, "logo", cleaned)
    organisation.save(update_fields=["logo"])
    record_audit(
        actor=actor,
        action="update",
        obj=organisation,
        changes={"logo": [old, organisation.logo.name]},
        scope=organisation,
    )
    return organisation


@transaction.atomic
def set_organisation_look(
    *, actor, organisation: Organisation, colour: str, logo=None, remove_logo: bool = False
) -> Organisation:
    """The organisation's settings page saves its colour and logo together: both or neither."""
    set_organisation_theme(actor=actor, organisation=organisation, colour=colour)
    if logo is not None or remove_logo:
        set_organisation_logo(actor=actor, organisation=organisation, upload=logo)
    return organisation
