import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import IntegrityError, transaction
from django.utils import timezone

from sammen.core.services import record_audit

from .models import OidcIdentity
from .oidc import LoginRefused
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
