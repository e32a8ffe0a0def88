"""Who took part and who is missing: the voluntary "about you" answers and the target groups of
the activities, each set against the population of the process's area.

The rules, stated on the page too:
- Answers are counted per approved input: someone who gave three inputs and answered each time
  counts three times.
- No group is shown with fewer than SAMMEN_MIN_GROUP answers (1–4), so that no one can be
  singled out, and none that could be worked out from the total and the groups shown: the
  rule of the whole site, sammen.contributors.small_groups. The methods a group came through
  are withheld by the same rule within the group.
- Shares of the respondents are of those whose answer has a counterpart in the population
  (someone who would rather not say is left out of the shares).
- A group is under-represented when its share of the respondents is below UNDER_FACTOR times
  its share of the population, and at least MIN_JUDGED people answered the question.
- "Born abroad" is set against SSB's «innvandrere» (born abroad to foreign-born parents): the
  few Norwegians born abroad make the two differ a little.
- An activity aimed at a target group (a conference for the Somali community) counts its
  participants for that group, though no one there filled in a form; those figures are ranges
  and are shown beside the answers, never added to them. Not everyone at such an activity
  belongs to the group, and people of the group take part elsewhere too.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext as _

from sammen.contributors.models import ContributorAnswer, ContributorQuestion
from sammen.contributors.small_groups import min_group, withhold_small_groups
from sammen.engagement.models import Activity, PlannedActivity
from sammen.inputs.models import Input
from sammen.processes.models import Process, TargetGroup

from .answers import QuestionGroups, answer_groups, comparable_categories
from .charts import Chart, share_chart
from .models import PopulationRow, PopulationTable
from .population_categories import (
    BORN_ABROAD,
    BORN_IN_NORWAY,
    IMMIGRANTS,
    AgeBand,
    age_band,
    question_dimension,
)
from .selectors import Range, activity_figures, participation_summary

MIN_JUDGED = 20
UNDER_FACTOR = Decimal("0.8")

Dimension = PopulationRow.Dimension


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


@dataclass
class Via:
    """How some of a group's respondents came: a method (or a channel, for inputs with no
    activity) and how many; small ones are withheld (the group's count is shown, so by the
    whole rule, not only those under the minimum)."""

    label: str
    count: int


@dataclass
class AnswerGroup:
    choice: str
    count: int | None  # None: hidden (a small group, or hidden so none can be worked out)
    share: Decimal | None  # of the comparable respondents
    population_share: Decimal | None
    comparable: bool  # the choice has a counterpart in the population
    under: bool = False
    via: list[Via] = field(default_factory=list)

    @property
    def hidden(self) -> bool:
        return self.count is None


@dataclass
class QuestionComparison:
    question: ContributorQuestion
    dimension: str | None
    answered: int | None  # None: fewer than the minimum answered, nothing is shown
    groups: list[AnswerGroup]
    judged: bool  # enough answers to flag groups
    population_missing: str = ""  # why there is no population share, where there is none
    chart: Chart | None = None

    @property
    def under(self) -> list[AnswerGroup]:
        return [group for group in self.groups if group.under]


@dataclass
class TargetGroupReach:
    group: TargetGroup
    activities: list[Activity]
    participants: Range
    share_low: Decimal | None  # of all participants, lowest
    share_high: Decimal | None
    population_share: Decimal | None
    population_from_table: bool
    planned: list[PlannedActivity]
    not_counted: int = 0  # activities without a participant count
    under: bool = False

    @property
    def methods(self) -> list[str]:
        return list(dict.fromkeys(activity.method.title for activity in self.activities))


@dataclass
class Representation:
    process: Process
    table: PopulationTable | None
    questions: list[QuestionComparison]
    target_groups: list[TargetGroupReach]
    participants: Range
    respondents: int  # approved inputs with at least one answer (shown only from min_shown)
    cannot: list[str]  # what the page cannot do yet, said plainly
    groups_chart: Chart | None = None
    # Answers made up for a demo (ContributorAnswer.is_illustrative), for the page to say.
    illustrative_answers: int = 0
    # The rules, for the page to state.
    min_shown: int = field(default_factory=min_group)
    min_judged: int = MIN_JUDGED
    under_percent: int = int(UNDER_FACTOR * 100)

    @property
    def charts(self) -> list[Chart]:
        charts = [q.chart for q in self.questions if q.chart is not None]
        return [*charts, *([self.groups_chart] if self.groups_chart else [])]

    def chart(self, key: str) -> Chart | None:
        return next((chart for chart in self.charts if chart.key == key), None)

    @property
    def under(self) -> list[str]:
        """The names of the under-represented groups, answers and target groups alike."""
        names = [group.choice for q in self.questions for group in q.under]
        return names + [str(reach.group) for reach in self.target_groups if reach.under]


# --- population shares ---------------------------------------------------------------------


def _population(table: PopulationTable | None) -> dict[str, list[tuple[str, int]]]:
    found: dict[str, list[tuple[str, int]]] = {}
    if table is not None:
        for row in table.rows.order_by("order", "id"):
            found.setdefault(row.dimension, []).append((row.category, row.count))
    return found


def _age_counts(rows: list[tuple[str, int]], bands: list[AgeBand]) -> list[int] | None:
    """The population in each of the question's bands, or None where the table's own bands
    cross the question's (0–19 år against 16–24 år), or leave an age out."""
    table = [(age_band(category), count) for category, count in rows]
    table = [(band, count) for band, count in table if band is not None]
    counts = []
    for band in bands:
        inside = sorted(((b, c) for b, c in table if b.within(band)), key=lambda item: item[0].low)
        if any(b.overlaps(band) and not b.within(band) for b, _c in table):
            return None
        # The table's bands must cover the question's band from end to end.
        reach = band.low
        for b, _c in inside:
            if b.low != reach:
                return None
            if b.high is None:
                reach = None
                break
            reach = b.high + 1
        if band.high is None and reach is not None:
            return None
        if band.high is not None and (reach is None or reach != band.high + 1):
            return None
        counts.append(sum(c for _b, c in inside))
    return counts


