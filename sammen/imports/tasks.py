from django.tasks import task

from .pipeline import run_import_task


@task()
def process_import_batch(batch_id: int, stage: str, actor_id: int | None) -> str:
    """Check ("analyse") or import ("import") a large uploaded file, reporting progress on
    the ImportBatch as it goes."""
    return run_import_task(batch_id, stage, actor_id)
