"""What the analysis does when lower apps send a domain signal (sammen.core.signals).
Connected in AnalysisConfig.ready(). Nothing slow here: tasks are enqueued on commit."""

import logging

from django.db import transaction
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from sammen.core.signals import inputs_created, inputs_sorted
from sammen.core.tasks_runtime import enqueue_in_transaction

from . import suggestions, tasks
from .search_index import STEM_FUNCTION, ensure_index
from .stemming import stemmed_text

logger = logging.getLogger(__name__)


def _stem(text):
    return stemmed_text(text or "")


@receiver(connection_created, dispatch_uid="analysis.register_stemmer")
def register_stemmer(sender, connection, **kwargs):
    """SQLite's index triggers call the Python stemmer: every connection must know it."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(STEM_FUNCTION, 1, _stem, deterministic=True)


@receiver(post_migrate, dispatch_uid="analysis.ensure_search_index")
def ensure_search_index(sender, using="default", plan=None, **kwargs):
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    if sender.name != "sammen.analysis":
        return
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    # Only once the index's own migration is applied (not after migrating back before it).
    applied = MigrationRecorder(connection).applied_migrations()
    if not any(app == "analysis" and "search_index" in name for app, name in applied):
        return
    if ensure_index(connection):
        logger.warning("The SQLite full-text index of inputs was rebuilt (triggers were missing).")


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
def embed_on_arrival(sender, *, input_ids, at_once=False, **kwargs) -> None:
    """One task for the inputs of a transaction, enqueued when it commits; `at_once` (one
    input, the public form) enqueues it now, inside the transaction, when the queue is in the
    same database: committed together with the input, in one commit."""
    if at_once and enqueue_in_transaction(tasks.embed_new_inputs, sorted(input_ids)):
        return
    _Embed.gather(input_ids)


@receiver(inputs_sorted, dispatch_uid="analysis.learn_from_sorting")
def learn_from_sorting(sender, *, process_id, **kwargs) -> None:
    """Staff sorted: learn again once the change is committed (one run waits at a time)."""
    _Learn.gather([process_id])
