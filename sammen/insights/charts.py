"""Charts drawn once on the server, for pages, documents and downloads alike.

Each chart is a `Chart`: a title, a one-sentence summary (the text alternative), a table of the
figures it draws (column headings and rows, also its CSV), and a function that draws it on a
Matplotlib `Figure`. Pages and PDFs take its SVG; DOCX takes its PNG.

Drawing uses `matplotlib.figure.Figure` directly, never pyplot, so no global figure state is
shared between threads. The output is deterministic: the SVG's ids come from a fixed salt and
no file carries a date, so the same data gives the same bytes.

Pages show the SVG as an <img> (a data: URL), not inline: Matplotlib's SVG styles its shapes with
style attributes, which the site's Content-Security-Policy (style-src 'self') would block inline.

Drawing is slow (tens of milliseconds a chart), so a chart's SVG is kept in the cache under a
hash of everything it is drawn from (its kind, figures, texts and size, and this module's own
code): a page shown again draws nothing, and a changed figure is a new key, drawn at once.
"""

import base64
import csv
import hashlib
import io
import json
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import matplotlib
from django.core.cache import cache
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Patch

# A figure saved without pyplot draws with the backend of its format (Agg for PNG); this names
# Agg for anything else that reaches for a default backend, so no GUI is ever started.
matplotlib.use("Agg")

# Settings read when a figure is drawn and saved. They are the same for every chart, so they
# are set once here rather than per call (rc_context would change global state per thread).
matplotlib.rcParams.update(
    {
        # Fixed ids in the SVG: same data, same file.
        "svg.hashsalt": "sammen-charts",
        # Text stays text (searchable, selectable, read by screen readers in a PDF).
        "svg.fonttype": "none",
        # DejaVu Sans has æ, ø and å; it ships with Matplotlib.
        "font.family": "DejaVu Sans",
        "font.size": 10,
    }
)

# Colours with at least 3:1 contrast against white (WCAG 1.4.11, non-text contrast).
PRIMARY = "#1f5f8b"
SECONDARY = "#8a4b08"
TOGETHER = "#2e6b30"
TEXT = "#1a1a1a"

_SVG_OPEN = re.compile(r"<svg\b([^>]*)>")

# A drawing changes when this module or Matplotlib does: both are part of the cache key.
_DRAWING_VERSION = hashlib.sha256(
    Path(__file__).read_bytes() + matplotlib.__version__.encode()
).hexdigest()[:16]
# How long a drawn chart is kept. Its key changes with its figures, so this only bounds how
# long charts no page shows any more take up room.
CACHE_SECONDS = 7 * 24 * 3600


@dataclass
class Chart:
    """A chart with its figures. `key` makes its ids unique when several share a page."""

    key: str
    title: str
    summary: str
    columns: Sequence[str]
    rows: Sequence[Sequence]
    draw: Callable[[Figure], None] = field(repr=False)
    size: tuple[float, float] = (7.0, 4.0)
    # What the drawing depends on beyond the texts, columns and rows (e.g. an axis label).
    extra: Sequence = ()

    def _figure(self) -> Figure:
        figure = Figure(figsize=self.size, layout="constrained")
        self.draw(figure)
        return figure

    @property
    def fingerprint(self) -> str:
        """A hash of everything the chart is drawn from: equal for equal charts."""
        spec = [
            _DRAWING_VERSION,
            f"{self.draw.__module__}.{self.draw.__qualname__}",
            self.key,
            self.title,
            self.summary,
            list(self.columns),
            [list(row) for row in self.rows],
            list(self.size),
            list(self.extra),
        ]
        encoded = json.dumps(spec, default=str, ensure_ascii=False).encode()
        return hashlib.sha256(encoded).hexdigest()

    def svg(self) -> str:
        """The chart as an SVG document with its title and summary (<title>, <desc>), drawn
        only if no chart with the same fingerprint was drawn before (see the module's note)."""
        name = f"sammen:chart-svg:{self.fingerprint}"
        text = cache.get(name)
        if text is None:
            text = self._draw_svg()
            cache.set(name, text, CACHE_SECONDS)
        return text

    def _draw_svg(self) -> str:
        buffer = io.StringIO()
        self._figure().savefig(buffer, format="svg", metadata={"Date": None})
        text = buffer.getvalue()
        title_id, desc_id = f"{self.key}-title", f"{self.key}-desc"
        match = _SVG_OPEN.search(text)
        opening = (
            f'<svg{match.group(1)} role="img" aria-labelledby="{title_id} {desc_id}">'
            f'<title id="{title_id}">{escape(self.title)}</title>'
            f'<desc id="{desc_id}">{escape(self.summary)}</desc>'
        )
        return text[: match.start()] + opening + text[match.end() :]

    def data_uri(self) -> str:
        """The SVG as a data: URL, for an <img> on a page."""
        encoded = base64.b64encode(self.svg().encode()).decode("ascii")
        return f"data:image/svg+xml;base64,{encoded}"

    def png(self, dpi: int = 200) -> bytes:
        """The chart as a PNG, for documents that cannot take SVG (DOCX)."""
        buffer = io.BytesIO()
        self._figure().savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
        return buffer.getvalue()

    def csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(self.rows)
        return buffer.getvalue()


