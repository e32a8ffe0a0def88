#!/usr/bin/env python
"""Generator: a large municipality's process, for the scale benchmarks and load tests.

    python -m bench.generate --inputs 1000000 [--seed 1]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/big python -m bench.generate --inputs 1000000

Fills the database DATABASE_URL names (SQLite in SAMMEN_DATA_DIR without it), migrated first,
with one large process, slug `storby` (phases around today, so its input form is open), and
the Borgen demo beside it (`manage.py load_demo`, for "a small process beside a big one"):
focus areas, target groups, "about you" questions, up to 2,000 activities of every method
kind, N inputs (short Norwegian texts varied from the demo's), sorted and assessed in part,
campaign duplicates, public submissions with pending and rejected ones, their "about you"
answers and addresses, a roadmap with inputs linked to its actions, and the workbench history
of sorting changes. Prints the time per step, the total and the database's size.

Everything goes through the services: the few hundred objects one by one, the inputs, answers
and history through the bulk services (`inputs.services.bulk_create_inputs`,
`contributors.services.bulk_add_contributor_details`, `core.services.record_audits`), a few
thousand rows per INSERT. The analysis' embedding of new inputs is left out (no vectors for
a million generated texts). Not a test: it prints figures and asserts nothing. Run it once per
database; a second run refuses (the slug is taken).
"""

import argparse
import datetime
import io
import os
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SLUG = "storby"
CHUNK = 10_000

FOCUS_AREAS = [
    ("bolig", "Boliger og byutvikling"),
    ("transport", "Transport og mobilitet"),
    ("klima", "Klima og natur"),
    ("oppvekst", "Barn, unge og skole"),
    ("helse", "Helse og omsorg"),
    ("kultur", "Kultur, idrett og frivillighet"),
    ("naering", "Næringsliv og arbeid"),
    ("samskaping", "Medvirkning og samskaping"),
    ("trygghet", "Trygghet og beredskap"),
    ("tjenester", "Kommunale tjenester"),
]

TARGET_GROUPS = [
    "Barn og unge",
    "Foreldre og familier",
    "Eldre",
    "Innvandrere",
    "Personer med funksjonsnedsettelse",
    "Lag, foreninger og trossamfunn",
    "Næringsliv",
    "Ansatte i kommunen",
    "Folkevalgte",
]

DISTRICTS = [
    "Sentrum",
    "Nordbyen",
    "Søndre",
    "Østkanten",
    "Vestsiden",
    "Havna",
    "Elvebakken",
    "Skogly",
    "Bekkestua",
    "Furuset",
    "Lia",
    "Tveita",
]

QUESTIONS = [
    {
        "key": "aldersgruppe",
        "label": "Hvor gammel er du?",
        "purpose": "Vi vil se om alle aldersgrupper blir hørt.",
        "choices": ["Under 16 år", "16–24 år", "25–44 år", "45–66 år", "67 år eller eldre"],
    },
    {
        "key": "bydel",
        "label": "Hvilken bydel bor du i?",
        "purpose": "Vi vil vite om innspillene kommer fra hele byen.",
        "choices": [*DISTRICTS, "Utenfor kommunen"],
    },
    {
        "key": "fodeland",
        "label": "Er du født i Norge eller i utlandet?",
        "purpose": "Vi vil se om innvandrere blir hørt like godt som andre.",
        "choices": ["Født i Norge", "Født i utlandet"],
    },
]

# (kind, method title, number of activities at 2,000 in all, activity title, inputs weight)
METHODS = [
    ("gjestebud", "Gjestebud", 900, "Gjestebud hos {name}", 0.5),
    ("community_event", "Arrangementer i nærmiljøet", 300, "Nabolagsmøte på {place}", 1.0),
    ("workshop", "Verksteder", 250, "Verksted om {topic} på {place}", 1.5),
    ("focus_group", "Fokusgrupper", 150, "Fokusgruppe: {group}", 1.0),
    ("open_office", "Åpent kontor", 120, "Åpent kontor på {place}", 2.0),
    ("conference", "Innbyggerkonferanser", 40, "Innbyggerkonferanse {number}", 20.0),
    ("staff_gathering", "Samlinger for ansatte", 60, "Samling for ansatte i {topic}", 3.0),
    ("interview", "Intervjuer", 150, "Intervju med {group}", 0.3),
    ("social_media", "Sosiale medier", 20, "Facebook-innlegg {number}", 40.0),
    ("political_dialogue", "Politisk dialog", 10, "Dialogmøte med {body}", 5.0),
]

