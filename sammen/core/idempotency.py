"""Save once by idempotency key.

A form carries a key made when the page was drawn; a double click, a reload or a retry after
a lost answer sends the same key again. The model holds the key in a field named
`idempotency_key` under a unique constraint (per process or per session), and the service
asks `save_once` to store the row or hand back the one stored the first time.
"""

from collections.abc import Callable

from django.db import IntegrityError, models, transaction


def find_by_key[M: models.Model](queryset: models.QuerySet[M], key: str | None) -> M | None:
    """The row stored earlier with this key, if any."""
    if not key:
        return None
    return queryset.filter(idempotency_key=key).first()


def save_once[M: models.Model](
    queryset: models.QuerySet[M], key: str | None, create: Callable[[], M]
) -> tuple[M, bool]:
    """Return (the row stored with key, False), or (create(), True).

    queryset is the constraint's scope (the process's inputs, the session's routes). create
    validates, saves and audits the new row; it runs in a savepoint, so when another request
    with the same key wins the race between the look-up and the insert, the unique constraint's
    IntegrityError undoes only this attempt (its audit entry too), the caller's transaction
    stays usable, and the winner's row is returned. Without a key, create() just runs.
    """
    if existing := find_by_key(queryset, key):
        return existing, False
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        if existing := find_by_key(queryset, key):
            return existing, False
        raise
