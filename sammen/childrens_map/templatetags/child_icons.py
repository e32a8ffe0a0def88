"""Simple pictures for the children's mode, drawn here as inline SVG: one per choice a child
makes (how they travel, where the way goes, what kind of place) and per map mode. Each stands
beside its words and is hidden from screen readers; the words say it all."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# Shapes on a 48 × 48 grid, drawn with the current text colour.
SHAPES = {
    # How I travel
    "ga": (
        '<circle cx="27" cy="8" r="4"/><path d="M26 14l-3 14M25 17l-7 6M25 17l7 5'
        'M23 28l-6 13M23 28l7 12"/>'
    ),
    "sykkel": (
        '<circle cx="12" cy="32" r="8"/><circle cx="36" cy="32" r="8"/>'
        '<path d="M12 32l8-14h11l5 14M20 18l5 14H12M17 14h6M31 18l-2-6h5"/>'
    ),
    "sparkesykkel": (
        '<circle cx="11" cy="38" r="4"/><circle cx="36" cy="38" r="4"/>'
        '<path d="M11 34h22l-4-24M24 10h10"/>'
    ),
    "buss": (
        '<rect x="8" y="6" width="32" height="30" rx="5"/><path d="M8 22h32M8 14h32"/>'
        '<circle cx="15" cy="40" r="3"/><circle cx="33" cy="40" r="3"/>'
    ),
    "bil": (
        '<path d="M5 32v-7l7-9h22l8 9h1v7z"/><path d="M13 24h26"/>'
        '<circle cx="14" cy="34" r="4"/><circle cx="34" cy="34" r="4"/>'
    ),
    "annet": (
        '<circle cx="12" cy="24" r="3" fill="currentColor"/>'
        '<circle cx="24" cy="24" r="3" fill="currentColor"/>'
        '<circle cx="36" cy="24" r="3" fill="currentColor"/>'
    ),
    # Where the way goes
    "skole": (
        '<path d="M6 20L24 8l18 12M10 18v22h28V18M20 40V30h8v10"/><circle cx="24" cy="20" r="3"/>'
    ),
    "fritid": (
        '<circle cx="24" cy="24" r="17"/><path d="M24 16l7 5-3 8h-8l-3-8zM24 7v9M31 21l9-3'
        'M28 29l5 8M20 29l-5 8M17 21l-9-3"/>'
    ),
    # What kind of place
    "liker": (
        '<path d="M24 41S6 30 6 17a9 9 0 0 1 18-3 9 9 0 0 1 18 3c0 13-18 24-18 24z"'
        ' fill="currentColor"/>'
    ),
    "utrygg": (
        '<path d="M24 5L3 42h42z" fill="currentColor"/>'
        '<path d="M24 18v12" stroke="#fff" stroke-width="4"/>'
        '<circle cx="24" cy="36" r="2.5" fill="#fff" stroke="none"/>'
    ),
    "aktivitet": (
        '<circle cx="24" cy="8" r="4"/><path d="M24 13v15M24 17l-10-7M24 17l10-7'
        'M24 28l-9 13M24 28l9 13"/>'
    ),
    # What I do on the map
    "vei": (
        '<path d="M10 40c0-12 28-8 26-24" stroke-dasharray="5 5"/>'
        '<circle cx="10" cy="40" r="4" fill="currentColor"/><path d="M36 16V4l8 4-8 4"/>'
    ),
    "sted": (
        '<path d="M24 44S10 29 10 19a14 14 0 0 1 28 0c0 10-14 25-14 25z"/>'
        '<circle cx="24" cy="19" r="5"/>'
    ),
}


@register.simple_tag
def child_icon(name) -> str:
    """The picture for a choice, or nothing for a choice without one."""
    shapes = SHAPES.get(str(name))
    if shapes is None:
        return ""
    return format_html(
        '<svg class="child-icon child-icon--{}" viewBox="0 0 48 48" width="40" height="40" '
        'aria-hidden="true" focusable="false" fill="none" stroke="currentColor" '
        'stroke-width="3" stroke-linecap="round" stroke-linejoin="round">{}</svg>',
        name,
        mark_safe(shapes),  # constant markup written above
    )
