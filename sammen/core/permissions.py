"""Who may do what. Plain can_<verb>() functions, shared by views and templates."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def can_view_staff_pages(user) -> bool:
    # Finer roles (process manager, facilitator, moderator, reader) come with the accounts app.
    return user.is_authenticated and user.is_active and user.is_staff


def staff_required(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_view_staff_pages(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
