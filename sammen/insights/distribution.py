"""«Fordelingen»: the split of a process's actions and of its inputs between the
municipality, the residents and both together, as the charts the pages (and the temaplan)
draw."""

from django.utils.translation import gettext as _

from sammen.processes.models import Process
from sammen.roadmap.follow_up import input_distribution, public_roadmap

from .charts import Chart, fordelingen


def distribution_charts(process: Process, counts: dict | None = None) -> list[Chart]:
    """«Fordelingen» of actions (dropped ones left out) and of approved, assessed inputs;
    a chart only for what has anything to split. `counts` are
    inputs.selectors.responsibility_counts() computed earlier."""
    charts = []
    organisation = process.organisation.name
    actions = public_roadmap(process).distribution
    if any(actions.values()):
        charts.append(fordelingen("fordeling-tiltak", organisation, actions, subject=_("tiltak")))
    inputs = input_distribution(process, counts)
    if any(inputs.values()):
        charts.append(
            fordelingen("fordeling-innspill", organisation, inputs, subject=_("innspill"))
        )
    return charts
