"""The Borgen project (Asker, 2015–2017) as a demo process.

Participation figures are the project's own, from its published summary (the slides
"Smart = sammen"); dates follow the spring 2016 process plan and are approximate. The inputs
in borgen_inputs.csv are illustrative, written for the demo.
"""

import csv
import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from sammen.childrens_map.services import add_named_place, set_map_area
from sammen.contributors.services import add_contributor_question
from sammen.core.geo import bbox_polygon
from sammen.demo.borgen_roadmap import load_borgen_roadmap
from sammen.engagement.method_kinds import MethodKind, channel_for_kind
from sammen.engagement.services import add_method, create_activity
from sammen.inputs.services import create_input
from sammen.processes.models import Phase, Process
from sammen.processes.services import (
    add_focus_area,
    add_phase,
    add_principle,
    add_target_group,
    create_organisation,
    create_process,
    set_area_polygon,
)

from .borgen_childrens_map import load_borgen_childrens_map
from .borgen_cover import load_borgen_cover
from .borgen_gjestebud import load_borgen_gjestebud
from .borgen_hearing import load_borgen_hearing
from .borgen_plan import load_borgen_plan
from .borgen_population import load_borgen_population
from .borgen_public_inputs import load_borgen_public_inputs
from .borgen_translations import translate_borgen
from .borgen_workshop import load_borgen_workshop

SLUG = "borgen"
INPUTS_CSV = Path(__file__).with_name("borgen_inputs.csv")

PROCESS = {
    "name": "Borgenprosjektet",
    "area": "Borgen, Asker",
    "main_goal": "Borgen er et aktivt, åpent og inkluderende lokalsamfunn",
    "description": (
        "Asker kommune og innbyggerne på Borgen utviklet sammen en temaplan for "
        "lokalsamfunnsutvikling: fra kunnskapsgrunnlag og samtaler om livet på Borgen, via et "
        "veikart med mål, strategier og tiltak, til politisk behandling og utvikling av "
        "tjenester, området og nærmiljøene.\n\n"
        "Mer informasjon: https://www.asker.kommune.no/samfunnsutvikling/borgenprosjektet/\n"
        "Film: https://vimeo.com/222501010"
    ),
    "promise": (
        "Alle innspill blir lest og sortert etter innsatsområde og hvem som bør følge dem opp. "
        "Veikartet viser hva innspillene førte til, og temaplanen legges fram for politisk "
        "behandling."
    ),
    "data_note": (
        "Deltakertallene er prosjektets egne, fra den publiserte oppsummeringen «Smart = "
        "sammen». Innspillene i denne demoen er illustrerende: de er skrevet for demoen og er "
        "ikke prosjektets virkelige innspill. Det samme gjelder gjestebudenes rapporter, barnas "
        "veier og steder i barnetråkket og svarene om deltakerne. Datoene følger prosessplanen "
        "for våren 2016 og er omtrentlige."
    ),
    "status": Process.Status.ACTIVE,
    "legal_basis": (
        "Personvernforordningen art. 6 nr. 1 bokstav e: oppgave i allmennhetens interesse "
        "(plan- og bygningsloven § 5-1 om medvirkning)."
    ),
    "personal_data_purpose": (
        "E-postadressen brukes bare til å fortelle deg hva som skjer med innspillet ditt. "
        "Svarene om deg brukes til å se hvem prosessen har nådd og hvem som mangler."
    ),
    "retention_months": 24,
}

PRINCIPLES = [
    ("Føre folk sammen", ""),
    ("Samarbeid for å nå målene", ""),
    (
        "Felles mål – ulike roller og ansvar",
        "Kommunen, innbyggerne og begge sammen: samskaping.",
    ),
]

D = datetime.date

