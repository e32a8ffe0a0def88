import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, ngettext

from sammen.core.idempotency import find_by_key
from sammen.core.models import AuditEntry
from sammen.core.periods import parse_period
from sammen.core.receipts import normalise_receipt_code
from sammen.core.selectors import parse_id, scoped_entries, undone_entry_ids
from sammen.core.verbs import AuditVerb
from sammen.engagement.models import Activity
from sammen.processes.models import FocusArea, Process
from sammen.processes.selectors import PUBLIC_STATUSES

from .models import Assessment, Input, Responsibility


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


def has_focus_area() -> Exists:
    """Whether an input is in any focus area. Negated ("not sorted yet") it is a NOT EXISTS:
    the LEFT JOIN … IS NULL that `focus_areas__isnull=True` writes was planned over a
    million inputs as a nested loop discarding hundreds of millions of rows."""
    return Exists(Input.focus_areas.through.objects.filter(input_id=OuterRef("pk")))


def focus_area_counts(process: Process) -> dict:
    """The numbers behind inputs_per_focus_area, as JSON (stored for a large process by
    insights' figures): approved inputs in all, per focus area (by key) and in none."""
    return {
        "total": public_inputs(process).count(),
        "unsorted": public_inputs(process).filter(~has_focus_area()).count(),
        "areas": dict(
            in_focus_areas(process)
            .filter(input__moderation=Input.Moderation.APPROVED)
            .values_list("focusarea__key")
            .annotate(n=Count("pk"))
        ),
    }


def in_focus_areas(process: Process) -> QuerySet:
    """The links between a process's inputs and their focus areas, found from the process's
    inputs (its index), to be grouped by focus area. Started from the focus areas, the join
    was planned as a hash over every input of every process: a small process beside a
    million inputs took seconds. An area without inputs has no row: read counts with a
    default of 0."""
    return Input.focus_areas.through.objects.filter(input__process=process).order_by()


def inputs_per_focus_area(process: Process, counts: dict | None = None) -> tuple[list[Share], int]:
    """Approved inputs in each focus area (an input may sit in several) and the number of
    inputs with none yet. Shares are of all of them, so they may add up to more than 100.
    `counts` are focus_area_counts() computed earlier (a large process's stored figures)."""
    counts = counts if counts is not None else focus_area_counts(process)
    areas = FocusArea.objects.filter(process=process).order_by("order")
    rows = [(area.key, area.title, counts["areas"].get(area.key, 0)) for area in areas]
    return _shares(rows, counts["total"]), counts["unsorted"]


def responsibility_counts(process: Process) -> dict:
    """The numbers behind inputs_by_responsibility, as JSON: approved inputs in all, per
    responsibility and not assessed yet."""
    return public_inputs(process).aggregate(
        total=Count("pk"),
        unassessed=Count("pk", filter=Q(responsibility="")),
        **{
            choice.value: Count("pk", filter=Q(responsibility=choice.value))
            for choice in Responsibility
        },
    )


def inputs_by_responsibility(process: Process, counts: dict | None = None) -> list[Share]:
    """The split between kommune, innbyggere and sammen, with not-yet-assessed last."""
    counts = counts if counts is not None else responsibility_counts(process)
    rows = [(choice.value, choice.label, counts.get(choice.value, 0)) for choice in Responsibility]
    if counts["unassessed"]:
        rows.append(("", gettext("Ikke vurdert"), counts["unassessed"]))
    return _shares(rows, counts["total"])


FILTER_PARAMS = (
    "sok",
    "aktivitet",
    "metode",
    "innsatsomrade",
    "ansvar",
    "status",
    "duplikater",
    "kanal",
    "mottatt",
)


