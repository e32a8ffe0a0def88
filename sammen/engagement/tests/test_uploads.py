import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from sammen.core.uploads import check_upload, clean_upload

from .files import (
    GPS_IFD,
    image_bytes,
    jpeg_upload,
    pdf_bytes,
    pdf_upload,
    photo_with_gps_and_rotation,
    upload,
)


def message(error: ValidationError) -> str:
    return " ".join(error.messages)


def opened(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def test_jpeg_is_accepted_by_its_content():
    assert check_upload(jpeg_upload()) == "image/jpeg"


def test_png_named_jpg_is_accepted_as_png():
    assert check_upload(upload("bilde.jpg", image_bytes("PNG"))) == "image/png"


def test_webp_is_accepted():
    assert check_upload(upload("bilde.webp", image_bytes("WEBP"))) == "image/webp"


def test_pdf_is_accepted():
    assert check_upload(pdf_upload()) == "application/pdf"


def test_program_renamed_jpg_is_refused():
    program = upload("flippover.jpg", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200)

    with pytest.raises(ValidationError) as error:
        check_upload(program)

    assert message(error.value) == (
        "«flippover.jpg» er verken et bilde (JPEG, PNG eller WebP) eller en PDF, "
        "uansett hva filnavnet sier."
    )


def test_text_file_named_pdf_is_refused():
    with pytest.raises(ValidationError, match=r"«referat\.pdf» er verken et bilde"):
        check_upload(upload("referat.pdf", "Referat fra møtet\n".encode()))


def test_pdf_without_end_marker_is_refused():
    truncated = pdf_bytes()[:-20]

    with pytest.raises(ValidationError, match="ufullstendig PDF"):
        check_upload(upload("skjema.pdf", truncated))


def test_empty_file_is_refused_with_its_name():
    with pytest.raises(ValidationError, match=r"«tom.jpg» er tom \(0 byte\)"):
        check_upload(upload("tom.jpg", b""))


def test_oversized_file_is_refused_naming_the_limit(settings):
    settings.SAMMEN_MAX_UPLOAD_MB = 1
    big = upload("stor.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 100) + b"%%EOF")

    with pytest.raises(ValidationError) as error:
        check_upload(big)

    assert message(error.value) == "«stor.pdf» er 1,0 MB. Filer kan være på høyst 1 MB."


def test_corrupt_image_is_refused():
    broken = image_bytes("PNG", size=(200, 200))[:120]

    with pytest.raises(
        ValidationError, match=r"«ødelagt\.png» er et skadet eller ufullstendig bilde"
    ):
        check_upload(upload("ødelagt.png", broken))


def test_truncated_jpeg_is_refused_when_cleaned():
    broken = image_bytes(size=(300, 300))[:400]

    with pytest.raises(ValidationError, match="skadet eller ufullstendig bilde"):
        clean_upload(upload("halvt.jpg", broken))


def test_heic_photo_is_refused_with_advice():
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64

    with pytest.raises(ValidationError, match="HEIC-bilde, som ikke støttes ennå"):
        check_upload(upload("IMG_0001.HEIC", heic))


def test_image_with_too_many_pixels_is_refused():
    huge = image_bytes("PNG", size=(10_000, 7_000), mode="1")

    with pytest.raises(ValidationError, match="10000 × 7000 piksler"):
        check_upload(upload("enorm.png", huge))


def test_the_pixel_limit_is_a_setting(settings):
    settings.SAMMEN_MAX_IMAGE_MEGAPIXELS = 1

    with pytest.raises(ValidationError, match="1001 × 1000 piksler"):
        check_upload(upload("stor.png", image_bytes("PNG", size=(1001, 1000), mode="1")))


def test_cleaned_photo_loses_its_exif_and_gps():
    cleaned = clean_upload(upload("foto.jpg", photo_with_gps_and_rotation()))

    exif = opened(cleaned.data).getexif()
    assert dict(exif) == {}
    assert dict(exif.get_ifd(GPS_IFD)) == {}


def test_cleaned_photo_is_turned_the_way_the_camera_meant():
    cleaned = clean_upload(upload("foto.jpg", photo_with_gps_and_rotation()))

    assert opened(cleaned.data).size == (20, 40)


def test_large_photo_is_scaled_down_to_the_maximum_side():
    cleaned = clean_upload(upload("stor.jpg", image_bytes(size=(3600, 1200))))

    assert opened(cleaned.data).size == (3000, 1000)


def test_the_maximum_side_is_a_setting(settings):
    settings.SAMMEN_IMAGE_MAX_SIDE = 300

    cleaned = clean_upload(upload("stor.jpg", image_bytes(size=(900, 600))))

    assert opened(cleaned.data).size == (300, 200)


def test_webp_is_stored_as_jpeg():
    cleaned = clean_upload(upload("bilde.webp", image_bytes("WEBP")))

    assert (cleaned.content_type, cleaned.extension, opened(cleaned.data).format) == (
        "image/jpeg",
        "jpg",
        "JPEG",
    )


def test_transparent_png_stays_png():
    cleaned = clean_upload(upload("logo.png", image_bytes("PNG", mode="RGBA")))

    assert (cleaned.content_type, opened(cleaned.data).format) == ("image/png", "PNG")


def test_pdf_is_stored_byte_for_byte():
    assert clean_upload(pdf_upload()).data == pdf_bytes()


def test_original_name_keeps_only_the_file_name():
    cleaned = clean_upload(upload("C:\\Bilder\\flippover.jpg", image_bytes()))

    assert cleaned.name == "flippover.jpg"
