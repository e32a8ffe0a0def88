"""The dashboard: a process's figures as charts, each with a title, a summary computed from
the figures, a table, a CSV file and links to the records behind it. Staff see all of it;
the public results page shows a chosen part (`public_panels`).

Every figure comes from the participation accounting (`selectors.participation_summary`) or
counts the same records it does: only approved inputs, participants as honest ranges.

The voluntary "about you" answers are shown to staff only, and never a group of fewer than
five (SAMMEN_MIN_GROUP) — see sammen.contributors.small_groups.withhold_small_groups for how a
hidden group is also kept from being worked out by subtracting the groups shown from the total.
"""

import datetime
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sammen.contributors.models import ContributorAnswer
from sammen.contributors.small_groups import SHIELD, SMALL, min_group
from sammen.core.periods import MONTH, UNDATED, WEEK, Period, period_of, periods_between
from sammen.engagement.plan_selectors import plan_comparison
from sammen.inputs.models import Input
from sammen.inputs.selectors import inputs_by_responsibility, inputs_per_focus_area
from sammen.processes.models import Process

from .answers import answer_groups
from .charts import Chart, bar_chart, paired_bar_chart, period_chart, range_chart
from .selectors import Figures, ParticipationSummary, Range, activity_figures, participation_summary

# Charts are drawn narrow enough to be read on a phone without zooming (inches).
WIDTH = 5.0
# Weeks when the figures span at most this many weeks, months otherwise; never more columns
# than MAX_PERIODS (weeks then give way to months).
WEEKS_UP_TO = 12
MAX_PERIODS = 104

PERIOD_CHOICES = {"uke": WEEK, "maned": MONTH}


@dataclass
class Panel:
    """One figure of the dashboard: its chart (None when there is nothing to draw yet, with
    `empty` saying so), a link per row of its table to the records behind that row (None where
    there is none to give), links to the records behind the whole figure, and notes."""

    name: str
    title: str
    chart: Chart | None
    links: list[str | None] = field(default_factory=list)
    more: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    empty: str = ""

    @property
    def rows(self) -> list[tuple[Sequence, str | None]]:
        if self.chart is None:
            return []
        links = self.links or [None] * len(self.chart.rows)
        return list(zip(self.chart.rows, links, strict=True))


# --- Links -------------------------------------------------------------------------------


def _with_query(url: str, **params) -> str:
    return f"{url}?{urlencode(params)}"


class StaffLinks:
    """Where staff find the records behind a figure: the workbench (sammen.inputs, its filter
    parameters) and the list of activities (sammen.engagement)."""

    public = False

    def __init__(self, process: Process):
        self.inputs = reverse("inputs:list", args=[process.slug])
        self.activities = reverse("engagement:activities", args=[process.slug])

    def method(self, method) -> str:
        return _with_query(self.activities, metode=method.pk)

    def focus_area(self, key: str) -> str:
        return _with_query(self.inputs, innsatsomrade=key or "ingen")

    def responsibility(self, key: str) -> str:
        # ?ansvar= (empty) is the workbench's "not assessed yet".
        return _with_query(self.inputs, ansvar=key)

    def channel(self, key: str) -> str:
        return _with_query(self.inputs, kanal=key)

    def received(self, period: Period) -> str:
        return _with_query(self.inputs, mottatt=period.key)

    def activities_in(self, period: Period | None) -> str:
        return _with_query(self.activities, periode=period.key if period else UNDATED)

    def target_group(self, group) -> str:
        return _with_query(self.activities, malgruppe=group.pk)


class PublicLinks:
    """The public sees no workbench: a method links to its activities on the process page,
    the rest to the process page's account of what was heard."""

    public = True

    def __init__(self, process: Process):
        self.page = process.get_absolute_url()

    def method(self, method) -> str:
        return f"{self.page}#metode-{method.pk}"

    def focus_area(self, key: str) -> None:
        return None

    def responsibility(self, key: str) -> None:
        return None

    def channel(self, key: str) -> None:
        return None

    def received(self, period: Period) -> None:
        return None

    def activities_in(self, period: Period | None) -> None:
        return None

    def target_group(self, group) -> None:
        return None


# --- The figures ---------------------------------------------------------------------------


def _range_text(value: Range) -> str:
    if value.exact:
        return str(value.low)
    return _("%(low)s–%(high)s") % {"low": value.low, "high": value.high}


