"""Login with OpenID Connect, through Authlib's Django client.

Authorisation-code flow with PKCE (S256); the state, the nonce and the PKCE verifier are kept
in the session by Authlib, bound to the browser that started the login, and used once. The ID
token is checked here beyond Authlib's defaults: its signature against the provider's JWKS,
with asymmetric algorithms only; its issuer against the discovered one; its audience against
our client id; its expiry, issue time and subject as essential; the `acr` when the provider
is configured with ACR values.

Providers come from settings.SAMMEN_OIDC_PROVIDERS (config/settings.py, from the
environment). A provider's metadata (discovery) is fetched once and kept for an hour.
"""

import contextlib
import logging
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.utils.crypto import salted_hmac
from joserfc.errors import JoseError

logger = logging.getLogger(__name__)

# What the session keeps after a login through a provider: which provider and, for its
# logout endpoint, the ID token (id_token_hint) and the endpoint's origin (the CSP's
# form-action must allow it). Flushed with the session at logout.
SESSION_KEY = "sammen_oidc"
# A citizen's verified login: the provider and a pseudonym, nothing else (see citizen_pseudonym).
CITIZEN_SESSION_KEY = "sammen_citizen"
NEXT_SESSION_KEY = "sammen_oidc_next"

SIGNING_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384"]
METADATA_SECONDS = 3600
TIMEOUT_SECONDS = 10
# Clock skew allowed between the provider and us when checking exp, iat and nbf.
LEEWAY_SECONDS = 60


class LoginRefused(Exception):
    """A login that must not go through. `reason` names which (the view words it for the
    person); `status` is the HTTP status to answer with. Never carries the provider's or the
    token's details to the page: those go to the log."""

    def __init__(self, reason: str, status: int = 400):
        super().__init__(reason)
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class Provider:
    name: str
    label: str
    kind: str  # "staff" or "citizen"
    discovery_url: str
    client_id: str
    client_secret: str
    scope: str
    match: str  # "email" or "sub" (staff)
    acr_values: str
    token_auth_method: str

    @property
    def is_staff(self) -> bool:
        return self.kind == "staff"


def providers() -> list[Provider]:
    return [
        Provider(name=name, **config) for name, config in settings.SAMMEN_OIDC_PROVIDERS.items()
    ]


def get_provider(name: str) -> Provider | None:
    return next((provider for provider in providers() if provider.name == name), None)


_clients: dict[Provider, tuple[float, object]] = {}
_clients_lock = threading.Lock()


def _client(provider: Provider):
    """Authlib's client for a provider, its metadata loaded and checked. Kept per
    configuration for METADATA_SECONDS, so that changed metadata (new endpoints) is read
    again; keys rotated within that time are fetched by Authlib when a token names a new one."""
    now = time.monotonic()
    with _clients_lock:
        cached = _clients.get(provider)
        if cached and now - cached[0] < METADATA_SECONDS:
            return cached[1]
    client = OAuth().register(
        name=provider.name,
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        server_metadata_url=provider.discovery_url,
        client_kwargs={
            "scope": provider.scope,
            "code_challenge_method": "S256",
            "token_endpoint_auth_method": provider.token_auth_method,
            "default_timeout": TIMEOUT_SECONDS,
        },
    )
    try:
        metadata = client.load_server_metadata()
    except (requests.RequestException, ValueError) as error:
        logger.warning(
            "OIDC provider %s: discovery failed (%s)", provider.name, type(error).__name__
        )
        raise LoginRefused("unavailable", status=503) from error
    issuer = metadata.get("issuer", "")
    # OpenID Connect Discovery 1.0, 4.3: the issuer must be the address the metadata was
    # fetched under, or another server could speak for the provider.
    if not issuer or provider.discovery_url != (
        issuer.rstrip("/") + "/.well-known/openid-configuration"
    ):
        logger.error(
            "OIDC provider %s: issuer %r does not match its discovery address",
            provider.name,
            issuer,
        )
        raise LoginRefused("unavailable", status=503)
    advertised = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
    metadata["id_token_signing_alg_values_supported"] = [
        algorithm for algorithm in advertised if algorithm in SIGNING_ALGORITHMS
    ] or ["RS256"]
    with _clients_lock:
        _clients[provider] = (now, client)
    return client


