from django.tasks import task

from sammen.processes.models import Process

from .counting import store_counts


@task()
def refresh_process_figures(process_id: int) -> None:
    """Compute a large process's stored counts again (figures.process_counts enqueues it)."""
    process = Process.objects.filter(pk=process_id).first()
    if process is not None:
        store_counts(process)
