import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from sammen.core.services import record_audit


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
