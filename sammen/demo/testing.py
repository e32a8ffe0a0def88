"""The Borgen demo for tests: loaded through its services the first time in a test process,
replayed from the rows that load wrote after that (sammen/core/testing_replay.py)."""

from django.utils import timezone

from sammen.core.testing_replay import load_recorded
from sammen.demo.borgen import SLUG, load_borgen_demo
from sammen.processes.models import Process


def load_borgen_for_test() -> Process | None:
    """What load_borgen_demo() returns, in a fraction of its time after the first call."""
    if Process.objects.filter(slug=SLUG).exists():
        return None
    # The demo's content depends on the day (what is upcoming, what is past).
    return load_recorded(
        ("borgen", timezone.localdate()),
        load_borgen_demo,
        lambda: Process.objects.get(slug=SLUG),
    )