PHASES = [
    {
        "title": "Kunnskapsgrunnlag",
        "kind": Phase.Kind.KNOWLEDGE,
        "starts_on": D(2015, 9, 1),
        "ends_on": D(2016, 1, 15),
        "influence_level": Phase.InfluenceLevel.INFORM,
        "description": "Statistikk, erfaringer fra ansatte og kartlegging av området.",
    },
    {
        "title": "Livet på Borgen",
        "kind": Phase.Kind.DIALOGUE,
        "starts_on": D(2016, 1, 16),
        "ends_on": D(2016, 4, 30),
        "influence_level": Phase.InfluenceLevel.CONSULT,
        "description": "Konferanser, gjestebud, barnetråkk, fokusgrupper og intervjuer.",
    },
    {
        "title": "Samskaping: Veikart for videreutvikling av Borgen med mål, strategier og tiltak",
        "kind": Phase.Kind.CO_CREATION,
        "starts_on": D(2016, 5, 1),
        "ends_on": D(2016, 6, 30),
        "influence_level": Phase.InfluenceLevel.COLLABORATE,
        "decision_point": "Veikartet legges til grunn for temaplanen",
        "decision_maker": "Prosjektgruppen",
    },
    {
        "title": "Politisk behandling: Temaplan for lokalsamfunnsutvikling",
        "kind": Phase.Kind.POLITICAL,
        "starts_on": D(2016, 8, 15),
        "ends_on": D(2016, 12, 31),
        "influence_level": Phase.InfluenceLevel.INFORM,
        "decision_point": "Vedtak av temaplan",
        "decision_maker": "Kommunestyret",
    },
    {
        "title": "Utvikling av tjenester, området og nærmiljøene",
        "kind": Phase.Kind.IMPLEMENTATION,
        "starts_on": D(2017, 1, 1),
        "ends_on": None,
        "influence_level": Phase.InfluenceLevel.COLLABORATE,
    },
]

FOCUS_AREAS = [
    ("samskaping", "Samskaping og deltakelse"),
    ("aktiviteter", "Sosiale og kulturelle aktiviteter"),
    ("tjenester", "Offentlige tjenester"),
    ("sted", "Stedsutvikling"),
]

TARGET_GROUPS = [
    "Barn og unge",
    "Foreldre og familier",
    "Eldre",
    "Innvandrere",
    "Lag, foreninger og trossamfunn",
    "Ansatte i kommunen",
    "Folkevalgte",
]