def filter_inputs(process: Process, params: Mapping[str, str]) -> QuerySet[Input]:
    """Inputs of a process, filtered by the query parameters the workbench's form and the
    figures elsewhere link with. An unknown value matches nothing rather than everything.
    Free text here is a plain icontains; the workbench leaves `sok` out and searches the
    full-text index instead (sammen.analysis.search, ranked and stemmed)."""
    has_duplicates = Exists(Input.objects.filter(duplicate_of=OuterRef("pk")))
    inputs = (
        Input.objects.filter(process=process)
        .select_related("activity__method")
        .prefetch_related("focus_areas")
        .annotate(
            duplicate_count=Coalesce(
                Subquery(
                    Input.objects.filter(duplicate_of=OuterRef("pk"))
                    .values("duplicate_of")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            )
        )
        .order_by("-received_at", "-id")
    )
    if text := params.get("sok", "").strip():
        inputs = inputs.filter(
            Q(text__icontains=text) | Q(place_name__icontains=text) | Q(receipt_code__iexact=text)
        )
    if key := params.get("innsatsomrade"):
        inputs = (
            inputs.filter(~has_focus_area())
            if key == "ingen"
            else inputs.filter(focus_areas__key=key)
        )
    # ?ansvar= (empty) is how the overview links to the inputs not assessed yet.
    if "ansvar" in params and params["ansvar"] != "alle":
        value = params["ansvar"]
        inputs = inputs.filter(responsibility="" if value == "ingen" else value)
    if status := params.get("status"):
        inputs = inputs.filter(status=status)
    if activity := params.get("aktivitet"):
        if activity == "ingen":
            inputs = inputs.filter(activity__isnull=True)
        else:
            inputs = _filter_by_id(inputs, "activity_id", activity)
    if method := params.get("metode"):
        inputs = _filter_by_id(inputs, "activity__method_id", method)
    # The dashboard's figures link here by channel and by the month or week received.
    if channel := params.get("kanal"):
        inputs = inputs.filter(channel=channel)
    if received := params.get("mottatt"):
        period = parse_period(received)
        inputs = (
            inputs.none()
            if period is None
            else inputs.filter(received_at__date__range=(period.first, period.last))
        )
    duplicates = params.get("duplikater")
    if duplicates == "grupper":
        # A group together, its canonical input first.
        inputs = inputs.filter(Q(duplicate_of__isnull=False) | Q(has_duplicates)).order_by(
            Coalesce("duplicate_of_id", "id").desc(),
            F("duplicate_of_id").asc(nulls_first=True),
            "id",
        )
    elif duplicates == "skjul":
        inputs = inputs.filter(duplicate_of__isnull=True)
    elif duplicates:
        inputs = inputs.none()
    return inputs


def _filter_by_id(inputs: QuerySet[Input], lookup: str, value: str) -> QuerySet[Input]:
    pk = parse_id(value)
    return inputs.none() if pk is None else inputs.filter(**{lookup: pk})


# The workbench's history: the latest sorting changes of a process's inputs, a bulk change as
# one line, and whether each can still be undone.

HISTORY_VERBS = (
    AuditVerb.INPUT_SORT,
    AuditVerb.INPUT_ASSESS,
    AuditVerb.INPUT_DUPLICATE,
    AuditVerb.INPUT_UNDO,
)


@dataclass(frozen=True)
class Change:
    entry: AuditEntry  # the first entry of a bulk change; undoing it undoes them all
    count: int
    description: str
    is_undo: bool
    undone: bool

    @property
    def undoable(self) -> bool:
        return not self.is_undo and not self.undone


def input_audit_entries(process: Process) -> QuerySet[AuditEntry]:
    """Audit entries of the process's inputs, deleted ones' included: the services file
    them under the process (an indexed column, not a join on the inputs)."""
    return scoped_entries(process).filter(content_type=ContentType.objects.get_for_model(Input))


def _grouped(entries: Iterable[AuditEntry], limit: int) -> list[list[AuditEntry]]:
    groups: dict[object, list[AuditEntry]] = {}
    for entry in entries:
        key = entry.batch or entry.pk
        if key not in groups and len(groups) == limit:
            break
        groups.setdefault(key, []).append(entry)
    return list(groups.values())


def input_history(process: Process, limit: int = 8) -> list[Change]:
    entries = input_audit_entries(process).filter(verb__in=HISTORY_VERBS).order_by("-id")
    groups = _grouped(entries[: limit * 60], limit)
    batches = _batch_summaries({group[0].batch for group in groups} - {None})
    # A change outside any batch is one entry, its group alone; a batch is summed up above.
    singles = [group[0] for group in groups if group[0].batch is None]
    undone = undone_entry_ids(singles)
    areas = dict(FocusArea.objects.filter(process=process).values_list("key", "title"))
    changes = []
    for group in groups:
        entry = group[0]
        first, count, was_undone = batches.get(entry.batch) or (entry, 1, entry.pk in undone)
        changes.append(
            Change(
                entry=first,
                count=count,
                description=describe_change(first, areas, count=count),
                is_undo=first.verb == AuditVerb.INPUT_UNDO,
                undone=was_undone,
            )
        )
    return changes


def _batch_summaries(batches: set[uuid.UUID]) -> dict[uuid.UUID, tuple[AuditEntry, int, bool]]:
    """Each batch's first entry, its size and whether it was undone, counted in the database:
    a bulk change may reach past the history's window, and need not be read entry by entry."""
    if not batches:
        return {}
    rows = list(
        AuditEntry.objects.filter(batch__in=batches, verb__in=HISTORY_VERBS)
        .order_by()
        .values("batch")
        .annotate(count=Count("pk"), first=Min("pk"), undone=Count("undone_by"))
    )
    firsts = AuditEntry.objects.select_related("actor").in_bulk([row["first"] for row in rows])
    return {row["batch"]: (firsts[row["first"]], row["count"], row["undone"] > 0) for row in rows}


def last_undoable_entry(process: Process, actor) -> AuditEntry | None:
    """The actor's latest sorting change that has not been undone (the "u" shortcut)."""
    entries = (
        input_audit_entries(process)
        .filter(actor=actor, verb__in=HISTORY_VERBS)
        .exclude(verb=AuditVerb.INPUT_UNDO)
        .order_by("-id")[:200]
    )
    groups = _grouped(entries, 50)
    undone = undone_entry_ids(entry for group in groups for entry in group)
    for group in groups:
        if not any(entry.pk in undone for entry in group):
            return group[0]
    return None


def _label(choices, value: str) -> str:
    return str(dict(choices).get(value, value)) if value else gettext("ikke vurdert")


def describe_change(entry: AuditEntry, areas: dict[str, str], count: int = 1) -> str:
    """ "Nr. 12: lagt under Stedsutvikling; ansvar: Kommunen", in the reader's language. For a
    bulk change ("5 innspill: …") the values before differ, so only the new ones are named."""
    parts = []
    changes = entry.changes or {}
    for field, change in changes.items():
        if not isinstance(change, list) or len(change) != 2:
            continue
        before, after = change
        if field == "focus_areas":
            for key in after:
                if key not in before:
                    parts.append(gettext("lagt under %(area)s") % {"area": areas.get(key, key)})
            for key in before:
                if key not in after:
                    parts.append(gettext("tatt ut av %(area)s") % {"area": areas.get(key, key)})
        elif field == "responsibility":
            value = _label(Responsibility.choices, after)
            parts.append(gettext("ansvar: %(value)s") % {"value": value})
        elif field == "status":
            value = _label(Input.Status.choices, after)
            parts.append(gettext("status: %(value)s") % {"value": value})
        elif field == "assessment":
            parts.append(gettext("vurderingen er endret"))
        elif field == "assessment_outcome":
            value = _label(Assessment.choices, after)
            parts.append(gettext("vurdert: %(value)s") % {"value": value})
        elif field == "referred_to" and after:
            parts.append(gettext("sendt videre til %(place)s") % {"place": after})
        elif field == "duplicate_of":
            parts.append(
                gettext("duplikat av nr. %(number)s") % {"number": after}
                if after
                else gettext("ikke lenger duplikat")
            )
    subject = (
        ngettext("%(n)s innspill", "%(n)s innspill", count) % {"n": count}
        if count > 1
        else gettext("Nr. %(number)s") % {"number": entry.object_id}
    )
    text = f"{subject}: {'; '.join(parts)}" if parts else subject
    if entry.verb == AuditVerb.INPUT_UNDO:
        return gettext("Angret – %(change)s") % {"change": text}
    return text


def public_inputs(process: Process) -> QuerySet[Input]:
    """The inputs anyone may see and count: approved ones. Pending and rejected public
    inputs stay out of every public view and figure."""
    return Input.objects.filter(process=process, moderation=Input.Moderation.APPROVED)


def readable_inputs(process: Process) -> QuerySet[Input]:
    """The inputs whose texts anyone may read: the approved ones, when the process publishes
    its inputs (Process.inputs_public). Counts use public_inputs, which does not depend on it."""
    if not process.inputs_public:
        return Input.objects.none()
    return public_inputs(process)


def moderation_queue(process: Process) -> QuerySet[Input]:
    """Public inputs waiting for a moderator, oldest first."""
    return (
        Input.objects.filter(process=process, moderation=Input.Moderation.PENDING)
        .prefetch_related("focus_areas")
        .order_by("received_at", "id")
    )


# Values per "IN (...)" query: below SQLite's and PostgreSQL's limits on parameters.
CODES_PER_QUERY = 5000


def receipt_codes_in_use(codes: list[str]) -> set[str]:
    """Those of `codes` that an input already has (for core.receipts.unique_receipt_codes)."""
    taken: set[str] = set()
    for start in range(0, len(codes), CODES_PER_QUERY):
        part = Input.objects.filter(receipt_code__in=codes[start : start + CODES_PER_QUERY])
        taken.update(part.values_list("receipt_code", flat=True))
    return taken


def input_by_receipt_code(value: str) -> Input | None:
    code = normalise_receipt_code(value)
    if len(code) != 9:
        return None
    # Only inputs of public processes: a draft process is not shown to anyone outside.
    return (
        Input.objects.select_related("process")
        .prefetch_related("focus_areas")
        .filter(receipt_code=code, process__status__in=PUBLIC_STATUSES)
        .first()
    )


def input_by_idempotency_key(process: Process, key: str) -> Input | None:
    return find_by_key(Input.objects.filter(process=process), key)


def recent_activity_inputs(activity: Activity, limit: int = 100) -> tuple[list[Input], int]:
    """The inputs of an activity, the last registered first, and how many it has in all."""
    inputs = activity.inputs.prefetch_related("focus_areas").order_by("-created_at", "-id")
    return list(inputs[:limit]), activity.inputs.count()
