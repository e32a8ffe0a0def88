"""OpenID Connect providers as production reads them from the environment: a fresh Python
process per case (the settings are read once, when Django starts)."""

import json

from .test_login_settings import start

PRINT_PROVIDERS = (
    "import django, json; django.setup(); from django.conf import settings; "
    "print(json.dumps(settings.SAMMEN_OIDC_PROVIDERS))"
)
FEIDE = {
    "SAMMEN_OIDC_PROVIDERS": "feide,idporten",
    "SAMMEN_OIDC_FEIDE_LABEL": "Feide",
    "SAMMEN_OIDC_FEIDE_DISCOVERY_URL": "https://auth.dataporten.no/.well-known/openid-configuration",
    "SAMMEN_OIDC_FEIDE_CLIENT_ID": "feide-klient",
    "SAMMEN_OIDC_FEIDE_CLIENT_SECRET": "hemmelig",
    "SAMMEN_OIDC_IDPORTEN_LABEL": "ID-porten",
    "SAMMEN_OIDC_IDPORTEN_KIND": "citizen",
    "SAMMEN_OIDC_IDPORTEN_DISCOVERY_URL": "https://idporten.no/.well-known/openid-configuration",
    "SAMMEN_OIDC_IDPORTEN_CLIENT_ID": "idporten-klient",
    "SAMMEN_OIDC_IDPORTEN_CLIENT_SECRET": "hemmelig-2",
    "SAMMEN_OIDC_IDPORTEN_ACR_VALUES": "idporten-loa-substantial",
}


def providers(tmp_path, **variables):
    return start(tmp_path, code=PRINT_PROVIDERS, **variables)


def test_no_provider_is_configured_by_default(tmp_path):
    result = providers(tmp_path)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {}


def test_providers_come_from_the_environment_with_safe_defaults(tmp_path):
    result = providers(tmp_path, **FEIDE)

    assert result.returncode == 0, result.stderr
    configured = json.loads(result.stdout)
    assert configured["feide"] == {
        "label": "Feide",
        "kind": "staff",
        "discovery_url": "https://auth.dataporten.no/.well-known/openid-configuration",
        "client_id": "feide-klient",
        "client_secret": "hemmelig",
        "scope": "openid email",
        "match": "email",
        "acr_values": "",
        "token_auth_method": "client_secret_basic",
    }
    assert configured["idporten"]["kind"] == "citizen"
    assert configured["idporten"]["scope"] == "openid"
    assert configured["idporten"]["acr_values"] == "idporten-loa-substantial"


def test_a_missing_client_id_stops_start_up_naming_the_variable(tmp_path):
    result = providers(tmp_path, **{**FEIDE, "SAMMEN_OIDC_FEIDE_CLIENT_ID": ""})

    assert result.returncode != 0
    assert "SAMMEN_OIDC_FEIDE_CLIENT_ID must be set" in result.stderr


def test_a_discovery_address_without_https_stops_start_up(tmp_path):
    plain = "http://auth.dataporten.no/.well-known/openid-configuration"
    result = providers(tmp_path, **{**FEIDE, "SAMMEN_OIDC_FEIDE_DISCOVERY_URL": plain})

    assert result.returncode != 0
    assert "SAMMEN_OIDC_FEIDE_DISCOVERY_URL must be an https:// address" in result.stderr


def test_an_unknown_kind_stops_start_up(tmp_path):
    result = providers(tmp_path, **{**FEIDE, "SAMMEN_OIDC_FEIDE_KIND": "admin"})

    assert result.returncode != 0
    assert "SAMMEN_OIDC_FEIDE_KIND must be staff or citizen" in result.stderr
