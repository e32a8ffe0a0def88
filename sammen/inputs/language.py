"""Which language an input is written in.

py3langid alone serves Norwegian badly: it reads Bokmål as Danish ("da") or as "no", and it
has no Somali at all. So the languages most inputs come in are told apart by their common
function words: Bokmål, Nynorsk, English and Somali. Anything else goes to py3langid,
constrained to a set of languages spoken in Norway, with Danish and "no" read as Bokmål.
Text too short to tell falls back to the page's language, and the result says so.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that Bokmål and Nynorsk share, then the ones that tell them apart.
NORWEGIAN = _words(
    "og i på er det til at som med for å av har vi kan om må skal ved eller men når "
    "så der her mer alle både blir barn"
)
BOKMAL = _words(
    "jeg ikke hva hvor hvordan hvorfor mye noen noe fra være flere bedre mener trenger "
    "hjemme bare også en et de hun dem selv uten etter mellom enn eneste hver kommer "
    "skulle burde ønsker synes sammen veldig"
)
NYNORSK = _words(
    "eg ikkje kva kvar korleis kvifor mykje nokon noko frå vere fleire betre meiner treng "
    "heime berre òg ein eit dei ho me sjølv utan etter mellom enn einaste kvar kjem "
    "skulle burde ønskjer synest saman veldig dykk oss"
)
ENGLISH = _words(
    "the and is are we to of in that it for need more should would this with not have be "
    "there they our you i a an on at by from was were can will more better please"
)
SOMALI = _words(
    "waa iyo ku ka oo ee la u waxaan waxay ayaa aan ah in loo lagu badan ma baa yahay leh "
    "inay haddii waxa kale sidoo aad ayuu ayey wuxuu iyada isaga anaga annaga ahaa"
)

# Languages py3langid may answer with: those widely spoken in Norway besides the above.
OTHER_LANGUAGES = [
    "ar", "fa", "ur", "ps", "ku", "pl", "lt", "lv", "ru", "uk", "de", "fr", "es", "pt", "it",
    "sv", "da", "no", "nb", "nn", "en", "tr", "vi", "th", "zh", "ro", "bs", "hr", "sr", "sq",
    "am", "fi", "se", "tl", "hi", "ta", "nl", "et", "hu", "cs", "sk", "bg", "el",
]  # fmt: skip
READ_AS_BOKMAL = {"da", "no", "nb"}

MIN_LETTERS = 12
MIN_WORDS = 3
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class Detection:
    language: str
    # "text": read from the text; "page": the page's language, the text being too short
    # or too unclear to tell.
    source: str

    @property
    def guessed_from_page(self) -> bool:
        return self.source == "page"

    @property
    def name(self) -> str:
        return language_name(self.language)


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
    identifier.set_languages(OTHER_LANGUAGES)
    return identifier


def _by_function_words(words: list[str]) -> str | None:
    norwegian = sum(w in NORWEGIAN or w in BOKMAL or w in NYNORSK for w in words)
    scores = {
        "no": norwegian,
        "en": sum(w in ENGLISH for w in words),
        "so": sum(w in SOMALI for w in words),
    }
    best = max(scores, key=scores.get)
    # At least two function words and a fifth of the text, and a clear lead: otherwise
    # the words may be names or loans.
    runner_up = max(score for name, score in scores.items() if name != best)
    if scores[best] < 2 or scores[best] < len(words) / 5 or scores[best] <= runner_up:
        return None
    if best != "no":
        return best
    bokmal = sum(w in BOKMAL and w not in NYNORSK for w in words)
    nynorsk = sum(w in NYNORSK and w not in BOKMAL for w in words)
    return "nn" if nynorsk > bokmal else "nb"


def detect_language(text: str, fallback: str) -> Detection:
    """The language of text, as a code (nb, nn, en, so, ar …); fallback (the page's
    language) when the text is too short or unclear."""
    words = [w.lower() for w in WORD.findall(text or "")]
    letters = sum(len(w) for w in words)
    if letters < MIN_LETTERS or len(words) < MIN_WORDS:
        return Detection(fallback, "page")
    if language := _by_function_words(words):
        return Detection(language, "text")
    language, probability = _identifier().classify(text)
    if probability < 0.8:
        return Detection(fallback, "page")
    if language in READ_AS_BOKMAL:
        language = "nb"
    return Detection(language, "text")


# Names Django lacks, or lacks in Norwegian.
NAMES = {
    "nb": _("norsk bokmål"),
    "nn": _("norsk nynorsk"),
    "en": _("engelsk"),
    "so": _("somali"),
    "ar": _("arabisk"),
    "ku": _("kurdisk"),
    "ps": _("pashto"),
    "tl": _("tagalog"),
    "se": _("nordsamisk"),
    "zh": _("kinesisk"),
    "am": _("amharisk"),
}


def language_name(code: str) -> str:
    """The language's name in the reader's language, or its code when none is known."""
    if code in NAMES:
        return str(NAMES[code])
    try:
        return get_language_info(code)["name_translated"].lower()
    except KeyError:
        return code
