from django.conf import settings
from django.shortcuts import render

from sammen.core.ratelimit import whole_minutes


def locked_out(request, response=None, credentials=None):
    """The page django-axes shows (AXES_LOCKOUT_CALLABLE) instead of the login form when a
    user name has had too many wrong passwords from this address."""
    minutes = whole_minutes(settings.AXES_COOLOFF_TIME.total_seconds())
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
