"""Checking and cleaning uploads: photos of flip-charts, scanned forms, PDFs, logos.

A file is judged by its content, never by its name: the first bytes say what it is, Pillow
decodes every image, and a PDF must have a header and an end-of-file marker. Images are
re-encoded, which strips EXIF metadata (GPS positions, camera serial numbers), turns the
picture the way the camera meant and caps its size.
"""

import io
import os
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

JPEG_QUALITY = 85

SIGNATURES = [
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
]


@dataclass(frozen=True)
class CleanFile:
    name: str
    content_type: str
    extension: str
    data: bytes


def max_upload_bytes() -> int:
    return settings.SAMMEN_MAX_UPLOAD_MB * 1024 * 1024


def sniff(head: bytes) -> str | None:
    """The content type the first bytes of a file show, or None for anything else."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and head[8:12] in {b"heic", b"heix", b"mif1", b"heim", b"heis"}:
        return "image/heic"
    return None


def original_name(upload: File) -> str:
    name = os.path.basename((upload.name or "").replace("\\", "/")).strip()
    return name[:255] or _("uten navn")


def check_upload(upload: File) -> str:
    """Refuse what is not an accepted attachment; return its content type."""
    name = original_name(upload)
    if not upload.size:
        raise ValidationError(
            _("«%(name)s» er tom (0 byte). Velg filen på nytt."), params={"name": name}
        )
    if upload.size > max_upload_bytes():
        raise ValidationError(
            _("«%(name)s» er %(size)s MB. Filer kan være på høyst %(limit)s MB."),
            params={
                "name": name,
                "size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ","),
                "limit": settings.SAMMEN_MAX_UPLOAD_MB,
            },
        )
    upload.seek(0)
    head = upload.read(16)
    content_type = sniff(head)
    if content_type == "image/heic":
        raise ValidationError(
            _(
                "«%(name)s» er et HEIC-bilde, som ikke støttes ennå. Lagre det som JPEG "
                "(på iPhone: Innstillinger → Kamera → Formater → Mest kompatibel) og prøv igjen."
            ),
            params={"name": name},
        )
    if content_type is None:
        raise ValidationError(
            _(
                "«%(name)s» er verken et bilde (JPEG, PNG eller WebP) eller en PDF, "
                "uansett hva filnavnet sier."
            ),
            params={"name": name},
        )
    if content_type == "application/pdf":
        _check_pdf(upload, name)
    else:
        _open_image(upload, name, verify=True)
    return content_type


def _check_pdf(upload: File, name: str) -> None:
    upload.seek(max(upload.size - 1024, 0))
    tail = upload.read()
    if b"%%EOF" not in tail:
        raise ValidationError(
            _(
                "«%(name)s» er en ufullstendig PDF (slutten mangler). "
                "Lagre eller skann den på nytt."
            ),
            params={"name": name},
        )


def _open_image(upload: File, name: str, *, verify: bool = False) -> Image.Image:
    broken = ValidationError(
        _("«%(name)s» er et skadet eller ufullstendig bilde som ikke kan åpnes."),
        params={"name": name},
    )
    upload.seek(0)
    try:
        image = Image.open(upload)
        width, height = image.size
        # Pillow's own limit (about 89 million pixels) refuses decompression bombs; this one
        # (SAMMEN_MAX_IMAGE_MEGAPIXELS) is lower, as no photo of a flip-chart needs more.
        if width * height > settings.SAMMEN_MAX_IMAGE_MEGAPIXELS * 1_000_000:
            raise ValidationError(
                _(
                    "«%(name)s» er %(width)s × %(height)s piksler, for stort til å behandles. "
                    "Ta bildet med lavere oppløsning."
                ),
                params={"name": name, "width": width, "height": height},
            )
        if verify:
            image.verify()
        else:
            image.load()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise broken from None
    return image


def clean_upload(upload: File, *, max_side: int | None = None) -> CleanFile:
    """Check an upload and return what is to be stored: images re-encoded (their long side at
    most `max_side`, by default SAMMEN_IMAGE_MAX_SIDE), PDFs as they are."""
    content_type = check_upload(upload)
    name = original_name(upload)
    if content_type == "application/pdf":
        upload.seek(0)
        return CleanFile(name, content_type, "pdf", upload.read())
    image = _open_image(upload, name)
    transparent = _has_transparency(image)
    image = ImageOps.exif_transpose(image)
    # The long side of a stored image (SAMMEN_IMAGE_MAX_SIDE): enough to read a flip-chart, a
    # fraction of a phone photo.
    side = max_side or settings.SAMMEN_IMAGE_MAX_SIDE
    image.thumbnail((side, side))
    out = io.BytesIO()
    if transparent:
        image = image.convert("RGBA")
        # Nothing of the original's metadata is carried over: no EXIF, no XMP, no text chunks.
        image.info = {}
        image.save(out, format="PNG")
        return CleanFile(name, "image/png", "png", out.getvalue())
    image = image.convert("RGB")
    image.info = {}
    image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return CleanFile(name, "image/jpeg", "jpg", out.getvalue())


def clean_picture(
    upload: File, *, max_side: int, not_a_picture: str, field: str | None = None
) -> CleanFile:
    """clean_upload for a field that takes pictures only: a PDF is refused with
    `not_a_picture` (a message with %(name)s for the file's name), on `field` if given."""
    cleaned = clean_upload(upload, max_side=max_side)
    if not cleaned.content_type.startswith("image/"):
        message = not_a_picture % {"name": cleaned.name}
        raise ValidationError({field: message} if field else message)
    return cleaned


def replace_stored_file(field_file, stem: str, cleaned: CleanFile | None) -> None:
    """Put a cleaned file in a model's file field (or empty it with None), not saving the
    model; the file it held is deleted once the transaction commits."""
    old = field_file.name
    if cleaned is None:
        setattr(field_file.instance, field_file.field.attname, "")
    else:
        field_file.save(f"{stem}.{cleaned.extension}", ContentFile(cleaned.data), save=False)
    if old:
        storage = field_file.storage
        transaction.on_commit(lambda: storage.delete(old))


def _has_transparency(image: Image.Image) -> bool:
    return image.mode in {"RGBA", "LA", "PA"} or (
        image.mode == "P" and "transparency" in image.info
    )
