"""The charts the documents show, drawn by the shared chart module (sammen.insights.charts):
participants per method (ranges as ranges), inputs per focus area, and «Fordelingen» of the
actions (temaplan) and of the inputs. Each is drawn once, as SVG for the PDF and PNG for the
DOCX, from the same content the text is written from."""

from functools import cached_property

from django.utils.translation import gettext as _

from sammen.insights.charts import Chart, bar_chart, fordelingen, range_chart

from .content import DocumentContent


class DocumentChart:
    """A chart as the documents take it: SVG for the PDF, PNG for the DOCX, each drawn only
    when a format asks for it (the command makes one format)."""

    def __init__(self, chart: Chart):
        self.chart = chart
        self.title = chart.title
        self.description = chart.summary

    @cached_property
    def svg(self) -> str:
        return self.chart.svg()

    @cached_property
    def png(self) -> bytes:
        return self.chart.png(dpi=150)


def _participants(content: DocumentContent) -> Chart:
    rows = content.participants_per_method
    return range_chart(
        key="deltakere",
        title=_("Deltakere per metode"),
        summary=_(
            "Deltakere per metode, %(total)s i alt. Der tallet er et spenn, er det tegnet "
            "som et spenn: %(ranges)s."
        )
        % {
            "total": content.participation.total_participants,
            "ranges": "; ".join(
                f"{label} {value.low}" if value.exact else f"{label} {value.low}–{value.high}"
                for label, value in rows
            ),
        },
        labels=[label for label, _value in rows],
        ranges=[(value.low, value.high) for _label, value in rows],
        label_heading=_("Metode"),
        low_heading=_("Deltakere (fra)"),
        high_heading=_("Deltakere (til)"),
        value_heading=_("Deltakere"),
    )


def _focus_areas(content: DocumentContent) -> Chart:
    rows = content.inputs_per_focus_area
    return bar_chart(
        key="innsatsomrader",
        title=_("Innspill per innsatsområde"),
        summary=_("Innspill per innsatsområde: %(figures)s. Et innspill kan høre til flere.")
        % {"figures": "; ".join(f"{row.label} {row.count}" for row in rows)},
        labels=[row.label for row in rows],
        values=[row.count for row in rows],
        label_heading=_("Innsatsområde"),
        value_heading=_("Innspill"),
    )


def document_charts(content: DocumentContent) -> list[DocumentChart]:
    charts = [_participants(content)]
    if content.inputs_per_focus_area:
        charts.append(_focus_areas(content))
    if content.is_temaplan and content.action_count:
        charts.append(
            fordelingen(
                "fordeling-tiltak",
                content.organisation,
                {split.key: split.actions for split in content.split},
                subject=_("tiltak"),
            )
        )
    charts.append(
        fordelingen(
            "fordeling-innspill",
            content.organisation,
            {split.key: split.inputs for split in content.split},
            subject=_("innspill"),
        )
    )
    return [DocumentChart(chart) for chart in charts]
