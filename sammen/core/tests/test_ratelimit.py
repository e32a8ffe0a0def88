from django.test import RequestFactory

from sammen.core.ratelimit import client_address


def request_from(remote, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_without_trusted_proxies_the_address_is_the_peer(settings):
    settings.SAMMEN_TRUSTED_PROXIES = 0
    assert client_address(request_from("10.0.0.1", "203.0.113.9")) == "10.0.0.1"


def test_behind_one_proxy_the_address_is_the_one_it_forwarded(settings):
    settings.SAMMEN_TRUSTED_PROXIES = 1
    # The visitor may send a forged first entry; only the proxy's own entry counts.
    request = request_from("127.0.0.1", "198.51.100.7, 203.0.113.9")
    assert client_address(request) == "203.0.113.9"


def test_behind_a_proxy_without_the_header_the_peer_is_used(settings):
    settings.SAMMEN_TRUSTED_PROXIES = 1
    assert client_address(request_from("127.0.0.1")) == "127.0.0.1"