def _population_shares(
    dimension: str, categories: list, rows: list[tuple[str, int]]
) -> tuple[list[Decimal | None], str]:
    """The population share of each answer category (None for a choice without counterpart)
    and, where there are none at all, why."""
    comparable = [category for category in categories if category is not None]
    if not rows:
        return [None] * len(categories), _("Befolkningstabellen har ingen tall for %(what)s.") % {
            "what": Dimension(dimension).label.lower()
        }
    if len(rows) < 2 and dimension != Dimension.AGE:
        return [None] * len(categories), _(
            "Befolkningstabellen har bare én kategori for %(what)s, så andelene kan ikke regnes ut."
        ) % {"what": Dimension(dimension).label.lower()}
    if dimension == Dimension.AGE:
        counts = _age_counts(rows, comparable)
        if counts is None:
            return [None] * len(categories), _(
                "Aldersgruppene i befolkningstabellen passer ikke med spørsmålets "
                "aldersgrupper, eller dekker ikke alle aldrene."
            )
        by_band = dict(zip(comparable, counts, strict=True))
        whole = sum(counts)
        return [percent(by_band[c], whole) if c is not None else None for c in categories], ""
    whole = sum(count for _category, count in rows)
    by_category = dict(rows)
    if dimension == Dimension.BACKGROUND:
        if IMMIGRANTS not in by_category:
            return [None] * len(categories), _(
                "Befolkningstabellen har ikke tallet for innvandrere."
            )
        abroad = by_category[IMMIGRANTS]
        shares = {
            BORN_ABROAD: percent(abroad, whole),
            BORN_IN_NORWAY: percent(whole - abroad, whole),
        }
        return [shares.get(c) for c in categories], ""
    return [percent(by_category[c], whole) if c in by_category else None for c in categories], ""


# --- the answers -----------------------------------------------------------------------------


def _via(process: Process, question: ContributorQuestion) -> dict[str, list[Via]]:
    """Per choice, the methods (or channels) its respondents came through, with small ones
    withheld: the choice's own count is shown, so a single method left out would follow
    from it."""
    rows = (
        ContributorAnswer.objects.filter(
            question=question, input__moderation=Input.Moderation.APPROVED
        )
        .values("value", "input__activity__method__title", "input__channel")
        .annotate(n=Count("pk"))
    )
    channels = dict(Input.Channel.choices)
    found: dict[str, dict[str, int]] = {}
    for row in rows:
        label = row["input__activity__method__title"] or str(
            channels.get(row["input__channel"], row["input__channel"])
        )
        per_choice = found.setdefault(row["value"], {})
        per_choice[label] = per_choice.get(label, 0) + row["n"]
    vias = {}
    for choice, labels in found.items():
        ordered = sorted(labels.items(), key=lambda item: (-item[1], item[0]))
        withheld = withhold_small_groups([count for _label, count in ordered])
        vias[choice] = [
            Via(label, count)
            for (label, count), mark in zip(ordered, withheld.hidden, strict=True)
            if not mark
        ]
    return vias


