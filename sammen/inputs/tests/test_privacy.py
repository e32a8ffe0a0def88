import pytest

from sammen.inputs.privacy import K1_WEIGHTS, K2_WEIGHTS, is_national_id, mask_personal_data


def with_check_digits(first_nine: str) -> str | None:
    """The eleven-digit number with valid check digits, or None if there is none."""

    def check(digits, weights):
        remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
        digit = (11 - remainder) % 11
        return None if digit == 10 else str(digit)

    k1 = check(first_nine, K1_WEIGHTS)
    if k1 is None:
        return None
    k2 = check(first_nine + k1, K2_WEIGHTS)
    return None if k2 is None else first_nine + k1 + k2


def valid_number(birth: str) -> str:
    """A valid number for a date "ddmmyy": the first individual number that has one."""
    for individual in range(100, 1000):
        if number := with_check_digits(f"{birth}{individual}"):
            return number
    raise AssertionError("no valid number")


def test_valid_fodselsnummer_is_masked():
    number = valid_number("010190")
    assert mask_personal_data(f"Mitt nummer er {number}.") == (
        "Mitt nummer er [fødselsnummer skjult]."
    )


def test_fodselsnummer_written_with_a_space_is_masked():
    number = valid_number("150385")
    assert "[fødselsnummer skjult]" in mask_personal_data(f"{number[:6]} {number[6:]}")


def test_d_number_is_masked():
    number = valid_number("410190")  # day 01 + 40
    assert is_national_id(number)
    assert mask_personal_data(number) == "[fødselsnummer skjult]"


def test_eleven_digits_with_a_wrong_check_digit_are_left():
    number = valid_number("010190")
    wrong = number[:10] + str((int(number[10]) + 1) % 10)
    assert not is_national_id(wrong)
    assert mask_personal_data(f"Saksnummer {wrong}") == f"Saksnummer {wrong}"


def test_eleven_digits_with_an_impossible_date_are_left():
    number = with_check_digits("329912345") or with_check_digits("329912346")
    assert number is not None
    assert mask_personal_data(number) == number


@pytest.mark.parametrize(
    "phone",
    ["98765432", "987 65 432", "98 76 54 32", "+47 98765432", "0047 987 65 432", "+4798765432"],
)
def test_norwegian_phone_numbers_are_masked(phone):
    assert mask_personal_data(f"Ring meg på {phone} i kveld") == (
        "Ring meg på [telefonnummer skjult] i kveld"
    )


def test_numbers_that_are_not_phone_numbers_are_left():
    text = "Vi var 139 på konferansen i 2016, og 1234567 kroner er for lite."
    assert mask_personal_data(text) == text


def test_email_address_is_masked():
    assert mask_personal_data("Skriv til ola.nordmann+borgen@example.no!") == (
        "Skriv til [e-post skjult]!"
    )


def test_text_without_personal_data_is_unchanged():
    text = "Flere benker ved Borgen skole, og lys på stien til Hagaløkka."
    assert mask_personal_data(text) == text


def test_template_filter_masks_and_still_escapes():
    from django.template import Context, Template

    rendered = Template("{% load privacy %}{{ text|mask_personal_data }}").render(
        Context({"text": "<b>98765432</b>"})
    )
    assert rendered == "&lt;b&gt;[telefonnummer skjult]&lt;/b&gt;"
