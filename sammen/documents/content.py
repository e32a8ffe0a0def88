"""What the temaplan and the participation report say, as one plain data structure read once
from the database with a fixed number of queries (however many inputs), so that the PDF
(pdf.py) and the DOCX (docx.py) say the same thing.

Build it inside `translation.override(...)`: every label is a translated string, rendered in
the language active when `document_content` runs.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sammen.inputs.models import Assessment, Input, Responsibility
from sammen.inputs.privacy import mask_personal_data
from sammen.insights.selectors import Range, participation_summary
from sammen.opinions.models import Conversation
from sammen.opinions.selectors import results as opinion_results
from sammen.opinions.selectors import summary_text as opinion_sentences
from sammen.processes.models import FocusArea, Process
from sammen.roadmap.models import (
    Action,
    ActionInput,
    BallotPoints,
    Goal,
    Roadmap,
    Strategy,
    Workshop,
)

from .models import DocumentVersion, PoliticalTreatment


def range_text(value: Range) -> str:
    if value.low == value.high:
        return str(value.low)
    return _("%(low)s–%(high)s") % {"low": value.low, "high": value.high}


def long_date(value: datetime.date | datetime.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value)
    return date_format(value, "j. F Y")


@dataclass
class PhaseItem:
    title: str
    kind: str
    dates: str
    influence: str
    decision: str
    description: str


@dataclass
class ParticipationRow:
    method: str
    participants: str
    estimated: bool
    reach: int
    inputs: int
    uncounted: list[str]


@dataclass
class Participation:
    rows: list[ParticipationRow]
    inputs_without_activity: int
    total_participants: str
    total_reach: int
    total_inputs: int
    # The range explained, one paragraph each: what was counted, what was estimated, reach.
    notes: list[str]


@dataclass
class Tally:
    label: str
    count: int


@dataclass
class Split:
    """One region of «Fordelingen»: who acts (kommune, innbyggere or sammen)."""

    key: str
    label: str
    actions: int
    inputs: int


@dataclass
class ActionItem:
    title: str
    description: str
    desired_effect: str
    responsibility: str
    responsibility_key: str
    actors: list[str]
    status: str
    timeframe: str
    points: int
    rank: int | None
    inputs: int


@dataclass
class StrategyItem:
    title: str
    description: str
    actions: list[ActionItem] = field(default_factory=list)


@dataclass
class GoalItem:
    title: str
    description: str
    strategies: list[StrategyItem] = field(default_factory=list)


@dataclass
class FocusAreaSection:
    title: str
    description: str
    goals: list[GoalItem] = field(default_factory=list)

    @property
    def action_count(self) -> int:
        return sum(len(s.actions) for g in self.goals for s in g.strategies)


@dataclass
class WorkshopInfo:
    title: str
    date: str
    ballots: int
    points_per_ballot: int
    participants: str


@dataclass
class TreatmentItem:
    body: str
    meeting_date: str
    case_number: str
    outcome: str
    decision_text: str
    document: str
    is_illustrative: bool


@dataclass
class AppendixRow:
    number: int
    text: str
    assessment: str
    reason: str
    actions: list[str]


@dataclass
class AppendixGroup:
    title: str
    rows: list[AppendixRow]


@dataclass(frozen=True)
class OpinionSummary:
    """A statements activity's opinion groups, in the sentences its results page uses."""

    title: str
    question: str
    participants: int
    votes: int
    sentences: list[str]


@dataclass
class DocumentContent:
    kind: str
    title: str
    document_name: str
    organisation: str
    process_name: str
    area: str
    main_goal: str
    version_label: str
    generated_on: str
    data_note: str
    summary: list[str]
    description: str
    principles: list[tuple[str, str]]
    phases: list[PhaseItem]
    participation: Participation
    participants_per_method: list[tuple[str, Range]]
    inputs_per_focus_area: list[Tally]
    split: list[Split]
    assessments: list[Tally]
    roadmap: list[FocusAreaSection]
    workshops: list[WorkshopInfo]
    treatments: list[TreatmentItem]
    appendix: list[AppendixGroup]
    opinions: list[OpinionSummary] = field(default_factory=list)
    # What is said about the roadmap as a whole (the demo's says it is illustrative).
    roadmap_note: str = ""
    language: str = "nb"

    @property
    def is_temaplan(self) -> bool:
        return self.kind == DocumentVersion.Kind.TEMAPLAN

    @property
    def appendix_count(self) -> int:
        return sum(len(group.rows) for group in self.appendix)

    @property
    def action_count(self) -> int:
        return sum(section.action_count for section in self.roadmap)


