"""What the analysis does when lower apps send a domain signal (sammen.core.signals).
Connected in AnalysisConfig.ready(). Nothing slow here: tasks are enqueued on commit."""

from django.db import transaction
from django.dispatch import receiver

from sammen.core.signals import inputs_created, inputs_sorted

from . import suggestions, tasks


class _OnCommit:
    """Work gathered through one transaction and done once when it commits: the inputs of
    fast entry's lines or an import's chunk go to one task. A later signal in the same
    transaction joins the callback already waiting in it (Django's list of a connection's
    on-commit callbacks); if that callback is discarded by a rollback, so was the work that
    joined it, for it was done inside the same rolled-back savepoint."""

    def __init__(self):
        self.ids: set[int] = set()
        self.done = False

    def __call__(self) -> None:
        self.done = True
        self.run()

    def run(self) -> None:
        raise NotImplementedError

    @classmethod
    def gather(cls, ids) -> None:
        connection = transaction.get_connection()
        for _sids, callback, _robust in getattr(connection, "run_on_commit", []):
            if type(callback) is cls and not callback.done:
                callback.ids.update(ids)
                return
        batch = cls()
        batch.ids.update(ids)
        transaction.on_commit(batch)


class _Embed(_OnCommit):
    def run(self) -> None:
        tasks.embed_new_inputs.enqueue(sorted(self.ids))


class _Learn(_OnCommit):
    def run(self) -> None:
        for process_id in sorted(self.ids):
            if suggestions.request_analysis(process_id):
                tasks.analyse_process.enqueue(process_id)


@receiver(inputs_created, dispatch_uid="analysis.embed_new_inputs")
def embed_on_arrival(sender, *, input_ids, **kwargs) -> None:
    _Embed.gather(input_ids)


@receiver(inputs_sorted, dispatch_uid="analysis.learn_from_sorting")
def learn_from_sorting(sender, *, process_id, **kwargs) -> None:
    """Staff sorted: learn again once the change is committed (one run waits at a time)."""
    _Learn.gather([process_id])
