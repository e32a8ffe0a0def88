"""Reads for the pages: the suggestions and their trustworthiness, and the themes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, F, OuterRef, Prefetch, QuerySet, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sammen.inputs.models import Input, Responsibility
from sammen.processes.models import Process

from .models import (
    DuplicateScan,
    NearDuplicateGroup,
    NearDuplicateMember,
    ProcessAnalysis,
    Suggester,
    Suggestion,
    SuggestionKind,
    Theme,
)
from .suggestions import MIN_SORTED
from .themes import MIN_INPUTS

ANALYSIS_PARAMS = ("tema", "rekkefolge")
MOST_INFORMATIVE = "usikre"


@dataclass
class Trust:
    """How far one kind of suggestion can be trusted in a process, in words."""

    kind: str
    shown: bool
    summary: str
    reasons: list[str] = field(default_factory=list)
    quality: float | None = None


def min_quality() -> float:
    return settings.SAMMEN_SUGGESTION_MIN_QUALITY / 100


def _kind_label(kind: str) -> str:
    return {
        SuggestionKind.FOCUS_AREA: _("Forslag til innsatsområde"),
        SuggestionKind.RESPONSIBILITY: _("Forslag til ansvar"),
    }[kind]


def _single_example_names(suggester: Suggester) -> list[str]:
    if suggester.kind == SuggestionKind.RESPONSIBILITY:
        return [str(Responsibility(v).label) for v in suggester.single_examples]
    areas = dict(suggester.process.focus_areas.values_list("pk", "title"))
    return [areas[int(v)] for v in suggester.single_examples if int(v) in areas]


def trust(process: Process) -> dict[str, Trust]:
    """For each kind of suggestion: shown or not, and why, in the reader's language."""
    suggesters = {s.kind: s for s in Suggester.objects.filter(process=process)}
    analysis = ProcessAnalysis.objects.filter(process=process).first()
    waiting = analysis is not None and analysis.queued
    out = {}
    for kind in SuggestionKind.values:
        label = _kind_label(kind)
        suggester = suggesters.get(kind)
        if suggester is None:
            summary = (
                _("%(kind)s: lærer av sorteringen, straks ferdig.")
                if waiting
                else _("%(kind)s: ingen sorterte innspill å lære av ennå.")
            ) % {"kind": label}
            out[kind] = Trust(kind, False, summary)
            continue
        reasons = []
        if singles := _single_example_names(suggester):
            reasons.append(
                ngettext(
                    "%(names)s har bare ett sortert eksempel, så forslagene dit er usikre.",
                    "%(names)s har bare ett sortert eksempel hver, så forslagene dit er usikre.",
                    len(singles),
                )
                % {"names": ", ".join(singles)}
            )
        if suggester.state == Suggester.State.NO_SORTED:
            summary = _("%(kind)s: ingen sorterte innspill å lære av ennå.") % {"kind": label}
            out[kind] = Trust(kind, False, summary, reasons)
            continue
        if suggester.state == Suggester.State.ONE_CLASS:
            summary = _(
                "%(kind)s: alle de sorterte innspillene har samme svar, så det er ingenting å "
                "skille mellom ennå."
            ) % {"kind": label}
            out[kind] = Trust(kind, False, summary, reasons)
            continue
        if suggester.state == Suggester.State.TOO_FEW:
            summary = ngettext(
                "%(kind)s: %(n)s innspill er sortert; forslagene kommer når minst %(min)s er "
                "sortert.",
                "%(kind)s: %(n)s innspill er sortert; forslagene kommer når minst %(min)s er "
                "sortert.",
                suggester.sorted_count,
            ) % {"kind": label, "n": suggester.sorted_count, "min": MIN_SORTED}
            out[kind] = Trust(kind, False, summary, reasons)
            continue
        quality = suggester.quality or 0.0
        tenths = round(quality * 10)
        figure = _(
            "omtrent %(right)s av 10 forslag riktige så langt (%(correct)s av %(evaluated)s "
            "sorterte innspill gjettet riktig da sorteringen deres var skjult)"
        ) % {
            "right": tenths,
            "correct": suggester.correct,
            "evaluated": suggester.evaluated,
        }
        if quality < min_quality():
            summary = _(
                "%(kind)s er skjult: %(figure)s, under grensen på %(limit)s av 10. Sorter "
                "flere innspill, så prøver den igjen."
            ) % {
                "kind": label,
                "figure": figure,
                "limit": round(min_quality() * 10, 1),
            }
            out[kind] = Trust(kind, False, summary, reasons, quality)
            continue
        summary = _("%(kind)s: %(figure)s.") % {"kind": label, "figure": figure}
        out[kind] = Trust(kind, True, summary, reasons, quality)
    return out