def _phases(process: Process) -> list[PhaseItem]:
    items = []
    for phase in process.phases.order_by("order"):
        if phase.starts_on and phase.ends_on:
            dates = _("%(start)s–%(end)s") % {
                "start": long_date(phase.starts_on),
                "end": long_date(phase.ends_on),
            }
        elif phase.starts_on:
            dates = _("fra %(start)s") % {"start": long_date(phase.starts_on)}
        else:
            dates = ""
        decision = ""
        if phase.decision_point:
            decision = phase.decision_point
            if phase.decision_maker:
                decision += f" ({phase.decision_maker})"
        items.append(
            PhaseItem(
                title=phase.title,
                kind=phase.get_kind_display(),
                dates=dates,
                influence=phase.get_influence_level_display(),
                decision=decision,
                description=phase.description,
            )
        )
    return items


def _participation(summary, process: Process) -> Participation:
    rows = [
        ParticipationRow(
            method=row.method.title,
            participants=range_text(row.figures.participants),
            estimated=bool(row.figures.estimated.high),
            reach=row.figures.reach,
            inputs=row.figures.inputs,
            uncounted=list(row.figures.uncounted),
        )
        for row in summary.methods
    ]
    total = summary.total
    notes = []
    estimated = summary.estimated_activities
    if estimated:
        listed = ", ".join(
            "{} ({} {})".format(row.activity.title, _("ca."), range_text(row.figures.estimated))
            for row in estimated
        )
        notes.append(
            _(
                "Deltakertallet er et spenn. Det laveste tallet, %(low)s, er bare de som ble "
                "telt. Det høyeste, %(high)s, tar i tillegg med anslagene på sitt høyeste:"
            )
            % {"low": total.counted.low, "high": total.participants.high}
            + " "
            + listed
            + ". "
            + _("Samme person kan ha deltatt i flere aktiviteter og telles da flere ganger.")
        )
    else:
        notes.append(
            _("Alle deltakertall er telte, ingen er anslag.")
            + " "
            + _("Samme person kan ha deltatt i flere aktiviteter og telles da flere ganger.")
        )
    if total.uncounted:
        notes.append(_("Deltok i tillegg, uten å bli telt:") + " " + "; ".join(total.uncounted))
    if total.reach:
        notes.append(
            _(
                "Rekkevidde (%(reach)s) er liker-klikk og visninger. Det viser hvor mange som "
                "så prosessen, ikke hvor mange som deltok, og regnes aldri med i deltakertallet."
            )
            % {"reach": total.reach}
        )
    if total.not_counted_activities:
        notes.append(
            ngettext(
                "%(n)s aktivitet har ennå ikke fått registrert deltakertall.",
                "%(n)s aktiviteter har ennå ikke fått registrert deltakertall.",
                total.not_counted_activities,
            )
            % {"n": total.not_counted_activities}
        )
    return Participation(
        rows=rows,
        inputs_without_activity=summary.inputs_without_activity,
        total_participants=range_text(total.participants),
        total_reach=total.reach,
        total_inputs=total.inputs,
        notes=notes,
    )


def _ranks(points: dict[int, int]) -> dict[int, int]:
    """Competition ranking by points (1, 2, 2, 4); actions without points have no rank."""
    ordered = sorted((p for p in points.values() if p), reverse=True)
    first_place = {}
    for place, value in enumerate(ordered, start=1):
        first_place.setdefault(value, place)
    return {pk: first_place[p] for pk, p in points.items() if p}


