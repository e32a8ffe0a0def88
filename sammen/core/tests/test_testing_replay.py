"""The replay of a recorded set-up (sammen/core/testing_replay.py), which about a hundred tests
start from: it must give them the database a fresh load would."""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from sammen.core import testing_replay
from sammen.core.models import AuditEntry
from sammen.core.testing_replay import ID_FLOOR, _now_columns, load_recorded
from sammen.demo.borgen import SLUG, load_borgen_demo
from sammen.processes.models import Organisation, Process
from sammen.processes.tests.factories import make_organisation

pytestmark = pytest.mark.django_db


def _dump() -> dict[str, list[tuple]]:
    """Every row of every table, without the columns that hold the time of the load."""
    dump = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        now = _now_columns(model)
        fields = [f.attname for f in model._meta.concrete_fields if f.column not in now]
        rows = model._base_manager.order_by("pk").values_list(*fields)
        dump[model._meta.db_table] = [tuple(map(repr, row)) for row in rows]
    return dump


def _find():
    return Process.objects.get(slug=SLUG)


def _loaded(key):
    """Load (or replay) the demo in a savepoint; return what it left, then take it away."""
    with transaction.atomic():
        process = load_recorded(key, load_borgen_demo, _find)
        dump = _dump()
        transaction.set_rollback(True)
    return process, dump


# The tests share one recording (a real load takes some ten seconds): the first to run makes
# it, and keeps what the real load left for the comparison.
KEY = ("replay-tests",)
_first_load: dict = {}


def _recorded():
    """The process and the rows of the real load behind the module's recording."""
    if KEY not in testing_replay._recordings or not _first_load:
        testing_replay._recordings.pop(KEY, None)
        _first_load["process"], _first_load["dump"] = _loaded(KEY)
    return _first_load["process"], _first_load["dump"]


def test_a_replay_gives_the_rows_the_first_load_wrote():
    first, recorded = _recorded()
    again, replayed = _loaded(KEY)
    assert again.pk == first.pk
    assert replayed == recorded


def test_a_replay_goes_beside_the_rows_the_test_wrote():
    _recorded()
    before = make_organisation(slug="holmen", name="Holmen kommune")
    process = load_recorded(KEY, load_borgen_demo, _find)
    # Both are there: the replay took ids the test's own row does not have.
    assert process.organisation_id >= ID_FLOOR
    assert Organisation.objects.filter(pk__in=[before.pk, process.organisation_id]).count() == 2
    after = make_organisation(slug="hurum", name="Hurum kommune")
    assert after.pk > process.organisation_id


def test_times_of_the_load_move_to_the_moment_of_the_replay(time_machine):
    _recorded()
    moment = datetime.datetime(2030, 3, 10, 9, tzinfo=datetime.UTC)
    time_machine.move_to(moment, tick=False)
    load_recorded(KEY, load_borgen_demo, _find)
    latest = AuditEntry.objects.aggregate(latest=Max("created_at"))["latest"]
    earliest = AuditEntry.objects.aggregate(earliest=Min("created_at"))["earliest"]
    # As if the load had just ended: nothing after the replay, nothing long before it.
    assert moment - datetime.timedelta(minutes=10) < earliest <= latest <= moment


def test_content_types_made_again_under_new_ids_are_followed():
    _recorded()
    recording = testing_replay._recordings[KEY]
    # What a flush does: the content types come back under other ids.
    old_id = ContentType.objects.get_for_model(Process).pk
    new_id = old_id + 5000
    ContentType.objects.filter(pk=old_id).update(id=new_id)
    Permission.objects.filter(content_type_id=old_id).update(content_type_id=new_id)
    ContentType.objects.clear_cache()
    process = load_recorded(KEY, load_borgen_demo, _find)
    assert testing_replay._recordings[KEY] is recording, "it was loaded again, not replayed"
    entries = AuditEntry.objects.filter(content_type_id=new_id, object_id=str(process.pk))
    assert entries.exists()


def test_what_a_replay_wrote_lies_before_what_the_test_does_next():
    _recorded()
    load_recorded(KEY, load_borgen_demo, _find)
    latest = AuditEntry.objects.aggregate(latest=Max("created_at"))["latest"]
    assert latest <= timezone.now()
