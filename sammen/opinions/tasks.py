from django.tasks import task

from .compute import run_analysis


@task()
def analyse_conversation(conversation_id: int) -> str:
    """Recompute a conversation's opinion groups and store them (see compute.run_analysis)."""
    return run_analysis(conversation_id)
