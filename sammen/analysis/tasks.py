"""The text analysis's background tasks (never run in a request)."""

import logging

from django.conf import settings
from django.tasks import task
from django.utils.translation import gettext as _
from threadpoolctl import threadpool_limits

from sammen.core.tasks_runtime import retry_when_lost
from sammen.processes.models import Process

from . import suggestions, themes
from .duplicates import fail_scan, run_scan

logger = logging.getLogger(__name__)


# Safe to run again: what is already embedded is skipped.
@retry_when_lost(max_attempts=3)
@task()
def embed_new_inputs(input_ids: list[int]) -> int:
    """Embed inputs once, as they arrive, and suggest for them at once with what the process
    learnt so far."""
    with threadpool_limits(settings.SAMMEN_ANALYSIS_THREADS):
        embedded = suggestions.embed_inputs(input_ids)
        waiting = suggestions.suggest_new_inputs(input_ids)
    for process_id in waiting:
        if suggestions.request_analysis(process_id):
            analyse_process.enqueue(process_id)
    logger.info("Embedded %s of %s new inputs", embedded, len(input_ids))
    return embedded


def _give_up(process_id: int) -> None:
    suggestions.start_analysis(process_id)


# Safe to run again: each run replaces what the last one stored.
@retry_when_lost(max_attempts=2, on_give_up=_give_up)
@task()
def analyse_process(process_id: int) -> dict:
    """Learn the process's sorting anew, suggest for its unsorted inputs, and find themes."""
    suggestions.start_analysis(process_id)
    process = Process.objects.filter(pk=process_id).first()
    if process is None:
        return {}
    with threadpool_limits(settings.SAMMEN_ANALYSIS_THREADS):
        trained = suggestions.train_process(process)
        found = themes.find_themes(process)
    suggestions.finish_analysis(process_id)
    return {
        "suggesters": {s.kind: s.state for s in trained},
        "themes": len(found),
    }


def give_up_scan(scan_id: int) -> None:
    fail_scan(scan_id, _("Søket stoppet fordi bakgrunnsarbeideren ble borte. Prøv igjen."))


# Safe to run again: a scan replaces the offers it made, and a finished one does nothing.
@retry_when_lost(max_attempts=3, on_give_up=give_up_scan)
@task()
def scan_near_duplicates(scan_id: int) -> str:
    """Find near-duplicate inputs of a process (MinHash-LSH) and offer them to staff."""
    return run_scan(scan_id)
