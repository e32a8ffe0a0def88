"""Names for uploaded files."""

import uuid


def import_path(instance, filename: str) -> str:
    """Where an uploaded import file is kept: a random name, since a raw export holds
    commenters' names and its original name (kept on the batch) may say what it is. The
    file is deleted once the import is over."""
    suffix = filename.rpartition(".")[2].lower()[:10]
    return f"imports/{uuid.uuid4().hex}.{suffix}"
