"""The open data of a process: its datasets, their columns (the data dictionary) and their
rows, read from the same selectors and rules as the public pages.

What never leaves: contact details, "about you" answers of single people (only counts of
groups of at least five), moderation (pending and rejected inputs, rejection reasons),
receipt codes, idempotency keys, staff notes and reports, gjestebud hosts' names and homes
(an activity that is not public shows neither title, place nor organiser), hearing responses.
Text written by citizens or staff is masked as on the public pages
(sammen.inputs.privacy.mask_personal_data).

Nothing is cached but the big XLSX files a task makes (`made_by_task`), and those are served
only while no change has been made since (`changed_since`): every download reads the database
or a file made after the last change, so a rejected input is gone from the next one.
"""

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import BooleanField, Count, Max, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sammen.core.models import AuditEntry
from sammen.documents.models import PoliticalTreatment
from sammen.engagement.method_kinds import MethodKind
from sammen.engagement.models import Activity
from sammen.inputs.models import Assessment, Input, Responsibility
from sammen.inputs.privacy import mask_personal_data, public_geometry
from sammen.inputs.selectors import public_inputs, readable_inputs
from sammen.insights.answers import answer_groups
from sammen.insights.selectors import Figures, participation_summary
from sammen.processes.models import FocusArea, Organisation, Process
from sammen.roadmap.follow_up import public_actions
from sammen.roadmap.models import Action, ActionInput

from .licences import DEFAULT_LICENCE, Licence, licence
from .models import OpenDataLicence

# Rows read from the database at a time: memory stays flat for a process of a million inputs.
CHUNK = 2000

masked = mask_personal_data


def licence_for(organisation: Organisation) -> Licence:
    key = (
        OpenDataLicence.objects.filter(organisation=organisation)
        .values_list("licence", flat=True)
        .first()
    )
    return licence(key or DEFAULT_LICENCE)


# --- The data dictionary ---------------------------------------------------------------------

TYPES: dict[str, Promise] = {
    "integer": gettext_lazy("heltall"),
    "number": gettext_lazy("desimaltall"),
    "text": gettext_lazy("tekst"),
    "date": gettext_lazy("dato (ÅÅÅÅ-MM-DD)"),
    "boolean": gettext_lazy("sann/usann (true/false)"),
    "list": gettext_lazy("liste (i CSV og XLSX skilt med « | »)"),
}


@dataclass(frozen=True)
class Column:
    key: str
    type: str
    meaning: Promise

    def as_dict(self) -> dict[str, str]:
        return {"column": self.key, "type": str(TYPES[self.type]), "meaning": str(self.meaning)}


