"""Reads for the public pages."""

import datetime
import re
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import Page
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from sammen.analysis.search import MAX_QUERY_CHARS, search_inputs
from sammen.core.pagination import CappedPaginator
from sammen.engagement.models import Activity
from sammen.inputs.models import Input
from sammen.inputs.privacy import mask_personal_data, public_geometry
from sammen.inputs.selectors import has_focus_area, public_inputs, readable_inputs
from sammen.processes.models import FocusArea, Phase, Process
from sammen.roadmap.models import ActionInput

from .models import AccessibilityStatement


@dataclass(frozen=True)
class TimelineEntry:
    phase: Phase
    state: str  # "done", "current" or "upcoming"

    @property
    def is_current(self) -> bool:
        return self.state == "current"


def timeline(
    phases: list[Phase], current: Phase | None, today: datetime.date
) -> list[TimelineEntry]:
    """Each phase with its state: done when it has ended, current, or still to come."""
    entries = []
    for phase in phases:
        if phase == current:
            state = "current"
        elif phase.ends_on is not None and phase.ends_on < today:
            state = "done"
        elif current is not None and phase.order < current.order:
            # An open-ended phase that a later one has taken over from.
            state = "done"
        else:
            state = "upcoming"
        entries.append(TimelineEntry(phase, state))
    return entries


def upcoming_activities(process: Process, today: datetime.date | None = None) -> QuerySet[Activity]:
    """The published activities one can still join: starting today or later, or going on now
    (a drop-in office open for weeks). Soonest first."""
    today = today or timezone.localdate()
    return (
        Activity.objects.filter(method__process=process, is_public=True)
        .filter(Q(starts_on__gte=today) | Q(starts_on__lte=today, ends_on__gte=today))
        .select_related("method")
        .order_by("starts_on", "id")
    )


@dataclass(frozen=True)
class ResultsOutlook:
    """When the roadmap and the political decision are to come, from the process's phases.

    sammen does not hold roadmaps or decisions yet, so the page can only say when they will
    come, never show them.
    """

    roadmap_phase: Phase | None
    roadmap_phase_over: bool
    decision_phase: Phase | None
    decision_phase_over: bool


def results_outlook(
    phases: list[Phase], today: datetime.date | None = None
) -> ResultsOutlook | None:
    """None when the process has neither a co-creation nor a political phase."""
    today = today or timezone.localdate()

    def first(kind: str) -> Phase | None:
        return next((phase for phase in phases if phase.kind == kind), None)

    def over(phase: Phase | None) -> bool:
        return phase is not None and phase.ends_on is not None and phase.ends_on < today

    roadmap = first(Phase.Kind.CO_CREATION)
    decision = first(Phase.Kind.POLITICAL)
    if roadmap is None and decision is None:
        return None
    return ResultsOutlook(roadmap, over(roadmap), decision, over(decision))


def accessibility_statement() -> AccessibilityStatement | None:
    """The site's statement as the municipality filled it in, or None for the default text."""
    return AccessibilityStatement.objects.order_by("-updated_at", "-pk").first()


NAMED_PLACES_SECONDS = 300


def named_places(process: Process, limit: int = 30) -> list[str]:
    """Places already named in the process's published inputs, offered as suggestions in the
    form (a datalist: the citizen may still write their own). Kept in the cache for a few
    minutes: read off a partial index, but a million inputs name their places many times
    over, and the form is the most visited page of a consultation."""
    key = f"portal:named_places:{process.pk}:{limit}"
    names = cache.get(key)
    if names is None:
        names = list(
            public_inputs(process)
            .exclude(place_name="")
            .values_list("place_name", flat=True)
            .distinct()
            .order_by("place_name")[:limit]
        )
        cache.set(key, names, NAMED_PLACES_SECONDS)
    return names


# --- The public list of inputs --------------------------------------------------------------

PUBLIC_INPUTS_PER_PAGE = 25
# A search word with a digit or an at sign could find what the page hides (a phone number,
# an e-mail address, an identity number): such words are looked for in the masked text, for
# at most this many of the inputs the other words found, the newest or best first.
MASKED_SEARCH_LIMIT = 1000
_MASKABLE = re.compile(r"[\d@]")
_PUNCTUATION = "\"'.,;:!?()"
NO_FOCUS_AREA = "ingen"


