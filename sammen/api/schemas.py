"""What the API takes and gives, as pydantic models (django-ninja's Schema): the OpenAPI
description is generated from these, and requests are validated by them. Bodies refuse
unknown fields, so a misspelt field is an error, not silently ignored."""

import datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict

from sammen.core.text import TEXT_MAX_LENGTH, strip_control_characters
from sammen.engagement.method_kinds import MethodKind
from sammen.inputs.models import Assessment, Input, Responsibility
from sammen.processes.models import Phase, Process

# The largest id any table hands out (a 64-bit integer); a bigger number finds nothing.
MAX_ID = 2**63 - 1
MAX_LIMIT = 200
DEFAULT_LIMIT = 50


def _literal(values):
    return Literal.__getitem__(tuple(values))


ChannelName = _literal(Input.Channel.values)
StatusName = _literal(Input.Status.values)
ResponsibilityName = _literal(["", *Responsibility.values])
OutcomeName = _literal(["", *Assessment.values])

CleanText = Annotated[str, AfterValidator(strip_control_characters)]
Key = Annotated[str, Field(pattern=r"^[-a-zA-Z0-9_]{1,50}$")]


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


# --- Out ---------------------------------------------------------------------------------


class Problem(Schema):
    type: str = Field(description="Lenke til forklaringen av feilen.")
    title: str
    status: int
    detail: str
    errors: list[dict[str, str]] | None = Field(
        None, description="Ved ugyldige verdier: hvert felt med feil og hva som er galt."
    )


class ProcessOut(Schema):
    slug: str
    name: str
    organisation: str
    status: _literal(Process.Status.values)
    area: str
    main_goal: str
    description: str
    promise: str
    data_note: str


class PhaseOut(Schema):
    order: int
    kind: _literal(Phase.Kind.values)
    title: str
    description: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    influence_level: _literal(Phase.InfluenceLevel.values)
    decision_point: str
    decision_maker: str
    is_current: bool


class FocusAreaOut(Schema):
    key: str
    order: int
    title: str
    description: str


class RangeOut(Schema):
    low: int
    high: int


class FiguresOut(Schema):
    participants: RangeOut = Field(
        description="Det ærlige spennet: talte deltakere nederst, anslag på sitt høyeste øverst."
    )
    counted: RangeOut
    estimated: RangeOut
    reach: int = Field(description="Liker-klikk, visninger o.l. Aldri regnet som deltakere.")
    inputs: int = Field(description="Godkjente innspill.")
    uncounted: list[str] = Field(description="Folk som deltok i tillegg, ikke telt.")
    not_counted_activities: int


class ActivityOut(FiguresOut):
    id: int
    title: str
    method: int
    method_title: str
    method_kind: _literal(MethodKind.values)
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    participants_estimated: bool
    reach_note: str
    place: str = Field(description="Tom for aktiviteter som ikke er offentlige (gjestebud).")
    organiser: str = Field(description="Tom for aktiviteter som ikke er offentlige.")


class ActivityPage(Schema):
    items: list[ActivityOut]
    next: str | None


class MethodFiguresOut(FiguresOut):
    id: int
    title: str
    kind: _literal(MethodKind.values)


class ShareOut(Schema):
    key: str
    label: str
    count: int
    percent: float


class AnswerGroupOut(Schema):
    value: str = Field(description="Svaralternativet slik det er lagret (bokmål).")
    label: str = Field(description="Svaralternativet på språket i Accept-Language.")
    count: int | None = Field(description="Godkjente innspill med dette svaret; null når skjult.")
    hidden: bool = Field(
        description=(
            "Sann når gruppen er under fem, eller skjules så en liten gruppe ikke kan regnes "
            "ut fra de andre."
        )
    )


class AboutYouOut(Schema):
    key: str
    question: str
    answered: int | None = Field(
        description="Godkjente innspill med svar; null når færre enn fem har svart."
    )
    illustrative: bool = Field(
        description=(
            "Sann når svarene er laget for å vise løsningen (som i demoen), ikke svar fra "
            "virkelige deltakere."
        )
    )
    groups: list[AnswerGroupOut]