FIRST_NAMES = [
    "Kari", "Ola", "Fatima", "Ahmed", "Ingrid", "Lars", "Maria", "Jonas", "Aisha", "Per",
    "Nora", "Emil", "Sofia", "Mohammed", "Anne", "Tor", "Leah", "Ali", "Marit", "Henrik",
]  # fmt: skip
BODIES = [
    "formannskapet",
    "kommunestyret",
    "ungdomsrådet",
    "eldrerådet",
    "rådet for funksjonshemmede",
]

PREFIXES = [
    "",
    "",
    "",
    "Jeg synes at ",
    "Etter min mening: ",
    "Som forelder mener jeg at ",
    "Vi i borettslaget mener at ",
    "Viktig: ",
    "Et forslag: ",
    "Mange av oss opplever at ",
    "Fra gruppa vår: ",
    "Kort sagt: ",
]
SUFFIXES = [
    "",
    "",
    "",
    "",
    " Dette gjelder særlig {place}.",
    " Det merkes godt på {place}.",
    " Ta det med i planen.",
    " Håper kommunen hører på dette.",
    " Dette har vi sagt før.",
    " Det haster.",
    " Gjerne i samarbeid med frivillige.",
]
REJECTION_REASONS = [
    "Innspillet inneholder personangrep.",
    "Innspillet handler ikke om prosessen.",
    "Innspillet inneholder personopplysninger om andre.",
]
NOT_USED_REASONS = [
    "Ligger utenfor det planen kan bestemme.",
    "Kostnaden står ikke i forhold til nytten.",
    "Tatt opp i et annet innspill som ble brukt.",
]


@dataclass
class Stats:
    inputs: int = 0
    activities: int = 0
    answers: int = 0
    contacts: int = 0
    duplicates: int = 0
    pending: int = 0
    rejected: int = 0
    links: int = 0
    history: int = 0
    steps: list[tuple[str, float]] = field(default_factory=list)


def _texts() -> list[str]:
    from sammen.demo.borgen import read_inputs

    return [row["text"] for row in read_inputs()]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


