from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext

from sammen.core.selectors import parse_id
from sammen.engagement.models import Activity
from sammen.processes.models import FocusArea, Process

from .models import Input, Responsibility


@dataclass(frozen=True)
class Share:
    key: str
    label: str
    count: int
    percent: float


def _shares(counts: list[tuple[str, str, int]], total: int) -> list[Share]:
    return [
        Share(key, label, count, round(100 * count / total, 1) if total else 0.0)
        for key, label, count in counts
    ]


def inputs_per_focus_area(process: Process) -> tuple[list[Share], int]:
    """Inputs in each focus area (an input may sit in several) and the number of inputs
    with none yet. Shares are of all inputs, so they may add up to more than 100."""
    total = Input.objects.filter(process=process).count()
    areas = FocusArea.objects.filter(process=process).annotate(n=Count("inputs")).order_by("order")
    unsorted = Input.objects.filter(process=process, focus_areas__isnull=True).count()
    return _shares([(area.key, area.title, area.n) for area in areas], total), unsorted


def inputs_by_responsibility(process: Process) -> list[Share]:
    """The split between kommune, innbyggere and sammen, with not-yet-assessed last."""
    counts = Input.objects.filter(process=process).aggregate(
        total=Count("pk"),
        unassessed=Count("pk", filter=Q(responsibility="")),
        **{
            choice.value: Count("pk", filter=Q(responsibility=choice.value))
            for choice in Responsibility
        },
    )
    rows = [(choice.value, choice.label, counts[choice.value]) for choice in Responsibility]
    if counts["unassessed"]:
        rows.append(("", gettext("Ikke vurdert"), counts["unassessed"]))
    return _shares(rows, counts["total"])


def filter_inputs(process: Process, params: dict[str, str]) -> QuerySet[Input]:
    """Inputs of a process, filtered by the query parameters the figures link with."""
    inputs = (
        Input.objects.filter(process=process)
        .select_related("activity__method")
        .prefetch_related("focus_areas")
        .order_by("-received_at", "-id")
    )
    if key := params.get("innsatsomrade"):
        inputs = (
            inputs.filter(focus_areas__isnull=True)
            if key == "ingen"
            else inputs.filter(focus_areas__key=key)
        )
    if "ansvar" in params:
        inputs = inputs.filter(responsibility=params["ansvar"])
    if activity := params.get("aktivitet"):
        if activity == "ingen":
            inputs = inputs.filter(activity__isnull=True)
        else:
            inputs = _filter_by_id(inputs, "activity_id", activity)
    if method := params.get("metode"):
        inputs = _filter_by_id(inputs, "activity__method_id", method)
    return inputs


def _filter_by_id(inputs: QuerySet[Input], lookup: str, value: str) -> QuerySet[Input]:
    pk = parse_id(value)
    return inputs.none() if pk is None else inputs.filter(**{lookup: pk})


def recent_activity_inputs(activity: Activity, limit: int = 100) -> tuple[list[Input], int]:
    """The inputs of an activity, the last registered first, and how many it has in all."""
    inputs = activity.inputs.prefetch_related("focus_areas").order_by("-created_at", "-id")
    return list(inputs[:limit]), activity.inputs.count()