class StatisticsOut(Schema):
    total: FiguresOut
    inputs_without_activity: int
    methods: list[MethodFiguresOut]
    inputs_per_focus_area: list[ShareOut]
    inputs_without_focus_area: int
    inputs_by_responsibility: list[ShareOut]
    about_you: list[AboutYouOut] = Field(
        description=(
            "Svarene på de frivillige spørsmålene om deg, som antall per svar, med små "
            "grupper skjult etter samme regel som åpne data og dashbordet."
        )
    )


class PointOut(Schema):
    type: Literal["Point"]
    coordinates: list[float]


class AssessmentOut(Schema):
    outcome: OutcomeName
    text: str
    referred_to: str


class InputOut(Schema):
    id: int
    text: str = Field(description="Fødselsnumre, e-postadresser og telefonnumre er skjult.")
    language: str
    channel: ChannelName
    received_at: datetime.datetime
    activity: int | None
    focus_areas: list[str]
    responsibility: ResponsibilityName
    status: StatusName
    assessment: AssessmentOut
    place_name: str
    geometry: dict | None


class InputPage(Schema):
    items: list[InputOut]
    next: str | None = Field(description="Markøren til neste side, eller null på siste side.")


class NewInputOut(InputOut):
    receipt_code: str = Field(description="Kvitteringskoden innbyggeren kan følge innspillet med.")
    moderation: _literal(Input.Moderation.values)


class ActionOut(Schema):
    id: int
    title: str
    description: str
    desired_effect: str
    focus_area: str
    goal: str
    strategy: str
    responsibility: str
    status: str
    completion: int
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    actors: list[str]
    inputs: int = Field(description="Godkjente innspill tiltaket bygger på.")


class RoadmapOut(Schema):
    completion: int
    actions: list[ActionOut]


class HearingOut(Schema):
    id: int
    title: str
    introduction: str
    opens_on: datetime.date
    deadline: datetime.date
    state: Literal["upcoming", "open", "closed"]
    responses: int
    document: str


class DecisionOut(Schema):
    id: int
    body: str
    body_name: str
    meeting_date: datetime.date
    case_number: str
    outcome: str
    decision_text: str
    is_illustrative: bool
    document: str


# --- In ----------------------------------------------------------------------------------


class PointIn(Strict):
    type: Literal["Point"]
    coordinates: tuple[
        Annotated[float, Field(ge=-180, le=180)], Annotated[float, Field(ge=-90, le=90)]
    ] = Field(description="Lengdegrad, breddegrad (WGS 84).")


class InputIn(Strict):
    text: Annotated[CleanText, Field(min_length=1, max_length=TEXT_MAX_LENGTH)]
    channel: ChannelName = Field(description="Kanalen innspillet kom gjennom.")
    focus_areas: list[Key] = Field(default_factory=list, max_length=20)
    activity: int | None = Field(None, ge=1, le=MAX_ID)
    place_name: Annotated[CleanText, Field(max_length=200)] = ""
    geometry: PointIn | None = None
    language: str = Field("nb", pattern=r"^[a-z]{2,3}$")
    received_at: datetime.datetime | None = None


class AssessmentIn(Strict):
    outcome: OutcomeName = Field(description="Tom tekst tar vurderingen tilbake.")
    text: Annotated[CleanText, Field(max_length=5000)] = ""
    referred_to: Annotated[CleanText, Field(max_length=200)] = ""


class InputChangeIn(Strict):
    focus_areas: list[Key] | None = Field(None, max_length=20)
    responsibility: ResponsibilityName | None = None
    status: StatusName | None = None
    assessment: AssessmentIn | None = None


class ParticipantsIn(Strict):
    participants_low: int | None = Field(None, ge=0, le=1_000_000_000)
    participants_high: int | None = Field(None, ge=0, le=1_000_000_000)
    participants_estimated: bool | None = None
    uncounted_note: Annotated[CleanText, Field(max_length=300)] | None = None
    reach: int | None = Field(None, ge=0, le=1_000_000_000)
    reach_note: Annotated[CleanText, Field(max_length=200)] | None = None
