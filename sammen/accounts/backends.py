import hashlib

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import PermissionDenied

from sammen.core.ratelimit import client_address

# Wrong passwords for one user name from one address before logging in is refused for a while
# (also with the right password, so guessing stops paying off). The admin's login too.
FAILURES_ALLOWED = 10
LOCK_SECONDS = 15 * 60


def _failure_key(request, username: str) -> str:
    who = f"{client_address(request) if request else ''}|{(username or '').lower()}"
    return "login-failures:" + hashlib.sha256(who.encode()).hexdigest()[:32]


class ThrottledModelBackend(ModelBackend):
    """Django's own backend, with a brake on password guessing."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        key = _failure_key(request, username)
        allowed = getattr(settings, "SAMMEN_LOGIN_FAILURES_ALLOWED", FAILURES_ALLOWED)
        if cache.get(key, 0) >= allowed:
            raise PermissionDenied  # stops the login; the form says the login failed
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            cache.add(key, 0, LOCK_SECONDS)
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, LOCK_SECONDS)
        else:
            cache.delete(key)
        return user
