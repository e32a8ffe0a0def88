"""The categories a population table holds, and how answers to the voluntary questions meet
them. Statistics Norway (SSB) writes ages as "23 år", "0-4 år" or "105 år eller eldre", the
immigration category as "Innvandrere", "Norskfødte med innvandrerforeldre" and "Befolkningen
ellers", and gender as "Menn" and "Kvinner"; the questions a process puts ask for age bands
("Under 16 år", "16–24 år"), born in Norway or abroad, and (where a process asks) gender."""

import re
from dataclasses import dataclass

from .models import PopulationRow

Dimension = PopulationRow.Dimension

IMMIGRANTS = "Innvandrere"
NORWEGIAN_BORN_TO_IMMIGRANTS = "Norskfødte med innvandrerforeldre"
REST = "Befolkningen ellers"
MEN = "Menn"
WOMEN = "Kvinner"

# Lower-case label → canonical category, for the immigration category and gender.
_NAMED = {
    "innvandrere": (Dimension.BACKGROUND, IMMIGRANTS),
    "innvandrer": (Dimension.BACKGROUND, IMMIGRANTS),
    "norskfødte med innvandrerforeldre": (Dimension.BACKGROUND, NORWEGIAN_BORN_TO_IMMIGRANTS),
    "befolkningen ellers": (Dimension.BACKGROUND, REST),
    "befolkningen unntatt innvandrere og norskfødte med innvandrerforeldre": (
        Dimension.BACKGROUND,
        REST,
    ),
    "personer uten innvandrerbakgrunn": (Dimension.BACKGROUND, REST),
    "menn": (Dimension.GENDER, MEN),
    "mann": (Dimension.GENDER, MEN),
    "kvinner": (Dimension.GENDER, WOMEN),
    "kvinne": (Dimension.GENDER, WOMEN),
}

# Totals SSB puts beside the categories: skipped, since the categories add up to them.
TOTALS = frozenset(
    {
        "i alt",
        "alle",
        "alle aldre",
        "begge kjønn",
        "menn og kvinner",
        "befolkningen i alt",
        "hele befolkningen",
        "total",
        "totalt",
    }
)

_DASH = r"\s*[-–—]\s*"
_AGE_PATTERNS = [
    (re.compile(r"^(\d{1,3})\s*år$"), lambda m: (int(m[1]), int(m[1]))),
    (re.compile(rf"^(\d{{1,3}}){_DASH}(\d{{1,3}})\s*år$"), lambda m: (int(m[1]), int(m[2]))),
    (
        re.compile(r"^(\d{1,3})\s*(?:år)?\s*(?:eller eldre|og eldre|og over|\+)$"),
        lambda m: (int(m[1]), None),
    ),
    (re.compile(r"^under\s+(\d{1,3})\s*år$"), lambda m: (0, int(m[1]) - 1)),
]

# A code SSB may put before a label ("0220 Asker", "B Innvandrere").
_CODE = re.compile(r"^(?:\d{1,5}|[A-Z]{1,3})\s+(?=\S)")


@dataclass(frozen=True)
class AgeBand:
    low: int
    high: int | None  # None: "or older"

    def label(self) -> str:
        if self.high is None:
            return f"{self.low} år eller eldre"
        if self.low == self.high:
            return f"{self.low} år"
        return f"{self.low}–{self.high} år"

    def within(self, other: "AgeBand") -> bool:
        if self.low < other.low:
            return False
        if other.high is None:
            return True
        return self.high is not None and self.high <= other.high

    def overlaps(self, other: "AgeBand") -> bool:
        below = other.high is not None and self.low > other.high
        above = self.high is not None and other.low > self.high
        return not (below or above)


def _plain(label: str) -> str:
    return " ".join(str(label).split()).strip().lower()


def age_band(label: str) -> AgeBand | None:
    text = _plain(label)
    for pattern, read in _AGE_PATTERNS:
        if match := pattern.match(text):
            low, high = read(match)
            if high is not None and high < low:
                return None
            return AgeBand(low, high)
    return None


class Total:
    """A total row (such as "I alt"): known, and left out."""


TOTAL = Total()


def classify(label: str) -> tuple[str, str] | Total | None:
    """(dimension, canonical category) for a label from a population file; TOTAL for a total
    row; None for a label that is no known category."""
    text = _plain(label)
    if not text:
        return None
    for candidate in (text, _plain(_CODE.sub("", " ".join(str(label).split()), count=1))):
        if candidate in TOTALS:
            return TOTAL
        if candidate in _NAMED:
            return _NAMED[candidate]
        if (band := age_band(candidate)) is not None:
            return (Dimension.AGE, band.label())
    return None


# --- answers to the voluntary questions ------------------------------------------------------

BORN_ABROAD = "abroad"
BORN_IN_NORWAY = "norway"


def answer_category(dimension: str, choice: str) -> str | AgeBand | None:
    """What a question's choice stands for in the population, or None where it has no
    counterpart (such as "Vil ikke svare")."""
    text = _plain(choice)
    if dimension == Dimension.AGE:
        return age_band(text)
    if dimension == Dimension.BACKGROUND:
        if "utlandet" in text or "utenfor norge" in text:
            return BORN_ABROAD
        if "i norge" in text:
            return BORN_IN_NORWAY
        return None
    if dimension == Dimension.GENDER:
        if text in {"mann", "menn", "gutt", "gutter"}:
            return MEN
        if text in {"kvinne", "kvinner", "jente", "jenter"}:
            return WOMEN
    return None


def question_dimension(choices: list[str]) -> str | None:
    """The dimension a choice question asks about: age when every band-like choice is an age
    band (at least two), born in Norway or abroad, or gender (both asked for)."""
    ages = [age_band(choice) for choice in choices]
    if sum(band is not None for band in ages) >= 2:
        return Dimension.AGE
    found = {answer_category(Dimension.BACKGROUND, choice) for choice in choices}
    if {BORN_ABROAD, BORN_IN_NORWAY} <= found:
        return Dimension.BACKGROUND
    found = {answer_category(Dimension.GENDER, choice) for choice in choices}
    if {MEN, WOMEN} <= found:
        return Dimension.GENDER
    return None