@dataclass
class PublicInputs:
    """A page of a process's approved inputs as the public list shows them."""

    page: Page
    search_message: str = ""
    # The inputs of the page with a point on the map, as GeoJSON features.
    features: list[dict] = field(default_factory=list)

    @property
    def without_place(self) -> int:
        return len(self.page.object_list) - len(self.features)


def _split_query(text: str) -> tuple[str, list[str], list[str]]:
    """The query's words for the full-text index, and the words with a digit or an at sign
    that must (or, with a minus, must not) stand in the masked text."""
    plain, required, excluded = [], [], []
    for token in text.split():
        word = token.strip(_PUNCTUATION)
        if not _MASKABLE.search(word):
            plain.append(token)
        elif word.startswith("-"):
            excluded.append(word.lstrip("-").casefold())
        else:
            required.append(word.casefold())
    return " ".join(plain), [w for w in required if w], [w for w in excluded if w]


def _search(inputs: QuerySet[Input], text: str) -> tuple[QuerySet[Input], str]:
    """The inputs matching the query as the workbench searches (stemmed, ranked), but only
    through what the public page shows: the masked text and place, never a receipt code."""
    text = text[:MAX_QUERY_CHARS]
    plain, required, excluded = _split_query(text)
    message = ""
    if plain.strip():
        result = search_inputs(inputs, plain, receipt_codes=False)
        inputs, message = result.inputs, result.message
    if not (required or excluded):
        return inputs, message
    rows = list(inputs.values_list("pk", "text", "place_name")[: MASKED_SEARCH_LIMIT + 1])
    kept = []
    for pk, body, place in rows[:MASKED_SEARCH_LIMIT]:
        shown = f"{mask_personal_data(body)}\n{mask_personal_data(place)}".casefold()
        if all(word in shown for word in required) and not any(w in shown for w in excluded):
            kept.append(pk)
    if len(rows) > MASKED_SEARCH_LIMIT:
        note = gettext(
            "Ord med tall eller @ er bare søkt etter i de %(n)s første innspillene som passer "
            "på resten av søket. Skriv flere ord for å få færre treff."
        ) % {"n": MASKED_SEARCH_LIMIT}
        message = f"{message} {note}".strip()
    return inputs.filter(pk__in=kept), message


def _point(geometry) -> list[float] | None:
    """[longitude, latitude] of a GeoJSON point, rounded as everywhere in public, or None for
    anything else."""
    shown = public_geometry(geometry)
    if shown is None or shown["type"] != "Point" or len(shown["coordinates"]) < 2:
        return None
    longitude, latitude = shown["coordinates"][:2]
    if not (isinstance(longitude, float) and isinstance(latitude, float)):
        return None
    if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
        return None
    return [longitude, latitude]


MAP_TEXT_CHARS = 160


def _feature(item: Input, point: list[float]) -> dict:
    text = mask_personal_data(item.text)
    if len(text) > MAP_TEXT_CHARS:
        text = text[: MAP_TEXT_CHARS - 1].rstrip() + "…"
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": point},
        "properties": {"id": item.pk, "text": text},
    }


def public_input_list(
    process: Process,
    *,
    focus_area: FocusArea | None = None,
    unsorted: bool = False,
    on_map: bool = False,
    text: str = "",
    page_number: str | int | None = None,
) -> PublicInputs:
    """Approved inputs of one process, newest first (best match first when searched), with
    their focus areas and the roadmap actions they led to."""
    inputs = readable_inputs(process).order_by("-received_at", "-id")
    if focus_area is not None:
        inputs = inputs.filter(focus_areas=focus_area)
    elif unsorted:
        inputs = inputs.filter(~has_focus_area())
    if on_map:
        inputs = inputs.filter(geometry__type="Point")
    message = ""
    if text.strip():
        inputs, message = _search(inputs, text.strip())
    links = ActionInput.objects.select_related("action").order_by("linked_at", "pk")
    inputs = inputs.prefetch_related(
        Prefetch("focus_areas", queryset=FocusArea.objects.order_by("order")),
        Prefetch("action_links", queryset=links, to_attr="public_action_links"),
    )
    page = CappedPaginator(inputs, PUBLIC_INPUTS_PER_PAGE).get_page(page_number)
    features = [
        _feature(item, point)
        for item in page.object_list
        if (point := _point(item.geometry)) is not None
    ]
    return PublicInputs(page, message, features)
