"""The Borgen demo for tests: loaded through its services the first time in a test process,
replayed from the rows that load wrote after that (sammen/core/testing_replay.py)."""

from django.core.files.base import ContentFile
from django.utils import timezone

from sammen.core.testing_replay import load_recorded
from sammen.demo.borgen import SLUG, load_borgen_demo
from sammen.demo.borgen_cover import borgen_cover_file
from sammen.processes.models import Process


def load_borgen_for_test() -> Process | None:
    """What load_borgen_demo() returns, in a fraction of its time after the first call."""
    if Process.objects.filter(slug=SLUG).exists():
        return None
    # The demo's content depends on the day (what is upcoming, what is past).
    process = load_recorded(
        ("borgen", timezone.localdate()),
        load_borgen_demo,
        lambda: Process.objects.get(slug=SLUG),
    )
    _put_back_cover(process)
    return process


def _put_back_cover(process: Process | None) -> None:
    """A replay puts back rows, not files: the cover image the recorded load stored may lie
    in another test's media folder. It is the same drawing every time, so it is stored again
    under the name its row gives, re-encoded as the service does."""
    if process is None or not process.cover_image:
        return
    storage, name = process.cover_image.storage, process.cover_image.name
    if not storage.exists(name):
        storage.save(name, ContentFile(borgen_cover_file()))