def _timeframe(action: Action) -> str:
    if action.starts_on and action.ends_on:
        if action.starts_on.year == action.ends_on.year:
            return str(action.starts_on.year)
        return f"{action.starts_on.year}–{action.ends_on.year}"
    if action.starts_on:
        return _("fra %(year)s") % {"year": action.starts_on.year}
    if action.ends_on:
        return _("innen %(year)s") % {"year": action.ends_on.year}
    return ""


def _roadmap(process: Process, areas: list[FocusArea], inputs_per_action: dict[int, int]):
    goals = list(Goal.objects.filter(process=process).order_by("focus_area__order", "order", "id"))
    strategies = list(Strategy.objects.filter(goal__process=process).order_by("order", "id"))
    actions = list(Action.objects.filter(strategy__goal__process=process).order_by("order", "id"))
    actors: dict[int, list[str]] = defaultdict(list)
    for action_id, name in (
        Action.actors.through.objects.filter(action__strategy__goal__process=process)
        .order_by("actor__name")
        .values_list("action_id", "actor__name")
    ):
        actors[action_id].append(name)
    points = dict(
        BallotPoints.objects.filter(action__strategy__goal__process=process)
        .values("action")
        .annotate(total=Sum("points"))
        .values_list("action", "total")
    )
    ranks = _ranks(points)

    strategy_items: dict[int, StrategyItem] = {
        s.pk: StrategyItem(s.title, s.description) for s in strategies
    }
    for action in actions:
        strategy_items[action.strategy_id].actions.append(
            ActionItem(
                title=action.title,
                description=action.description,
                desired_effect=action.desired_effect,
                responsibility=action.get_responsibility_display(),
                responsibility_key=action.responsibility,
                actors=actors.get(action.pk, []),
                status=action.get_status_display(),
                timeframe=_timeframe(action),
                points=points.get(action.pk, 0),
                rank=ranks.get(action.pk),
                inputs=inputs_per_action.get(action.pk, 0),
            )
        )
    goal_items: dict[int, GoalItem] = {g.pk: GoalItem(g.title, g.description) for g in goals}
    for strategy in strategies:
        goal_items[strategy.goal_id].strategies.append(strategy_items[strategy.pk])
    sections = {area.pk: FocusAreaSection(area.title, area.description) for area in areas}
    for goal in goals:
        sections[goal.focus_area_id].goals.append(goal_items[goal.pk])
    roadmap = [section for section in sections.values() if section.goals]
    action_titles = {action.pk: action.title for action in actions}
    action_split: dict[str, int] = defaultdict(int)
    for action in actions:
        action_split[action.responsibility] += 1
    return roadmap, action_titles, action_split


def _workshops(process: Process) -> list[WorkshopInfo]:
    items = []
    workshops = (
        Workshop.objects.filter(activity__method__process=process)
        .select_related("activity")
        .annotate(ballot_count=Count("ballots"))
        .order_by("activity__starts_on", "pk")
    )
    for workshop in workshops:
        activity = workshop.activity
        participants = ""
        if activity.participants_low is not None:
            participants = range_text(Range(activity.participants_low, activity.participants_high))
        items.append(
            WorkshopInfo(
                title=activity.title,
                date=long_date(activity.starts_on),
                ballots=workshop.ballot_count,
                points_per_ballot=workshop.points_per_ballot,
                participants=participants,
            )
        )
    return items


def _treatments(process: Process) -> list[TreatmentItem]:
    return [
        TreatmentItem(
            body=treatment.body_name or treatment.get_body_display(),
            meeting_date=long_date(treatment.meeting_date),
            case_number=treatment.case_number,
            outcome=treatment.get_outcome_display(),
            decision_text=treatment.decision_text,
            document=str(treatment.document),
            is_illustrative=treatment.is_illustrative,
        )
        for treatment in PoliticalTreatment.objects.filter(process=process)
        .select_related("document")
        .order_by("meeting_date", "id")
    ]


# Characters no document format can hold (XML 1.0 refuses them); a pasted input may carry one.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def public_text(text: str) -> str:
    """The text as the appendix prints it: personal data masked, control characters gone."""
    return mask_personal_data(CONTROL.sub("", text))


