"""Receipt codes: what a contributor is given to find their input again ("7KQM-3XWP").

One place for the alphabet, making one code or many, and reading a code back as a person
types it. Uniqueness is the caller's: core knows no Input, so `unique_receipt_codes` asks
the caller which candidates are already in use.
"""

import secrets
from collections.abc import Callable, Iterable

# No 0/O, 1/I/L: the code is read aloud on the phone and typed from paper.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_CHARS = 8

# Random bytes to code characters without bias: the bytes below the largest multiple of the
# alphabet's length map onto it evenly and the rest are dropped (bytes.translate does both in
# C, which matters when an import needs 100,000 codes).
_KEEP = 256 - 256 % len(RECEIPT_ALPHABET)
_TABLE = bytes(ord(RECEIPT_ALPHABET[byte % len(RECEIPT_ALPHABET)]) for byte in range(256))
_DROP = bytes(range(_KEEP, 256))


def _random_chars(count: int) -> str:
    chars = b""
    while len(chars) < count:
        chars += secrets.token_bytes(count - len(chars) + 64).translate(_TABLE, _DROP)
    return chars[:count].decode("ascii")


def _format(chars: str) -> str:
    return f"{chars[:4]}-{chars[4:]}"


def random_receipt_codes(count: int) -> list[str]:
    """`count` random codes, not checked against each other or anything stored."""
    chars = _random_chars(CODE_CHARS * count)
    return [_format(chars[i : i + CODE_CHARS]) for i in range(0, len(chars), CODE_CHARS)]


def new_receipt_code() -> str:
    """One random code. The database's unique constraint is its check: a clash is about one
    in 10^12 per stored code."""
    return random_receipt_codes(1)[0]


def unique_receipt_codes(count: int, in_use: Callable[[list[str]], Iterable[str]]) -> list[str]:
    """`count` distinct codes, none of them among those `in_use(candidates)` says are taken
    (the caller looks them up where the codes are stored)."""
    codes: set[str] = set()
    while len(codes) < count:
        candidates = set(random_receipt_codes(count - len(codes))) - codes
        codes |= candidates - set(in_use(sorted(candidates)))
    return list(codes)


def normalise_receipt_code(value: str) -> str:
    """ "abcd efgh", "ABCDEFGH" and " abcd-efgh " all become "ABCD-EFGH"."""
    chars = "".join(ch for ch in (value or "").upper() if ch.isascii() and ch.isalnum())
    return _format(chars) if len(chars) == CODE_CHARS else chars
