"""The Borgen temaplan's public hearing and political treatment, on the published dates:
Asker's executive committee (formannskapet) sent the «Temaplan for lokalsamfunnsutvikling på
Borgen» on public hearing on 20 September 2016 with a deadline of 16 October; the committee
treated it again on 1 November, and the council (kommunestyret) adopted it on 8 November
2016, for 2017–2020.

The dates are the published ones. The case numbers, the decision texts and the hearing
responses are illustrative, made for the demo, and the pages say so."""

import datetime

from sammen.documents.models import DocumentVersion, HearingResponse, PoliticalTreatment
from sammen.documents.services import (
    assess_hearing_response,
    create_hearing,
    record_political_treatment,
    register_hearing_response,
    request_document_version,
)
from sammen.processes.models import Process

TITLE = "Temaplan for lokalsamfunnsutvikling på Borgen 2017–2020"

QUESTIONS = [
    "Er hovedmålet og de fire innsatsområdene de riktige for Borgen?",
    "Hva mener du om forslaget om et lokalsamfunnsutvalg som hovedaktør sammen med kommunen?",
    "Mangler det tiltak som er viktige for deg, laget eller virksomheten din?",
]

Kind = HearingResponse.RespondentKind
Channel = HearingResponse.Channel
Assessment = HearingResponse.Assessment

# (kind, name, organisation, channel, received, general text, answers by question index,
#  assessment, note, what it changed) – all illustrative.
RESPONSES = [
    (
        Kind.ORGANISATION,
        "",
        "Borgen velforening",
        Channel.LETTER,
        datetime.date(2016, 10, 3),
        "Velforeningen støtter planen og vil gjerne være med i lokalsamfunnsutvalget.",
        {1: "Vi støtter et lokalsamfunnsutvalg, men velforeningen bør være fast medlem."},
        Assessment.TAKEN_IN,
        "",
        "Velforeningen er nevnt som fast medlem av lokalsamfunnsutvalget.",
    ),
    (
        Kind.PERSON,
        "Kari Nordmann",
        "",
        Channel.EMAIL,
        datetime.date(2016, 10, 10),
        "",
        {2: "Ungdommene trenger et sted å være om kveldene, ikke bare på dagtid."},
        Assessment.PARTLY,
        "Et kveldsåpent tilbud tas inn, men uten fast finansiering i planperioden.",
        "Tiltak om en kveldsåpen møteplass for ungdom er lagt til under sosiale og kulturelle "
        "aktiviteter.",
    ),
    (
        Kind.ORGANISATION,
        "",
        "Somalisk kulturforening på Borgen",
        Channel.LETTER,
        datetime.date(2016, 10, 12),
        "Mange får ikke med seg hva som skjer. Informasjon må komme på flere språk, og "
        "gjerne muntlig gjennom foreningene.",
        {0: "Ja, men samskaping må også bety at alle forstår hva som skjer."},
        Assessment.TAKEN_IN,
        "",
        "Informasjon på flere språk, også gjennom foreningene, er lagt inn som tiltak under "
        "samskaping og medvirkning.",
    ),
    (
        Kind.PUBLIC_BODY,
        "",
        "Asker idrettsråd",
        Channel.EMAIL,
        datetime.date(2016, 10, 14),
        "Idrettsrådet ber om at gymsalene på skolene kan brukes av lag og foreninger om kveldene.",
        {},
        Assessment.NOTED,
        "Bruken av skolenes lokaler følges opp i kommunens arbeid med utlån av lokaler.",
        "",
    ),
    (
        Kind.PERSON,
        "Ola Nordmann",
        "",
        Channel.LETTER,
        datetime.date(2016, 10, 16),
        "Det må bli tryggere å gå til skolen langs hovedveien.",
        {},
        Assessment.NOT_TAKEN,
        "Trafikksikkerhet følges opp i kommunens trafikksikkerhetsplan, ikke i temaplanen.",
        "",
    ),
    (
        Kind.PERSON,
        "",
        "",
        Channel.EMAIL,
        datetime.date(2016, 10, 5),
        "Fint at dere har spurt så mange. Fortsett med gjestebudene!",
        {},
        "",
        "",
        "",
    ),
]