def authorization_redirect(request, provider: Provider, redirect_uri: str, language: str):
    """The redirect to the provider's login page. Authlib keeps the state, the nonce and the
    PKCE verifier in the session under the state."""
    client = _client(provider)
    extra = {"ui_locales": language}
    if provider.acr_values:
        extra["acr_values"] = provider.acr_values
    return client.authorize_redirect(request, redirect_uri, **extra)


def verified_claims(request, provider: Provider) -> dict:
    """The ID token's claims, after the code has been exchanged and the token verified.
    Raises LoginRefused. The state is used up either way: a replayed answer finds none."""
    client = _client(provider)
    metadata = client.load_server_metadata()
    options = {
        "iss": {"essential": True, "value": metadata["issuer"]},
        "aud": {"essential": True, "value": provider.client_id},
        "sub": {"essential": True},
        "exp": {"essential": True},
        "iat": {"essential": True},
    }
    if provider.acr_values:
        options["acr"] = {"essential": True, "values": provider.acr_values.split()}
    try:
        token = client.authorize_access_token(
            request, claims_options=options, leeway=LEEWAY_SECONDS
        )
    except MismatchingStateError as error:
        raise LoginRefused("state") from error
    except OAuthError as error:
        # An error the provider sent back (the person cancelled), or one from the token
        # endpoint (a code expired, used before, or not ours).
        logger.info("OIDC provider %s: %s", provider.name, error.error)
        reason = "cancelled" if request.GET.get("error") else "code"
        raise LoginRefused(reason) from error
    except (JoseError, ValueError) as error:
        logger.warning(
            "OIDC provider %s: ID token refused (%s)", provider.name, type(error).__name__
        )
        raise LoginRefused("id_token") from error
    except requests.RequestException as error:
        logger.warning(
            "OIDC provider %s: token request failed (%s)", provider.name, type(error).__name__
        )
        raise LoginRefused("unavailable", status=503) from error
    claims = token.get("userinfo")
    if not claims:
        logger.warning("OIDC provider %s: no ID token in the token response", provider.name)
        raise LoginRefused("id_token")
    return {**claims, "_id_token": token["id_token"]}


def logout_origin(provider: Provider) -> str | None:
    """The origin of the provider's end_session_endpoint, if it has one."""
    try:
        endpoint = _client(provider).load_server_metadata().get("end_session_endpoint")
    except LoginRefused:
        return None
    if not endpoint:
        return None
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}"


def logout_redirect(request, provider: Provider, id_token: str, post_logout_redirect_uri: str):
    """RP-initiated logout at the provider, when it offers it; None when it does not (or cannot
    be reached: the session here is ended anyway)."""
    try:
        client = _client(provider)
    except LoginRefused:
        return None
    if not client.load_server_metadata().get("end_session_endpoint"):
        return None
    return client.logout_redirect(
        request,
        post_logout_redirect_uri=post_logout_redirect_uri,
        id_token_hint=id_token,
        client_id=provider.client_id,
    )


def finish_logout(request, provider: Provider) -> None:
    """Use up the state of the provider's answer to a logout (nothing else depends on it)."""
    with contextlib.suppress(LoginRefused, OAuthError):
        _client(provider).validate_logout_response(request)


def citizen_pseudonym(issuer: str, subject: str) -> str:
    """A citizen's stable pseudonym on this site: a keyed hash (SECRET_KEY) of the provider's
    issuer and subject. The same person gets the same pseudonym at each login, which lets a
    process count one verified person once, and it cannot be turned back into the subject
    (let alone the national identity number, which is never kept) without the key."""
    return salted_hmac(
        "sammen.accounts.oidc.citizen", f"{issuer}\n{subject}", algorithm="sha256"
    ).hexdigest()


def verified_citizen(request) -> dict | None:
    """The citizen verified in this session ({"provider", "pseudonym", "acr"}), or None."""
    return request.session.get(CITIZEN_SESSION_KEY)
