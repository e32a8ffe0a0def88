"""The host's private link. Only a hash of its token is stored, so a copy of the database
does not give anyone the links."""

import hashlib
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    # The token carries 256 random bits, so a plain, fast hash is enough: there is nothing
    # to gain from brute-forcing it, unlike a password.
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
