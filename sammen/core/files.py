"""Names for uploaded files."""

import datetime
import uuid

from django.core.files.storage import Storage


def import_path(instance, filename: str) -> str:
    """Where an uploaded import file is kept: a random name, since a raw export holds
    commenters' names and its original name (kept on the batch) may say what it is. The
    file is deleted once the import is over."""
    suffix = filename.rpartition(".")[2].lower()[:10]
    return f"imports/{uuid.uuid4().hex}.{suffix}"


def sweep_orphan_files(
    storage: Storage, folder: str, *, keep: set[str], older_than: datetime.datetime
) -> int:
    """Delete the files under `folder` (and its sub-folders) that no row refers to: left
    behind by a crash, a deleted row or a rolled-back upload. `keep` holds the names rows
    refer to; a file "<name>.<anything>" beside a kept one is kept too (an import's checked
    rows). Files changed after `older_than` are left, since an upload may still be on its
    way to its row. Returns how many were deleted."""
    if not storage.exists(folder):
        return 0
    deleted = 0
    folders, files = storage.listdir(folder)
    for sub in folders:
        deleted += sweep_orphan_files(storage, f"{folder}/{sub}", keep=keep, older_than=older_than)
    for name in files:
        path = f"{folder}/{name}"
        if path in keep or path.rpartition(".")[0] in keep:
            continue
        if storage.get_modified_time(path) >= older_than:
            continue
        storage.delete(path)
        deleted += 1
    return deleted