def _assessment_text(outcome: str, labels: dict[str, str]) -> str:
    return labels.get(outcome) or _("Ikke vurdert ennå")


def _opinions(process: Process) -> list[OpinionSummary]:
    summaries = []
    for conversation in (
        Conversation.objects.filter(activity__method__process=process)
        .select_related("activity")
        .order_by("activity__starts_on", "pk")
    ):
        results = opinion_results(conversation, public=True)
        sentences = opinion_sentences(results) or [
            _("Det er ennå for få stemmer til å finne meningsgrupper.")
        ]
        summaries.append(
            OpinionSummary(
                title=conversation.activity.title,
                question=conversation.question,
                participants=results.participants,
                votes=results.votes,
                sentences=[str(sentence) for sentence in sentences],
            )
        )
    return summaries


def document_content(
    process: Process,
    kind: str = DocumentVersion.Kind.TEMAPLAN,
    version: DocumentVersion | None = None,
    today: datetime.date | None = None,
) -> DocumentContent:
    """Everything the document says, read in a fixed number of queries."""
    summary = participation_summary(process)
    areas = list(FocusArea.objects.filter(process=process).order_by("order"))

    approved = Input.objects.filter(process=process, moderation=Input.Moderation.APPROVED)
    area_links: dict[int, list[int]] = defaultdict(list)
    for input_id, area_id in (
        Input.focus_areas.through.objects.filter(
            input__process=process, input__moderation=Input.Moderation.APPROVED
        )
        .order_by("focusarea__order")
        .values_list("input_id", "focusarea_id")
    ):
        area_links[input_id].append(area_id)
    action_links: dict[int, list[int]] = defaultdict(list)
    inputs_per_action: dict[int, int] = defaultdict(int)
    for input_id, action_id in (
        ActionInput.objects.filter(
            input__process=process, input__moderation=Input.Moderation.APPROVED
        )
        .order_by("action__order", "action_id")
        .values_list("input_id", "action_id")
    ):
        action_links[input_id].append(action_id)
        inputs_per_action[action_id] += 1

    roadmap, action_titles, action_split = _roadmap(process, areas, inputs_per_action)

    outcome_labels = dict(Assessment.choices)
    method_order = {row.method.pk: index for index, row in enumerate(summary.methods)}
    rows = approved.values_list(
        "pk",
        "text",
        "activity__method_id",
        "activity__method__title",
        "responsibility",
        "assessment_outcome",
        "assessment",
        "referred_to",
    ).order_by("received_at", "pk")
    groups: dict[int | None, AppendixGroup] = {}
    per_area: dict[int, int] = defaultdict(int)
    input_split: dict[str, int] = defaultdict(int)
    outcomes: dict[str, int] = defaultdict(int)
    for (
        pk,
        text,
        method_id,
        method_title,
        responsibility,
        outcome,
        reason,
        referred_to,
    ) in rows.iterator(chunk_size=2000):
        for area_id in area_links.get(pk, ()):
            per_area[area_id] += 1
        input_split[responsibility] += 1
        outcomes[outcome] += 1
        group = groups.get(method_id)
        if group is None:
            title = method_title or _("Innspill uten aktivitet (for eksempel nettskjema)")
            group = groups[method_id] = AppendixGroup(title, [])
        reason = public_text(reason)
        if outcome == Assessment.OUT_OF_SCOPE and referred_to:
            reason = (reason + " " if reason else "") + _("Sendt videre til %(where)s.") % {
                "where": referred_to
            }
        group.rows.append(
            AppendixRow(
                number=0,
                text=public_text(text),
                assessment=_assessment_text(outcome, outcome_labels),
                reason=reason,
                actions=[action_titles[a] for a in action_links.get(pk, ()) if a in action_titles],
            )
        )
    appendix = [
        groups[key]
        for key in sorted(groups, key=lambda key: method_order.get(key, len(method_order)))
    ]
    number = 0
    for group in appendix:
        for row in group.rows:
            number += 1
            row.number = number

    split = [
        Split(choice.value, choice.label, action_split.get(choice.value, 0), input_split[choice])
        for choice in Responsibility
    ]
    assessments = [Tally(label, outcomes[value]) for value, label in Assessment.choices]
    if outcomes.get(""):
        assessments.append(Tally(_("Ikke vurdert ennå"), outcomes[""]))

    participation = _participation(summary, process)
    kind_label = DocumentVersion.Kind(kind).label
    if version is not None:
        title = version.title
        version_label = _("%(stage)s, versjon %(number)s") % {
            "stage": version.get_stage_display(),
            "number": version.number,
        }
    else:
        title = f"{kind_label} – {process.name}"
        version_label = _("Utkast uten versjonsnummer")
    treatments = _treatments(process) if kind == DocumentVersion.Kind.TEMAPLAN else []
    content = DocumentContent(
        kind=kind,
        title=title,
        document_name=str(kind_label),
        organisation=process.organisation.name,
        process_name=process.name,
        area=process.area,
        main_goal=process.main_goal,
        version_label=version_label,
        generated_on=long_date(today or timezone.localdate()),
        data_note=process.data_note,
        summary=[],
        description=process.description,
        principles=[(p.title, p.description) for p in process.principles.order_by("order")],
        phases=_phases(process),
        participation=participation,
        participants_per_method=[
            (row.method.title, row.figures.participants) for row in summary.methods
        ],
        inputs_per_focus_area=[Tally(area.title, per_area.get(area.pk, 0)) for area in areas],
        split=split,
        assessments=assessments,
        roadmap=roadmap,
        workshops=_workshops(process),
        opinions=_opinions(process),
        treatments=treatments,
        appendix=appendix,
    )
    note = Roadmap.objects.filter(process=process).values("is_illustrative", "note").first()
    if note:
        parts = (
            [_("Veikartet er et eksempel, ikke det kommunen har vedtatt.")]
            if note["is_illustrative"]
            else []
        )
        content.roadmap_note = " ".join([*parts, note["note"]]).strip()
    content.summary = _summary(content, summary)
    return content


