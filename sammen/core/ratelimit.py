"""Fixed-window rate limits per client address, kept in Django's cache or in the database.

Each limit is a setting (COUNT, SECONDS), read from the environment in config/settings.py.
With several web processes the counts must be shared. SAMMEN_RATE_LIMIT_STORE=database
(the default when SAMMEN_CACHE=database) counts in the RateCounter table with one statement
per request, inside the request's transaction, instead of the database cache's seven; a
shared cache (Redis) counts with none in the database. The default local-memory cache limits
each process on its own.
"""

import datetime
import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from .models import RateCounter


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
    if settings.SAMMEN_RATE_LIMIT_STORE == "database":
        return _count_in_database(key, seconds)
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
    key = _key(request, setting, seconds, scope)
    if settings.SAMMEN_RATE_LIMIT_STORE == "database":
        hits = RateCounter.objects.filter(key=key).values_list("hits", flat=True).first()
        return (hits or 0) >= count
    return cache.get(key, 0) >= count


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


def _count_in_database(key: str, seconds: int) -> int:
    """One more request under `key`, counted in one round trip."""
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    expires = timezone.now() + datetime.timedelta(seconds=seconds)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, hits, expires_at) VALUES (%s, 1, %s) "
            f"ON CONFLICT (key) DO UPDATE SET hits = {table}.hits + 1 RETURNING hits",
            [key, expires],
        )
        return cursor.fetchone()[0]


def purge_expired_counters(now: datetime.datetime | None = None) -> int:
    """Delete the database's counters of windows that have ended (the daily purge)."""
    return RateCounter.objects.filter(expires_at__lt=now or timezone.now()).delete()[0]
