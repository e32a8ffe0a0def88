"""An illustrative roadmap for the Borgen demo, and what became of every input.

Built on the frame of the published temaplan for Borgen (plan period 2017–2020): its central
measure was a local community committee (lokalsamfunnsutvalg) as a main actor in the area's
development together with the municipality, and the needs the process brought out most were
meeting places, more social and cultural activities, and making the community's views heard
in other cases that concern it. The goals, strategies, actions, actors, progress updates and
assessments below are written for the demo; the roadmap says so wherever it is shown.

Inputs are linked to actions by their focus areas and keywords in their text, the same way
on every run (no randomness)."""

import datetime
import re
from dataclasses import dataclass, field

from django.utils import timezone

from sammen.inputs.models import Assessment, Input
from sammen.inputs.services import set_input_assessment
from sammen.processes.models import Process
from sammen.roadmap.models import Action, Actor
from sammen.roadmap.services import (
    add_action_update,
    create_action,
    create_goal,
    create_strategy,
    ensure_actor,
    link_inputs,
    set_roadmap_note,
)

NOTE = (
    "Veikartet i demoen er illustrerende. Det bygger på rammen i den vedtatte «Temaplan for "
    "lokalsamfunnsutvikling på Borgen» (planperiode 2017–2020): et lokalsamfunnsutvalg som "
    "hovedaktør sammen med kommunen, flere møteplasser, flere sosiale og kulturelle "
    "aktiviteter, og at lokalsamfunnets syn blir hørt i andre saker som angår det. Målene, "
    "tiltakene, framdriften og vurderingene av innspillene er skrevet for demoen."
)

U, A, B, R = (
    Actor.Kind.MUNICIPAL_UNIT,
    Actor.Kind.ASSOCIATION,
    Actor.Kind.BUSINESS,
    Actor.Kind.RESIDENTS,
)
ACTORS = {
    "utvalget": ("Lokalsamfunnsutvalget på Borgen", A),
    "stab": ("Asker kommune, rådmannens stab", U),
    "sentralen": ("Nærmiljøsentralen Borgen", U),
    "oppvekst": ("Asker kommune, oppvekst (skole og barnehage)", U),
    "helse": ("Helsestasjonen", U),
    "nav": ("NAV Asker", U),
    "vei": ("Asker kommune, vei og trafikk", U),
    "kultur": ("Asker kommune, kultur og bibliotek", U),
    "eiendom": ("Asker kommunale eiendom", U),
    "il": ("Borgen IL", A),
    "vel": ("Borgen velforening", A),
    "somalisk": ("Somalisk kulturforening", A),
    "frivillig": ("Asker frivilligsentral", A),
    "borettslag": ("Borettslagene på Borgen", R),
    "senter": ("Borgen senter og butikkene", B),
    "bedrifter": ("Lokale bedrifter", B),
    "ungdomsraad": ("Ungdomsrådet", R),
    "innbyggere": ("Innbyggerne på Borgen", R),
}


@dataclass(frozen=True)
class Plan:
    title: str
    responsibility: str
    actors: tuple[str, ...]
    keywords: tuple[str, ...]
    effect: str = ""
    story: str = "steady"  # how it went: see STORIES


@dataclass
class StrategySpec:
    title: str
    actions: list[Plan] = field(default_factory=list)


K, IN, S = "kommune", "innbyggere", "sammen"

