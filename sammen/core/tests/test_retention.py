"""The daily purge as a task: every kind of personal data past its retention goes, tested
with a frozen clock; the task schedules itself for tomorrow and is never waiting twice."""

import datetime
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from sammen.childrens_map.models import ChildRoute, ChildSession
from sammen.childrens_map.services import add_child_route
from sammen.childrens_map.tests.factories import make_area, make_session
from sammen.contributors.models import Contact, ContributorAnswer
from sammen.contributors.services import record_contributor_details
from sammen.contributors.tests.factories import make_question
from sammen.core.models import AuditEntry
from sammen.core.tasks import ensure_daily_purge, purge_personal_data_daily
from sammen.core.tests.queue import run_due_tasks, waiting
from sammen.inputs.tests.factories import make_input
from sammen.processes.models import Process
from sammen.processes.tests.factories import make_process

pytestmark = pytest.mark.django_db

GIVEN = datetime.datetime(2026, 1, 15, 12, tzinfo=datetime.UTC)
LINE = {"type": "LineString", "coordinates": [[10.43, 59.83], [10.44, 59.84]]}


@pytest.fixture
def process():
    return make_process(slug="lagring", status=Process.Status.ACTIVE, retention_months=6)


@pytest.fixture
def given(process, time_machine):
    """An input with an address and an answer, and a child's route with a comment, all
    given on 15 January 2026."""
    time_machine.move_to(GIVEN, tick=False)
    item = make_input(process, received_at=GIVEN)
    record_contributor_details(
        actor=None, item=item, answers={make_question(process): "Under 25"}, email="k@example.no"
    )
    make_area(process)
    session = make_session(process)
    add_child_route(
        session=session,
        geometry=LINE,
        travel_mode="ga",
        destination="skole",
        comment="Jeg heter Ola",
    )
    return item


def test_nothing_goes_on_the_last_day_of_the_retention_period(given, time_machine):
    time_machine.move_to(datetime.datetime(2026, 7, 15, 12, tzinfo=datetime.UTC), tick=False)

    purge_personal_data_daily.call()

    assert Contact.objects.exists()
    assert ContributorAnswer.objects.exists()
    assert ChildRoute.objects.get().comment == "Jeg heter Ola"


def test_everything_past_its_retention_goes_the_day_after(given, time_machine):
    time_machine.move_to(datetime.datetime(2026, 7, 16, 12, tzinfo=datetime.UTC), tick=False)

    summaries = purge_personal_data_daily.call()

    assert not Contact.objects.exists()
    assert not ContributorAnswer.objects.exists()
    route = ChildRoute.objects.get()
    assert route.comment == ""
    assert route.geometry["type"] == "LineString"
    assert ChildSession.objects.count() == 1
    assert "Slettet svarene om innsenderen fra 1 innspill." in summaries
    verbs = set(AuditEntry.objects.values_list("verb", flat=True))
    assert {"contact.delete", "input.purge_answers", "childsession.purge_comments"} <= verbs
    logged = str(list(AuditEntry.objects.values_list("changes", "object_repr")))
    assert "Ola" not in logged and "k@example.no" not in logged and "Under 25" not in logged


def test_the_purge_schedules_itself_for_tomorrow_at_the_purge_hour(db, time_machine, settings):
    settings.SAMMEN_PURGE_HOUR = 3
    time_machine.move_to(datetime.datetime(2026, 5, 5, 10, tzinfo=datetime.UTC), tick=False)
    assert ensure_daily_purge()

    run_due_tasks()

    [next_run] = waiting(purge_personal_data_daily)
    assert next_run.run_after.astimezone(datetime.UTC) == datetime.datetime(
        2026,
        5,
        6,
        1,
        tzinfo=datetime.UTC,  # 03:00 in Oslo, summer time
    )


def test_a_worker_starting_twice_leaves_one_purge_waiting(db):
    assert ensure_daily_purge()
    assert not ensure_daily_purge()

    assert len(waiting(purge_personal_data_daily)) == 1


def test_a_run_while_another_waits_does_not_add_a_second(db):
    ensure_daily_purge()
    purge_personal_data_daily.call()

    assert len(waiting(purge_personal_data_daily)) == 1


def test_the_worker_command_ensures_the_purge(db, monkeypatch):
    from sammen.core.management.commands import worker

    monkeypatch.setattr(worker.WorkerWithLease, "run", lambda self: None)
    call_command("worker", "--batch", "--no-startup-delay")

    assert len(waiting(purge_personal_data_daily)) == 1


def test_leftover_import_and_orphaned_attachment_files_go(
    process, time_machine, settings, tmp_path
):
    from sammen.imports.models import ImportBatch

    settings.MEDIA_ROOT = tmp_path
    settings.SAMMEN_IMPORT_FILE_DAYS = 14
    time_machine.move_to(GIVEN, tick=False)
    ended = ImportBatch.objects.create(
        process=process, original_name="a.csv", format="csv", status="done"
    )
    ended.file.save("imports/ended.csv", ContentFile(b"navn\nOla"), save=True)
    waiting_batch = ImportBatch.objects.create(process=process, original_name="b.csv", format="csv")
    waiting_batch.file.save("imports/waiting.csv", ContentFile(b"navn\nKari"), save=True)
    default_storage.save("imports/orphan.csv", ContentFile(b"navn\nPer"))
    default_storage.save("aktiviteter/9/orphan.jpg", ContentFile(b"\xff\xd8\xff"))
    # The files' clock is the disk's, not the frozen one: date them as written on GIVEN.
    for path in tmp_path.rglob("*"):
        if path.is_file():
            os.utime(path, (GIVEN.timestamp(), GIVEN.timestamp()))
    time_machine.move_to(GIVEN + datetime.timedelta(days=2), tick=False)

    purge_personal_data_daily.call()

    names = default_storage.listdir("imports")[1]
    assert names == [waiting_batch.file.name.rpartition("/")[2]]
    assert default_storage.listdir("aktiviteter/9")[1] == []
    ended.refresh_from_db()
    assert ended.file.name == ""
    time_machine.move_to(GIVEN + datetime.timedelta(days=15), tick=False)

    purge_personal_data_daily.call()

    assert default_storage.listdir("imports")[1] == []
    # Never confirmed: cancelled with its file gone, so its page offers nothing that fails.
    waiting_batch.refresh_from_db()
    assert waiting_batch.status == ImportBatch.Status.CANCELLED


def test_illustrative_answers_are_nobodys_personal_data_and_stay(process, time_machine):
    from sammen.contributors.services import bulk_add_contributor_details

    item = make_input(process, received_at=GIVEN)
    question = make_question(process)
    bulk_add_contributor_details(
        actor=None, process=process, answers=[(item.pk, question, "Under 25")], is_illustrative=True
    )
    time_machine.move_to(datetime.datetime(2027, 1, 1, 12, tzinfo=datetime.UTC), tick=False)

    purge_personal_data_daily.call()

    assert ContributorAnswer.objects.get().is_illustrative
