"""Masking of personal data in text shown to the public: Norwegian national identity numbers
(fødselsnummer, D-numbers and H-numbers, checked by python-stdnum), e-mail addresses, and
phone numbers (found by phonenumbers, Norwegian and international)."""

import re

from django.utils.translation import gettext as _
from phonenumbers import Leniency, PhoneNumberMatcher
from stdnum.no import fodselsnummer

# Eleven digits, optionally written "ddmmyy nnnnn" or "ddmmyy-nnnnn"; not part of a longer
# number. Whether it is an identity number is python-stdnum's call.
NATIONAL_ID = re.compile(r"(?<!\d)\d{6}[ -]?\d{5}(?!\d)")
EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)

# Numbers without a country code are read as Norwegian; "+46 …", "0046 …" as Swedish etc.
PHONE_REGION = "NO"
# VALID: the number must exist in the numbering plan of its country (a Norwegian number has
# eight digits and does not start with 0 or 1), which leaves out years, postal codes and dates.
# The grouping leniencies would be stricter, but they refuse "987 65 432", a usual way of
# writing a Norwegian mobile number.
PHONE_LENIENCY = Leniency.VALID
# What VALID still takes for a phone number, and sammen does not:
# an amount with thousands separators ("45 000 000"; no Norwegian number is grouped 2-3-3),
AMOUNT = re.compile(r"\d{1,3}(?:[ \u00a0.]\d{3})+")
# an amount named as one ("kr 45000000", "45000000 kroner", "45000000,-"),
AMOUNT_BEFORE = re.compile(r"(?:\bkr\.?|\bNOK)\s*$", re.IGNORECASE)
AMOUNT_AFTER = re.compile(r"(?:,-|\s*(?:kr\b|kroner\b|NOK\b))", re.IGNORECASE)
# and a receipt code, which may be all digits ("4567-8923"; see inputs.services).
RECEIPT_CODE = re.compile(r"[0-9A-Z]{4}-[0-9A-Z]{4}")


def is_national_id(number: str) -> bool:
    """A fødselsnummer, D-number (4 added to the day's first digit) or H-number (4 added to
    the month's first digit): a possible birth date and both mod-11 check digits right."""
    return fodselsnummer.is_valid(number)


def _phone_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in PhoneNumberMatcher(text, PHONE_REGION, leniency=PHONE_LENIENCY):
        raw, start, end = match.raw_string, match.start, match.end
        if (
            AMOUNT.fullmatch(raw)
            or RECEIPT_CODE.fullmatch(raw)
            or AMOUNT_BEFORE.search(text, max(0, start - 8), start)
            or AMOUNT_AFTER.match(text, end)
        ):
            continue
        if raw.startswith("(") and ")" not in raw:
            # "(98765432)": the matcher keeps the opening parenthesis, as in "(415) 555-2671".
            start += 1
        spans.append((start, end))
    return spans


def _mask_phone_numbers(text: str) -> str:
    for start, end in reversed(_phone_spans(text)):
        text = text[:start] + _("[telefonnummer skjult]") + text[end:]
    return text


# Only text with a digit or an at sign can hold an identity number, a phone number or an
# e-mail address; the rest skips the (slow) phone-number matcher. Same result, faster.
_MAY_HOLD_PERSONAL_DATA = re.compile(r"[\d@]")


def mask_personal_data(text: str) -> str:
    """The text with national identity numbers, e-mail addresses and phone numbers replaced
    by a note saying what was hidden. Eleven-digit numbers that fail the check are left."""
    if not text or not _MAY_HOLD_PERSONAL_DATA.search(text):
        return text

    def national_id(match: re.Match) -> str:
        return _("[fødselsnummer skjult]") if is_national_id(match.group(0)) else match.group(0)

    text = NATIONAL_ID.sub(national_id, text)
    text = EMAIL.sub(lambda m: _("[e-post skjult]"), text)
    return _mask_phone_numbers(text)


# About ten metres: enough to find the place an input names, not to point out a front door.
COORDINATE_DECIMALS = 4


def public_geometry(value) -> dict | None:
    """An input's place as anyone may see it (open data, the public map, the API): GeoJSON with
    its coordinates rounded to about ten metres, or None when it has none (or what is stored
    is not a geometry)."""
    if not isinstance(value, dict) or not isinstance(value.get("type"), str):
        return None

    def rounded(coordinates):
        if isinstance(coordinates, bool):
            raise ValueError
        if isinstance(coordinates, int | float):
            return round(float(coordinates), COORDINATE_DECIMALS)
        if isinstance(coordinates, list) and coordinates:
            return [rounded(item) for item in coordinates]
        raise ValueError

    try:
        return {"type": value["type"], "coordinates": rounded(value.get("coordinates"))}
    except (ValueError, RecursionError):
        return None
