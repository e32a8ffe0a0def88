"""Start the test provider (serve.py) in a subprocess and drive a person's browser at it with
requests. Used by the OIDC tests' fixtures (sammen/accounts/tests/conftest.py)."""

import json
import os
import secrets
import select
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings

STAFF_CLIENT = "sammen-ansatte"
CITIZEN_CLIENT = "sammen-innbyggere"
KARI = "kari.nordmann@asker.kommune.no"
PASSWORD = "provider-pass-1"
LOA = "idporten-loa-substantial"
START_SECONDS = 120
# How many times the discovery document is asked for before the provider counts as broken.
DISCOVERY_ATTEMPTS = 50

# The people known to the provider, and the claims it puts in their ID tokens.
USERS = {
    "kari": {"claims": {"email": KARI, "email_verified": True}},
    "ukjent": {"claims": {"email": "ola.ukjent@example.no", "email_verified": True}},
    "uverifisert": {"claims": {"email": KARI, "email_verified": False}},
    # A token made for another client (audience), though it names us as authorised party.
    "annen": {
        "claims": {
            "email": KARI,
            "email_verified": True,
            "aud": "annen-app",
            "azp": STAFF_CLIENT,
        }
    },
    "innbygger": {"claims": {"acr": LOA, "pid": "24079400000"}},
    "svak": {"claims": {"acr": "idporten-loa-low", "pid": "24079400001"}},
}


@dataclass
class RunningProvider:
    url: str
    database: Path
    process: subprocess.Popen
    secrets: dict = field(default_factory=dict)

    @property
    def issuer(self) -> str:
        return self.url + "/o"

    @property
    def discovery_url(self) -> str:
        return self.issuer + "/.well-known/openid-configuration"

    def discovery(self) -> dict:
        return requests.get(self.discovery_url, timeout=10).json()

    def sammen_settings(self) -> dict:
        """SAMMEN_OIDC_PROVIDERS as config/settings.py would read it from the environment."""
        common = {
            "discovery_url": self.discovery_url,
            "match": "email",
            "token_auth_method": "client_secret_basic",
        }
        return {
            "ansatt": {
                **common,
                "label": "Testleverandør",
                "kind": "staff",
                "client_id": STAFF_CLIENT,
                "client_secret": self.secrets[STAFF_CLIENT],
                "scope": "openid email",
                "acr_values": "",
            },
            "innbygger": {
                **common,
                "label": "Test-ID",
                "kind": "citizen",
                "client_id": CITIZEN_CLIENT,
                "client_secret": self.secrets[CITIZEN_CLIENT],
                "scope": "openid",
                "acr_values": LOA,
            },
        }

    def expire_codes(self) -> None:
        """Let every authorisation code issued so far run out (its lifetime is a minute)."""
        with sqlite3.connect(self.database) as connection:
            connection.execute("UPDATE oauth2_provider_grant SET expires = '2000-01-01 00:00:00'")

    def subject_of(self, username: str) -> str:
        """The `sub` the provider gives a person (django-oauth-toolkit: the user's key)."""
        with sqlite3.connect(self.database) as connection:
            (key,) = connection.execute(
                "SELECT id FROM auth_user WHERE username = ?", [username]
            ).fetchone()
        return str(key)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _private_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def start_provider(folder: Path, sites: list[str]) -> RunningProvider:
    """Start a provider whose clients accept sammen's callbacks on each site (an origin such
    as http://testserver). Returns once its discovery document answers."""
    client_secrets = {
        client: secrets.token_urlsafe(32) for client in (STAFF_CLIENT, CITIZEN_CLIENT)
    }
    names = {STAFF_CLIENT: "ansatt", CITIZEN_CLIENT: "innbygger"}
    config = {
        "secret_key": secrets.token_urlsafe(50),
        "database": str(folder / "provider.sqlite3"),
        "rsa_private_key": _private_key_pem(),
        "users": {name: {**person, "password": PASSWORD} for name, person in USERS.items()},
        "clients": [
            {
                "client_id": client,
                "client_secret": secret,
                "redirect_uris": [f"{site}/konto/oidc/{names[client]}/tilbake/" for site in sites],
                "post_logout_redirect_uris": [
                    f"{site}/konto/oidc/{names[client]}/logget-ut/" for site in sites
                ],
            }
            for client, secret in client_secrets.items()
        ],
    }
    config_path = folder / "provider.json"
    config_path.write_text(json.dumps(config))
    env = {**os.environ, "OIDC_PROVIDER_CONFIG": str(config_path)}
    errors = (folder / "provider.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "sammen.accounts.tests.oidc_provider.serve"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=errors,
        text=True,
    )
    # serve.py prints its port once its socket listens (after migrating its database).
    ready, _, _ = select.select([process.stdout], [], [], START_SECONDS)
    line = process.stdout.readline() if ready else ""
    if not line.startswith("PORT "):
        process.kill()
        process.wait()
        log = (folder / "provider.log").read_text()
        raise RuntimeError(f"the test OIDC provider did not start:\n{log}")
    provider = RunningProvider(
        url=f"http://127.0.0.1:{int(line.split()[1])}",
        database=folder / "provider.sqlite3",
        process=process,
        secrets=client_secrets,
    )
    for _attempt in range(DISCOVERY_ATTEMPTS):
        try:
            if provider.discovery().get("issuer") == provider.issuer:
                return provider
        except requests.RequestException:
            continue
    provider.stop()
    raise RuntimeError("the test OIDC provider's discovery document never answered")


class PersonAtProvider:
    """A person's browser at the provider: logged in there, it follows the authorisation
    redirect and hands back where the provider sends the browser next."""

    def __init__(self, provider: RunningProvider, username: str):
        self.provider = provider
        self.session = requests.Session()
        login = provider.url + "/login/"
        self.session.get(login, timeout=10)
        response = self.session.post(
            login,
            data={
                "username": username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.session.cookies["provider_csrftoken"],
                "next": "/o/.well-known/jwks.json",
            },
            headers={"Referer": login},
            allow_redirects=False,
            timeout=10,
        )
        assert response.status_code == 302, response.text

    def follow(self, url: str) -> str:
        """GET url at the provider; return the address it redirects to."""
        response = self.session.get(url, allow_redirects=False, timeout=10)
        assert response.status_code == 302, response.text
        return response.headers["Location"]


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def local(url: str) -> str:
    """The path and query of an address on sammen, for Django's test client."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