def _plain_axes(axes) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(colors=TEXT)


def _height(count: int, width: float = 7.0) -> tuple[float, float]:
    return (width, max(2.0, 0.45 * count + 1.2))


def _wrapped(labels: Sequence[str], width: float) -> list[str]:
    """Labels broken into lines so that a narrow chart (one drawn for a phone) keeps room for
    its bars; a full-width chart keeps them whole."""
    if width >= 7.0:
        return [str(label) for label in labels]
    return [textwrap.fill(str(label), max(12, int(width * 4))) for label in labels]


def bar_chart(
    key: str,
    title: str,
    summary: str,
    labels: Sequence[str],
    values: Sequence[int | str],
    label_heading: str,
    value_heading: str,
    *,
    width: float = 7.0,
) -> Chart:
    """Horizontal bars, first label on top, each bar with its value written beside it. A value
    that is text, not a number, is a figure withheld (a group too small to show, "færre enn
    5"): no bar, the text in its place, in the chart and in the table alike."""
    labels, values = list(labels), list(values)
    drawn = [value if isinstance(value, int) else 0 for value in values]
    written = [str(value) for value in values]

    def draw(figure: Figure) -> None:
        axes = figure.add_subplot()
        positions = range(len(labels))
        axes.barh(positions, drawn, color=PRIMARY)
        axes.set_yticks(list(positions), labels=_wrapped(labels, width))
        axes.invert_yaxis()
        axes.set_xlabel(value_heading)
        for position, value, text in zip(positions, drawn, written, strict=True):
            axes.annotate(
                text,
                (value, position),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                color=TEXT,
            )
        axes.set_xlim(0, max([*drawn, 1]) * (1.15 if width >= 7.0 else 1.3))
        _plain_axes(axes)

    return Chart(
        key=key,
        title=title,
        summary=summary,
        columns=[label_heading, value_heading],
        rows=[[label, value] for label, value in zip(labels, values, strict=True)],
        draw=draw,
        size=_height(len(labels), width),
    )


def range_chart(
    key: str,
    title: str,
    summary: str,
    labels: Sequence[str],
    ranges: Sequence[tuple[int, int]],
    label_heading: str,
    low_heading: str,
    high_heading: str,
    value_heading: str,
    *,
    width: float = 7.0,
) -> Chart:
    """Ranges (participants low–high per method) drawn as ranges: a bar from the low to the
    high figure, a mark at each end; an exact count (low = high) is a single mark."""
    labels, ranges = list(labels), [(int(low), int(high)) for low, high in ranges]

    def draw(figure: Figure) -> None:
        axes = figure.add_subplot()
        positions = list(range(len(labels)))
        for position, (low, high) in zip(positions, ranges, strict=True):
            if high > low:
                axes.barh(position, high - low, left=low, height=0.35, color=PRIMARY, alpha=0.45)
            axes.plot([low, high], [position, position], "|", color=PRIMARY, markersize=14)
            text = str(low) if low == high else f"{low}–{high}"
            axes.annotate(
                text,
                (high, position),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                color=TEXT,
            )
        axes.set_yticks(positions, labels=_wrapped(labels, width))
        axes.invert_yaxis()
        axes.set_xlabel(value_heading)
        axes.set_xlim(0, max([high for _low, high in ranges] + [1]) * (1.2 if width >= 7 else 1.4))
        _plain_axes(axes)

    return Chart(
        key=key,
        title=title,
        summary=summary,
        columns=[label_heading, low_heading, high_heading],
        rows=[[label, low, high] for label, (low, high) in zip(labels, ranges, strict=True)],
        draw=draw,
        size=_height(len(labels), width),
        extra=[value_heading],
    )