ROADMAP: list[tuple[str, str, str, list[StrategySpec]]] = [
    (
        "samskaping",
        "Lokalsamfunnet har en sterk stemme i saker som angår det",
        "Borgen har et lokalsamfunnsutvalg som er hovedaktør i utviklingen av området, "
        "sammen med kommunen.",
        [
            StrategySpec(
                "Etablere et lokalsamfunnsutvalg som hovedaktør sammen med kommunen",
                [
                    Plan(
                        "Opprette lokalsamfunnsutvalget for Borgen",
                        S,
                        ("utvalget", "stab", "vel"),
                        ("borgenrådet", "representant", "utvalg", "bestemme", "mening", "ansvar"),
                        "Innbyggerne har et valgt organ som taler for Borgen.",
                        "founded",
                    ),
                    Plan(
                        "Faste dialogmøter mellom utvalget, politikerne og kommunen",
                        K,
                        ("utvalget", "stab"),
                        ("politiker", "dialog", "høre", "lytte", "besøk"),
                        "Lokalsamfunnets syn er kjent før beslutninger tas.",
                    ),
                    Plan(
                        "Utvalget uttaler seg i plan- og byggesaker som angår Borgen",
                        S,
                        ("utvalget", "stab"),
                        ("plan", "utbygging", "bygge", "saker", "prosjektet"),
                        "Ingen sak om Borgen avgjøres uten at Borgen er spurt.",
                        "slow",
                    ),
                ],
            ),
            StrategySpec(
                "Nå de tause stemmene",
                [
                    Plan(
                        "Brobyggere og tolk på alle åpne møter",
                        K,
                        ("stab", "somalisk"),
                        ("tolk", "brobygger", "arabisk", "somali", "forstår"),
                        "Språk er ikke et hinder for å delta.",
                    ),
                    Plan(
                        "Informasjon på flere språk, på nett og på papir",
                        K,
                        ("stab", "sentralen"),
                        ("informasjon", "nettsiden", "språk", "brev", "informasjonstavle"),
                        "Alle vet hva som skjer og hvor de kan si sin mening.",
                    ),
                    Plan(
                        "Ungdomsrådet får fast plass i lokalsamfunnsutvalget",
                        IN,
                        ("ungdomsraad", "utvalget"),
                        ("ungdomsrådet", "ungdommen", "unge "),
                        "Ungdommens stemme er med i utvalget.",
                        "quick",
                    ),
                ],
            ),
        ],
    ),
    (
        "samskaping",
        "Innbyggerne tar del i og ansvar for nærmiljøet",
        "Flere gjør noe for fellesskapet, og det er lett å komme i gang.",
        [
            StrategySpec(
                "Støtte frivillighet og egne initiativ",
                [
                    Plan(
                        "Småpengepott for innbyggernes egne initiativ",
                        S,
                        ("utvalget", "stab"),
                        ("småpengepott", "penger", "initiativ", "søknad", "støtte", "koster"),
                        "Gode ideer stopper ikke på grunn av små beløp.",
                        "quick",
                    ),
                    Plan(
                        "Felles dugnadsdag vår og høst",
                        IN,
                        ("vel", "borettslag", "innbyggere"),
                        ("dugnad", "rydde", "rydding"),
                        "Naboer blir kjent gjennom felles innsats.",
                        "quick",
                    ),
                    Plan(
                        "Naboverter i hver oppgang",
                        IN,
                        ("borettslag", "innbyggere"),
                        ("nabovert", "naboen", "naboer", "oppgang", "velkommen", "kjenner"),
                        "Nye beboere blir ønsket velkommen.",
                        "dropped",
                    ),
                ],
            ),
            StrategySpec(
                "Samarbeid med borettslag og foreninger",
                [
                    Plan(
                        "Forum for borettslagsstyrene",
                        S,
                        ("borettslag", "sentralen"),
                        ("borettslag", "styre", "gårdeier"),
                        "Borettslagene løser felles utfordringer sammen.",
                    ),
                    Plan(
                        "Oversikt over lag og foreninger på Borgen",
                        IN,
                        ("vel", "frivillig"),
                        ("forening", "velforening", "organisere"),
                        "Det er lett å finne et fellesskap å være med i.",
                        "quick",
                    ),
                ],
            ),
        ],
    ),
    (
        "aktiviteter",
        "Flere møteplasser og aktiviteter for alle aldre",
        "Alle på Borgen har et sted å gå og noe å være med på, uansett alder og bakgrunn.",
        [
            StrategySpec(
                "Gjøre nærmiljøsentralen til et åpent møtested",
                [
                    Plan(
                        "Utvidet åpningstid i nærmiljøsentralen, også kveld og helg",
                        K,
                        ("sentralen",),
                        ("nærmiljøsentral", "åpningstid", "kveld", "helg", "møtested", "lørdag"),
                        "Nærmiljøsentralen er åpen når folk har fri.",
                    ),
                    Plan(
                        "Språkkafé og kaffetreff hver uke",
                        S,
                        ("sentralen", "frivillig"),
                        ("språkkaf", "kaffe", "norskkurs", "prat", "snakke", "norsk"),
                        "Flere øver norsk og blir kjent med naboer.",
                        "quick",
                    ),
                    Plan(
                        "Seniorlunsj og turgruppe for eldre",
                        IN,
                        ("frivillig", "innbyggere"),
                        ("seniorlunsj", "senior", "eldre", "pensjonist", "turgruppe", "alene"),
                        "Færre eldre sitter alene.",
                        "quick",
                    ),
                ],
            ),
            StrategySpec(
                "Aktiviteter for barn og unge",
                [
                    Plan(
                        "Ungdomsklubb med faste kvelder",
                        K,
                        ("kultur", "ungdomsraad"),
                        ("ungdomsklubb", "klubben", "ungdom", "henger"),
                        "Ungdom har et trygt sted å være om kvelden.",
                    ),
                    Plan(
                        "Leksehjelp med frivillige og studenter",
                        S,
                        ("kultur", "frivillig", "oppvekst"),
                        ("leksehjelp", "lekser", "studenter", "biblioteket"),
                        "Flere barn får hjelp med skolearbeidet.",
                        "quick",
                    ),
                    Plan(
                        "Jentefotball og gratis fritidstilbud",
                        IN,
                        ("il",),
                        (
                            "jentefotball",
                            "fotball",
                            "idrettslag",
                            "trenere",
                            "gratis",
                            "jenter",
                            "fritidstilbud",
                            "spille",
                        ),
                        "Alle barn kan være med, uansett hva foreldrene tjener.",
                    ),
                    Plan(
                        "Sommeraktiviteter for barn som ikke reiser bort",
                        S,
                        ("kultur", "il", "frivillig"),
                        ("sommer", "ferie", "reiser"),
                        "Sommeren er god også for dem som blir hjemme.",
                        "yearly",
                    ),
                ],
            ),
            StrategySpec(
                "Kultur og fellesskap",
                [
                    Plan(
                        "Årlig Borgendag med sommerfest",
                        S,
                        ("utvalget", "vel", "senter"),
                        (
                            "borgendag",
                            "sommerfest",
                            "fest",
                            "arrangere",
                            "fotballturnering",
                            "grilling",
                            "felles",
                        ),
                        "Borgen feirer seg selv og viser fram det som skjer.",
                        "yearly",
                    ),
                    Plan(
                        "Kunstprosjekt på veggene i undergangen",
                        S,
                        ("kultur", "ungdomsraad"),
                        ("kunstprosjekt", "tagging", "vegg", "male", "musikk"),
                        "Ungdom setter sitt preg på stedet.",
                    ),
                    Plan(
                        "Dansekurs og kurs for kvinner, med barnepass",
                        IN,
                        ("somalisk", "frivillig"),
                        ("dansekurs", "kvinner", "kvinnelig", "kurs", "barnepass", "mødre"),
                        "Flere kvinner deltar i aktiviteter utenfor hjemmet.",
                    ),
                ],
            ),
        ],
    ),
    (
        "tjenester",
        "Tjenestene når alle familier på Borgen",
        "Familier får hjelp tidlig, fra tjenester som kjenner dem og hverandre.",
        [
            StrategySpec(
                "Tjenester som samarbeider på tvers",
                [
                    Plan(
                        "Tverrfaglig team: skole, helsestasjon og NAV",
                        K,
                        ("oppvekst", "helse", "nav"),
                        ("tverrfaglig", "helsestasjon", "nav", "samarbeid", "team", "krise"),
                        "Ingen familie faller mellom to stoler.",
                    ),
                    Plan(
                        "Nærmiljøkoordinator i fast stilling",
                        K,
                        ("stab",),
                        ("nærmiljøkoordinator", "koordinator", "ansette", "fast person", "kontakt"),
                        "Borgen har én fast person å gå til.",
                        "founded",
                    ),
                    Plan(
                        "Kontordag på Borgen for kommunens tjenester",
                        K,
                        ("sentralen", "nav"),
                        ("kontordag", "kontor", "bemannet", "innom", "spørsmål", "hjelp"),
                        "Tjenestene kommer dit folk er.",
                    ),
                ],
            ),
            StrategySpec(
                "Foreldre som ressurs",
                [
                    Plan(
                        "Foreldremøter med tolk og barnepass",
                        K,
                        ("oppvekst",),
                        ("foreldremøte", "foreldre", "uteblir"),
                        "Flere foreldre møter og blir hørt i skolen.",
                        "quick",
                    ),
                    Plan(
                        "Foreldrenettverk i skolen og barnehagen",
                        S,
                        ("oppvekst", "somalisk"),
                        ("foreldrene", "barnehage", "familie", "tillit", "barna"),
                        "Foreldre støtter hverandre og skolen.",
                    ),
                ],
            ),
            StrategySpec(
                "Arbeid og kvalifisering",
                [
                    Plan(
                        "Jobbsøkerkurs og praksisplasser i lokale bedrifter",
                        S,
                        ("nav", "bedrifter", "senter"),
                        ("jobbsøkerkurs", "praksisplass", "jobb", "arbeid", "bedrift"),
                        "Flere kommer i arbeid.",
                        "slow",
                    ),
                    Plan(
                        "Digitale kurs på biblioteket",
                        K,
                        ("kultur", "frivillig"),
                        ("digital", "data", "skjemaer", "nettet", "pc"),
                        "Flere klarer seg selv på nett.",
                        "dropped",
                    ),
                ],
            ),
        ],
    ),
    (
        "sted",
        "Borgen er trygt, grønt og godt å bevege seg i",
        "Uterommene er trygge, pene og i bruk hele året.",
        [
            StrategySpec(
                "Trygge ganglinjer og uterom",
                [
                    Plan(
                        "Bedre belysning på gangstier og i undergangen",
                        K,
                        ("vei",),
                        (
                            "lys",
                            "mørk",
                            "undergang",
                            "gangsti",
                            "stien",
                            "skummel",
                            "redd",
                            "trygg",
                            "roper",
                        ),
                        "Folk går trygt også om kvelden.",
                        "quick",
                    ),
                    Plan(
                        "Trafikksikkerhet: fartsdumper, fortau og gangfelt",
                        K,
                        ("vei",),
                        (
                            "fartsdump",
                            "gangfelt",
                            "fart",
                            "fortau",
                            "veien",
                            "trafikk",
                            "gjennomkjøring",
                        ),
                        "Barn kan gå trygt til skolen.",
                    ),
                    Plan(
                        "Skilting og turløype rundt Borgen",
                        S,
                        ("vei", "vel"),
                        ("skilting", "turløype", "skogen", "tur"),
                        "Flere bruker naturen rundt Borgen.",
                        "slow",
                    ),
                ],
            ),
            StrategySpec(
                "Møteplasser ute",
                [
                    Plan(
                        "Fornye lekeplassen og ballbingen",
                        K,
                        ("eiendom", "il"),
                        ("lekeplass", "ballbinge", "skatepark", "utstyr", "ødelagt", "slitt"),
                        "Barn og unge har gode steder å leke og spille.",
                    ),
                    Plan(
                        "Benker og grillplass ved fotballbanen",
                        S,
                        ("eiendom", "vel"),
                        ("benk", "fotballbanen", "grill", "sitte", "venter"),
                        "Det er godt å stoppe opp og møtes ute.",
                        "quick",
                    ),
                    Plan(
                        "Parsellhage og frukttrær",
                        IN,
                        ("vel", "innbyggere"),
                        (
                            "hageparsell",
                            "parsell",
                            "dyrke",
                            "grønnsak",
                            "frukttrær",
                            "plante",
                            "blomster",
                        ),
                        "Naboer dyrker sammen og blir kjent.",
                        "yearly",
                    ),
                ],
            ),
            StrategySpec(
                "Fellesarealer og bomiljø",
                [
                    Plan(
                        "Fellesarealer i borettslagene åpnes for aktiviteter",
                        IN,
                        ("borettslag",),
                        ("fellesareal", "lokale", "lokaler", "plass"),
                        "Det finnes rom å møtes i nær der folk bor.",
                        "slow",
                    ),
                    Plan(
                        "Ryddig og rent: søppelkasser og vedlikehold",
                        K,
                        ("eiendom", "senter"),
                        ("søppel", "vedlikehold", "rent", "nedslitt", "løft", "senteret"),
                        "Borgen ser ut som et sted folk bryr seg om.",
                    ),
                ],
            ),
        ],
    ),
]