def participants_panel(summary: ParticipationSummary, links) -> Panel:
    title = _("Deltakere per metode")
    rows = [(row.method, row.figures.participants) for row in summary.methods]
    if not rows:
        return Panel("deltakere", title, None, empty=_("Prosessen har ingen metoder ennå."))
    total = summary.total.participants
    biggest_method, biggest = max(rows, key=lambda row: (row[1].high, row[1].low))
    text = _("%(total)s deltakere i alt, flest gjennom «%(method)s» (%(figure)s).") % {
        "total": _range_text(total),
        "method": biggest_method.title,
        "figure": _range_text(biggest),
    }
    if not total.exact:
        text += " " + _("Der tallet er et spenn, er det tegnet som et spenn.")
    notes = []
    if summary.total.not_counted_activities:
        notes.append(
            ngettext(
                "%(n)s aktivitet er ikke telt ennå og er ikke med.",
                "%(n)s aktiviteter er ikke telt ennå og er ikke med.",
                summary.total.not_counted_activities,
            )
            % {"n": summary.total.not_counted_activities}
        )
    if summary.total.estimated.high:
        notes.append(
            _(
                "Anslåtte deltakere (%(estimate)s) er bare med i det høyeste tallet; "
                "rekkevidde (visninger, likerklikk) er aldri regnet som deltakere."
            )
            % {"estimate": _range_text(summary.total.estimated)}
        )
    chart = range_chart(
        key="deltakere",
        title=title,
        summary=text,
        labels=[method.title for method, _value in rows],
        ranges=[(value.low, value.high) for _method, value in rows],
        label_heading=_("Metode"),
        low_heading=_("Deltakere (fra)"),
        high_heading=_("Deltakere (til)"),
        value_heading=_("Deltakere"),
        width=WIDTH,
    )
    more = [] if links.public else [(links.activities, _("Alle aktivitetene"))]
    return Panel(
        "deltakere",
        title,
        chart,
        links=[links.method(method) for method, _value in rows],
        more=more,
        notes=notes,
    )


