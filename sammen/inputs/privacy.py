"""Masking of personal data in text shown to the public: phone numbers, e-mail addresses and
Norwegian national identity numbers (fødselsnummer and D-numbers)."""

import re

from django.utils.translation import gettext as _

K1_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2)
K2_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)

# Eleven digits, optionally written "ddmmyy nnnnn"; not part of a longer number.
NATIONAL_ID = re.compile(r"(?<![\d])(\d{6})[ ]?(\d{5})(?![\d])")
EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Norwegian numbers: eight digits starting 2–9, written together or grouped as 2-2-2-2,
# 3-2-3 or 4-4, with +47 or 0047 in front or not.
PHONE = re.compile(
    r"(?<![\d+])(?:(?:\+|00)\s?47[\s-]?)?"
    r"(?:[2-9]\d{7}|[2-9]\d(?:[\s-]\d\d){3}|[2-9]\d\d[\s-]\d\d[\s-]\d{3}|[2-9]\d{3}[\s-]\d{4})"
    r"(?![\d])"
)


def _check_digit(digits: str, weights: tuple[int, ...]) -> int | None:
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    return None if check == 10 else check


def is_national_id(number: str) -> bool:
    """A fødselsnummer or D-number: a plausible date (D-numbers add 4 to the first digit of
    the day) and both mod-11 check digits right."""
    if len(number) != 11 or not number.isascii() or not number.isdigit():
        return False
    day, month = int(number[:2]), int(number[2:4])
    if day > 40:
        day -= 40
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return False
    k1 = _check_digit(number[:9], K1_WEIGHTS)
    if k1 is None or k1 != int(number[9]):
        return False
    k2 = _check_digit(number[:10], K2_WEIGHTS)
    return k2 is not None and k2 == int(number[10])


def mask_personal_data(text: str) -> str:
    """The text with national identity numbers, e-mail addresses and phone numbers replaced
    by a note saying what was hidden. Eleven-digit numbers that fail the check are left."""
    if not text:
        return text

    def national_id(match: re.Match) -> str:
        if is_national_id(match.group(1) + match.group(2)):
            return _("[fødselsnummer skjult]")
        return match.group(0)

    text = NATIONAL_ID.sub(national_id, text)
    text = EMAIL.sub(lambda m: _("[e-post skjult]"), text)
    return PHONE.sub(lambda m: _("[telefonnummer skjult]"), text)