def distribution_chart(
    key: str,
    title: str,
    summary: str,
    organisation: str,
    residents: str,
    together: str,
    counts: tuple[int, int, int],
    label_heading: str,
    value_heading: str,
) -> Chart:
    """«Fordelingen»: two overlapping circles, the municipality (left) and the residents
    (right), their overlap «Sammen / samskaping», each region with its count, as the seed
    draws it. `counts` is (municipality, residents, together)."""
    municipality_count, residents_count, together_count = counts

    def draw(figure: Figure) -> None:
        axes = figure.add_subplot()
        axes.set_aspect("equal")
        axes.axis("off")
        axes.set_xlim(-0.2, 3.2)
        axes.set_ylim(-0.15, 2.25)
        axes.add_patch(Circle((1.0, 1.0), 0.95, facecolor=PRIMARY, alpha=0.3, edgecolor=PRIMARY))
        axes.add_patch(
            Circle((2.0, 1.0), 0.95, facecolor=SECONDARY, alpha=0.3, edgecolor=SECONDARY)
        )
        style = {"ha": "center", "va": "center", "color": TEXT}
        axes.text(0.55, 1.25, organisation, fontsize=11, wrap=True, **style)
        axes.text(0.55, 0.8, str(municipality_count), fontsize=20, weight="bold", **style)
        axes.text(2.45, 1.25, residents, fontsize=11, **style)
        axes.text(2.45, 0.8, str(residents_count), fontsize=20, weight="bold", **style)
        axes.text(1.5, 1.3, together.replace(" / ", "\n"), fontsize=9, **style)
        axes.text(1.5, 0.8, str(together_count), fontsize=20, weight="bold", **style)

    return Chart(
        key=key,
        title=title,
        summary=summary,
        columns=[label_heading, value_heading],
        rows=[
            [organisation, municipality_count],
            [together, together_count],
            [residents, residents_count],
        ],
        draw=draw,
        size=(6.0, 4.0),
    )


def fordelingen(
    key: str, organisation: str, counts: dict[str, int], subject: str, title: str = ""
) -> Chart:
    """«Fordelingen» of actions or inputs (`subject`, e.g. "tiltak") between the municipality
    (named by the process's organisation), the residents and both together. `counts` is keyed
    by `inputs.Responsibility` value."""
    from django.utils.translation import gettext as _

    from sammen.inputs.models import Responsibility

    order = (Responsibility.MUNICIPALITY, Responsibility.RESIDENTS, Responsibility.TOGETHER)
    values = tuple(counts.get(choice, 0) for choice in order)
    organisation = organisation or _("Kommunen")
    return distribution_chart(
        key=key,
        title=title or _("Fordelingen: %(subject)s") % {"subject": subject},
        summary=_(
            "%(subject)s fordelt på ansvar: %(organisation)s %(municipality)s, "
            "innbyggerne %(residents)s, sammen (samskaping) %(together)s."
        )
        % {
            "subject": subject[:1].upper() + subject[1:],
            "organisation": organisation,
            "municipality": values[0],
            "residents": values[1],
            "together": values[2],
        },
        organisation=organisation,
        residents=_("Innbyggerne"),
        together=_("Sammen / samskaping"),
        counts=values,
        label_heading=_("Ansvar"),
        value_heading=_("Antall"),
    )


# Opinion groups: colours with 3:1 contrast against white, each with its own marker so that
# no group is told apart by colour alone; participants in no group are grey crosses.
GROUP_STYLES = (
    (PRIMARY, "o"),
    (SECONDARY, "s"),
    (TOGETHER, "^"),
    ("#7b2d8e", "D"),
    ("#b0203c", "v"),
)
UNGROUPED = ("#6b6b6b", "x")


def group_map_chart(
    key: str,
    title: str,
    summary: str,
    points: Sequence[tuple[float, float, int]],
    group_labels: Sequence[str],
    ungrouped_label: str,
    columns: Sequence[str],
    rows: Sequence[Sequence],
) -> Chart:
    """A map of participants: each a point at (x, y), marked by its group (an index into
    group_labels, or -1 for none). The axes have no units, so they are left out; a legend
    names the groups. `columns` and `rows` are the table shown beside the map."""
    points = list(points)

    def draw(figure: Figure) -> None:
        axes = figure.add_subplot()
        axes.set_xticks([])
        axes.set_yticks([])
        for spine in axes.spines.values():
            spine.set_color("#c4c4c4")
        for index, label in [(-1, ungrouped_label), *enumerate(group_labels)]:
            colour, marker = UNGROUPED if index < 0 else GROUP_STYLES[index % len(GROUP_STYLES)]
            xs = [x for x, _, group in points if group == index]
            ys = [y for _, y, group in points if group == index]
            if xs:
                axes.scatter(xs, ys, s=28, c=colour, marker=marker, label=label, alpha=0.8)
        if points:
            axes.legend(loc="best", frameon=False, labelcolor=TEXT)

    return Chart(
        key=key,
        title=title,
        summary=summary,
        columns=columns,
        rows=rows,
        draw=draw,
        size=(6.0, 4.5),
        extra=[points, list(group_labels), ungrouped_label],
    )