def _percent(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


def focus_area_panel(process: Process, total: int, links, counts: dict | None = None) -> Panel:
    """`counts` are focus_area_counts() computed earlier (a large process's stored figures)."""
    title = _("Innspill per innsatsområde")
    shares, unsorted = inputs_per_focus_area(process, counts)
    rows = [(share.key, share.label, share.count) for share in shares]
    if unsorted:
        rows.append(("", _("Ikke sortert ennå"), unsorted))
    if not total or not rows:
        return Panel("innsatsomrader", title, None, empty=_("Ingen godkjente innspill ennå."))
    _key, top_label, top = max(rows[: len(shares)] or rows, key=lambda row: row[2])
    text = _(
        "%(total)s innspill; flest om «%(area)s» (%(count)s, %(percent)s %%). "
        "Et innspill kan høre til flere innsatsområder."
    ) % {"total": total, "area": top_label, "count": top, "percent": _percent(top, total)}
    if unsorted:
        text += " " + _("%(n)s er ikke sortert ennå.") % {"n": unsorted}
    chart = bar_chart(
        key="innsatsomrader",
        title=title,
        summary=text,
        labels=[label for _key, label, _count in rows],
        values=[count for _key, _label, count in rows],
        label_heading=_("Innsatsområde"),
        value_heading=_("Innspill"),
        width=WIDTH,
    )
    return Panel(
        "innsatsomrader",
        title,
        chart,
        links=[links.focus_area(key) for key, _label, _count in rows],
    )


def responsibility_panel(process: Process, total: int, links) -> Panel:
    title = _("Fordelingen: hvem bør følge opp innspillene?")
    shares = inputs_by_responsibility(process)
    if not total:
        return Panel("ansvar", title, None, empty=_("Ingen godkjente innspill ennå."))
    text = _("Innspillene fordelt på ansvar: %(figures)s.") % {
        "figures": "; ".join(
            f"{share.label} {share.count} ({_percent(share.count, total)} %)" for share in shares
        )
    }
    chart = bar_chart(
        key="ansvar",
        title=title,
        summary=text,
        labels=[share.label for share in shares],
        values=[share.count for share in shares],
        label_heading=_("Ansvar"),
        value_heading=_("Innspill"),
        width=WIDTH,
    )
    return Panel("ansvar", title, chart, links=[links.responsibility(s.key) for s in shares])


def approved_inputs(process: Process):
    return Input.objects.filter(process=process, moderation=Input.Moderation.APPROVED)


def _received_days(process: Process) -> Counter:
    """Approved inputs per day received, in the site's time zone."""
    days = (
        approved_inputs(process)
        .annotate(day=TruncDate("received_at"))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return Counter({row["day"]: row["n"] for row in days})


def choose_period_kind(days: Sequence[datetime.date], asked: str | None = None) -> str:
    """Weeks for a short span, months for a long one; `asked` (WEEK or MONTH) where it gives
    no more than MAX_PERIODS columns."""
    if not days:
        return asked or MONTH
    first, last = min(days), max(days)
    if asked == WEEK and len(periods_between(first, last, WEEK)) <= MAX_PERIODS:
        return WEEK
    if asked == MONTH:
        return MONTH
    return WEEK if (last - first).days < WEEKS_UP_TO * 7 else MONTH


def _periods(days: Sequence[datetime.date], kind: str) -> list[Period]:
    return periods_between(min(days), max(days), kind) if days else []


def inputs_over_time_panel(received: Counter, kind: str, links) -> Panel:
    title = _("Innspill over tid")
    if not received:
        return Panel("innspill-over-tid", title, None, empty=_("Ingen godkjente innspill ennå."))
    periods = _periods(list(received), kind)
    per_period = Counter()
    for day, count in received.items():
        per_period[period_of(day, kind).key] += count
    counts = [per_period[period.key] for period in periods]
    busiest = max(range(len(periods)), key=lambda index: counts[index])
    text = _(
        "Innspillene kom inn fra %(first)s til %(last)s, flest i %(busiest)s (%(count)s). "
        "Etter dagen innspillet kom inn."
    ) % {
        "first": periods[0].label,
        "last": periods[-1].label,
        "busiest": periods[busiest].label,
        "count": counts[busiest],
    }
    chart = period_chart(
        key="innspill-over-tid",
        title=title,
        summary=text,
        labels=[period.label for period in periods],
        ranges=[(count, count) for count in counts],
        label_heading=_("Uke") if kind == WEEK else _("Måned"),
        value_heading=_("Innspill"),
        width=WIDTH,
    )
    return Panel(
        "innspill-over-tid",
        title,
        chart,
        links=[links.received(period) for period in periods],
    )


def _activity_periods(summary: ParticipationSummary, kind: str):
    """Participants per period of the activities' first day, and those without a date."""
    per_period: dict[str, Figures] = {}
    undated = Figures()
    days = []
    for method in summary.methods:
        for row in method.activities:
            day = row.activity.starts_on
            if day is None:
                undated.add(activity_figures(row.activity, 0))
                continue
            days.append(day)
            per_period.setdefault(period_of(day, kind).key, Figures()).add(
                activity_figures(row.activity, 0)
            )
    return days, per_period, undated


def participants_over_time_panel(summary: ParticipationSummary, kind: str, links) -> Panel:
    title = _("Deltakere over tid")
    days, per_period, undated = _activity_periods(summary, kind)
    if not days and not undated.participants.high:
        return Panel("deltakere-over-tid", title, None, empty=_("Ingen aktiviteter ennå."))
    periods: list[Period | None] = list(_periods(days, kind))
    figures = [per_period.get(period.key, Figures()).participants for period in periods]
    labels = [period.label for period in periods]
    if undated.participants.high or undated.not_counted_activities:
        periods.append(None)
        figures.append(undated.participants)
        labels.append(_("Uten dato"))
    busiest = max(range(len(figures)), key=lambda index: (figures[index].high, figures[index].low))
    text = _(
        "%(total)s deltakere etter dagen aktiviteten begynte; flest i %(busiest)s (%(count)s)."
    ) % {
        "total": _range_text(summary.total.participants),
        "busiest": labels[busiest],
        "count": _range_text(figures[busiest]),
    }
    chart = period_chart(
        key="deltakere-over-tid",
        title=title,
        summary=text,
        labels=labels,
        ranges=[(value.low, value.high) for value in figures],
        label_heading=_("Uke") if kind == WEEK else _("Måned"),
        value_heading=_("Deltakere"),
        low_heading=_("Deltakere (fra)"),
        high_heading=_("Deltakere (til)"),
        width=WIDTH,
    )
    return Panel(
        "deltakere-over-tid",
        title,
        chart,
        links=[links.activities_in(period) for period in periods],
    )


def channels_panel(process: Process, total: int, links) -> Panel:
    title = _("Innspill per kanal")
    counts = dict(
        approved_inputs(process).values_list("channel").annotate(n=Count("pk")).order_by()
    )
    rows = [
        (value, label, counts[value]) for value, label in Input.Channel.choices if counts.get(value)
    ]
    if not rows:
        return Panel("kanaler", title, None, empty=_("Ingen godkjente innspill ennå."))
    _value, top_label, top = max(rows, key=lambda row: row[2])
    text = _("Flest innspill kom via «%(channel)s»: %(count)s av %(total)s.") % {
        "channel": top_label,
        "count": top,
        "total": total,
    }
    chart = bar_chart(
        key="kanaler",
        title=title,
        summary=text,
        labels=[label for _value, label, _count in rows],
        values=[count for _value, _label, count in rows],
        label_heading=_("Kanal"),
        value_heading=_("Innspill"),
        width=WIDTH,
    )
    return Panel("kanaler", title, chart, links=[links.channel(value) for value, _l, _c in rows])


def target_groups_panel(process: Process, today: datetime.date, links) -> Panel:
    title = _("Målgrupper: planlagt og nådd")
    comparison = plan_comparison(process, today)
    groups = comparison.groups
    if not groups:
        return Panel("malgrupper", title, None, empty=_("Prosessen har ingen målgrupper ennå."))
    missing = [reach.group.name for reach in comparison.not_reached]
    text = _("%(reached)s av %(n)s målgrupper er nådd av en holdt aktivitet.") % {
        "reached": len(comparison.reached),
        "n": len(groups),
    }
    if missing:
        text += " " + _("Ikke nådd ennå: %(groups)s.") % {"groups": ", ".join(missing)}
    chart = paired_bar_chart(
        key="malgrupper",
        title=title,
        summary=text,
        labels=[reach.group.name for reach in groups],
        first=[reach.planned for reach in groups],
        second=[reach.held for reach in groups],
        label_heading=_("Målgruppe"),
        first_heading=_("Planlagte aktiviteter"),
        second_heading=_("Holdte aktiviteter"),
        value_heading=_("Aktiviteter"),
        width=WIDTH,
    )
    return Panel(
        "malgrupper",
        title,
        chart,
        links=[links.target_group(reach.group) for reach in groups],
        more=[(reverse("engagement:plan", args=[process.slug]), _("Medvirkningsplanen"))],
        notes=[
            _(
                "En målgruppe er nådd når minst én holdt aktivitet er for den; en konferanse for "
                "en gruppe teller selv om ingen der fylte ut et skjema."
            )
        ],
    )


def illustrative_answers(process: Process) -> int:
    """The "about you" answers of approved inputs that were made up for a demo."""
    return ContributorAnswer.objects.filter(
        input__process=process, input__moderation=Input.Moderation.APPROVED, is_illustrative=True
    ).count()


def answer_panels(process: Process) -> list[Panel]:
    """The voluntary "about you" answers to each choice question, of approved inputs, with
    small groups withheld (sammen.contributors.small_groups). Free-text answers are never
    shown, and no group links to its inputs: that list would name the few a hidden figure
    protects."""
    panels = []
    inventory = reverse("insights:data_inventory", args=[process.slug])
    minimum = min_group()
    for groups in answer_groups(process):
        question, values, figures, withheld = (
            groups.question,
            groups.values,
            groups.counts,
            groups.withheld,
        )
        name = f"om-deg-{question.key}"
        title = question.label
        if not sum(figures):
            panels.append(Panel(name, title, None, empty=_("Ingen har svart ennå.")))
            continue
        if withheld.nothing_shown:
            panels.append(
                Panel(
                    name,
                    title,
                    None,
                    empty=_(
                        "Færre enn %(n)s har svart ennå: svarene vises ikke, så ingen kan "
                        "kjennes igjen."
                    )
                    % {"n": minimum},
                )
            )
            continue
        shown = [
            (value, count)
            for value, count, mark in zip(values, figures, withheld.hidden, strict=True)
            if count and not mark
        ]
        text = _("%(n)s innspill har svar på spørsmålet.") % {"n": sum(figures)}
        if shown:
            top_value, top = max(shown, key=lambda row: row[1])
            text += " " + _("Flest svarte «%(value)s» (%(count)s).") % {
                "value": top_value,
                "count": top,
            }
        if any(withheld.hidden):
            text += " " + _("Grupper med færre enn %(n)s svar vises ikke.") % {"n": minimum}
        written = {SMALL: _("færre enn %(n)s") % {"n": minimum}, SHIELD: _("skjult")}
        notes = []
        if SHIELD in withheld.hidden:
            notes.append(
                _(
                    "«Skjult»: gruppen er større, men skjules også, så de små gruppene ikke "
                    "kan regnes ut ved å trekke de viste fra summen."
                )
            )
        chart = bar_chart(
            key=name,
            title=title,
            summary=text,
            labels=values,
            values=[
                written[mark] if mark else count
                for count, mark in zip(figures, withheld.hidden, strict=True)
            ],
            label_heading=_("Svar"),
            value_heading=_("Innspill"),
            width=WIDTH,
        )
        panels.append(
            Panel(
                name,
                title,
                chart,
                more=[(inventory, _("Hva vi lagrer om svarene, og hvor lenge"))],
                notes=notes,
            )
        )
    return panels


@dataclass
class Dashboard:
    process: Process
    summary: ParticipationSummary
    period_kind: str
    panels: list[Panel]
    # The voluntary "about you" answers, a panel per question (staff only).
    answers: list[Panel] = field(default_factory=list)
    # How many of those answers are illustrative (made up for a demo), for the page to say.
    illustrative_answers: int = 0

    def panel(self, name: str) -> Panel | None:
        return next((p for p in [*self.panels, *self.answers] if p.name == name), None)


def _over_time(process: Process, summary: ParticipationSummary, asked: str | None):
    received = _received_days(process)
    activity_days = [
        row.activity.starts_on
        for method in summary.methods
        for row in method.activities
        if row.activity.starts_on
    ]
    kind = choose_period_kind([*received, *activity_days], asked)
    return received, kind


def staff_dashboard(process: Process, today: datetime.date, period: str | None = None) -> Dashboard:
    """Every figure, for staff. `period` is WEEK, MONTH or None (chosen from the span)."""
    links = StaffLinks(process)
    summary = participation_summary(process)
    total = summary.total.inputs
    received, kind = _over_time(process, summary, period)
    panels = [
        participants_panel(summary, links),
        focus_area_panel(process, total, links),
        responsibility_panel(process, total, links),
        inputs_over_time_panel(received, kind, links),
        participants_over_time_panel(summary, kind, links),
        channels_panel(process, total, links),
        target_groups_panel(process, today, links),
    ]
    return Dashboard(
        process,
        summary,
        kind,
        panels,
        answers=answer_panels(process),
        illustrative_answers=illustrative_answers(process),
    )


PUBLIC_PANELS: tuple[str, ...] = (
    "deltakere",
    "innsatsomrader",
    "ansvar",
    "innspill-over-tid",
    "deltakere-over-tid",
)


def heard_so_far(
    process: Process, summary: ParticipationSummary, focus_counts: dict | None = None
) -> list[Panel]:
    """The process page's «Dette har vi hørt så langt»: participants per method and inputs per
    focus area, from the figures the page has counted already (`focus_counts`: its
    Counts.focus_areas), each only once it has something to show."""
    links = PublicLinks(process)
    panels = [
        participants_panel(summary, links),
        focus_area_panel(process, summary.total.inputs, links, focus_counts),
    ]
    return [panel for panel in panels if panel.chart]


def public_dashboard(process: Process) -> Dashboard:
    """The part the public sees: participants per method, inputs per focus area, the split by
    responsibility, inputs and participants over time. No "about you" answers, no channels or
    plan (internal working figures), only approved inputs; only figures that have something
    to show."""
    links = PublicLinks(process)
    summary = participation_summary(process)
    total = summary.total.inputs
    received, kind = _over_time(process, summary, None)
    builders: dict[str, Callable[[], Panel]] = {
        "deltakere": lambda: participants_panel(summary, links),
        "innsatsomrader": lambda: focus_area_panel(process, total, links),
        "ansvar": lambda: responsibility_panel(process, total, links),
        "innspill-over-tid": lambda: inputs_over_time_panel(received, kind, links),
        "deltakere-over-tid": lambda: participants_over_time_panel(summary, kind, links),
    }
    panels = [builders[name]() for name in PUBLIC_PANELS]
    return Dashboard(process, summary, kind, [panel for panel in panels if panel.chart])
