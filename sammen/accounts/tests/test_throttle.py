from django.test import RequestFactory

from sammen.accounts.throttle import client_ip


def request_from(remote, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_the_address_is_the_one_the_rate_limits_count(settings):
    settings.SAMMEN_TRUSTED_PROXIES = 1
    assert client_ip(request_from("127.0.0.1", "198.51.100.7, 203.0.113.9")) == "203.0.113.9"


def test_an_ipv6_address_is_kept(settings):
    settings.SAMMEN_TRUSTED_PROXIES = 0
    assert client_ip(request_from("2001:db8::1")) == "2001:db8::1"


def test_a_forwarded_value_that_is_no_address_counts_as_none(settings):
    # The database column holds IP addresses only (PostgreSQL refuses anything else).
    settings.SAMMEN_TRUSTED_PROXIES = 1
    assert client_ip(request_from("127.0.0.1", "unknown")) is None


def test_a_request_without_an_address_counts_as_none(settings):
    settings.SAMMEN_TRUSTED_PROXIES = 0
    assert client_ip(request_from("")) is None