# Inputs that ask for something outside the process, and where they were sent. Checked
# before the roadmap's keywords, so a request for a doctor is referred, not half-answered.
REFERRALS = [
    (
        ("legekontor",),
        "Asker kommune, helse og omsorg (fastlegeordningen)",
        "Legedekningen hører under fastlegeordningen, ikke lokalsamfunnsutviklingen.",
    ),
    (
        (
            "kommunal bolig",
            "kommunale bolig",
            "store leiligheter",
            "tilrettelagte leiligheter",
            "eierbolig",
        ),
        "Asker kommune, boligkontoret (boligsosial handlingsplan)",
        "Boligbygging og tildeling av boliger behandles i kommunens boligsosiale plan.",
    ),
    (
        ("bussen", "busstopp", "bussholdeplass"),
        "Ruter (kollektivtrafikk)",
        "Bussruter og holdeplasser er Ruters ansvar; innspillet er sendt dit.",
    ),
]

NOT_USED_REASON = {
    "samskaping": "Innspillet er tatt med i kunnskapsgrunnlaget, men fikk ikke et eget tiltak "
    "i denne planperioden. Lokalsamfunnsutvalget kan ta det opp igjen.",
    "aktiviteter": "Innspillet er tatt med i kunnskapsgrunnlaget. Aktiviteten kan søkes "
    "gjennom småpengepotten, men er ikke et eget tiltak i veikartet.",
    "tjenester": "Innspillet er gitt videre til tjenestene som kunnskap, men ble ikke et eget "
    "tiltak i veikartet for 2017–2020.",
    "sted": "Innspillet er tatt med i kunnskapsgrunnlaget for stedsutviklingen, men ble ikke "
    "prioritert i denne planperioden.",
}