def period_chart(
    key: str,
    title: str,
    summary: str,
    labels: Sequence[str],
    ranges: Sequence[tuple[int, int]],
    label_heading: str,
    value_heading: str,
    *,
    low_heading: str = "",
    high_heading: str = "",
    width: float = 5.0,
) -> Chart:
    """Figures per period (week or month), oldest first, as columns. Where a figure is a range
    (participants "30–35") the column is solid up to the low figure and lighter, hatched, up
    to the high one, so a range is drawn as a range; its table then has a low and a high
    column. Exact figures (low = high) are plain columns with one value column."""
    labels, ranges = list(labels), [(int(low), int(high)) for low, high in ranges]
    any_range = any(high > low for low, high in ranges)

    def draw(figure: Figure) -> None:
        axes = figure.add_subplot()
        positions = list(range(len(labels)))
        lows = [low for low, _high in ranges]
        axes.bar(positions, lows, color=PRIMARY, width=0.7)
        if any_range:
            axes.bar(
                positions,
                [high - low for low, high in ranges],
                bottom=lows,
                width=0.7,
                color="white",
                edgecolor=PRIMARY,
                hatch="///",
            )
        for position, (low, high) in zip(positions, ranges, strict=True):
            if high:
                axes.annotate(
                    str(low) if low == high else f"{low}–{high}",
                    (position, high),
                    xytext=(0, 3),
                    textcoords="offset points",
                    ha="center",
                    fontsize=8,
                    color=TEXT,
                    rotation=90 if len(labels) > 8 and low != high else 0,
                )
        axes.set_xticks(positions, labels=labels, rotation=90 if len(labels) > 4 else 0)
        axes.set_ylabel(value_heading)
        axes.set_ylim(0, max([high for _low, high in ranges] + [1]) * 1.25)
        _plain_axes(axes)

    if any_range:
        columns = [label_heading, low_heading, high_heading]
        rows = [[label, low, high] for label, (low, high) in zip(labels, ranges, strict=True)]
    else:
        columns = [label_heading, value_heading]
        rows = [[label, low] for label, (low, _high) in zip(labels, ranges, strict=True)]
    return Chart(
        key=key,
        title=title,
        summary=summary,
        columns=columns,
        rows=rows,
        draw=draw,
        size=(width, 3.6),
        extra=[value_heading, ranges],
    )


