"""Tiny files for upload tests: images made by Pillow, a PDF written byte by byte."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def image_bytes(
    fmt: str = "JPEG", size: tuple[int, int] = (40, 20), mode: str = "RGB", exif=None
) -> bytes:
    color = {"RGB": "red", "RGBA": (255, 0, 0, 128)}.get(mode, 0)
    image = Image.new(mode, size, color)
    out = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


def photo_with_gps_and_rotation() -> bytes:
    """A 40 × 20 JPEG whose EXIF says: turn 90° to view, taken at Borgen (GPS)."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "Kameraprodusent"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (59.0, 50.0, 0.0), 3: "E", 4: (10.0, 26.0, 0.0)})
    return image_bytes(exif=exif)


def pdf_bytes() -> bytes:
    """A minimal valid one-page PDF, with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def jpeg_upload(name: str = "flippover.jpg", **kwargs):
    return upload(name, image_bytes(**kwargs), "image/jpeg")


def png_upload(name: str = "bilde.png", size: tuple[int, int] = (300, 200)):
    return upload(name, image_bytes("PNG", size), "image/png")


def pdf_upload(name: str = "skjema.pdf"):
    return upload(name, pdf_bytes(), "application/pdf")
