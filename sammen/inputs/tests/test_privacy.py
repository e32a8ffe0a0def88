import pytest
import time_machine
from stdnum.no.fodselsnummer import calc_check_digit1, calc_check_digit2

from sammen.inputs.privacy import is_national_id, mask_personal_data

# stdnum refuses birth dates in the future, so "valid" depends on the day the test runs.
pytestmark = pytest.mark.usefixtures("_frozen_today")


@pytest.fixture
def _frozen_today():
    with time_machine.travel("2026-03-14 12:00 +01:00", tick=False):
        yield


def with_check_digits(first_nine: str) -> str | None:
    """The eleven-digit number with both check digits, or None when a check digit would be
    10 (no number with these nine digits exists)."""
    k1 = calc_check_digit1(first_nine)
    if len(k1) > 1:
        return None
    k2 = calc_check_digit2(first_nine + k1)
    return None if len(k2) > 1 else first_nine + k1 + k2


def valid_number(birth: str, individuals=range(100, 500)) -> str:
    """A number with right check digits for "ddmmyy": the first individual number that has
    one (individual numbers below 500 mean born 1900–1999)."""
    for individual in individuals:
        if number := with_check_digits(f"{birth}{individual}"):
            return number
    raise AssertionError("no valid number")


def with_wrong_check_digit(number: str) -> str:
    return number[:10] + str((int(number[10]) + 1) % 10)


def test_valid_fodselsnummer_is_masked():
    number = valid_number("010190")
    assert mask_personal_data(f"Mitt nummer er {number}.") == (
        "Mitt nummer er [fødselsnummer skjult]."
    )


def test_fodselsnummer_written_with_a_space_is_masked():
    number = valid_number("150385")
    assert mask_personal_data(f"{number[:6]} {number[6:]}") == "[fødselsnummer skjult]"


def test_fodselsnummer_written_with_a_hyphen_is_masked():
    number = valid_number("150385")
    assert mask_personal_data(f"{number[:6]}-{number[6:]}") == "[fødselsnummer skjult]"


def test_published_example_number_is_masked():
    # python-stdnum's own example of a valid fødselsnummer.
    assert mask_personal_data("fnr 151086 95088") == "fnr [fødselsnummer skjult]"


def test_d_number_is_masked():
    number = valid_number("410190")  # day 01 + 40
    assert is_national_id(number)
    assert mask_personal_data(number) == "[fødselsnummer skjult]"


def test_h_number_is_masked():
    number = valid_number("014190")  # month 01 + 40: the hand-written check refused these
    assert is_national_id(number)
    assert mask_personal_data(f"H-nummer {number}") == "H-nummer [fødselsnummer skjult]"


@pytest.mark.parametrize("birth", ["010190", "410190", "014190"], ids=["fnr", "d", "h"])
def test_eleven_digits_with_a_wrong_check_digit_are_left(birth):
    wrong = with_wrong_check_digit(valid_number(birth))
    assert not is_national_id(wrong)
    assert mask_personal_data(f"Saksnummer {wrong}") == f"Saksnummer {wrong}"


def test_eleven_digits_with_an_impossible_date_are_left():
    number = with_check_digits("329912345") or with_check_digits("329912346")
    assert number is not None
    assert mask_personal_data(number) == number


def test_a_birth_date_after_today_is_not_a_national_id():
    # Individual numbers 500–999 with year 30 mean 2030, after the frozen today.
    number = valid_number("010130", individuals=range(500, 1000))
    assert not is_national_id(number)
    assert mask_personal_data(number) == number


@pytest.mark.parametrize(
    "phone",
    [
        "98765432",
        "987 65 432",
        "98 76 54 32",
        "22 33 44 55",
        "2233 4455",
        "+47 98765432",
        "+47 987 65 432",
        "0047 987 65 432",
        "0047 98765432",
        "+4798765432",
    ],
)
def test_norwegian_phone_numbers_are_masked(phone):
    assert mask_personal_data(f"Ring meg på {phone} i kveld") == (
        "Ring meg på [telefonnummer skjult] i kveld"
    )


@pytest.mark.parametrize(
    "phone",
    ["+46 70 123 45 67", "+44 20 7946 0958", "+1 (415) 555-2671", "0046 70 123 45 67"],
    ids=["sweden", "uk", "usa", "sweden-00"],
)
def test_foreign_phone_numbers_are_masked(phone):
    assert mask_personal_data(f"Ring meg på {phone} i kveld") == (
        "Ring meg på [telefonnummer skjult] i kveld"
    )


def test_phone_number_in_parentheses_keeps_both_parentheses():
    assert mask_personal_data("Kari (98765432) kan svare") == (
        "Kari ([telefonnummer skjult]) kan svare"
    )


def test_numbers_that_are_not_phone_numbers_are_left():
    text = "Vi var 139 på konferansen i 2016, og 1234567 kroner er for lite."
    assert mask_personal_data(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "Prosjektet kostet kr 1 500 000.",
        "Rammen er kr 45 000 000 i år.",
        "Rammen er 45 000 000 kroner.",
        "Rammen er kr 45000000.",
        "Rammen er 45000000,- i år.",
        "Adressen er Torvveien 1, 1383 Asker.",
        "Folkemøtet er 14.03.2016 kl. 18.30, eller 2016-03-14.",
        "Møtet var 01.02.2016 og 1.2.2016.",
        "Årene 2016 2017 2018 var gode.",
        "Min kvitteringskode er 4567-8923.",
        "Min kvitteringskode er 4K7M-Q2ZX.",
        "Kontonummer 1503 12 34567 til innsamlingen.",
        "Referanse BRG-PROP-2016-03-12.",
        "Dette nummeret finnes ikke: 12345678.",
    ],
    ids=[
        "amount",
        "amount-millions",
        "amount-kroner",
        "amount-without-separators",
        "amount-comma-dash",
        "postal-code",
        "dates",
        "dates-dots",
        "years",
        "receipt-code-digits",
        "receipt-code",
        "account-number",
        "reference",
        "not-in-the-numbering-plan",
    ],
)
def test_amounts_dates_postal_codes_and_codes_are_not_phone_numbers(text):
    assert mask_personal_data(text) == text


def test_email_address_is_masked():
    assert mask_personal_data("Skriv til ola.nordmann+borgen@example.no!") == (
        "Skriv til [e-post skjult]!"
    )


def test_text_without_personal_data_is_unchanged():
    text = "Flere benker ved Borgen skole, og lys på stien til Hagaløkka."
    assert mask_personal_data(text) == text


def test_all_kinds_in_one_text_are_masked():
    number = valid_number("014190")
    text = f"Jeg ({number}) nås på +46 70 123 45 67, 98 76 54 32 og kari@example.no."
    assert mask_personal_data(text) == (
        "Jeg ([fødselsnummer skjult]) nås på [telefonnummer skjult], "
        "[telefonnummer skjult] og [e-post skjult]."
    )


def test_template_filter_masks_and_still_escapes():
    from django.template import Context, Template

    rendered = Template("{% load privacy %}{{ text|mask_personal_data }}").render(
        Context({"text": "<b>98765432</b>"})
    )
    assert rendered == "&lt;b&gt;[telefonnummer skjult]&lt;/b&gt;"