def _summary(content: DocumentContent, summary) -> list[str]:
    paragraphs = []
    first = _(
        "%(process)s samlet %(participants)s deltakere og %(inputs)s innspill gjennom "
        "%(methods)s metoder."
    ) % {
        "process": content.process_name,
        "participants": content.participation.total_participants,
        "inputs": content.participation.total_inputs,
        "methods": len(summary.methods),
    }
    if content.main_goal:
        first += " " + _("Hovedmålet er: «%(goal)s».") % {"goal": content.main_goal}
    paragraphs.append(first)
    assessed = sum(c.count for c in content.assessments[: len(Assessment.choices)])
    total = content.appendix_count
    if total:
        paragraphs.append(
            _(
                "%(assessed)s av %(total)s godkjente innspill er vurdert. Vedlegget viser hvert "
                "innspill, vurderingen av det og tiltakene det førte til."
            )
            % {"assessed": assessed, "total": total}
        )
    if content.is_temaplan and content.roadmap:
        goals = sum(len(s.goals) for s in content.roadmap)
        strategies = sum(len(g.strategies) for s in content.roadmap for g in s.goals)
        parts = ", ".join(
            f"{item.actions} {str(item.label).lower()}" for item in content.split if item.actions
        )
        paragraphs.append(
            _(
                "Veikartet har %(goals)s mål, %(strategies)s strategier og %(actions)s tiltak. "
                "Ansvaret fordeler seg slik: %(parts)s."
            )
            % {
                "goals": goals,
                "strategies": strategies,
                "actions": content.action_count,
                "parts": parts,
            }
        )
    if content.treatments:
        last = content.treatments[-1]
        paragraphs.append(
            _("Siste politiske behandling: %(body)s %(date)s (sak %(case)s): %(outcome)s.")
            % {
                "body": last.body,
                "date": last.meeting_date,
                "case": last.case_number,
                "outcome": last.outcome.lower(),
            }
        )
    return paragraphs