# How each action went, as dated updates: (date, status, completion, text).
D = datetime.date
STORIES = {
    "founded": [
        (D(2017, 1, 24), "in_progress", 40, "Valg av medlemmer på folkemøte i nærmiljøsentralen."),
        (D(2017, 3, 15), "done", 100, "På plass og i gang; møtes hver måned."),
    ],
    "quick": [
        (D(2017, 2, 1), "planned", 10, "Ansvar og budsjett avklart."),
        (D(2017, 5, 10), "in_progress", 50, "I gang; de første erfaringene er gode."),
        (D(2018, 3, 1), "done", 100, "Gjennomført og blitt en fast del av tilbudet."),
    ],
    "steady": [
        (D(2017, 3, 1), "planned", 10, "Planlagt i samarbeid med aktørene."),
        (D(2017, 9, 15), "in_progress", 35, "Arbeidet er i gang."),
        (D(2018, 10, 1), None, 65, "Halvveis: mer enn halvparten er gjennomført."),
    ],
    "slow": [
        (D(2017, 6, 1), "planned", 5, "Utredes; avhenger av budsjett for 2018."),
        (D(2018, 9, 1), "in_progress", 25, "Første del er i gang."),
    ],
    "yearly": [
        (D(2017, 6, 20), "in_progress", 30, "Gjennomført første gang, med god deltakelse."),
        (D(2018, 6, 19), None, 60, "Gjennomført for andre gang; flere frivillige med."),
        (D(2019, 6, 18), None, 80, "Tredje år; innbyggerne står nå for det meste selv."),
    ],
    "dropped": [
        (D(2017, 4, 1), "planned", 0, "Planlagt med oppstart høsten 2017."),
        (
            D(2018, 2, 1),
            "dropped",
            None,
            "Droppet: for få meldte seg, og behovet dekkes nå av et annet tiltak i veikartet.",
        ),
    ],
}