# Each method of the plan with its activities; the key ties inputs in the CSV to an activity.
# Counts are the published ones; dates are the plan's and approximate.
METHODS = [
    (
        MethodKind.STAFF_GATHERING,
        "Erfaringskonferanse for ansatte",
        [
            {
                "key": "staff-conference",
                "title": "Erfaringskonferanse for ansatte",
                "starts_on": D(2016, 1, 21),
                "participants_low": 59,
                "uncounted_note": "Rådmannen med sin ledergruppe",
                "target_groups": ["Ansatte i kommunen"],
            }
        ],
    ),
    (
        MethodKind.CONFERENCE,
        "Nærmiljøkonferanser",
        [
            {
                "key": "nk-1",
                "title": "Nærmiljøkonferanse 1",
                "starts_on": D(2016, 2, 11),
                "participants_low": 139,
            },
            {
                "key": "nk-2",
                "title": "Nærmiljøkonferanse 2",
                "starts_on": D(2016, 4, 14),
                "participants_low": 100,
            },
        ],
    ),
    (
        MethodKind.OPEN_OFFICE,
        "Åpen nærmiljøsentral",
        [
            {
                "key": "open-office",
                "title": "Åpen nærmiljøsentral",
                "starts_on": D(2016, 2, 1),
                "ends_on": D(2016, 4, 30),
                "participants_low": 4,
            }
        ],
    ),
    (
        MethodKind.SOCIAL_MEDIA,
        "Facebook",
        [
            {
                "key": "facebook",
                "title": "Debatter på Facebook-siden",
                "starts_on": D(2016, 1, 16),
                "ends_on": D(2016, 6, 30),
                "participants_low": 16,
                "reach": 611,
                "reach_note": "har klikket «liker» på siden",
            }
        ],
    ),
    (
        MethodKind.GJESTEBUD,
        "Gjestebud",
        # The dinners are the accepted reports of borgen_gjestebud.py: 148 guests in all.
        [],
    ),
    (
        MethodKind.CHILDRENS_MAP,
        "Barnetråkk",
        [
            {
                "key": "barnetrakk",
                "title": "Barnetråkk",
                "starts_on": D(2016, 3, 7),
                "ends_on": D(2016, 3, 18),
                # Counted from the children's map (borgen_childrens_map.py): 42.
                "target_groups": ["Barn og unge"],
            }
        ],
    ),
    (
        MethodKind.FOCUS_GROUP,
        "Fokusgrupper",
        [
            {
                "key": "focus-groups",
                "title": "Fokusgrupper",
                "starts_on": D(2016, 3, 1),
                "ends_on": D(2016, 4, 8),
                "participants_low": 74,
                "report": (
                    "Temaer: foreldrerollen og oppvekst, aktiv hele livet, idrett, kultur, "
                    "friluftsliv, boligstruktur, sosiale aktiviteter."
                ),
            }
        ],
    ),
    (
        MethodKind.STAFF_GATHERING,
        "Samling med sonelederne/virksomhetsledere",
        [
            {
                "key": "zone-leaders",
                "title": "Samling med sonelederne/virksomhetsledere",
                "starts_on": D(2016, 3, 10),
                "participants_low": 5,
                "target_groups": ["Ansatte i kommunen"],
            }
        ],
    ),
    (
        MethodKind.COMMUNITY_EVENT,
        "Konferanse arrangert av Somalisk trossamfunn",
        [
            {
                "key": "somali-conference",
                "title": "Konferanse arrangert av Somalisk trossamfunn",
                "starts_on": D(2016, 3, 19),
                "participants_low": 70,
                "organiser": "Somalisk trossamfunn",
                "organisations_present": "Somalisk trossamfunn",
                "target_groups": ["Innvandrere", "Lag, foreninger og trossamfunn"],
            }
        ],
    ),
    (
        MethodKind.WORKSHOP,
        "Veikartverksted",
        [
            {
                "key": "roadmap-workshop",
                "title": "Veikartverksted",
                "starts_on": D(2016, 5, 26),
                "participants_low": 59,
            }
        ],
    ),
    (
        MethodKind.POLITICAL_DIALOGUE,
        "Ad hoc-utvalg med politikere",
        [
            {
                "key": "adhoc-committee",
                "title": "Ad hoc-utvalget",
                "starts_on": D(2016, 2, 1),
                "ends_on": D(2016, 5, 31),
                "participants_low": 8,
                "target_groups": ["Folkevalgte"],
            },
            {
                "key": "adhoc-dialogues",
                "title": "Ad hoc-utvalgets dialoger med 7 grupper",
                "starts_on": D(2016, 2, 15),
                "ends_on": D(2016, 5, 31),
                "participants_low": 30,
                "participants_high": 35,
                "participants_estimated": True,
                "notes": "«Til sammen ca. 30–35 personer i tillegg»: et anslag, ikke en telling.",
            },
        ],
    ),
    (
        MethodKind.INDIVIDUAL_MEETING,
        "Møter med enkeltinnbyggere, henvendelser m.m.",
        [
            {
                "key": "citizen-meetings",
                "title": "Møter med enkeltinnbyggere, henvendelser m.m.",
                "starts_on": D(2016, 1, 16),
                "ends_on": D(2016, 6, 30),
                "participants_low": 14,
            }
        ],
    ),
    (
        MethodKind.INTERVIEW,
        "Intervjuer med «tause stemmer»",
        [
            {
                "key": "interviews",
                "title": "Intervjuer med «tause stemmer»",
                "starts_on": D(2016, 2, 1),
                "ends_on": D(2016, 4, 30),
                "participants_low": 10,
                "organiser": "Helsesøster og prosjektleder for innvandrerkvinner i arbeid",
                "target_groups": ["Innvandrere"],
            }
        ],
    ),
]

# Barnetråkk's map: Borgen and Asker sentrum, about 2.7 × 2.2 km. The named places and their
# coordinates are approximate, for describing routes without the map.
MAP_BOX = {"south": 59.828, "west": 10.415, "north": 59.852, "east": 10.455}
MAP_AREA = {
    "centre_lat": 59.838,
    "centre_lon": 10.435,
    "zoom": 15,
    "schools": ["Borgen skole", "Bondi skole", "Hagaløkka skole", "Risenga ungdomsskole"],
}
NAMED_PLACES = [
    ("Borgen skole", 59.8445, 10.4235),
    ("Bondi skole", 59.8360, 10.4405),
    ("Risenga idrettspark (fotballbanen)", 59.8385, 10.4450),
    ("Asker bibliotek", 59.8345, 10.4375),
    ("Asker stasjon", 59.8334, 10.4349),
    ("Butikken på Borgen", 59.8420, 10.4300),
    ("Lekeplassen i Gustav Wentzels vei", 59.8460, 10.4280),
]

