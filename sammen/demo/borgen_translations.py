"""The Borgen demo's own texts in Nynorsk and English, written for the demo (the project
published in Bokmål). Keyed as in borgen.py: the process's fields, then its keys, phases and
focus areas by order, its target groups by Bokmål name and its questions by key."""

from sammen.core.translations import set_translations

PROCESS = {
    "name": ("Borgenprosjektet", "The Borgen project"),
    "area": ("Borgen, Asker", "Borgen, Asker"),
    "main_goal": (
        "Borgen er eit aktivt, ope og inkluderande lokalsamfunn",
        "Borgen is an active, open and inclusive local community",
    ),
    "description": (
        "Asker kommune og innbyggjarane på Borgen utvikla saman ein temaplan for "
        "lokalsamfunnsutvikling: frå kunnskapsgrunnlag og samtalar om livet på Borgen, via eit "
        "vegkart med mål, strategiar og tiltak, til politisk handsaming og utvikling av "
        "tenester, området og nærmiljøa.\n\n"
        "Meir informasjon: https://www.asker.kommune.no/samfunnsutvikling/borgenprosjektet/\n"
        "Film: https://vimeo.com/222501010",
        "Asker municipality and the residents of Borgen together developed a thematic plan for "
        "community development: from a knowledge base and conversations about life in Borgen, "
        "through a roadmap of goals, strategies and actions, to political processing and the "
        "development of services, the area and its neighbourhoods.\n\n"
        "More information (in Norwegian): "
        "https://www.asker.kommune.no/samfunnsutvikling/borgenprosjektet/\n"
        "Film: https://vimeo.com/222501010",
    ),
    "promise": (
        "Alle innspel blir lesne og sorterte etter innsatsområde og kven som bør følgje dei opp. "
        "Vegkartet viser kva innspela førte til, og temaplanen blir lagd fram for politisk "
        "handsaming.",
        "Every input is read and sorted by focus area and by who should follow it up. The "
        "roadmap shows what the inputs led to, and the thematic plan goes to the politicians "
        "for a decision.",
    ),
    "data_note": (
        "Deltakartala er prosjektet sine eigne, frå den publiserte oppsummeringa «Smart = "
        "sammen». Innspela i denne demoen er illustrerande: dei er skrivne for demoen og er "
        "ikkje dei verkelege innspela til prosjektet. Det same gjeld rapportane frå "
        "gjesteboda, vegane og stadene til borna i barnetråkket og svara om deltakarane. "
        "Datoane følgjer prosessplanen for våren 2016 og er omtrentlege.",
        "The participant figures are the project's own, from its published summary «Smart = "
        "sammen». The inputs in this demo are illustrative: they were written for the demo and "
        "are not the project's real inputs. So are the gjestebud reports, the children's "
        "routes and places in Barnetråkk and the answers about the participants. The dates "
        "follow the process plan for spring 2016 and are approximate.",
    ),
    "legal_basis": (
        "Personvernforordninga art. 6 nr. 1 bokstav e: oppgåve i ålmenta si interesse (plan- og "
        "bygningslova § 5-1 om medverknad).",
        "GDPR Article 6(1)(e): a task carried out in the public interest (the Planning and "
        "Building Act, section 5-1, on participation).",
    ),
    "personal_data_purpose": (
        "E-postadressa blir berre brukt til å fortelje deg kva som skjer med innspelet ditt. "
        "Svara om deg blir brukte til å sjå kven prosessen har nådd, og kven som manglar.",
        "Your e-mail address is used only to tell you what happens to your input. Your answers "
        "about yourself are used to see whom the process has reached and who is missing.",
    ),
}

# By order: (title, description) in Nynorsk, then in English.
PRINCIPLES = [
    (("Føre folk saman", ""), ("Bring people together", "")),
    (("Samarbeid for å nå måla", ""), ("Cooperate to reach the goals", "")),
    (
        (
            "Felles mål – ulike roller og ansvar",
            "Kommunen, innbyggjarane og begge saman: samskaping.",
        ),
        (
            "Common goals – different roles and responsibilities",
            "The municipality, the residents, and both together: co-creation.",
        ),
    ),
]

