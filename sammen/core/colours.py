"""An organisation's theme colour, checked and turned into Designsystemet's colour scale.

Designsystemet colours every component through custom properties: for the accent colour
`--ds-color-accent-<role>` (background, surface, border, text and base steps). Its CLI builds
them from one colour for the vendored default theme (vendor/designsystemet/theme.css); an
organisation's own colour is computed here instead, so the site needs no npm at run time.

The colour is the "base" (buttons' background, with white text on it), so it must reach
WCAG's 4.5:1 against white. The lighter steps are mixes with white, the darker ones mixes with
black; the steps that carry text or outline a control are darkened until they reach their
contrast (4.5:1 for text, 3:1 for borders) on the tinted surfaces they stand on.
"""

import math
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

WHITE = (255, 255, 255)
BLACK = (0, 0, 0)
# WCAG 2.1: 4.5:1 for text (and the white text on a button of this colour), 3:1 for the
# outline of a control.
TEXT_CONTRAST = 4.5
BORDER_CONTRAST = 3.0

HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")

RGB = tuple[int, int, int]


def parse_hex(value: str) -> RGB:
    """(r, g, b) of "#rrggbb"; ValueError for anything else."""
    if not HEX_COLOUR.fullmatch(value or ""):
        raise ValueError(value)
    return (int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16))


def to_hex(rgb: RGB) -> str:
    return "#" + "".join(f"{round(channel):02x}" for channel in rgb)


def _linear(channel: float) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: RGB) -> float:
    """WCAG's relative luminance."""
    r, g, b = (_linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """WCAG's contrast ratio of two colours, from 1 to 21."""
    lighter, darker = sorted((luminance(a), luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def mix(colour: RGB, other: RGB, share: float) -> RGB:
    """`colour` with `share` (0–1) of `other` mixed in."""
    return tuple(round(c + (o - c) * share) for c, o in zip(colour, other, strict=True))


def _darken_until(colour: RGB, against: RGB, ratio: float) -> RGB:
    """The colour, mixed with black in small steps until it reaches `ratio` against `against`."""
    share = 0.0
    result = colour
    while contrast(result, against) < ratio and share < 1:
        share = min(1.0, share + 0.02)
        result = mix(colour, BLACK, share)
    return result


def validate_theme_colour(value: str) -> None:
    """Refuse what is not a #rrggbb colour, or what white text cannot be read on."""
    try:
        rgb = parse_hex(value)
    except ValueError:
        raise ValidationError(
            _("«%(value)s» er ikke en farge. Skriv den som #rrggbb, for eksempel #0062ba."),
            code="not_a_colour",
            params={"value": str(value)[:20]},
        ) from None
    ratio = contrast(rgb, WHITE)
    if ratio < TEXT_CONTRAST:
        raise ValidationError(
            _(
                "Fargen %(value)s har kontrast %(ratio)s:1 mot hvitt, men knapper og lenker "
                "trenger minst 4,5:1. Velg en mørkere farge."
            ),
            code="low_contrast",
            # Rounded down, so a refused 4.49 never reads as the 4.5 asked for.
            params={
                "value": value,
                "ratio": f"{math.floor(ratio * 10) / 10:.1f}".replace(".", ","),
            },
        )


def colour_scale(value: str) -> dict[str, str]:
    """Designsystemet's accent steps (light colour scheme) for the base colour `value`, by the
    role names of its CSS variables (`--ds-color-accent-<role>`)."""
    base = parse_hex(value)
    tint = {
        "background-tinted": mix(base, WHITE, 0.94),
        "surface-tinted": mix(base, WHITE, 0.87),
        "surface-hover": mix(base, WHITE, 0.78),
        "surface-active": mix(base, WHITE, 0.68),
        "border-subtle": mix(base, WHITE, 0.58),
    }
    # Text and borders stand on the tinted surfaces, up to the one of an active control.
    darkest_surface = tint["surface-active"]
    text_subtle = _darken_until(base, darkest_surface, TEXT_CONTRAST)
    steps = {
        "background-default": WHITE,
        "background-tinted": tint["background-tinted"],
        "surface-default": WHITE,
        "surface-tinted": tint["surface-tinted"],
        "surface-hover": tint["surface-hover"],
        "surface-active": tint["surface-active"],
        "border-subtle": tint["border-subtle"],
        "border-default": _darken_until(
            mix(base, WHITE, 0.15), tint["surface-tinted"], BORDER_CONTRAST
        ),
        "border-strong": text_subtle,
        "text-subtle": text_subtle,
        "text-default": _darken_until(mix(base, BLACK, 0.55), darkest_surface, 7.0),
        "base-default": base,
        "base-hover": mix(base, BLACK, 0.18),
        "base-active": mix(base, BLACK, 0.34),
        "base-contrast-subtle": mix(base, WHITE, 0.86),
        "base-contrast-default": WHITE,
    }
    return {role: to_hex(rgb) for role, rgb in steps.items()}


def theme_css(value: str) -> str:
    """The style sheet that gives pages of an organisation its colour: Designsystemet's accent
    variables, set after (and so over) the default theme. Empty for no colour."""
    if not value:
        return ""
    lines = [f"  --ds-color-accent-{role}: {hex_};" for role, hex_ in colour_scale(value).items()]
    return ":root, [data-color-scheme=light] {\n" + "\n".join(lines) + "\n}\n"