@dataclass(frozen=True)
class Selection:
    """A compilation's filter (offentleglova § 9), on the inputs. Empty: the whole dataset."""

    focus_area: FocusArea | None = None
    no_focus_area: bool = False
    since: datetime.date | None = None
    until: datetime.date | None = None
    channel: str = ""
    status: str = ""
    place: str = ""
    text: str = ""
    # (parameter, label, value as given, value as shown) for the file's metadata, in the
    # form's order.
    described: tuple[tuple[str, str, str, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.described)

    def apply(self, inputs: QuerySet[Input]) -> QuerySet[Input]:
        if self.focus_area is not None:
            inputs = inputs.filter(focus_areas=self.focus_area)
        if self.no_focus_area:
            inputs = inputs.filter(focus_areas__isnull=True)
        if self.since is not None:
            inputs = inputs.filter(received_at__gte=_start_of(self.since))
        if self.until is not None:
            inputs = inputs.filter(received_at__lt=_start_of(self.until + datetime.timedelta(1)))
        if self.channel:
            inputs = inputs.filter(channel=self.channel)
        if self.status:
            inputs = inputs.filter(status=self.status)
        # A first cut in the database; the text the file shows decides (matches()).
        if self.place:
            inputs = inputs.filter(place_name__icontains=self.place)
        if self.text:
            inputs = inputs.filter(
                Q(text__icontains=self.text) | Q(place_name__icontains=self.text)
            )
        return inputs

    def matches(self, text: str, place: str) -> bool:
        """Whether the masked text and place still match. Searching the raw text would tell
        which inputs hold a phone number or an address the file hides."""
        if self.place and self.place.casefold() not in place.casefold():
            return False
        if self.text:
            needle = self.text.casefold()
            return needle in text.casefold() or needle in place.casefold()
        return True

    def as_dict(self) -> dict[str, str]:
        return {key: value for key, _label, value, _shown in self.described}

    def as_text(self) -> str:
        if not self:
            return _("Hele datasettet (ingen utvalg)")
        parts = [f"{label}: {shown}" for _key, label, _value, shown in self.described]
        return _("Utvalg etter offentleglova § 9 – %(filter)s") % {"filter": "; ".join(parts)}


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


EVERYTHING = Selection()


@dataclass(frozen=True)
class Dataset:
    key: str
    title: Promise
    description: Promise
    columns: tuple[Column, ...]
    rows: Callable[[Process, Selection], Iterator[dict[str, Any]]]
    geo: bool = False
    filterable: bool = False
    formats: tuple[str, ...] = field(default=("csv", "xlsx", "json"))

    def dictionary(self) -> list[dict[str, str]]:
        return [column.as_dict() for column in self.columns]


def _label(choices, value: str) -> str:
    return str(dict(choices).get(value, value)) if value else ""


def _day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


# --- Inputs ----------------------------------------------------------------------------------

INPUT_COLUMNS = (
    Column("id", "integer", gettext_lazy("Innspillets nummer i sammen.")),
    Column("mottatt", "date", gettext_lazy("Dagen innspillet kom inn.")),
    Column(
        "kanal", "text", gettext_lazy("Hvordan innspillet kom inn, som kode (web, meeting, …).")
    ),
    Column("kanal_navn", "text", gettext_lazy("Kanalen med navn, på sidens språk.")),
    Column("sprak", "text", gettext_lazy("Språket innspillet er skrevet på (nb, nn, en, …).")),
    Column(
        "tekst",
        "text",
        gettext_lazy(
            "Innspillet. Fødselsnummer, e-postadresser og telefonnumre er skjult som på de "
            "offentlige sidene. I CSV har tekst som begynner med = + - eller @ fått en "
            "apostrof foran, så regneark ikke leser den som en formel."
        ),
    ),
    Column(
        "sted", "text", gettext_lazy("Stedet innspillet nevner, med egne ord (skjult som teksten).")
    ),
    Column(
        "breddegrad",
        "number",
        gettext_lazy(
            "Stedet på kartet, breddegrad (WGS 84), avrundet til fire desimaler (om lag 10 m)."
        ),
    ),
    Column(
        "lengdegrad",
        "number",
        gettext_lazy("Stedet på kartet, lengdegrad (WGS 84), avrundet likt."),
    ),
    Column(
        "metode",
        "text",
        gettext_lazy("Metoden innspillet kom gjennom, om det kom fra en aktivitet."),
    ),
    Column(
        "aktivitet_id",
        "integer",
        gettext_lazy("Aktiviteten innspillet kom fra (datasettet aktiviteter)."),
    ),
    Column(
        "innsatsomrader",
        "list",
        gettext_lazy(
            "Innsatsområdene innspillet er sortert under; tomt når det ikke er sortert ennå."
        ),
    ),
    Column(
        "innsatsomrade_nokler", "list", gettext_lazy("De samme innsatsområdene som korte nøkler.")
    ),
    Column(
        "ansvar", "text", gettext_lazy("Hvem som bør handle: kommune, innbyggere eller sammen.")
    ),
    Column("ansvar_navn", "text", gettext_lazy("Ansvaret med navn, på sidens språk.")),
    Column("status", "text", gettext_lazy("Hvor langt behandlingen har kommet, som kode.")),
    Column("status_navn", "text", gettext_lazy("Statusen med navn, på sidens språk.")),
    Column(
        "vurdering",
        "text",
        gettext_lazy("Hva som ble av innspillet: used, partly_used, not_used eller out_of_scope."),
    ),
    Column("vurdering_navn", "text", gettext_lazy("Vurderingen med navn, på sidens språk.")),
    Column("vurdering_begrunnelse", "text", gettext_lazy("Kommunens begrunnelse for vurderingen.")),
    Column(
        "sendt_videre_til", "text", gettext_lazy("Hvor et innspill utenfor prosessen ble sendt.")
    ),
    Column("vurdert", "date", gettext_lazy("Dagen innspillet ble vurdert.")),
    Column(
        "duplikat_av",
        "integer",
        gettext_lazy("Innspillet som står for en gruppe av like innspill, om dette er et av dem."),
    ),
    Column(
        "tiltak", "list", gettext_lazy("Tiltakene i veikartet innspillet er tatt med i (id-er).")
    ),
)


INPUT_FIELDS = (
    "id",
    "received_at",
    "channel",
    "language",
    "text",
    "place_name",
    "geometry",
    "activity_id",
    "activity__method__title",
    "responsibility",
    "status",
    "assessment_outcome",
    "assessment",
    "referred_to",
    "assessed_at",
    "duplicate_of_id",
)


def input_queryset(process: Process, selection: Selection = EVERYTHING) -> QuerySet[Input]:
    """Approved inputs only, oldest first, and none when the process keeps its inputs from
    the public: pending and rejected ones are in no open data."""
    return selection.apply(readable_inputs(process)).order_by("received_at", "id")


def _chunks(values: Iterator[dict], size: int) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for value in values:
        chunk.append(value)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _grouped(pairs) -> dict[int, list[int]]:
    groups: dict[int, list[int]] = {}
    for key, value in pairs:
        groups.setdefault(key, []).append(value)
    return groups


def input_rows(process: Process, selection: Selection = EVERYTHING) -> Iterator[dict[str, Any]]:
    """The rows of the inputs dataset, read in chunks (values, not model instances, and the
    focus areas and actions of a chunk in one query each): a million inputs stream in flat
    memory."""
    areas = {area.pk: area for area in FocusArea.objects.filter(process=process).order_by("order")}
    area_order = {pk: n for n, pk in enumerate(areas)}
    labels = {
        name: {value: str(label) for value, label in choices}
        for name, choices in (
            ("channel", Input.Channel.choices),
            ("responsibility", Responsibility.choices),
            ("status", Input.Status.choices),
            ("assessment", Assessment.choices),
        )
    }
    through = Input.focus_areas.through
    values = input_queryset(process, selection).values(*INPUT_FIELDS)
    for chunk in _chunks(values.iterator(chunk_size=CHUNK), CHUNK):
        ids = [item["id"] for item in chunk]
        area_ids = _grouped(
            through.objects.filter(input_id__in=ids).values_list("input_id", "focusarea_id")
        )
        actions = _grouped(
            ActionInput.objects.filter(input_id__in=ids)
            .order_by("action_id")
            .values_list("input_id", "action_id")
        )
        for item in chunk:
            text, place = masked(item["text"]), masked(item["place_name"])
            if not selection.matches(text, place):
                continue
            geometry = public_geometry(item["geometry"])
            point = geometry["coordinates"] if geometry and geometry["type"] == "Point" else None
            mine = sorted(area_ids.get(item["id"], ()), key=area_order.get)
            outcome = item["assessment_outcome"]
            yield {
                "id": item["id"],
                "mottatt": _day(item["received_at"]),
                "kanal": item["channel"],
                "kanal_navn": labels["channel"].get(item["channel"], item["channel"]),
                "sprak": item["language"],
                "tekst": text,
                "sted": place,
                "breddegrad": point[1] if point else None,
                "lengdegrad": point[0] if point else None,
                "metode": item["activity__method__title"] or "",
                "aktivitet_id": item["activity_id"],
                "innsatsomrader": [areas[pk].title for pk in mine],
                "innsatsomrade_nokler": [areas[pk].key for pk in mine],
                "ansvar": item["responsibility"],
                "ansvar_navn": labels["responsibility"].get(item["responsibility"], ""),
                "status": item["status"],
                "status_navn": labels["status"].get(item["status"], item["status"]),
                "vurdering": outcome,
                "vurdering_navn": labels["assessment"].get(outcome, ""),
                "vurdering_begrunnelse": masked(item["assessment"]) if outcome else "",
                "sendt_videre_til": masked(item["referred_to"]) if outcome else "",
                "vurdert": _day(item["assessed_at"]) if outcome else None,
                "duplikat_av": item["duplicate_of_id"],
                "tiltak": actions.get(item["id"], []),
                "_geometry": geometry,
            }


# --- Activities -----------------------------------------------------------------------------

ACTIVITY_COLUMNS = (
    Column("id", "integer", gettext_lazy("Aktivitetens nummer i sammen.")),
    Column("metode", "text", gettext_lazy("Metoden i medvirkningsplanen aktiviteten hører til.")),
    Column(
        "metodetype", "text", gettext_lazy("Metodens type som kode (conference, gjestebud, …).")
    ),
    Column("metodetype_navn", "text", gettext_lazy("Metodens type med navn, på sidens språk.")),
    Column(
        "offentlig",
        "boolean",
        gettext_lazy(
            "Om aktiviteten er lagt ut på den offentlige siden. Er den ikke det (et gjestebud i "
            "et privat hjem), står tittel, sted og arrangør tomme."
        ),
    ),
    Column("tittel", "text", gettext_lazy("Aktivitetens tittel.")),
    Column("fra", "date", gettext_lazy("Dagen aktiviteten begynte.")),
    Column("til", "date", gettext_lazy("Dagen aktiviteten sluttet, om den varte flere dager.")),
    Column("sted", "text", gettext_lazy("Hvor aktiviteten ble holdt.")),
    Column("arrangor", "text", gettext_lazy("Hvem som arrangerte den.")),
    Column(
        "deltakere_fra",
        "integer",
        gettext_lazy(
            "Deltakere, nedre tall. Et eksakt tall har samme verdi i fra og til; tomt når "
            "deltakerne ikke er telt ennå."
        ),
    ),
    Column("deltakere_til", "integer", gettext_lazy("Deltakere, øvre tall.")),
    Column(
        "anslatt",
        "boolean",
        gettext_lazy(
            "Om deltakertallet er et anslag og ikke en telling. Anslag telles bare i øvre sum."
        ),
    ),
    Column(
        "deltok_ikke_telt",
        "text",
        gettext_lazy(
            "Folk som deltok i tillegg uten å bli telt, med ord – aldri lagt til tallene."
        ),
    ),
    Column(
        "rekkevidde",
        "integer",
        gettext_lazy("Liker-klikk, visninger o.l. Holdes utenfor deltakertallene."),
    ),
    Column("rekkevidde_maler", "text", gettext_lazy("Hva rekkevidden måler.")),
    Column("innspill", "integer", gettext_lazy("Godkjente innspill fra aktiviteten.")),
    Column("malgrupper", "list", gettext_lazy("Målgruppene aktiviteten var for.")),
)


def activity_rows(process: Process, selection: Selection = EVERYTHING) -> Iterator[dict[str, Any]]:
    activities = (
        Activity.objects.filter(method__process=process)
        .select_related("method")
        .prefetch_related("target_groups")
        .annotate(
            approved_inputs=Count("inputs", filter=Q(inputs__moderation=Input.Moderation.APPROVED))
        )
        .order_by("method__order", "starts_on", "id")
    )
    for activity in activities:
        public = activity.is_public
        counted = activity.participants_low is not None
        yield {
            "id": activity.pk,
            "metode": activity.method.title,
            "metodetype": activity.method.kind,
            "metodetype_navn": _label(MethodKind.choices, activity.method.kind),
            "offentlig": public,
            "tittel": activity.title if public else "",
            "fra": activity.starts_on,
            "til": activity.ends_on,
            "sted": masked(activity.place) if public else "",
            "arrangor": masked(activity.organiser) if public else "",
            "deltakere_fra": activity.participants_low if counted else None,
            "deltakere_til": activity.participants_high if counted else None,
            "anslatt": activity.participants_estimated,
            "deltok_ikke_telt": masked(activity.uncounted_note),
            "rekkevidde": activity.reach,
            "rekkevidde_maler": activity.reach_note,
            "innspill": activity.approved_inputs,
            "malgrupper": [group.name for group in activity.target_groups.all()],
        }


# --- Figures ---------------------------------------------------------------------------------

FIGURE_COLUMNS = (
    Column(
        "del",
        "text",
        gettext_lazy(
            "Hvilken del av tallene raden hører til: deltakelse_metode, deltakelse_totalt, "
            "innspill_innsatsomrade, innspill_ansvar eller om_deg (svar på de frivillige "
            "spørsmålene i innspillskjemaet)."
        ),
    ),
    Column("gruppe", "text", gettext_lazy("Metoden, innsatsområdet, ansvaret eller spørsmålet.")),
    Column("kategori", "text", gettext_lazy("Svaralternativet, for om_deg; ellers tomt.")),
    Column(
        "mal",
        "text",
        gettext_lazy(
            "Hva tallet måler: deltakere_fra og deltakere_til (spennet: telte deltakere, pluss "
            "anslag på sitt høyeste i øvre tall), telt_fra/telt_til, anslatt_fra/anslatt_til, "
            "rekkevidde (aldri lagt til deltakerne), innspill (godkjente), "
            "aktiviteter_ikke_telt, innspill_uten_aktivitet."
        ),
    ),
    Column("verdi", "integer", gettext_lazy("Tallet; tomt når det er skjult.")),
    Column(
        "skjult",
        "boolean",
        gettext_lazy(
            "Sann når tallet er skjult fordi gruppen har færre enn fem personer, så ingen kan "
            "kjennes igjen, eller fordi en slik liten gruppe ellers kunne regnes ut fra de "
            "andre. Svar om deg telles bare for hele prosessen, aldri for et utvalg."
        ),
    ),
    Column(
        "illustrativ",
        "boolean",
        gettext_lazy(
            "Sann når tallet bygger på svar som er laget for å vise løsningen (som i "
            "demoen), ikke på svar fra virkelige deltakere."
        ),
    ),
)

PARTICIPATION_MEASURES = (
    ("deltakere_fra", lambda f: f.participants.low),
    ("deltakere_til", lambda f: f.participants.high),
    ("telt_fra", lambda f: f.counted.low),
    ("telt_til", lambda f: f.counted.high),
    ("anslatt_fra", lambda f: f.estimated.low),
    ("anslatt_til", lambda f: f.estimated.high),
    ("rekkevidde", lambda f: f.reach),
    ("innspill", lambda f: f.inputs),
    ("aktiviteter_ikke_telt", lambda f: f.not_counted_activities),
)


def _figure(
    section, group, measure, value, category="", suppressed=False, illustrative=False
) -> dict[str, Any]:
    return {
        "del": section,
        "gruppe": group,
        "kategori": category,
        "mal": measure,
        "verdi": None if suppressed else value,
        "skjult": suppressed,
        "illustrativ": illustrative,
    }


def _participation(section: str, group: str, figures: Figures) -> Iterator[dict[str, Any]]:
    for measure, read in PARTICIPATION_MEASURES:
        yield _figure(section, group, measure, read(figures))


def about_you_counts(process: Process) -> Iterator[dict[str, Any]]:
    """Approved inputs per answer to each voluntary choice question, with small groups
    withheld by the site's one rule (sammen.contributors.small_groups): no group under five,
    and none that could be worked out from the others. Free-text answers are never
    published."""
    for groups in answer_groups(process):
        for index, label in enumerate(groups.labels):
            yield _figure(
                "om_deg",
                groups.question.label,
                "innspill",
                groups.counts[index],
                category=label,
                suppressed=bool(groups.withheld.hidden[index]),
                illustrative=groups.illustrative,
            )


def figure_rows(process: Process, selection: Selection = EVERYTHING) -> Iterator[dict[str, Any]]:
    summary = participation_summary(process)
    for row in summary.methods:
        yield from _participation("deltakelse_metode", row.method.title, row.figures)
    yield from _participation("deltakelse_totalt", "", summary.total)
    yield _figure(
        "deltakelse_totalt", "", "innspill_uten_aktivitet", summary.inputs_without_activity
    )
    approved = Q(inputs__moderation=Input.Moderation.APPROVED)
    areas = FocusArea.objects.filter(process=process).annotate(n=Count("inputs", filter=approved))
    for area in areas.order_by("order"):
        yield _figure("innspill_innsatsomrade", area.title, "innspill", area.n)
    unsorted = public_inputs(process).filter(focus_areas__isnull=True).count()
    yield _figure("innspill_innsatsomrade", _("Ikke sortert"), "innspill", unsorted)
    by_responsibility = dict(
        public_inputs(process).values_list("responsibility").annotate(n=Count("pk")).order_by()
    )
    for value, label in [*Responsibility.choices, ("", _("Ikke vurdert"))]:
        yield _figure("innspill_ansvar", str(label), "innspill", by_responsibility.get(value, 0))
    yield from about_you_counts(process)


# --- The roadmap -----------------------------------------------------------------------------

ROADMAP_COLUMNS = (
    Column("id", "integer", gettext_lazy("Tiltakets nummer i sammen.")),
    Column("innsatsomrade", "text", gettext_lazy("Innsatsområdet tiltaket hører under.")),
    Column("innsatsomrade_nokkel", "text", gettext_lazy("Innsatsområdet som kort nøkkel.")),
    Column("mal", "text", gettext_lazy("Målet i veikartet.")),
    Column("strategi", "text", gettext_lazy("Strategien under målet.")),
    Column("tiltak", "text", gettext_lazy("Tiltaket.")),
    Column("beskrivelse", "text", gettext_lazy("Hva tiltaket går ut på.")),
    Column("onsket_effekt", "text", gettext_lazy("Hva tiltaket skal føre til.")),
    Column(
        "ansvar", "text", gettext_lazy("Hvem som har ansvaret: kommune, innbyggere eller sammen.")
    ),
    Column("ansvar_navn", "text", gettext_lazy("Ansvaret med navn, på sidens språk.")),
    Column("aktorer", "list", gettext_lazy("Aktørene som er med på tiltaket.")),
    Column(
        "status",
        "text",
        gettext_lazy("Tiltakets status: proposed, planned, in_progress, done eller dropped."),
    ),
    Column("status_navn", "text", gettext_lazy("Statusen med navn, på sidens språk.")),
    Column("droppet_fordi", "text", gettext_lazy("Hvorfor tiltaket ble droppet, om det ble det.")),
    Column(
        "fullfort_prosent", "integer", gettext_lazy("Hvor langt tiltaket har kommet, i prosent.")
    ),
    Column("fra", "date", gettext_lazy("Når tiltaket starter.")),
    Column("til", "date", gettext_lazy("Når tiltaket skal være ferdig.")),
    Column("status_endret", "date", gettext_lazy("Dagen statusen sist ble endret.")),
    Column("innspill", "integer", gettext_lazy("Godkjente innspill tiltaket bygger på.")),
    Column("siste_oppdatering", "date", gettext_lazy("Dagen for den siste oppdateringen.")),
    Column("siste_oppdatering_tekst", "text", gettext_lazy("Den siste oppdateringen.")),
)


def roadmap_rows(process: Process, selection: Selection = EVERYTHING) -> Iterator[dict[str, Any]]:
    for action in public_actions(process):
        strategy = action.strategy
        goal = strategy.goal
        updates = list(action.updates.all())
        update = max(updates, key=lambda u: (u.date, u.pk)) if updates else None
        yield {
            "id": action.pk,
            "innsatsomrade": goal.focus_area.title,
            "innsatsomrade_nokkel": goal.focus_area.key,
            "mal": goal.title,
            "strategi": strategy.title,
            "tiltak": action.title,
            "beskrivelse": masked(action.description),
            "onsket_effekt": masked(action.desired_effect),
            "ansvar": action.responsibility,
            "ansvar_navn": _label(Responsibility.choices, action.responsibility),
            "aktorer": [actor.name for actor in action.actors.all()],
            "status": action.status,
            "status_navn": _label(Action.Status.choices, action.status),
            "droppet_fordi": masked(action.dropped_reason)
            if action.status == Action.Status.DROPPED
            else "",
            "fullfort_prosent": action.completion,
            "fra": action.starts_on,
            "til": action.ends_on,
            "status_endret": _day(action.status_changed_at),
            "innspill": action.public_inputs,
            "siste_oppdatering": update.date if update else None,
            "siste_oppdatering_tekst": masked(update.text) if update else "",
        }


# --- Decisions -------------------------------------------------------------------------------

DECISION_COLUMNS = (
    Column("id", "integer", gettext_lazy("Behandlingens nummer i sammen.")),
    Column("organ", "text", gettext_lazy("Organet som behandlet saken, som kode.")),
    Column("organ_navn", "text", gettext_lazy("Organet med navn.")),
    Column("motedato", "date", gettext_lazy("Dagen for møtet.")),
    Column("saksnummer", "text", gettext_lazy("Saksnummeret.")),
    Column(
        "utfall",
        "text",
        gettext_lazy(
            "Utfallet: sent_on_hearing, recommended, adopted, rejected, returned eller other."
        ),
    ),
    Column("utfall_navn", "text", gettext_lazy("Utfallet med navn, på sidens språk.")),
    Column(
        "vedtak", "text", gettext_lazy("Vedtaket eller innstillingen, som organet formulerte det.")
    ),
    Column("dokument", "text", gettext_lazy("Dokumentet som ble behandlet.")),
    Column(
        "dokumenttype",
        "text",
        gettext_lazy("Dokumentets type: temaplan eller medvirkningsrapport."),
    ),
    Column(
        "dokumentversjon", "integer", gettext_lazy("Versjonen av dokumentet som ble behandlet.")
    ),
    Column(
        "illustrativ",
        "boolean",
        gettext_lazy("Sann når saksnummer og vedtak er laget til et eksempel og ikke er ekte."),
    ),
)


def decision_rows(process: Process, selection: Selection = EVERYTHING) -> Iterator[dict[str, Any]]:
    treatments = (
        PoliticalTreatment.objects.filter(process=process)
        .select_related("document")
        .order_by("meeting_date", "id")
    )
    for treatment in treatments:
        yield {
            "id": treatment.pk,
            "organ": treatment.body,
            "organ_navn": treatment.body_name or treatment.get_body_display(),
            "motedato": treatment.meeting_date,
            "saksnummer": treatment.case_number,
            "utfall": treatment.outcome,
            "utfall_navn": treatment.get_outcome_display(),
            "vedtak": masked(treatment.decision_text),
            "dokument": treatment.document.title,
            "dokumenttype": treatment.document.kind,
            "dokumentversjon": treatment.document.number,
            "illustrativ": treatment.is_illustrative,
        }


DATASETS: dict[str, Dataset] = {
    dataset.key: dataset
    for dataset in (
        Dataset(
            "innspill",
            gettext_lazy("Innspill"),
            gettext_lazy(
                "Alle godkjente innspill, med innsatsområder, ansvar, status og vurdering. "
                "Innspill som venter på moderering eller er avvist, er ikke med."
            ),
            INPUT_COLUMNS,
            input_rows,
            geo=True,
            filterable=True,
            formats=("csv", "xlsx", "json", "geojson"),
        ),
        Dataset(
            "aktiviteter",
            gettext_lazy("Aktiviteter og deltakelse"),
            gettext_lazy(
                "Hver aktivitet med deltakere som spenn (telt og anslått hver for seg), "
                "rekkevidde holdt utenfor, og antall innspill."
            ),
            ACTIVITY_COLUMNS,
            activity_rows,
        ),
        Dataset(
            "tall",
            gettext_lazy("Tall om deltakelsen"),
            gettext_lazy(
                "Deltakelsen per metode og totalt, innspill per innsatsområde og ansvar, og "
                "svarene om deg som antall – bare grupper på minst fem."
            ),
            FIGURE_COLUMNS,
            figure_rows,
        ),
        Dataset(
            "veikart",
            gettext_lazy("Veikart og tiltak"),
            gettext_lazy("Tiltakene i veikartet med mål, strategi, ansvar, status og fremdrift."),
            ROADMAP_COLUMNS,
            roadmap_rows,
        ),
        Dataset(
            "vedtak",
            gettext_lazy("Politisk behandling og vedtak"),
            gettext_lazy("Hver politiske behandling av prosessens dokumenter, med vedtaket."),
            DECISION_COLUMNS,
            decision_rows,
        ),
    )
}


# --- Big files, made by a task -----------------------------------------------------------------

# Only the inputs grow big enough to be made in the background; the other datasets have a
# row per activity, action, decision or figure.
QUEUED_DATASETS = ("innspill",)
QUEUED_FORMATS = ("xlsx",)


def made_by_task(process: Process, dataset: Dataset, fmt: str, selection: Selection) -> bool:
    """Whether this file is too big to write in the request (more than
    SAMMEN_OPENDATA_SYNC_ROWS rows): counted no further than the limit."""
    if dataset.key not in QUEUED_DATASETS or fmt not in QUEUED_FORMATS:
        return False
    limit = settings.SAMMEN_OPENDATA_SYNC_ROWS
    return input_queryset(process, selection).values("pk")[: limit + 1].count() > limit


def selection_key(selection: Selection) -> str:
    """The selection as the query string that asks for it, its parameters sorted."""
    return urlencode(sorted(selection.as_dict().items()))


@dataclass(frozen=True)
class ChangeMark:
    """Where the audit log stood when a stored file began: its newest entry and (PostgreSQL)
    the snapshot it was read in. An entry's number is drawn when it is written, not when it
    commits, so an entry numbered below `last` may still have been invisible then: written by
    a transaction that was open and committed later. The snapshot tells those apart."""

    last: int = 0
    snapshot: str = ""
    # The transaction that read the mark, if it had written: its own entries were visible to
    # it, though a snapshot does not list them so.
    reader: int | None = None

    @classmethod
    def of(cls, export) -> "ChangeMark":
        """The mark a stored file (an OpenDataExport) was made after."""
        return cls(export.mark, export.snapshot, export.snapshot_reader)

    def as_fields(self) -> dict[str, Any]:
        """The OpenDataExport columns that keep this mark."""
        return {"mark": self.last, "snapshot": self.snapshot, "snapshot_reader": self.reader}


def latest_change() -> ChangeMark:
    """The newest audit entry: every service writes one, so a stored file made after it holds
    every change up to it, but for those of transactions still open (PostgreSQL)."""
    if connection.vendor != "postgresql":
        # SQLite writes one transaction at a time: an entry committed later has a higher number.
        return ChangeMark(AuditEntry.objects.aggregate(latest=Max("pk"))["latest"] or 0)
    with connection.cursor() as cursor:
        # One statement, so the newest entry is that of the snapshot: pg_current_snapshot() is
        # the statement's own.
        cursor.execute(
            f"SELECT (SELECT coalesce(max(id), 0) FROM {AuditEntry._meta.db_table}),"
            " pg_current_snapshot()::text, pg_current_xact_id_if_assigned()::text::bigint"
        )
        last, snapshot, reader = cursor.fetchone()
    return ChangeMark(last, snapshot, reader)


def changed_since(process: Process, mark: ChangeMark) -> bool:
    """Whether anything that could change the process's open data has happened that was not
    visible at `mark`: an entry newer than it, or (PostgreSQL) one written by a transaction
    still open then, that is not filed under another process (a moderation, a sorting or an
    input edited in this process; a focus area, method, licence or the process itself
    changed anywhere). Entries of other processes' inputs, the many, are passed over."""
    process_type = ContentType.objects.get_for_model(Process)
    entries = AuditEntry.objects.filter(
        Q(scope_type__isnull=True) | ~Q(scope_type=process_type) | Q(scope_id=str(process.pk))
    )
    unseen = Q(pk__gt=mark.last)
    if mark.snapshot:
        # Every transaction older than the snapshot's xmin had ended: only entries written
        # since can be invisible to it (the index on written_by finds them).
        oldest_open = int(mark.snapshot.split(":", 1)[0])
        table = AuditEntry._meta.db_table
        entries = entries.annotate(
            seen=RawSQL(
                f'pg_visible_in_snapshot("{table}"."written_by"::text::xid8, %s::pg_snapshot)',
                (mark.snapshot,),
                output_field=BooleanField(),
            )
        )
        unseen |= Q(written_by__gte=oldest_open, seen=False) & ~Q(written_by=mark.reader)
    return entries.filter(unseen).exists()
