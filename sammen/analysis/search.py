"""Full-text search over a process's inputs, ranked: PostgreSQL's 'norwegian' configuration
on PostgreSQL, FTS5 with the Python stemmer on SQLite (search_index.py). Queries are read
as a web search box reads them: words (all must occur), "a phrase in quotes", `or`/`eller`
between alternatives, and -word for a word that must not occur. No input can make the search
fail: what cannot be searched is said in a plain message."""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sammen.core.receipts import normalise_receipt_code
from sammen.inputs.models import Input

from .search_index import FTS_TABLE, VECTOR_COLUMN
from .stemming import STOP_WORDS, stem, words

# A query longer than this is cut, as the filter form allows no more (a pasted letter is
# not a search).
MAX_QUERY_CHARS = 200
MAX_TERMS = 20
# Ranking reads every match's index entry and sorts them all: past this many matches (a word
# in a third of a million inputs) the newest come first instead, which the workbench's own
# ordering serves quickly, and the page says so.
RANK_LIMIT = 10_000
RECEIPT_CODE_CHARS = 9  # "ABCD-EFGH" as normalise_receipt_code writes it


@dataclass(frozen=True)
class SearchResult:
    inputs: QuerySet[Input]
    message: str = ""
    ranked: bool = False


@dataclass(frozen=True)
class _Term:
    words: tuple[str, ...]  # one word, or the words of a phrase
    negated: bool = False


# A quoted phrase (closed or not), or a run of anything but space and quotes.
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_OR = frozenset({"or", "eller", "|"})


def _parse(text: str) -> list[list[_Term]]:
    """The query as a list of groups that must all match; a group matches when any of its
    alternatives does. Negated terms stand in groups of their own."""
    groups: list[list[_Term]] = []
    join_next = False
    for match in _TOKEN.finditer(text):
        minus, phrase, bare = match.groups()
        if bare is not None:
            if bare.lower() in _OR:
                join_next = bool(groups)
                continue
            minus = "-" if bare.startswith("-") else ""
            phrase = bare.lstrip("-")
        found = tuple(word for word in words(phrase) if word not in STOP_WORDS)
        if not found:
            continue
        term = _Term(found, negated=bool(minus))
        if join_next and not term.negated and not groups[-1][0].negated:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    return groups


def _fts5_expression(groups: list[list[_Term]]) -> str:
    """An FTS5 MATCH expression of stems, every stem quoted, so no character of the query can
    be read as FTS5 syntax."""

    def quoted(term: _Term) -> str:
        return '"' + " ".join(stem(word) for word in term.words) + '"'

    positive = [
        "(" + " OR ".join(quoted(term) for term in group) + ")"
        for group in groups
        if not group[0].negated
    ]
    expression = " AND ".join(positive)
    for group in groups:
        if group[0].negated:
            expression = f"({expression}) NOT {quoted(group[0])}"
    return expression


def _websearch_text(groups: list[list[_Term]]) -> str:
    """The parsed query written again for websearch_to_tsquery, so that both databases read
    the same query the same way."""
    parts = []
    for group in groups:
        alternatives = [
            ('"' + " ".join(term.words) + '"') if len(term.words) > 1 else term.words[0]
            for term in group
        ]
        prefix = "-" if group[0].negated else ""
        parts.append(prefix + " or ".join(alternatives))
    return " ".join(parts)


def _postgresql_searchable(query: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT numnode(websearch_to_tsquery('norwegian', %s))", [query])
        return cursor.fetchone()[0] > 0


def search_inputs(
    inputs: QuerySet[Input], text: str, *, receipt_codes: bool = True
) -> SearchResult:
    """`inputs` narrowed to those matching the query, the best matches first (a receipt code
    finds its input too, unless `receipt_codes` is False: the public list, where a code is
    the contributor's own key). An empty query leaves them as they are."""
    text = (text or "").strip()
    if not text:
        return SearchResult(inputs)
    notes = []
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notes.append(
            _("Søket var langt: bare de første %(n)s tegnene er brukt.") % {"n": MAX_QUERY_CHARS}
        )
    groups = _parse(text)
    if len(groups) > MAX_TERMS:
        groups = groups[:MAX_TERMS]
        notes.append(_("Søket hadde mange ord: bare de første %(n)s er brukt.") % {"n": MAX_TERMS})
    code = normalise_receipt_code(text)
    by_code = Q(receipt_code=code) if receipt_codes and len(code) == RECEIPT_CODE_CHARS else None
    has_positive = any(not group[0].negated for group in groups)
    query = _websearch_text(groups)
    if has_positive and connection.vendor == "postgresql":
        has_positive = _postgresql_searchable(query)
    if not has_positive:
        if by_code is not None:
            return SearchResult(inputs.filter(by_code))
        notes.append(
            _(
                "Søket har ingen ord å søke etter: bare små ord som «og» og «i», tegn eller "
                "ord med minus foran. Skriv minst ett ord som skal stå i innspillet."
            )
        )
        return SearchResult(inputs.none(), " ".join(notes))
    table = connection.ops.quote_name(Input._meta.db_table)
    if connection.vendor == "postgresql":
        vector = RawSQL(
            f"{table}.{connection.ops.quote_name(VECTOR_COLUMN)}",
            (),
            output_field=SearchVectorField(),
        )
        search = SearchQuery(query, search_type="websearch", config="norwegian")
        matches = Q(search_vector=search)
        rank = SearchRank(vector, search)
        inputs = inputs.alias(search_vector=vector)
    else:
        expression = _fts5_expression(groups)
        matches = Q(
            pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expression])
        )
        # bm25() is lower for better matches.
        rank = RawSQL(
            f"(SELECT -bm25({FTS_TABLE}) FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s AND rowid = {table}.id)",
            [expression],
            output_field=FloatField(),
        )
    if by_code is not None:
        matches |= by_code
    inputs = inputs.filter(matches)
    if inputs.values("pk").order_by()[: RANK_LIMIT + 1].count() > RANK_LIMIT:
        notes.append(
            _(
                "Søket passer på mer enn %(n)s innspill, så de nyeste vises først, ikke de "
                "som passer best. Skriv flere ord for å få dem sortert etter hvor godt de passer."
            )
            % {"n": number_format(RANK_LIMIT, force_grouping=True)}
        )
        return SearchResult(inputs, " ".join(notes))
    inputs = inputs.annotate(search_rank=rank).order_by("-search_rank", "-received_at", "-id")
    return SearchResult(inputs, " ".join(notes), ranked=True)
