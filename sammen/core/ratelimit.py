"""Fixed-window rate limits per client address, kept in Django's cache.

With several web processes the cache must be shared (the database or Redis cache backends);
the default local-memory cache limits each process on its own.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

DEFAULTS = {
    # Submissions of the input form: 10 per 10 minutes.
    "SAMMEN_INPUT_RATE_LIMIT": (10, 600),
    # Receipt look-ups: enough for a person, far too few to guess codes.
    "SAMMEN_RECEIPT_RATE_LIMIT": (20, 600),
}


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
    count, seconds = getattr(settings, setting, DEFAULTS[setting])
    return int(count), int(seconds)


def over_limit(request, setting: str) -> bool:
    """Count one more request from this address; True when it is over the limit."""
    count, seconds = limit_for(setting)
    window = int(time.time() // seconds)
    address = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    key = f"ratelimit:{setting}:{address}:{window}"
    cache.add(key, 0, timeout=seconds)
    try:
        hits = cache.incr(key)
    except ValueError:
        # Expired between add() and incr().
        cache.set(key, 1, timeout=seconds)
        hits = 1
    return hits > count
