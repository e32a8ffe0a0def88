"""The host's private link. Only a hash of its token is stored, so a copy of the database
does not give anyone the links.

A token is derived from a random seed with the site's secret key (an HMAC). The seed is what
the e-mail task is given, so that the queue's table, which stores a task's arguments, holds
no working link either: a copy of the database alone still opens nothing."""

import base64
import hashlib
import secrets

from django.utils.crypto import salted_hmac

LINK_SALT = "sammen.gjestebud.link"


def new_seed() -> str:
    return secrets.token_urlsafe(32)


def token_from_seed(seed: str) -> str:
    digest = salted_hmac(LINK_SALT, seed, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def hash_token(token: str) -> str:
    # The token carries 256 random bits, so a plain, fast hash is enough: there is nothing
    # to gain from brute-forcing it, unlike a password.
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