# Voluntary and coarse, as DESIGN §2 asks: enough to see who is missing, too little to tell
# anyone apart.
CONTRIBUTOR_QUESTIONS = [
    {
        "key": "aldersgruppe",
        "label": "Hvor gammel er du?",
        "purpose": "Vi vil se om alle aldersgrupper blir hørt, og hvem vi må nå på andre måter.",
        "choices": ["Under 16 år", "16–24 år", "25–44 år", "45–66 år", "67 år eller eldre"],
    },
    {
        "key": "omrade",
        "label": "Hvor bor du?",
        "purpose": "Vi vil vite om innspillene kommer fra hele området.",
        "choices": ["På Borgen", "Ellers i Asker", "Utenfor Asker"],
    },
    {
        "key": "fodeland",
        "label": "Er du født i Norge eller i utlandet?",
        "purpose": "Vi vil se om innvandrere på Borgen blir hørt like godt som andre.",
        "choices": ["Født i Norge", "Født i utlandet"],
    },
]


def read_inputs(path: Path = INPUTS_CSV) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _received_at(activity, index: int) -> datetime.datetime:
    # Spread an activity's inputs over its days, at working hours, deterministically.
    days = ((activity.ends_on or activity.starts_on) - activity.starts_on).days + 1
    day = activity.starts_on + datetime.timedelta(days=index * 7 % days)
    moment = datetime.datetime.combine(day, datetime.time(10 + index % 8, index * 13 % 60))
    return timezone.make_aware(moment)


@transaction.atomic
def load_borgen_demo(*, actor=None) -> Process | None:
    """Create the Borgen process with everything in it. Returns None if it is already there."""
    if Process.objects.filter(slug=SLUG).exists():
        return None
    asker = create_organisation(
        actor=actor, name="Asker kommune", slug="asker", municipality_number="3203"
    )
    process = create_process(actor=actor, organisation=asker, slug=SLUG, **PROCESS)
    load_borgen_cover(actor=actor, process=process)
    set_area_polygon(actor=actor, process=process, polygon=bbox_polygon(**MAP_BOX))
    area = set_map_area(actor=actor, process=process, **MAP_AREA)
    for name, lat, lon in NAMED_PLACES:
        add_named_place(actor=actor, area=area, name=name, lat=lat, lon=lon)
    for title, description in PRINCIPLES:
        add_principle(actor=actor, process=process, title=title, description=description)
    for phase in PHASES:
        add_phase(actor=actor, process=process, **phase)
    areas = {
        key: add_focus_area(actor=actor, process=process, key=key, title=title)
        for key, title in FOCUS_AREAS
    }
    groups = {
        name: add_target_group(actor=actor, process=process, name=name) for name in TARGET_GROUPS
    }
    for question in CONTRIBUTOR_QUESTIONS:
        add_contributor_question(actor=actor, process=process, **question)
    translate_borgen(actor=actor, process=process)
    activities = {}
    for kind, method_title, activity_specs in METHODS:
        method = add_method(actor=actor, process=process, kind=kind, title=method_title)
        for spec in activity_specs:
            spec = dict(spec)
            key = spec.pop("key")
            target_groups = [groups[name] for name in spec.pop("target_groups", [])]
            # The project published all of these (the gjestebud dinners, in private homes,
            # only as a total: they are not public).
            spec.setdefault("is_public", True)
            activities[key] = create_activity(
                actor=actor, method=method, target_groups=target_groups, **spec
            )
    rows = read_inputs()
    seen: dict[str, int] = {}
    for row in rows:
        if row["activity"] == "gjestebud":
            continue  # the dinners' reports bring these (load_borgen_gjestebud)
        activity = activities[row["activity"]]
        index = seen[row["activity"]] = seen.get(row["activity"], -1) + 1
        create_input(
            actor=actor,
            process=process,
            activity=activity,
            text=row["text"],
            channel=channel_for_kind(activity.method.kind),
            focus_areas=[areas[key] for key in row["focus_areas"].split("|")],
            responsibility=row["responsibility"],
            received_at=_received_at(activity, index),
        )
    load_borgen_gjestebud(
        actor=actor, process=process, rows=[r for r in rows if r["activity"] == "gjestebud"]
    )
    load_borgen_childrens_map(
        actor=actor,
        area=area,
        activity=activities["barnetrakk"],
        box=MAP_BOX,
        comments=[r["text"] for r in rows if r["activity"] == "barnetrakk"],
    )
    load_borgen_public_inputs(actor=actor, process=process, areas=areas)
    load_borgen_plan(actor=actor, process=process)
    load_borgen_population(actor=actor, process=process)
    load_borgen_roadmap(actor=actor, process=process)
    load_borgen_workshop(process, actor=actor)
    load_borgen_hearing(actor=actor, process=process)
    return process
