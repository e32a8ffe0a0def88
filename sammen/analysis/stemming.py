"""A light Norwegian stemmer for SQLite's full-text index (PostgreSQL has its own Snowball
stemmer in the 'norwegian' configuration). SQLite's FTS5 tokenisers stem only English, so
the words are cut to their stems here, in Python, both when an input is indexed and when a
query is read: «benker», «benken» and «benkene» all become «benk».

It strips the endings of Bokmål and Nynorsk nouns (plural, definite, genitive) and a few of
adjectives and participles, twice, so that a base form ending in -er («vinter») meets its
definite form («vinteren»); a final double consonant is made single («bussen» → «bus», as
«buss»). It is written here because no maintained Norwegian stemmer is among the project's
dependencies; the index and the queries only need to agree with each other. Words it does
not know (other languages, names, numbers) are cut by the same rules on both sides, so a
search still finds the same word written the same way."""

import re

# Longest first: the first ending that leaves a stem of at least MIN_STEM letters is cut.
ENDINGS = (
    "ernes",
    "enes",
    "anes",
    "ende",
    "ande",
    "este",
    "ene",
    "ane",
    "ere",
    "est",
    "ens",
    "ets",
    "ede",
    "er",
    "ar",
    "en",
    "et",
    "a",
    "e",
)
MIN_STEM = 3
WORD = re.compile(r"[^\W_]+")
DOUBLE = re.compile(r"([bcdfghjklmnpqrstvwxz])\1$")

# Words that carry no meaning for a search (Bokmål and Nynorsk), as PostgreSQL's norwegian
# configuration drops them too. A query of these alone cannot be searched.
_STOP_WORDS = """
    alle at av bare begge ble blei bli blir blitt både båe da de deg dei deim deira deires dem
    den denne der dere deres det dette di din disse ditt du dykk dykkar då eg ein eit eitt
    eller elles en enn er et ett etter for fordi fra før ha hadde han hans har hennar henne
    hennes her hjå ho hoe honom hoss hossen hun hva hvem hver hvilke hvilken hvis hvor hvordan
    hvorfor i ikke ikkje ingen ingi inkje inn inni ja jeg kan kom korleis korso kun kunne kva
    kvar kvarhelst kven kvi kvifor man mange me med medan meg meget mellom men mi min mine
    mitt mot mykje ned no noe noen noka noko nokon nokor nokre nå når og også om opp oss over
    på samme seg selv si sia sidan siden sin sine sitt sjøl skal skulle slik so som somme somt
    så sånn til um upp ut uten var vart varte ved vere verte vi vil ville vore vors vort vår
    være vært å
    """
STOP_WORDS = frozenset(_STOP_WORDS.split())


def stem(word: str) -> str:
    """The stem of one lower-case word."""
    if not word.isalpha():
        return word
    for _ in range(2):
        for ending in ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
                word = word[: -len(ending)]
                break
        else:
            break
    return DOUBLE.sub(r"\1", word)


def words(text: str) -> list[str]:
    """The words of a text in lower case, as SQLite's unicode61 tokeniser splits them."""
    return WORD.findall(text.lower())


def stemmed_text(text: str) -> str:
    """What the index holds for a text: its words' stems, stop words left out."""
    return " ".join(stem(word) for word in words(text) if word not in STOP_WORDS)
