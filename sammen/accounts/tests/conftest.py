import pytest

from .oidc_provider.harness import start_provider


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    """A real OpenID Connect provider on 127.0.0.1 (django-oauth-toolkit), accepting sammen's
    callbacks on Django's test client's host."""
    provider = start_provider(tmp_path_factory.mktemp("oidc_provider"), ["http://testserver"])
    yield provider
    provider.stop()


@pytest.fixture
def oidc_settings(settings, oidc_provider):
    settings.SAMMEN_OIDC_PROVIDERS = oidc_provider.sammen_settings()
    return settings
