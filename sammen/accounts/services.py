from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

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
