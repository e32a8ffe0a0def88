from django.contrib.auth import get_user_model


def staff_users_with_email(email: str) -> list:
    """The active staff accounts with this e-mail address (case ignored): at most two, which
    is enough to tell one from several."""
    User = get_user_model()
    return list(User.objects.filter(email__iexact=email, is_active=True, is_staff=True)[:2])