class TextMaker:
    """Short Norwegian inputs, varied from the demo's: a prefix, one or two of its sentences,
    a place."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.base = _texts()

    def __call__(self) -> str:
        rng = self.rng
        text = rng.choice(self.base)
        prefix = rng.choice(PREFIXES)
        if prefix:
            text = prefix + _lower_first(text)
        if rng.random() < 0.25:
            text += " " + rng.choice(self.base)
        suffix = rng.choice(SUFFIXES)
        if suffix:
            text += suffix.format(place=rng.choice(DISTRICTS))
        return text[:2000]


def _timed(stats: Stats, name: str, out: Callable[[str], None]):
    class Step:
        def __enter__(self):
            self.start = time.perf_counter()

        def __exit__(self, *exc):
            if exc[0] is None:
                seconds = time.perf_counter() - self.start
                stats.steps.append((name, seconds))
                out(f"  {name}: {seconds:.1f} s")

    return Step()


def _setup_process(rng: random.Random, activities: int):
    from sammen.contributors.services import add_contributor_question
    from sammen.core.geo import bbox_polygon
    from sammen.engagement.services import add_method, create_activity
    from sammen.processes.models import Phase, Process
    from sammen.processes.services import (
        add_focus_area,
        add_phase,
        add_target_group,
        create_organisation,
        create_process,
        set_area_polygon,
    )

    today = datetime.date.today()
    organisation = create_organisation(
        actor=None, name="Storby kommune", slug=SLUG, municipality_number="9999"
    )
    process = create_process(
        actor=None,
        organisation=organisation,
        slug=SLUG,
        name="Storby 2040: kommuneplanens samfunnsdel",
        area="Storby kommune",
        main_goal="En by der alle kan bo, leve og delta",
        description=(
            "Storby kommune lager ny samfunnsdel til kommuneplanen, og vil høre fra alle som "
            "bor, jobber og går på skole i byen. (Genererte data for ytelsestester.)"
        ),
        status=Process.Status.ACTIVE,
        legal_basis="Personvernforordningen art. 6 nr. 1 bokstav e (plan- og bygningsloven § 5-1).",
        personal_data_purpose="Svarene om deg brukes til å se hvem prosessen har nådd.",
        retention_months=24,
    )
    set_area_polygon(
        actor=None,
        process=process,
        polygon=bbox_polygon(south=59.85, west=10.6, north=60.0, east=10.95),
    )
    phases = [
        ("Kunnskapsgrunnlag", Phase.Kind.KNOWLEDGE, -400, -181, Phase.InfluenceLevel.INFORM),
        ("Innbyggerdialog", Phase.Kind.DIALOGUE, -180, 120, Phase.InfluenceLevel.CONSULT),
        ("Samskaping", Phase.Kind.CO_CREATION, 121, 200, Phase.InfluenceLevel.COLLABORATE),
        ("Politisk behandling", Phase.Kind.POLITICAL, 201, 300, Phase.InfluenceLevel.INFORM),
    ]  # fmt: skip
    for title, kind, start, end, level in phases:
        add_phase(
            actor=None,
            process=process,
            title=title,
            kind=kind,
            starts_on=today + datetime.timedelta(days=start),
            ends_on=today + datetime.timedelta(days=end),
            influence_level=level,
        )
    areas = [
        add_focus_area(actor=None, process=process, key=key, title=title)
        for key, title in FOCUS_AREAS
    ]
    groups = [add_target_group(actor=None, process=process, name=name) for name in TARGET_GROUPS]
    questions = [
        add_contributor_question(actor=None, process=process, **question) for question in QUESTIONS
    ]
    total_weight = sum(count for _k, _t, count, _a, _w in METHODS)
    made = []
    for kind, method_title, count, title, weight in METHODS:
        method = add_method(actor=None, process=process, kind=kind, title=method_title)
        n = max(1, round(count * activities / total_weight))
        for number in range(1, n + 1):
            starts = today - datetime.timedelta(days=rng.randint(1, 175))
            label = title.format(
                name=rng.choice(FIRST_NAMES),
                place=rng.choice(DISTRICTS),
                topic=rng.choice(FOCUS_AREAS)[1].lower(),
                group=rng.choice(TARGET_GROUPS).lower(),
                number=number,
                body=rng.choice(BODIES),
            )
            activity = create_activity(
                actor=None,
                method=method,
                title=label,
                starts_on=starts,
                participants_low=rng.randint(3, 40)
                if kind != "conference"
                else rng.randint(80, 400),
                is_public=kind not in ("gjestebud", "interview"),
                target_groups=rng.sample(groups, rng.randint(0, 2)),
            )
            made.append((activity, weight))
    return process, areas, questions, made


def _make_inputs(process, areas, questions, activities, n, rng, stats, out):
    """The inputs in chunks, each one transaction of the bulk services."""
    from django.db import transaction
    from django.utils import timezone

    from sammen.contributors.services import bulk_add_contributor_details
    from sammen.inputs.models import Assessment, Input, Responsibility
    from sammen.inputs.services import bulk_create_inputs

    make_text = TextMaker(rng)
    now = timezone.now()
    start = now - datetime.timedelta(days=175)
    span = (now - start).total_seconds()
    weights = [weight for _a, weight in activities]
    responsibilities = list(Responsibility.values)
    channel_of = {}
    from sammen.engagement.method_kinds import channel_for_kind

    for activity, _w in activities:
        channel_of[activity.pk] = channel_for_kind(activity.method.kind)
    done = 0
    started = time.perf_counter()
    while done < n:
        size = min(CHUNK, n - done)
        items, item_areas = [], []
        # Originals first; campaign copies of them second, pointing at them once stored.
        copies: list[tuple[int, int]] = []  # (index of the original, number of copies)
        for _ in range(size):
            web = rng.random() < 0.3
            moderation = Input.Moderation.APPROVED
            reason = ""
            if web:
                roll = rng.random()
                if roll < 0.03:
                    moderation = Input.Moderation.PENDING
                elif roll < 0.045:
                    moderation = Input.Moderation.REJECTED
                    reason = rng.choice(REJECTION_REASONS)
            activity = None if web else rng.choices(activities, weights)[0][0]
            received = start + datetime.timedelta(seconds=rng.random() * span)
            item = Input(
                text=make_text(),
                activity_id=activity.pk if activity else None,
                channel=Input.Channel.WEB if web else channel_of[activity.pk],
                received_at=received,
                moderation=moderation,
                rejection_reason=reason,
                idempotency_key=f"gen-{rng.getrandbits(64):016x}" if web else None,
                place_name=rng.choice(DISTRICTS) if web and rng.random() < 0.2 else "",
            )
            ids: tuple[int, ...] = ()
            if moderation == Input.Moderation.APPROVED and rng.random() < 0.6:
                ids = tuple(area.pk for area in rng.sample(areas, rng.choice((1, 1, 1, 2))))
                item.responsibility = rng.choice(responsibilities)
                item.status = Input.Status.IN_REVIEW
                roll = rng.random()
                if roll < 0.3:
                    item.status = Input.Status.ASSESSED
                    item.assessment_outcome = rng.choice(Assessment.values)
                    if item.assessment_outcome == Assessment.NOT_USED:
                        item.assessment = rng.choice(NOT_USED_REASONS)
                    elif item.assessment_outcome == Assessment.OUT_OF_SCOPE:
                        item.referred_to = "Fylkeskommunen"
                elif roll < 0.32:
                    item.status = Input.Status.ARCHIVED
            items.append(item)
            item_areas.append(ids)
            if moderation == Input.Moderation.APPROVED and rng.random() < 0.006:
                copies.append((len(items) - 1, rng.randint(2, 8)))
        copies_total = sum(count for _i, count in copies)
        # Keep the chunk's size: the copies replace the last originals.
        while copies_total and len(items) + copies_total > size and len(items) > 1:
            items.pop()
            item_areas.pop()
            copies = [(i, c) for i, c in copies if i < len(items)]
            copies_total = sum(count for _i, count in copies)
        with transaction.atomic():
            created = bulk_create_inputs(
                actor=None, process=process, items=items, focus_area_ids=item_areas, analyse=False
            )
            dupes, dupe_areas = [], []
            for index, count in copies:
                original = created[index]
                for _ in range(count):
                    dupes.append(
                        Input(
                            text=original.text,
                            channel=Input.Channel.WEB,
                            received_at=original.received_at
                            + datetime.timedelta(minutes=rng.randint(1, 5000)),
                            duplicate_of_id=original.pk,
                            idempotency_key=f"gen-{rng.getrandbits(64):016x}",
                        )
                    )
                    dupe_areas.append(())
            created += bulk_create_inputs(
                actor=None, process=process, items=dupes, focus_area_ids=dupe_areas, analyse=False
            )
            stats.duplicates += len(dupes)
            answers, contacts = [], []
            for item in created:
                if item.channel != Input.Channel.WEB:
                    continue
                if rng.random() < 0.6:
                    for question in questions:
                        if rng.random() < 0.85:
                            answers.append((item.pk, question, rng.choice(question.choices)))
                if rng.random() < 0.1:
                    contacts.append((item.pk, f"innbygger{item.pk}@example.org", item.received_at))
            a, c = bulk_add_contributor_details(
                actor=None, process=process, answers=answers, contacts=contacts
            )
        stats.answers += a
        stats.contacts += c
        stats.pending += sum(item.moderation == Input.Moderation.PENDING for item in created)
        stats.rejected += sum(item.moderation == Input.Moderation.REJECTED for item in created)
        done += len(created)
        stats.inputs = done
        if done % 100_000 < len(created) or done == n:
            rate = done / (time.perf_counter() - started)
            out(f"    {done:,} inputs ({rate:,.0f}/s)")


def _replicate(process, target: int, out) -> int:
    """PostgreSQL only: copy the process's generated inputs (and their focus areas) in SQL,
    round after round, until it has `target`; for a million inputs on a busy machine, where
    building each row in Python takes too long. The copies are received a few days earlier
    than their originals, get fresh receipt codes, and an idempotency key naming the
    original ("rep-<id>-<round>"), which is how their focus areas are found; they have no
    "about you" answers, addresses or duplicate links of their own. Returns the count."""
    from django.db import connection, transaction

    from sammen.core.receipts import RECEIPT_ALPHABET

    table, links = "inputs_input", "inputs_input_focus_areas"
    columns = [
        "process_id", "activity_id", "text", "language", "channel", "responsibility", "status",
        "assessment_outcome", "assessment", "referred_to", "moderation", "rejection_reason",
        "place_name", "approved_at", "sorted_at", "assessed_at", "created_at",
    ]  # fmt: skip
    plain = ", ".join(columns)
    # A receipt code from the alphabet: 8 characters drawn by random(), unique by constraint
    # (a clash, one in 10^11 per pair, fails the round; run again).
    letters = "||".join(
        f"substr('{RECEIPT_ALPHABET}', 1 + floor(random() * {len(RECEIPT_ALPHABET)})::int, 1)"
        + ("||'-'" if n == 3 else "")
        for n in range(8)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*), max(id) FROM {table} WHERE process_id = %s", [process.pk])
        count, last_original = cursor.fetchone()
        round_ = 0
        while count < target:
            round_ += 1
            size = min(count, target - count, 100_000)
            with transaction.atomic():
                cursor.execute(
                    f"INSERT INTO {table} ({plain}, received_at, receipt_code, idempotency_key) "
                    f"SELECT {plain}, received_at - interval '3 days' * %s, {letters}, "
                    f"'rep-' || id || '-' || %s FROM {table} "
                    f"WHERE process_id = %s AND id <= %s AND duplicate_of_id IS NULL "
                    f"ORDER BY id DESC LIMIT %s",
                    [round_, round_, process.pk, last_original, size],
                )
                added = cursor.rowcount
                cursor.execute(
                    f"INSERT INTO {links} (input_id, focusarea_id) "
                    f"SELECT copy.id, link.focusarea_id FROM {table} copy "
                    f"JOIN {links} link ON link.input_id = "
                    f"split_part(copy.idempotency_key, '-', 2)::bigint "
                    f"WHERE copy.process_id = %s AND copy.idempotency_key LIKE %s",
                    [process.pk, f"rep-%-{round_}"],
                )
            if added == 0:
                break
            count += added
            out(f"    {count:,} inputs (copies)")
    return count


def _sorting_history(process, areas, rng, stats, entries: int) -> None:
    """The workbench's history: sorting changes of recent inputs, some of them bulk changes,
    written as the services write them (input.sort entries filed under the process)."""
    import uuid

    from django.db import transaction

    from sammen.core.services import audit_entry, record_audits
    from sammen.inputs.models import Input

    recent = list(
        Input.objects.filter(process=process, sorted_at__isnull=False)
        .order_by("-id")
        .values_list("pk", "received_at")[:entries]
    )
    keys = [area.key for area in areas]
    rows = []
    batch = None
    for index, (pk, received) in enumerate(reversed(recent)):
        if index % 50 == 0:
            batch = uuid.uuid4() if rng.random() < 0.3 else None
        entry = audit_entry(
            actor=None,
            action="sort",
            obj=Input(pk=pk, receipt_code=""),
            changes={"focus_areas": [[], [rng.choice(keys)]]},
            scope=process,
            created_at=received + datetime.timedelta(hours=2),
        )
        entry.batch = batch
        rows.append(entry)
    with transaction.atomic():
        record_audits(rows)
    stats.history = len(rows)


def _roadmap(process, areas, rng, stats) -> None:
    from django.db import transaction

    from sammen.inputs.models import Input, Responsibility
    from sammen.roadmap.services import create_action, create_goal, create_strategy, link_inputs

    for area in areas[:6]:
        with transaction.atomic():
            goal = create_goal(
                actor=None, process=process, focus_area=area, title=f"Bedre {area.title.lower()}"
            )
            for s in range(2):
                strategy = create_strategy(actor=None, goal=goal, title=f"Strategi {s + 1}")
                for a in range(3):
                    action = create_action(
                        actor=None,
                        strategy=strategy,
                        title=f"Tiltak {s + 1}.{a + 1} for {area.title.lower()}",
                        responsibility=rng.choice(Responsibility.values),
                    )
                    inputs = list(
                        Input.objects.filter(
                            process=process,
                            focus_areas=area,
                            moderation=Input.Moderation.APPROVED,
                        ).order_by("-id")[a * 40 + s * 200 : a * 40 + s * 200 + 40]
                    )
                    if inputs:
                        stats.links += len(link_inputs(actor=None, action=action, inputs=inputs))


def database_size() -> str:
    from django.conf import settings
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            return cursor.fetchone()[0]
    name = Path(settings.DATABASES["default"]["NAME"])
    size = sum(p.stat().st_size for p in name.parent.glob(name.name + "*") if p.exists())
    return f"{size / 1e6:,.0f} MB"


def generate(
    *,
    inputs: int,
    seed: int = 1,
    activities: int | None = None,
    demo: bool = True,
    replicate_from: int | None = None,
    out: Callable[[str], None] = print,
) -> Stats:
    """Fill the (migrated) database. Activities default to 2,000 at a million inputs, fewer
    for fewer (one per 500 inputs, at least 10). With `replicate_from` (PostgreSQL), only
    that many inputs are built in Python and the rest are copies made in SQL (_replicate)."""
    from django.core.management import call_command

    from sammen.processes.models import Process

    if Process.objects.filter(slug=SLUG).exists():
        raise SystemExit(f"The process «{SLUG}» exists already: generate into a fresh database.")
    rng = random.Random(seed)
    stats = Stats()
    activities = activities or max(10, min(2000, inputs // 500))
    if demo:
        with _timed(stats, "Borgen demo (load_demo)", out):
            call_command("load_demo", verbosity=0, stdout=io.StringIO())
    with _timed(stats, f"process, {activities} activities", out):
        process, areas, questions, made = _setup_process(rng, activities)
    stats.activities = len(made)
    built = min(inputs, replicate_from or inputs)
    with _timed(stats, f"{built:,} inputs, answers, addresses", out):
        _make_inputs(process, areas, questions, made, built, rng, stats, out)
    if built < inputs:
        with _timed(stats, f"copies up to {inputs:,} inputs (SQL)", out):
            stats.inputs = _replicate(process, inputs, out)
            # Statistics for the steps below: without them the roadmap's look-ups of a
            # million copies were planned as if the table were small (minutes, not seconds).
            _vacuum_analyze()
    with _timed(stats, "workbench history", out):
        _sorting_history(process, areas, rng, stats, entries=min(20_000, inputs // 10 + 10))
    with _timed(stats, "roadmap and links", out):
        _roadmap(process, areas, rng, stats)
    with _timed(stats, "figures (insights)", out):
        from sammen.insights.counting import store_counts

        store_counts(process)
    with _timed(stats, "VACUUM ANALYZE", out):
        _vacuum_analyze()
    return stats


def _vacuum_analyze() -> None:
    """What autovacuum does to a running database after bulk inserts: statistics for the
    planner, and the visibility map that lets an index-only scan skip the table (without
    it, counting 10,000 ids fetched 10,000 rows). Run here because autovacuum may be off
    (it is on the shared benchmark server) or not have come round yet. VACUUM cannot run in
    a transaction (the tests generate in one): there, ANALYZE alone."""
    from django.db import connection

    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--activities", type=int, default=None, help="default: N/500, ≤ 2,000")
    parser.add_argument("--no-demo", action="store_true", help="leave the Borgen demo out")
    parser.add_argument(
        "--replicate-from",
        type=int,
        default=None,
        help="PostgreSQL: build this many inputs in Python, copy them in SQL up to --inputs "
        "(for a busy machine)",
    )
    args = parser.parse_args()
    if args.inputs < 1:
        parser.error("--inputs must be at least 1")
    if args.replicate_from is not None and args.replicate_from < 1:
        parser.error("--replicate-from must be at least 1")

    if not os.environ.get("DATABASE_URL") and not os.environ.get("SAMMEN_DATA_DIR"):
        import tempfile

        os.environ["SAMMEN_DATA_DIR"] = tempfile.mkdtemp(prefix="sammen-generate-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import warnings

    import django

    from config import startup

    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    startup.prepare()
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    stats = generate(
        inputs=args.inputs,
        seed=args.seed,
        activities=args.activities,
        demo=not args.no_demo,
        replicate_from=args.replicate_from,
        out=lambda line: print(line, flush=True),
    )
    seconds = time.perf_counter() - began
    print(
        f"storby: {stats.inputs:,} inputs ({stats.duplicates:,} duplicates, "
        f"{stats.pending:,} pending, {stats.rejected:,} rejected), {stats.activities:,} "
        f"activities, {stats.answers:,} answers, {stats.contacts:,} addresses, "
        f"{stats.links:,} roadmap links, {stats.history:,} history entries"
    )
    print(f"time: {seconds:,.1f} s; database size: {database_size()}")


if __name__ == "__main__":
    main()
