"""An illustrative participation plan (medvirkningsplan) for the Borgen demo.

The project's own plan is not published with the seed; this one is written from the methods
and activities the project held (borgen.py METHODS), with the target groups a plan of this kind
would name. It is marked illustrative wherever it is shown. Set against the seed's activities,
it shows two target groups planned for but not named by any held activity: parents and
families, and older people."""

import datetime

from sammen.engagement.plan_services import plan_activity, set_plan_details
from sammen.processes.models import Process

D = datetime.date

# (phase order, method title, title, target groups, starts, ends, place)
PLAN = [
    (2, "Erfaringskonferanse for ansatte", "Erfaringskonferanse for ansatte",
     ["Ansatte i kommunen"], D(2016, 1, 21), None, "Asker rådhus"),
    (2, "Nærmiljøkonferanser", "Nærmiljøkonferanse for alle på Borgen",
     ["Foreldre og familier", "Eldre", "Lag, foreninger og trossamfunn"],
     D(2016, 2, 11), D(2016, 4, 14), "Borgen skole"),
    (2, "Åpen nærmiljøsentral", "Åpen nærmiljøsentral hver uke",
     ["Eldre"], D(2016, 2, 1), D(2016, 4, 30), "Nærmiljøsentralen på Borgen"),
    (2, "Facebook", "Debatter på Facebook-siden", [], D(2016, 1, 16), D(2016, 6, 30), ""),
    (2, "Gjestebud", "Gjestebud hos innbyggere", ["Foreldre og familier"],
     D(2016, 2, 15), D(2016, 4, 15), "Hjemme hos vertene"),
    (2, "Barnetråkk", "Barnetråkk på skolene", ["Barn og unge"],
     D(2016, 3, 7), D(2016, 3, 18), "Borgen skole og Bondi skole"),
    (2, "Fokusgrupper", "Fokusgrupper om oppvekst og aktiv alderdom",
     ["Foreldre og familier", "Eldre"], D(2016, 3, 1), D(2016, 4, 8), ""),
    (2, "Samling med sonelederne/virksomhetsledere", "Samling med ledere i tjenestene",
     ["Ansatte i kommunen"], D(2016, 3, 10), None, ""),
    (2, "Konferanse arrangert av Somalisk trossamfunn", "Konferanse i regi av Somalisk trossamfunn",
     ["Innvandrere", "Lag, foreninger og trossamfunn"], D(2016, 3, 19), None, ""),
    (2, "Ad hoc-utvalg med politikere", "Politikernes dialoger med grupper på Borgen",
     ["Folkevalgte"], D(2016, 2, 1), D(2016, 5, 31), ""),
    (2, "Møter med enkeltinnbyggere, henvendelser m.m.", "Samtaler med enkeltinnbyggere",
     [], D(2016, 1, 16), D(2016, 6, 30), ""),
    (2, "Intervjuer med «tause stemmer»", "Intervjuer med «tause stemmer»",
     ["Innvandrere"], D(2016, 2, 1), D(2016, 4, 30), ""),
    (3, "Veikartverksted", "Veikartverksted: mål, strategier og tiltak",
     ["Lag, foreninger og trossamfunn", "Foreldre og familier"], D(2016, 5, 26), None,
     "Borgen skole"),
]  # fmt: skip

NOTE = (
    "Planen er skrevet i etterkant ut fra aktivitetene prosjektet holdt, for å vise hvordan "
    "plan og gjennomføring settes opp mot hverandre."
)


def load_borgen_plan(*, actor, process: Process) -> None:
    set_plan_details(actor=actor, process=process, is_illustrative=True, note=NOTE)
    phases = {phase.order: phase for phase in process.phases.all()}
    methods = {method.title: method for method in process.methods.all()}
    groups = {group.name_nb: group for group in process.target_groups.all()}
    for order, method, title, names, starts_on, ends_on, place in PLAN:
        plan_activity(
            actor=actor,
            process=process,
            phase=phases[order],
            method=methods[method],
            title=title,
            target_groups=[groups[name] for name in names],
            starts_on=starts_on,
            ends_on=ends_on,
            place=place,
        )
