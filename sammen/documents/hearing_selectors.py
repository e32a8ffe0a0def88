"""Reads for the public hearing and the plan's political steps."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.core.receipts import normalise_receipt_code
from sammen.processes.models import Process

from .models import DocumentVersion, Hearing, HearingResponse, PoliticalTreatment


def hearing_state(hearing: Hearing, today: datetime.date | None = None) -> str:
    """ "upcoming", "open" or "closed", by the hearing's dates."""
    today = today or timezone.localdate()
    if today < hearing.opens_on:
        return "upcoming"
    if today > hearing.deadline:
        return "closed"
    return "open"


def published_hearings(process: Process) -> QuerySet[Hearing]:
    return (
        process.hearings.filter(is_published=True)
        .select_related("document")
        .annotate(response_count=Count("responses"))
        .order_by("-opens_on", "-id")
    )


def get_public_hearing(process: Process, pk: int) -> Hearing:
    hearing = (
        Hearing.objects.filter(process=process, pk=pk, is_published=True)
        .select_related("document", "process")
        .first()
    )
    if hearing is None:
        raise Http404
    return hearing


def staff_hearings(process: Process) -> QuerySet[Hearing]:
    return (
        process.hearings.select_related("document")
        .annotate(
            response_count=Count("responses"),
            assessed_count=Count("responses", filter=~Q(responses__assessment="")),
        )
        .order_by("-opens_on", "-id")
    )


@dataclass(frozen=True)
class ResponseCounts:
    total: int
    by_kind: list[tuple[str, int]]
    assessed: int


def response_counts(hearing: Hearing) -> ResponseCounts:
    """How many responded, and who: counted apart from the process's inputs."""
    rows = dict(hearing.responses.values_list("respondent_kind").annotate(n=Count("id")).order_by())
    by_kind = [
        (label, rows[value])
        for value, label in HearingResponse.RespondentKind.choices
        if rows.get(value)
    ]
    assessed = hearing.responses.exclude(assessment="").count()
    return ResponseCounts(total=sum(rows.values()), by_kind=by_kind, assessed=assessed)


def assessed_responses(hearing: Hearing) -> QuerySet[HearingResponse]:
    """The responses with their assessment, for the public account of what the hearing
    changed. Persons' names never leave the staff pages."""
    return (
        hearing.responses.exclude(assessment="")
        .select_related("next_version")
        .order_by("received_at", "id")
    )


def hearing_response_by_code(code: str) -> HearingResponse | None:
    code = normalise_receipt_code(code)
    if not code:
        return None
    return (
        HearingResponse.objects.select_related("hearing__process", "next_version")
        .filter(receipt_code=code, hearing__is_published=True)
        .first()
    )


@dataclass(frozen=True)
class PoliticalStep:
    key: str
    label: str
    state: str  # "done", "current" (where the plan stands) or "upcoming"
    date: datetime.date | None = None
    treatment: PoliticalTreatment | None = None
    hearing: Hearing | None = None

    @property
    def is_current(self) -> bool:
        return self.state == "current"


STEPS = [
    ("draft", _("Utkast")),
    ("sent_on_hearing", _("Sendt på høring")),
    ("hearing_closed", _("Høringen avsluttet")),
    ("recommended", _("Innstilt")),
    ("adopted", _("Vedtatt")),
]


def political_steps(process: Process, today: datetime.date | None = None) -> list[PoliticalStep]:
    """Where the plan stands: draft → sent on hearing → hearing closed → recommended →
    adopted, each with its date and, where a body treated it, the treatment. Empty when the
    process has no document yet."""
    today = today or timezone.localdate()
    first = (
        DocumentVersion.objects.filter(process=process)
        .order_by("kind", "number")
        .filter(kind=DocumentVersion.Kind.TEMAPLAN)
        .first()
    ) or DocumentVersion.objects.filter(process=process).order_by("created_at").first()
    if first is None:
        return []
    treatments = {}
    for treatment in process.treatments.select_related("document").order_by("meeting_date", "id"):
        treatments[treatment.outcome] = treatment  # the latest of each outcome
    hearing = process.hearings.filter(is_published=True).order_by("-opens_on", "-id").first()
    found: dict[str, tuple[datetime.date | None, PoliticalTreatment | None]] = {}
    sent = treatments.get(PoliticalTreatment.Outcome.SENT_ON_HEARING)
    if sent is not None:
        found["sent_on_hearing"] = (sent.meeting_date, sent)
    elif hearing is not None and hearing.opens_on <= today:
        found["sent_on_hearing"] = (hearing.opens_on, None)
    if hearing is not None and hearing.deadline < today:
        found["hearing_closed"] = (hearing.deadline, None)
    for key, outcome in (
        ("recommended", PoliticalTreatment.Outcome.RECOMMENDED),
        ("adopted", PoliticalTreatment.Outcome.ADOPTED),
    ):
        if (treatment := treatments.get(outcome)) is not None:
            found[key] = (treatment.meeting_date, treatment)
    # A draft recorded after the fact (its version made after the hearing) has no date of
    # its own worth showing: it was written before the first later step.
    drafted = timezone.localdate(first.created_at)
    later = [date for date, _treatment in found.values() if date is not None]
    found["draft"] = (drafted if not later or drafted <= min(later) else None, None)
    last_done = max(i for i, (key, _label) in enumerate(STEPS) if key in found)
    steps = []
    for i, (key, label) in enumerate(STEPS):
        date, treatment = found.get(key, (None, None))
        if key == "hearing_closed" and date is None and hearing is not None:
            date = hearing.deadline  # the deadline to come
        if i == last_done:
            state = "current"
        elif key in found:
            state = "done"
        else:
            state = "upcoming"
        steps.append(
            PoliticalStep(
                key=key,
                label=label,
                state=state,
                date=date,
                treatment=treatment,
                hearing=hearing if key in ("sent_on_hearing", "hearing_closed") else None,
            )
        )
    return steps


def adoption(process: Process) -> PoliticalTreatment | None:
    """The latest decision that adopted the process's plan, or None while there is none."""
    return (
        process.treatments.filter(outcome=PoliticalTreatment.Outcome.ADOPTED)
        .order_by("-meeting_date", "-id")
        .first()
    )
