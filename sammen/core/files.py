"""Names for uploaded files, and how they are served."""

import uuid

from django.http import FileResponse


def import_path(instance, filename: str) -> str:
    """Where an uploaded import file is kept: a random name, since a raw export holds
    commenters' names and its original name (kept on the batch) may say what it is. The
    file is deleted once the import is over."""
    suffix = filename.rpartition(".")[2].lower()[:10]
    return f"imports/{uuid.uuid4().hex}.{suffix}"


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
