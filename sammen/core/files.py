"""Names for uploaded files, and how they are served."""

import datetime
import uuid

from django.core.files.storage import Storage
from django.http import FileResponse


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


# An uploaded file is served from the site's own origin, so it must never run there as a
# page: a PDF may carry scripts (OpenAction) or end in HTML that a browser could be talked
# into rendering. Served in a sandbox (no scripts, no same-origin access, nothing loaded but
# the file itself), never sniffed as another type, and as a download unless it is a photo,
# which the upload decoded and re-encoded.
SANDBOX_POLICY = "sandbox; default-src 'none'; img-src 'self'"
SHOWN_INLINE = {"image/jpeg", "image/png", "image/webp"}


def private_file_response(handle, *, content_type: str, filename: str) -> FileResponse:
    """A stored upload for a permitted user: photos shown, everything else downloaded."""
    response = FileResponse(
        handle,
        content_type=content_type,
        filename=filename,
        as_attachment=content_type not in SHOWN_INLINE,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_POLICY
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, max-age=3600"
    return response
