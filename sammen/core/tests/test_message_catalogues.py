"""The interface in Nynorsk and English is complete: every string makemessages finds is
translated in both catalogues, and every string marked for translation is one it can find."""

import re
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
SOURCES = Path(settings.BASE_DIR) / "sammen"


def entries(po: Path) -> list[list[str]]:
    """The catalogue's entries (blocks of lines between blank lines), header left out."""
    blocks = [block.splitlines() for block in po.read_text().split("\n\n") if block.strip()]
    return [block for block in blocks if not any(line == 'msgid ""' for line in block)]


def untranslated(block: list[str]) -> bool:
    """An msgstr (or a plural's msgstr[n]) that is empty: "" with no continuation lines."""
    for index, line in enumerate(block):
        if re.fullmatch(r'msgstr(\[\d+\])? ""', line):
            following = block[index + 1] if index + 1 < len(block) else ""
            if not following.startswith('"'):
                return True
    return False


def msgid(block: list[str]) -> str:
    return next((line for line in block if line.startswith("msgid ")), "?")


@pytest.mark.parametrize("language", ["nn", "en"])
def test_every_string_is_translated_and_none_is_a_guess(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    blocks = [block for block in entries(po) if not block[0].startswith("#~")]

    fuzzy = [msgid(b) for b in blocks if any(ln.startswith("#,") and "fuzzy" in ln for ln in b)]
    empty = [msgid(b) for b in blocks if untranslated(b)]

    assert not fuzzy, f"{language}: guessed translations to check (#, fuzzy): {fuzzy[:20]}"
    assert not empty, f"{language}: untranslated (run make messages, then translate): {empty[:20]}"


def test_every_gettext_alias_is_one_makemessages_extracts():
    # makemessages (xgettext) finds _(), gettext_lazy() and the other full names, but not a
    # home-made alias such as `gettext_lazy as _lazy`: its strings would never be translated.
    alias = re.compile(r"(?:import|,)\s*(?:n|p|np)?gettext(?:_lazy|_noop)?\s+as\s+(\w+)")
    found = [
        f"{path.relative_to(SOURCES)}: {match.group(0)}"
        for path in SOURCES.rglob("*.py")
        for match in alias.finditer(path.read_text())
        if match.group(1) != "_"
    ]
    assert not found, f"Aliases xgettext cannot see: {found}"
