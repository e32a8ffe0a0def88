from django.tasks import task
from django.utils.translation import gettext as _

from sammen.core.tasks_runtime import retry_when_lost

from .pipeline import interrupt_import_batch, run_import_task


def give_up_import(batch_id: int, stage: str, actor_id: int | None) -> None:
    """The worker was lost on every attempt: the page says so and offers what to do."""
    message = (
        _("Sjekken stoppet fordi bakgrunnsarbeideren ble borte. Prøv igjen.")
        if stage == "analyse"
        else _(
            "Importen stoppet fordi bakgrunnsarbeideren ble borte flere ganger. Innspillene "
            "som alt er lagret, er beholdt. Fortsett importen, eller avbryt den."
        )
    )
    interrupt_import_batch(batch_id=batch_id, stage=stage, message=message)


# Safe to run again: a check only rewrites the batch's figures, and an import resumes after
# the last chunk it stored (pipeline.py).
@retry_when_lost(max_attempts=3, on_give_up=give_up_import)
@task()
def process_import_batch(batch_id: int, stage: str, actor_id: int | None) -> str:
    """Check ("analyse") or import ("import") a large uploaded file, reporting progress on
    the ImportBatch as it goes."""
    return run_import_task(batch_id, stage, actor_id)