def refine_inputs(
    inputs: QuerySet[Input], process: Process, params: Mapping[str, str]
) -> QuerySet[Input]:
    """The workbench's list narrowed to a theme (?tema=<id>) and, with ?rekkefolge=usikre,
    the unsorted inputs the suggester is least sure of first (uncertainty sampling: sorting
    them teaches it most). An unknown theme matches nothing."""
    if theme := params.get("tema"):
        try:
            theme_id = int(theme)
        except ValueError:
            return inputs.none()
        inputs = inputs.filter(themes__pk=theme_id, themes__process=process)
    if params.get("rekkefolge") == MOST_INFORMATIVE:
        uncertainty = Subquery(
            Suggestion.objects.filter(input=OuterRef("pk"), kind=SuggestionKind.FOCUS_AREA).values(
                "uncertainty"
            )[:1]
        )
        inputs = inputs.annotate(uncertainty=uncertainty).order_by(
            F("uncertainty").desc(nulls_last=True), "-received_at", "-id"
        )
    return inputs


def suggestions_for(
    process: Process, items: Iterable[Input], trusted: dict[str, Trust] | None = None
) -> dict[int, dict[str, dict]]:
    """{input id: {kind: {"value", "label", "confidence"}}} for the inputs given, only the
    kinds whose suggestions are good enough to show (`trusted`: trust(process), if read
    already); the page shows them where the input is not sorted yet."""
    shown = [kind for kind, t in (trusted or trust(process)).items() if t.shown]
    if not shown:
        return {}
    rows = Suggestion.objects.filter(
        input__in=[item.pk for item in items], kind__in=shown
    ).select_related("focus_area")
    out: dict[int, dict[str, dict]] = {}
    for row in rows:
        if row.kind == SuggestionKind.FOCUS_AREA:
            if row.focus_area is None:
                continue
            value, label = row.focus_area.key, row.focus_area.title
        else:
            value, label = row.responsibility, str(Responsibility(row.responsibility).label)
        out.setdefault(row.input_id, {})[row.kind] = {
            "value": value,
            "label": label,
            "confidence": round(100 * row.confidence),
        }
    return out


@dataclass
class ThemeView:
    theme: Theme
    size: int
    label: str


def themes(process: Process) -> dict:
    """The process's themes grouped by focus area, and areas too small to have any."""
    rows = (
        Theme.objects.filter(process=process)
        .select_related("focus_area", "representative")
        .annotate(size=Count("inputs"))
        .order_by("focus_area__order", "order")
    )
    grouped: dict = {}
    for theme in rows:
        grouped.setdefault(theme.focus_area, []).append(
            ThemeView(theme, theme.size, theme.label or _("(uten kjennetegnende ord)"))
        )
    analysis = ProcessAnalysis.objects.filter(process=process).first()
    return {
        "grouped": grouped,
        "areas_without": [area for area in process.focus_areas.all() if area not in grouped],
        "ran_at": analysis.ran_at if analysis else None,
        "waiting": bool(analysis and analysis.queued),
        "min_inputs": MIN_INPUTS,
    }


def theme_filter(process: Process, params: Mapping[str, str]) -> Theme | None:
    """The theme the workbench is narrowed to, to name it above the list."""
    try:
        theme_id = int(params.get("tema") or 0)
    except ValueError:
        return None
    return Theme.objects.filter(process=process, pk=theme_id).select_related("focus_area").first()


# Members shown with a checkbox each; the rest of a large group (a campaign) is merged along.
SHOWN_MEMBERS = 30


def latest_scan(process: Process) -> DuplicateScan | None:
    return DuplicateScan.objects.filter(process=process).order_by("-id").first()


def offered_groups(process: Process) -> QuerySet[NearDuplicateGroup]:
    """Groups waiting for staff, the largest and most alike first, members oldest first."""
    members = NearDuplicateMember.objects.select_related("input").order_by(
        "input__received_at", "input_id"
    )
    return (
        NearDuplicateGroup.objects.filter(process=process, status=NearDuplicateGroup.Status.OFFERED)
        .prefetch_related(Prefetch("memberships", queryset=members))
        .order_by("-similarity", "id")
    )


def offered_group_count(process: Process) -> int:
    return NearDuplicateGroup.objects.filter(
        process=process, status=NearDuplicateGroup.Status.OFFERED
    ).count()


@dataclass(frozen=True)
class GroupView:
    group: NearDuplicateGroup
    shown: list[NearDuplicateMember]
    hidden: int
    size: int
    percent: int


def group_views(groups: QuerySet[NearDuplicateGroup]) -> list[GroupView]:
    views = []
    for group in groups:
        members = list(group.memberships.all())
        views.append(
            GroupView(
                group,
                shown=members[:SHOWN_MEMBERS],
                hidden=max(len(members) - SHOWN_MEMBERS, 0),
                size=len(members),
                percent=round(group.similarity * 100),
            )
        )
    return views


def group_inputs(group: NearDuplicateGroup) -> list[Input]:
    return [membership.input for membership in group.memberships.select_related("input")]
