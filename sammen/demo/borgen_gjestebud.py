"""The Borgen demo's gjestebud: the seed's 148 participants as eighteen dinners, each invited,
reported by its host and accepted by staff, as the gjestebud app has them done.

The seed gives only the total (148). The hosts, their dinners, the guests per dinner and the
answers are illustrative, made for the demo; the guests add up to 148, and the dinners' inputs
are the 72 gjestebud inputs of borgen_inputs.csv, sorted as that file sorts them. The dates
are in the spring 2016 plan's gjestebud weeks, set through the services' keywords for
historical dates."""

import datetime

from django.utils import timezone

from sammen.gjestebud.selectors import default_questions
from sammen.gjestebud.services import Report, accept_report, create_invitation, save_report
from sammen.inputs.services import set_input_sorting
from sammen.processes.models import FocusArea, Process

D = datetime.date

# (host, held on, guests); the guests add up to 148. The hosts' names are made up.
DINNERS = [
    ("Ingrid Haugen", D(2016, 2, 16), 9),
    ("Abdirahman Warsame", D(2016, 2, 19), 12),
    ("Per Olav Lie", D(2016, 2, 23), 7),
    ("Marte Solberg", D(2016, 2, 26), 8),
    ("Fatima Ahmadi", D(2016, 3, 1), 10),
    ("Jon Eriksen", D(2016, 3, 4), 6),
    ("Sunniva Berg", D(2016, 3, 8), 8),
    ("Tomasz Nowak", D(2016, 3, 11), 7),
    ("Randi Moen", D(2016, 3, 15), 9),
    ("Hassan Yusuf", D(2016, 3, 18), 11),
    ("Line Karlsen", D(2016, 3, 22), 6),
    ("Anders Bakke", D(2016, 3, 29), 8),
    ("Gunn Nilsen", D(2016, 4, 1), 7),
    ("Maria Santos", D(2016, 4, 5), 9),
    ("Kristian Dahl", D(2016, 4, 8), 8),
    ("Amina Hussein", D(2016, 4, 12), 10),
    ("Eva Strand", D(2016, 4, 14), 6),
    ("Olav Hagen", D(2016, 4, 15), 7),
]
INPUTS_PER_DINNER = 4

# What the hosts wrote under each focus area's question (the report of the activity);
# one answer per question, taken in turn.
ANSWERS = {
    "samskaping": [
        "Vi vil gjerne være med, men vi får ikke vite om møtene i tide.",
        "Flere sa at kommunen må komme til oss, ikke bare invitere til rådhuset.",
        "Gjestebud som dette bør bli en fast ordning.",
    ],
    "aktiviteter": [
        "Det mangler et sted der voksne og barn kan møtes uten å betale.",
        "Idrettslaget er viktig, men ikke alle har råd til kontingenten.",
        "Vi savner fester i nabolaget, slik det var før.",
    ],
    "tjenester": [
        "Helsestasjonen og skolen får gode ord; NAV er vanskelig å nå.",
        "Informasjon på flere språk ble nevnt rundt hele bordet.",
        "Åpningstidene passer dårlig for dem som jobber skift.",
    ],
    "sted": [
        "Stiene er mørke om vinteren, og mange går ikke ut etter skolen.",
        "Torget trenger benker, lys og noe grønt.",
        "Trafikken ved skolen bekymrer alle foreldrene.",
    ],
}


def _moment(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _age_bands(guests: int) -> dict[str, int]:
    """A host's count of the guests per age band, roughly as a dinner at home mixes them."""
    adults = guests // 2
    return {"18_29": guests // 6, "30_49": adults, "50_66": guests - adults - guests // 6}


def load_borgen_gjestebud(*, actor, process: Process, rows: list[dict[str, str]]) -> None:
    """The dinners, their reports and their inputs (`rows`: the gjestebud rows of the CSV)."""
    if len(rows) != len(DINNERS) * INPUTS_PER_DINNER:
        raise ValueError("four gjestebud inputs per dinner are expected")
    areas = {area.key: area for area in FocusArea.objects.filter(process=process)}
    questions = default_questions(process)
    area_keys = list(areas)
    for number, (host, held_on, guests) in enumerate(DINNERS):
        invitation = create_invitation(
            actor=actor, process=process, host_name=host, questions=questions
        ).invitation
        chunk = rows[number * INPUTS_PER_DINNER : (number + 1) * INPUTS_PER_DINNER]
        report = Report(
            held_on=held_on,
            guests=guests,
            age_bands=_age_bands(guests),
            answers=[ANSWERS[key][number % 3] for key in area_keys],
            inputs=[(row["text"], areas[row["focus_areas"].split("|")[0]]) for row in chunk],
        )
        submitted = held_on + datetime.timedelta(days=2)
        invitation = save_report(
            invitation=invitation,
            report=report,
            submit=True,
            submitted_at=_moment(submitted, 20),
        )
        accept_report(
            actor=actor,
            invitation=invitation,
            # Not the default «Gjestebud hos <host>»: activity titles are public (the API,
            # open data), and a host's name is not.
            title=f"Gjestebud {held_on.day}.{held_on.month}.{held_on.year}",
            accepted_at=_moment(submitted + datetime.timedelta(days=3), 10),
        )
        # Staff sort the dinner's inputs as the CSV does: every focus area, and who should
        # follow them up.
        for item, row in zip(invitation.inputs.select_related("input"), chunk, strict=True):
            set_input_sorting(
                actor=actor,
                item=item.input,
                focus_areas=[areas[key] for key in row["focus_areas"].split("|")],
                responsibility=row["responsibility"],
            )