# By order: the fields of each phase, each as (Nynorsk, English).
PHASES = [
    {
        "title": ("Kunnskapsgrunnlag", "Knowledge base"),
        "description": (
            "Statistikk, erfaringar frå tilsette og kartlegging av området.",
            "Statistics, the staff's experience and a survey of the area.",
        ),
    },
    {
        "title": ("Livet på Borgen", "Life in Borgen"),
        "description": (
            "Konferansar, gjestebod, barnetråkk, fokusgrupper og intervju.",
            "Conferences, guest dinners (gjestebud), children's route mapping (Barnetråkk), "
            "focus groups and interviews.",
        ),
    },
    {
        "title": (
            "Samskaping: Vegkart for vidareutvikling av Borgen med mål, strategiar og tiltak",
            "Co-creation: a roadmap of goals, strategies and actions for developing Borgen",
        ),
        "decision_point": (
            "Vegkartet blir lagt til grunn for temaplanen",
            "The roadmap becomes the basis of the thematic plan",
        ),
        "decision_maker": ("Prosjektgruppa", "The project group"),
    },
    {
        "title": (
            "Politisk handsaming: Temaplan for lokalsamfunnsutvikling",
            "Political processing: the thematic plan for community development",
        ),
        "decision_point": ("Vedtak av temaplan", "Adoption of the thematic plan"),
        "decision_maker": ("Kommunestyret", "The municipal council"),
    },
    {
        "title": (
            "Utvikling av tenester, området og nærmiljøa",
            "Developing services, the area and its neighbourhoods",
        ),
    },
]

FOCUS_AREAS = {
    "samskaping": ("Samskaping og deltaking", "Co-creation and participation"),
    "aktiviteter": ("Sosiale og kulturelle aktivitetar", "Social and cultural activities"),
    "tjenester": ("Offentlege tenester", "Public services"),
    "sted": ("Stadutvikling", "Place development"),
}

TARGET_GROUPS = {
    "Barn og unge": ("Born og unge", "Children and young people"),
    "Foreldre og familier": ("Foreldre og familiar", "Parents and families"),
    "Eldre": ("Eldre", "Older people"),
    "Innvandrere": ("Innvandrarar", "Immigrants"),
    "Lag, foreninger og trossamfunn": (
        "Lag, foreiningar og trussamfunn",
        "Clubs, associations and faith communities",
    ),
    "Ansatte i kommunen": ("Tilsette i kommunen", "Municipal staff"),
    "Folkevalgte": ("Folkevalde", "Elected representatives"),
}

QUESTIONS = {
    "aldersgruppe": {
        "label": ("Kor gammal er du?", "How old are you?"),
        "purpose": (
            "Vi vil sjå om alle aldersgrupper blir høyrde, og kven vi må nå på andre måtar.",
            "We want to see whether every age group is heard, and whom we must reach in other "
            "ways.",
        ),
        "choices": (
            ["Under 16 år", "16–24 år", "25–44 år", "45–66 år", "67 år eller eldre"],
            ["Under 16", "16–24", "25–44", "45–66", "67 or older"],
        ),
    },
    "omrade": {
        "label": ("Kvar bur du?", "Where do you live?"),
        "purpose": (
            "Vi vil vite om innspela kjem frå heile området.",
            "We want to know whether the inputs come from the whole area.",
        ),
        "choices": (
            ["På Borgen", "Elles i Asker", "Utanfor Asker"],
            ["In Borgen", "Elsewhere in Asker", "Outside Asker"],
        ),
    },
    "fodeland": {
        "label": ("Er du fødd i Noreg eller i utlandet?", "Were you born in Norway or abroad?"),
        "purpose": (
            "Vi vil sjå om innvandrarar på Borgen blir høyrde like godt som andre.",
            "We want to see whether immigrants in Borgen are heard as well as others.",
        ),
        "choices": (["Fødd i Noreg", "Fødd i utlandet"], ["Born in Norway", "Born abroad"]),
    },
}


def texts(fields: dict[str, tuple]) -> dict:
    """{"name": ("nn", "en")} as set_translations wants it: {"name_nn": …, "name_en": …}."""
    out = {}
    for field, (nn, en) in fields.items():
        out[f"{field}_nn"] = nn
        out[f"{field}_en"] = en
    return out


def translate_borgen(*, actor, process) -> None:
    """Give the Borgen process's own texts their Nynorsk and English versions."""
    set_translations(actor=actor, obj=process, texts=texts(PROCESS))
    for principle, (nn, en) in zip(process.principles.order_by("order"), PRINCIPLES, strict=True):
        fields = {"title": (nn[0], en[0])}
        if nn[1]:
            fields["description"] = (nn[1], en[1])
        set_translations(actor=actor, obj=principle, texts=texts(fields))
    for phase, fields in zip(process.phases.order_by("order"), PHASES, strict=True):
        set_translations(actor=actor, obj=phase, texts=texts(fields))
    for area in process.focus_areas.all():
        set_translations(actor=actor, obj=area, texts=texts({"title": FOCUS_AREAS[area.key]}))
    for group in process.target_groups.all():
        set_translations(
            actor=actor, obj=group, texts=texts({"name": TARGET_GROUPS[group.name_nb]})
        )
    for question in process.contributor_questions.all():
        set_translations(actor=actor, obj=question, texts=texts(QUESTIONS[question.key]))
