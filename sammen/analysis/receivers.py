import logging

from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.dispatch import receiver

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