def _compare_question(
    process: Process,
    answers: QuestionGroups,
    population: dict[str, list[tuple[str, int]]],
    table: PopulationTable | None,
) -> QuestionComparison:
    """The question's groups as every other page counts them (sammen.contributors.small_groups,
    values no longer among the choices included, so the totals agree across pages and none
    can be subtracted from another), set against the population where they can be."""
    question = answers.question
    dimension = question_dimension(list(question.choices))
    answered = answers.answered
    categories = comparable_categories(question, answers.values)
    if dimension is None:
        shares, missing = (
            [None] * len(categories),
            _(
                "Svarene har ingen motpart i befolkningstall (alder, født i Norge eller i "
                "utlandet, kjønn)."
            ),
        )
    elif table is None:
        shares, missing = [None] * len(categories), _("Prosessen har ingen befolkningstabell ennå.")
    else:
        shares, missing = _population_shares(dimension, categories, population.get(dimension, []))
    # The shares would give away how many gave an answer without a counterpart.
    hide_shares = not answers.withheld.part_sums_shown and any(
        category is not None for category in categories
    )
    if hide_shares:
        shares, missing = (
            [None] * len(categories),
            _(
                "Andelene vises ikke ennå: så få ga et svar uten motpart i befolkningen (som "
                "«Vil ikke svare») at tallet ville kunne regnes ut fra andelene."
            ),
        )
    if answers.withheld.nothing_shown:
        return QuestionComparison(question, dimension, None, [], False, missing)
    comparable_total = sum(
        count
        for count, category in zip(answers.counts, categories, strict=True)
        if category is not None
    )
    judged = comparable_total >= MIN_JUDGED and not missing
    via = _via(process, question)
    groups = []
    for choice, count, mark, category, population_share in zip(
        answers.values, answers.counts, answers.withheld.hidden, categories, shares, strict=True
    ):
        share = (
            percent(count, comparable_total) if category is not None and not hide_shares else None
        )
        under = bool(
            judged
            and population_share
            and share is not None
            and share < population_share * UNDER_FACTOR
        )
        shown = not mark
        groups.append(
            AnswerGroup(
                choice=choice,
                count=count if shown else None,
                share=share if shown else None,
                population_share=population_share,
                comparable=category is not None,
                under=under,
                via=via.get(choice, []) if shown else [],
            )
        )
    comparison = QuestionComparison(question, dimension, answered, groups, judged, missing)
    if not missing and any(group.comparable for group in groups):
        comparison.chart = _question_chart(comparison)
    return comparison


def _question_chart(comparison: QuestionComparison) -> Chart:
    groups = [group for group in comparison.groups if group.comparable]
    under = [group.choice for group in comparison.under]
    summary = _(
        "Andelen av dem som svarte på «%(question)s» (%(n)s svar) i hver gruppe, ved siden av "
        "gruppens andel av befolkningen."
    ) % {"question": comparison.question.label, "n": comparison.answered}
    if under:
        summary += " " + _("Underrepresentert: %(groups)s.") % {"groups": ", ".join(under)}
    elif comparison.judged:
        summary += " " + _("Ingen gruppe er underrepresentert etter regelen.")
    return share_chart(
        key=f"representasjon-{comparison.question.key}",
        title=comparison.question.label,
        summary=summary,
        labels=[group.choice for group in groups],
        shares=[None if group.share is None else (group.share, group.share) for group in groups],
        population=[group.population_share for group in groups],
        label_heading=_("Svar"),
        share_heading=_("Andel av svarene (%)"),
        population_heading=_("Andel av befolkningen (%)"),
        hidden_label=_("skjult (for få svar)"),
    )


# --- the target groups of the activities ---------------------------------------------------


