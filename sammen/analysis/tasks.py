from django.tasks import task
from django.utils.translation import gettext as _

from sammen.core.tasks_runtime import retry_when_lost

from .duplicates import fail_scan, run_scan


def give_up_scan(scan_id: int) -> None:
    fail_scan(scan_id, _("Søket stoppet fordi bakgrunnsarbeideren ble borte. Prøv igjen."))


# Safe to run again: a scan replaces the offers it made, and a finished one does nothing.
@retry_when_lost(max_attempts=3, on_give_up=give_up_scan)
@task()
def scan_near_duplicates(scan_id: int) -> str:
    """Find near-duplicate inputs of a process (MinHash-LSH) and offer them to staff."""
    return run_scan(scan_id)
