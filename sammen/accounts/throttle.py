"""The address django-axes counts login failures against (AXES_CLIENT_IP_CALLABLE)."""

import ipaddress

from sammen.core.ratelimit import client_address


def client_ip(request) -> str | None:
    """The visitor's address as the rate limits see it (behind SAMMEN_TRUSTED_PROXIES, the
    one the nearest trusted proxy forwarded), or None when it is not an IP address: axes
    stores it in an IP address column, which PostgreSQL checks."""
    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
