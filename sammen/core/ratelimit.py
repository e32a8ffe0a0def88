"""Fixed-window rate limits per client address, kept in Django's cache.

Each limit is a setting (COUNT, SECONDS), read from the environment in config/settings.py.
With several web processes the cache must be shared (the database or Redis cache backends);
the default local-memory cache limits each process on its own.
"""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    """The visitor's address. Behind SAMMEN_TRUSTED_PROXIES proxies (each appending to
    X-Forwarded-For), the address the nearest trusted proxy saw; REMOTE_ADDR is the proxy."""
    proxies = settings.SAMMEN_TRUSTED_PROXIES
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or "unknown"


def limit_for(setting: str) -> tuple[int, int]:
    """The limit a setting names, as (count, seconds)."""
    count, seconds = getattr(settings, setting)
    return int(count), int(seconds)


def whole_minutes(seconds: float) -> int:
    """A wait told to a person: in minutes, rounded up, so "wait 1 minute" is never too short."""
    return math.ceil(seconds / 60)


def _key(request, setting: str, seconds: int, scope: str) -> str:
    window = int(time.time() // seconds)
    address = hashlib.sha256(f"{client_address(request)}|{scope}".encode()).hexdigest()[:32]
    return f"ratelimit:{setting}:{address}:{window}"


def count_request(request, setting: str, scope: str = "") -> int:
    """Count one more request from this address in the current window; return the count.
    A scope (a process, a class code) gives the address a separate count per scope."""
    _, seconds = limit_for(setting)
    key = _key(request, setting, seconds, scope)
    cache.add(key, 0, timeout=seconds)
    try:
        return cache.incr(key)
    except ValueError:
        # Expired between add() and incr().
        cache.set(key, 1, timeout=seconds)
        return 1


def limit_reached(request, setting: str, scope: str = "") -> bool:
    """True when this address has used up its limit; counts nothing (for limits on failures,
    counted with count_request only when one happens)."""
    count, seconds = limit_for(setting)
    return cache.get(_key(request, setting, seconds, scope), 0) >= count


def over_limit(request, setting: str, scope: str = "") -> bool:
    """Count one more request from this address; True when it is over the limit."""
    count, _ = limit_for(setting)
    return count_request(request, setting, scope) > count


def over_limit_for(identity: str, setting: str) -> bool:
    """Count one more request by `identity` (an API token, whatever address it comes from);
    True when it is over the limit."""
    count, seconds = limit_for(setting)
    window = int(time.time() // seconds)
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    key = f"ratelimit:{setting}:id:{digest}:{window}"
    cache.add(key, 0, timeout=seconds)
    try:
        used = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=seconds)
        used = 1
    return used > count


def seconds_left(setting: str) -> int:
    """Seconds until the current window of a limit ends (for Retry-After)."""
    _, seconds = limit_for(setting)
    return max(1, math.ceil(seconds - time.time() % seconds))
