"""Text helpers shared by every way text comes in."""

import unicodedata

# The longest input anyone may write, on any form.
TEXT_MAX_LENGTH = 10_000
KEPT_CONTROLS = {"\n", "\t"}


def strip_control_characters(value: str) -> str:
    """Drop control characters (NUL, escape sequences, C1 controls) but keep line breaks,
    tabs, and the invisible marks right-to-left text needs."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        ch for ch in value if ch in KEPT_CONTROLS or unicodedata.category(ch) not in ("Cc", "Cs")
    )