# (body, meeting date, illustrative case number, outcome, document, decision text)
TREATMENTS = [
    (
        PoliticalTreatment.Body.EXECUTIVE_COMMITTEE,
        datetime.date(2016, 9, 20),
        "FSK 101/16",
        PoliticalTreatment.Outcome.SENT_ON_HEARING,
        "draft",
        "Forslag til temaplan for lokalsamfunnsutvikling på Borgen 2017–2020 sendes på "
        "offentlig høring med frist 16. oktober 2016.",
    ),
    (
        PoliticalTreatment.Body.EXECUTIVE_COMMITTEE,
        datetime.date(2016, 11, 1),
        "FSK 118/16",
        PoliticalTreatment.Outcome.RECOMMENDED,
        "final",
        "Formannskapet innstiller til kommunestyret: Temaplan for lokalsamfunnsutvikling på "
        "Borgen 2017–2020 vedtas.",
    ),
    (
        PoliticalTreatment.Body.COUNCIL,
        datetime.date(2016, 11, 8),
        "KST 089/16",
        PoliticalTreatment.Outcome.ADOPTED,
        "final",
        "Temaplan for lokalsamfunnsutvikling på Borgen 2017–2020 vedtas. Et "
        "lokalsamfunnsutvalg etableres som hovedaktør i utviklingen av Borgen, sammen med "
        "kommunen.",
    ),
]


def load_borgen_hearing(*, actor, process: Process) -> None:
    draft = request_document_version(
        actor=actor,
        process=process,
        kind=DocumentVersion.Kind.TEMAPLAN,
        title=TITLE,
        note="Høringsutkast.",
    )
    hearing = create_hearing(
        actor=actor,
        document=draft,
        title=f"Høring: {TITLE}",
        introduction=(
            "Formannskapet sendte forslaget til temaplan på offentlig høring 20. september "
            "2016. Planen bygger på innspillene fra medvirkningen og veikartverkstedet.\n\n"
            "Demo: datoene er de publiserte. Høringssvarene, saksnumrene og vedtakstekstene "
            "på disse sidene er illustrative eksempler laget til demoen."
        ),
        opens_on=datetime.date(2016, 9, 20),
        deadline=datetime.date(2016, 10, 16),
        questions=QUESTIONS,
        publish=True,
    )
    final = request_document_version(
        actor=actor,
        process=process,
        kind=DocumentVersion.Kind.TEMAPLAN,
        title=TITLE,
        stage=DocumentVersion.Stage.FINAL,
        note="Endret etter høringen.",
    )
    questions = list(hearing.questions.all())
    for (
        kind,
        name,
        organisation,
        channel,
        received_on,
        text,
        answers,
        assessment,
        note,
        changed,
    ) in RESPONSES:
        response = register_hearing_response(
            actor=actor,
            hearing=hearing,
            respondent_kind=kind,
            channel=channel,
            received_on=received_on,
            name=name,
            organisation=organisation,
            text=text,
            answers={questions[index]: answer for index, answer in answers.items()},
        )
        if assessment:
            assess_hearing_response(
                actor=actor,
                response=response,
                assessment=assessment,
                note=note,
                changed_in_next_version=changed,
                next_version=final if changed else None,
            )
    versions = {"draft": draft, "final": final}
    for body, meeting_date, case_number, outcome, version, decision in TREATMENTS:
        record_political_treatment(
            actor=actor,
            process=process,
            document=versions[version],
            body=body,
            meeting_date=meeting_date,
            case_number=case_number,
            outcome=outcome,
            decision_text=decision,
            is_illustrative=True,
        )
