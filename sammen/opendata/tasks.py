from django.tasks import task

from sammen.core.tasks_runtime import retry_when_lost

from .exports import give_up_export, write_export


# Safe to run again: a new run writes a new file and hands it over only while its generation
# is still the one asked for.
@retry_when_lost(max_attempts=3, on_give_up=give_up_export)
@task()
def make_export(export_id: int, generation: int, meta: dict) -> str:
    """Write a big open-data file to the default storage (services.request_export)."""
    return write_export(export_id, generation, meta)
