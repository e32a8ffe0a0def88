"""An organisation's theme colour: checked, and turned into Designsystemet's colour scale."""

import pytest
from django.core.exceptions import ValidationError

from sammen.core.colours import (
    WHITE,
    colour_scale,
    contrast,
    parse_hex,
    theme_css,
    validate_theme_colour,
)


@pytest.mark.parametrize("value", ["blå", "#12345", "0062ba", "#00zz00", "rgb(0,0,0)"])
def test_what_is_not_a_colour_is_refused_with_how_to_write_one(value):
    with pytest.raises(ValidationError) as refused:
        validate_theme_colour(value)

    assert refused.value.messages == [
        f"«{value}» er ikke en farge. Skriv den som #rrggbb, for eksempel #0062ba."
    ]


def test_a_colour_white_text_cannot_be_read_on_is_refused_with_its_contrast():
    with pytest.raises(ValidationError) as refused:
        validate_theme_colour("#ffcc00")

    assert refused.value.messages == [
        "Fargen #ffcc00 har kontrast 1,5:1 mot hvitt, men knapper og lenker trenger minst "
        "4,5:1. Velg en mørkere farge."
    ]


@pytest.mark.parametrize("value", ["#0062ba", "#767676", "#c01b1b", "#005a30"])
def test_the_scale_keeps_the_colour_as_base_and_its_text_and_borders_readable(value):
    validate_theme_colour(value)
    scale = {role: parse_hex(hex_) for role, hex_ in colour_scale(value).items()}

    assert scale["base-default"] == parse_hex(value)
    assert contrast(scale["base-contrast-default"], scale["base-hover"]) >= 4.5
    for surface in ("background-tinted", "surface-tinted", "surface-active"):
        assert contrast(scale["text-subtle"], scale[surface]) >= 4.5
        assert contrast(scale["text-default"], scale[surface]) >= 7
    assert contrast(scale["border-default"], scale["surface-tinted"]) >= 3
    assert contrast(scale["surface-tinted"], WHITE) < 1.3


def test_the_style_sheet_sets_designsystemets_accent_variables():
    css = theme_css("#0062BA".lower())

    assert "--ds-color-accent-base-default: #0062ba;" in css
    assert css.count("--ds-color-accent-") == 16
    assert theme_css("") == ""