def paired_bar_chart(
    key: str,
    title: str,
    summary: str,
    labels: Sequence[str],
    first: Sequence[int],
    second: Sequence[int],
    label_heading: str,
    first_heading: str,
    second_heading: str,
    value_heading: str,
    *,
    width: float = 5.0,
) -> Chart:
    """Two figures per label side by side (planned and held): the first hatched, the second
    solid, so they are told apart without colour; a legend names them."""
    labels, first, second = list(labels), list(first), list(second)

    def draw(figure: Figure) -> None:
        axes = figure.add_subplot()
        positions = list(range(len(labels)))
        above = [position - 0.2 for position in positions]
        below = [position + 0.2 for position in positions]
        axes.barh(
            above,
            first,
            height=0.38,
            color="white",
            edgecolor=SECONDARY,
            hatch="///",
            label=first_heading,
        )
        axes.barh(below, second, height=0.38, color=PRIMARY, label=second_heading)
        for places, values in ((above, first), (below, second)):
            for place, value in zip(places, values, strict=True):
                axes.annotate(
                    str(value),
                    (value, place),
                    xytext=(3, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=8,
                    color=TEXT,
                )
        axes.set_yticks(positions, labels=_wrapped(labels, width))
        axes.invert_yaxis()
        axes.set_xlabel(value_heading)
        axes.set_xlim(0, max([*first, *second, 1]) * 1.3)
        figure.legend(
            loc="outside upper center", ncols=2, frameon=False, labelcolor=TEXT, fontsize=8
        )
        _plain_axes(axes)

    return Chart(
        key=key,
        title=title,
        summary=summary,
        columns=[label_heading, first_heading, second_heading],
        rows=[[label, a, b] for label, a, b in zip(labels, first, second, strict=True)],
        draw=draw,
        size=(width, max(2.4, 0.6 * len(labels) + 1.4)),
        extra=[value_heading],
    )


def _percent_text(value) -> str:
    """A share as the table and CSV give it: 12.5, or empty when it is not shown."""
    return "" if value is None else f"{float(value):.1f}"


def share_chart(
    key: str,
    title: str,
    summary: str,
    labels: Sequence[str],
    shares: Sequence[tuple[float, float] | None],
    population: Sequence[float | None],
    label_heading: str,
    share_heading: str,
    population_heading: str,
    hidden_label: str = "",
) -> Chart:
    """«Share against population»: for each group its share of the participants in percent,
    a bar (or, where low ≠ high, a range from low to high), and its share of the population as
    a dark diamond on the same line. A share that is not shown (too few to show) draws only
    `hidden_label`; the table has an empty cell. Where any share is a range, the table and CSV give
    its low and high ends in two columns."""
    labels = list(labels)
    shares = [None if s is None else (float(s[0]), float(s[1])) for s in shares]
    population = [None if p is None else float(p) for p in population]
    ranged = any(s is not None and s[0] != s[1] for s in shares)

    def draw(figure: Figure) -> None:
        from django.utils.formats import number_format

        def shown(value: float) -> str:
            return number_format(value, 1)

        axes = figure.add_subplot()
        positions = list(range(len(labels)))
        for position, share in zip(positions, shares, strict=True):
            if share is None:
                if hidden_label:
                    axes.annotate(
                        hidden_label,
                        (0, position),
                        xytext=(4, 0),
                        textcoords="offset points",
                        va="center",
                        color=TEXT,
                        fontsize=9,
                        style="italic",
                    )
                continue
            low, high = share
            if high > low:
                axes.barh(position, high - low, left=low, height=0.4, color=PRIMARY, alpha=0.45)
                axes.plot([low, high], [position, position], "|", color=PRIMARY, markersize=14)
                text = f"{shown(low)}–{shown(high)} %"
            else:
                axes.barh(position, low, height=0.4, color=PRIMARY)
                text = f"{shown(low)} %"
            axes.annotate(
                text,
                (high, position),
                xytext=(4, 9),
                textcoords="offset points",
                va="center",
                color=TEXT,
                fontsize=9,
            )
        marked = [(p, pos) for pos, p in zip(positions, population, strict=True) if p is not None]
        if marked:
            axes.scatter(
                [p for p, _ in marked],
                [pos for _, pos in marked],
                marker="D",
                s=40,
                color=TEXT,
                zorder=3,
            )
        # The key stands under the axes, never on the bars.
        handles = [
            Patch(color=PRIMARY, label=share_heading),
            Line2D([], [], marker="D", color=TEXT, linestyle="", label=population_heading),
        ]
        figure.legend(
            handles=handles, loc="outside lower center", ncols=2, frameon=False, fontsize=9
        )
        axes.set_yticks(positions, labels=labels)
        axes.set_ylim(len(labels) - 0.4, -0.6)
        axes.set_xlabel("%")
        highest = max([s[1] for s in shares if s] + [p for p in population if p] + [1])
        axes.set_xlim(0, min(100, highest * 1.25 + 2))
        _plain_axes(axes)

    if ranged:
        columns = [
            label_heading,
            f"{share_heading} – {_low_word()}",
            f"{share_heading} – {_high_word()}",
            population_heading,
        ]
        rows = [
            [
                label,
                _percent_text(share[0] if share else None),
                _percent_text(share[1] if share else None),
                _percent_text(pop),
            ]
            for label, share, pop in zip(labels, shares, population, strict=True)
        ]
    else:
        columns = [label_heading, share_heading, population_heading]
        rows = [
            [label, _percent_text(share[0] if share else None), _percent_text(pop)]
            for label, share, pop in zip(labels, shares, population, strict=True)
        ]
    return Chart(
        key=key,
        title=title,
        summary=summary,
        columns=columns,
        rows=rows,
        draw=draw,
        size=(7.0, max(2.6, 0.5 * len(labels) + 1.6)),
    )


def _low_word() -> str:
    from django.utils.translation import gettext as _

    return _("lavest")


def _high_word() -> str:
    from django.utils.translation import gettext as _

    return _("høyest")
