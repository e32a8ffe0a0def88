"""What the Borgen demo holds from the public web: a few inputs sent through the public form
and waiting for a moderator (not counted until approved: the seed's 458 stay 458), and the
voluntary "about you" answers of the digital inputs.

Both are illustrative, made for the demo. The answers are marked illustrative
(ContributorAnswer.is_illustrative): the dashboard and the representativeness page say so,
and the purge leaves them (nobody's personal data). About three in four digital inputs have
answers, in fixed numbers per choice (no randomness), chosen so that every figure the
dashboard shows is a group of five or more."""

from sammen.contributors.models import ContributorQuestion
from sammen.contributors.services import bulk_add_contributor_details
from sammen.inputs.models import Input
from sammen.inputs.services import store_submitted_input
from sammen.processes.models import FocusArea, Process

# (text, focus area key or ""): sent through the public form, waiting for a moderator.
PENDING = [
    (
        "Det burde vært tak og en benk ved bussholdeplassen ved Borgen skole. Vi står ute i "
        "regnet hver morgen.",
        "sted",
    ),
    (
        "Kan biblioteket holde åpent på søndager? Det er det eneste stedet ungdommene kan være "
        "inne uten å kjøpe noe.",
        "aktiviteter",
    ),
    (
        "Vi kom til Borgen for to år siden og vet ikke hvor barna kan melde seg på "
        "fritidsaktiviteter. Informasjon på flere språk, takk.",
        "tjenester",
    ),
    ("Fotballbanen på Risenga trenger lys om kvelden, så vi kan spille etter skolen.", ""),
]

# The digital channels: where a person writes in themselves.
DIGITAL = [Input.Channel.WEB, Input.Channel.SOCIAL_MEDIA, Input.Channel.EMAIL]

# Answers per question key, as (choice index, how many), for the digital inputs that answer.
ANSWERS = {
    "aldersgruppe": [(2, 11), (3, 8), (1, 3), (4, 2)],
    "omrade": [(0, 17), (1, 7)],
    "fodeland": [(0, 18), (1, 5)],
}
# The answers of the pending inputs (question key → choice index), none for the last.
PENDING_ANSWERS = [
    {"aldersgruppe": 2, "omrade": 0, "fodeland": 0},
    {"aldersgruppe": 1, "omrade": 0},
    {"aldersgruppe": 2, "omrade": 0, "fodeland": 1},
]


def _spread(counts: list[tuple[int, int]], size: int) -> list[int | None]:
    """The choices, `size` long (None: not answered), mixed in a fixed order."""
    values = [index for index, count in counts for _ in range(count)]
    values += [None] * (size - len(values))
    # A fixed shuffle: each position once, in the order of a multiplicative hash.
    order = sorted(range(size), key=lambda position: (position * 2654435761) % 2**32)
    return [values[index] for index in order]


def load_borgen_public_inputs(*, actor, process: Process, areas: dict[str, FocusArea]) -> None:
    questions = {q.key: q for q in ContributorQuestion.objects.filter(process=process)}
    digital = list(
        Input.objects.filter(
            process=process, channel__in=DIGITAL, moderation=Input.Moderation.APPROVED
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    # Three in four answer: every fourth digital input came without answers.
    answering = [pk for number, pk in enumerate(digital) if number % 4 != 3]
    answers = []
    for key, counts in ANSWERS.items():
        question = questions[key]
        for pk, choice in zip(answering, _spread(counts, len(answering)), strict=True):
            if choice is not None:
                answers.append((pk, question, question.choices[choice]))
    for number, (text, area_key) in enumerate(PENDING):
        item = store_submitted_input(
            actor=actor,
            process=process,
            text=text,
            language="nb",
            focus_area=areas[area_key] if area_key else None,
            idempotency_key=f"borgen-demo-public-{number}",
        )
        if number < len(PENDING_ANSWERS):
            for key, choice in PENDING_ANSWERS[number].items():
                answers.append((item.pk, questions[key], questions[key].choices[choice]))
    bulk_add_contributor_details(
        actor=actor, process=process, answers=answers, is_illustrative=True
    )
