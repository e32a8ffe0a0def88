from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext

from sammen.core.selectors import audit_trail, parse_id
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
    """Approved inputs in each focus area (an input may sit in several) and the number of
    inputs with none yet. Shares are of all of them, so they may add up to more than 100."""
    approved = Q(inputs__moderation=Input.Moderation.APPROVED)
    total = public_inputs(process).count()
    areas = (
        FocusArea.objects.filter(process=process)
        .annotate(n=Count("inputs", filter=approved))
        .order_by("order")
    )
    unsorted = public_inputs(process).filter(focus_areas__isnull=True).count()
    return _shares([(area.key, area.title, area.n) for area in areas], total), unsorted


def inputs_by_responsibility(process: Process) -> list[Share]:
    """The split between kommune, innbyggere and sammen, with not-yet-assessed last."""
    counts = public_inputs(process).aggregate(
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


def public_inputs(process: Process) -> QuerySet[Input]:
    """The inputs anyone may see and count: approved ones. Pending and rejected public
    inputs stay out of every public view and figure."""
    return Input.objects.filter(process=process, moderation=Input.Moderation.APPROVED)


def moderation_queue(process: Process) -> QuerySet[Input]:
    """Public inputs waiting for a moderator, oldest first."""
    return (
        Input.objects.filter(process=process, moderation=Input.Moderation.PENDING)
        .prefetch_related("focus_areas")
        .order_by("received_at", "id")
    )


def normalise_receipt_code(value: str) -> str:
    """ "abcd efgh", "ABCDEFGH" and " abcd-efgh " all become "ABCD-EFGH"."""
    chars = "".join(ch for ch in (value or "").upper() if ch.isascii() and ch.isalnum())
    return f"{chars[:4]}-{chars[4:]}" if len(chars) == 8 else chars


def input_by_receipt_code(value: str) -> Input | None:
    code = normalise_receipt_code(value)
    if len(code) != 9:
        return None
    return (
        Input.objects.select_related("process")
        .prefetch_related("focus_areas")
        .filter(receipt_code=code)
        .first()
    )


def rejection_reason(item: Input) -> str:
    """Why a moderator rejected the input, from the audit entry the rejection wrote."""
    entry = audit_trail(item).filter(verb="input.reject").first()
    return (entry.changes or {}).get("reason", "") if entry else ""


def input_by_idempotency_key(process: Process, key: str) -> Input | None:
    return Input.objects.filter(process=process, idempotency_key=key).first()