WORKSHOP_DAY = D(2016, 5, 26)


def _moment(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _hits(text: str, keywords: tuple[str, ...]) -> int:
    return sum(1 for keyword in keywords if keyword in text)


def _referral(text: str) -> tuple[str, str] | None:
    for keywords, where, reason in REFERRALS:
        if _hits(text, keywords):
            return where, reason
    return None


def load_borgen_roadmap(*, actor, process: Process) -> list[Action]:
    """The roadmap, its progress from 2017, and every approved input assessed (most linked to
    an action), all through the services and dated as it might have happened."""
    set_roadmap_note(actor=actor, process=process, is_illustrative=True, note=NOTE)
    areas = {area.key: area for area in process.focus_areas.all()}
    actors = {
        key: ensure_actor(actor=actor, process=process, name=name, kind=kind)
        for key, (name, kind) in ACTORS.items()
    }
    planned: list[tuple[Action, Plan, str]] = []
    for area_key, goal_title, goal_text, strategies in ROADMAP:
        goal = create_goal(
            actor=actor,
            process=process,
            focus_area=areas[area_key],
            title=goal_title,
            description=goal_text,
        )
        for spec in strategies:
            strategy = create_strategy(actor=actor, goal=goal, title=spec.title)
            for plan in spec.actions:
                action = create_action(
                    actor=actor,
                    strategy=strategy,
                    title=plan.title,
                    responsibility=plan.responsibility,
                    desired_effect=plan.effect,
                    actors=[actors[key] for key in plan.actors],
                    starts_on=D(2017, 1, 1),
                    ends_on=D(2020, 12, 31),
                    created_at=_moment(WORKSHOP_DAY, 15),
                )
                planned.append((action, plan, area_key))
    for action, plan, _area in planned:
        for day, status, completion, text in STORIES[plan.story]:
            add_action_update(
                actor=actor,
                action=action,
                date=day,
                text=text,
                status=status or "",
                completion=completion,
                created_at=_moment(day),
            )
    _assess_inputs(actor, process, planned)
    return [action for action, _plan, _area in planned]


def _assess_inputs(actor, process: Process, planned: list[tuple[Action, Plan, str]]) -> None:
    inputs = (
        Input.objects.filter(process=process, moderation=Input.Moderation.APPROVED)
        .prefetch_related("focus_areas")
        .order_by("pk")
    )
    links: dict[int, list[Input]] = {}
    for index, item in enumerate(inputs):
        text = re.sub(r"\s+", " ", item.text.lower())
        area_keys = [area.key for area in item.focus_areas.all()]
        assessed_at = _moment(D(2016, 8, 15) + datetime.timedelta(days=index % 30), 9 + index % 7)
        if referral := _referral(text):
            where, reason = referral
            set_input_assessment(
                actor=actor,
                item=item,
                outcome=Assessment.OUT_OF_SCOPE,
                assessment=reason,
                referred_to=where,
                assessed_at=assessed_at,
            )
            continue
        best, score = None, 0
        for action, plan, area_key in planned:
            hits = _hits(text, plan.keywords)
            if area_key in area_keys and hits > score:
                best, score = action, hits
        if best is None:
            set_input_assessment(
                actor=actor,
                item=item,
                outcome=Assessment.NOT_USED,
                assessment=NOT_USED_REASON[area_keys[0] if area_keys else "samskaping"],
                assessed_at=assessed_at,
            )
            continue
        links.setdefault(best.pk, []).append(item)
        outcome = Assessment.USED if score >= 2 else Assessment.PARTLY_USED
        reason = (
            "Tatt med i tiltaket «%(title)s»."
            if outcome == Assessment.USED
            else "Delvis tatt med i tiltaket «%(title)s»."
        ) % {"title": best.title}
        set_input_assessment(
            actor=actor, item=item, outcome=outcome, assessment=reason, assessed_at=assessed_at
        )
    by_pk = {action.pk: action for action, _plan, _area in planned}
    for pk, items in links.items():
        link_inputs(
            actor=actor,
            action=by_pk[pk],
            inputs=items,
            linked_at=_moment(D(2016, 8, 31)),
        )