def _target_groups(
    process: Process, population: dict[str, list[tuple[str, int]]], participants: Range
) -> list[TargetGroupReach]:
    categories: dict[str, Decimal | None] = {}
    for dimension, rows in population.items():
        if len(rows) < 2:
            continue  # one category alone is no share of anything
        whole = sum(count for _category, count in rows)
        for category, count in rows:
            categories[category.lower()] = percent(count, whole)
            if dimension == Dimension.AGE:
                band = age_band(category)
                categories[band.label().lower()] = percent(count, whole)
    activities = (
        Activity.objects.filter(method__process=process)
        .select_related("method")
        .prefetch_related("target_groups")
        .order_by("method__order", "starts_on", "id")
    )
    held: dict[int, list[Activity]] = {}
    for activity in activities:
        for group in activity.target_groups.all():
            held.setdefault(group.pk, []).append(activity)
    planned: dict[int, list[PlannedActivity]] = {}
    for line in (
        PlannedActivity.objects.filter(phase__process=process)
        .select_related("method", "phase")
        .prefetch_related("target_groups")
        .order_by("phase__order", "order")
    ):
        for group in line.target_groups.all():
            planned.setdefault(group.pk, []).append(line)
    reaches = []
    for group in process.target_groups.order_by("name"):
        group_activities = held.get(group.pk, [])
        total = Range()
        not_counted = 0
        for activity in group_activities:
            figures = activity_figures(activity, 0)
            total += figures.participants
            not_counted += figures.not_counted_activities
        name = (getattr(group, "name_nb", None) or group.name or "").strip().lower()
        from_table = name in categories
        population_share = categories.get(name) if from_table else group.population_share
        if population_share is not None:
            population_share = Decimal(population_share).quantize(Decimal("0.1"))
        share_low = percent(total.low, participants.high)
        share_high = percent(total.high, participants.low) if participants.low else None
        under = bool(
            population_share
            and share_high is not None
            and share_high < population_share * UNDER_FACTOR
        )
        reaches.append(
            TargetGroupReach(
                group=group,
                activities=group_activities,
                participants=total,
                share_low=share_low,
                share_high=share_high,
                population_share=population_share,
                population_from_table=from_table,
                planned=planned.get(group.pk, []),
                not_counted=not_counted,
                under=under,
            )
        )
    return reaches


def _groups_chart(reaches: list[TargetGroupReach]) -> Chart | None:
    drawn = [
        reach
        for reach in reaches
        if reach.population_share is not None and reach.share_low is not None
    ]
    if not drawn:
        return None
    under = [str(reach.group) for reach in drawn if reach.under]
    summary = _(
        "Deltakere i aktiviteter rettet mot hver målgruppe, som andel av alle deltakerne (et "
        "spenn), ved siden av gruppens andel av befolkningen."
    )
    if under:
        summary += " " + _("Underrepresentert: %(groups)s.") % {"groups": ", ".join(under)}
    return share_chart(
        key="representasjon-malgrupper",
        title=_("Målgrupper: deltakere i aktiviteter rettet mot gruppen"),
        summary=summary,
        labels=[str(reach.group) for reach in drawn],
        shares=[(reach.share_low, reach.share_high or reach.share_low) for reach in drawn],
        population=[reach.population_share for reach in drawn],
        label_heading=_("Målgruppe"),
        share_heading=_("Andel av deltakerne (%)"),
        population_heading=_("Andel av befolkningen (%)"),
    )


# --- the whole -------------------------------------------------------------------------------


def representation(process: Process) -> Representation:
    """Everything the representativeness page shows for a process."""
    table = PopulationTable.objects.filter(process=process).first()
    population = _population(table)
    participants = participation_summary(process).total.participants
    approved = ContributorAnswer.objects.filter(
        question__process=process, input__moderation=Input.Moderation.APPROVED
    )
    respondents = approved.values("input_id").distinct().count()
    questions = [
        _compare_question(process, answers, population, table) for answers in answer_groups(process)
    ]
    reaches = _target_groups(process, population, participants)
    cannot = []
    if table is None:
        cannot.append(
            _(
                "Prosessen har ingen befolkningstabell ennå, så ingenting kan sammenlignes med "
                "befolkningen. Last opp befolkningstall fra SSB for området."
            )
        )
    if not questions:
        cannot.append(
            _(
                "Prosessen stiller ingen spørsmål om deltakerne (alder, bosted, født i Norge "
                "eller i utlandet), så svarene kan ikke vise hvem som deltok."
            )
        )
    elif respondents < min_group():
        cannot.append(
            _("Færre enn %(min)s har svart på spørsmålene om seg selv, så ingen svar vises ennå.")
            % {"min": min_group()}
        )
    if not reaches:
        cannot.append(_("Prosessen har ingen målgrupper ennå."))
    elif not any(reach.activities for reach in reaches):
        cannot.append(_("Ingen aktivitet er knyttet til en målgruppe ennå."))
    return Representation(
        process=process,
        table=table,
        questions=questions,
        target_groups=reaches,
        participants=participants,
        respondents=respondents,
        cannot=cannot,
        groups_chart=_groups_chart(reaches),
        illustrative_answers=approved.filter(is_illustrative=True).count(),
    )
