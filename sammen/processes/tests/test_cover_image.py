"""The public page's cover image: uploaded on its setup page, with a required alternative
text; too big or too many pixels refused with a message saying so; re-encoded and audited."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image

from sammen.core.models import AuditEntry
from sammen.engagement.tests.files import png_upload
from sammen.processes.services import set_cover_image
from sammen.processes.tests.factories import make_process


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def process(staff_user):
    return make_process(slug="holmen")


def png(width: int = 300, height: int = 200):
    return png_upload("torget.png", (width, height))


def post(client, process, **data):
    url = reverse("processes:setup", args=[process.slug, "bilde"])
    return client.post(url, {"cover_alt_nb": "", "cover_alt_nn": "", "cover_alt_en": "", **data})


def test_a_cover_image_without_alt_text_is_refused_and_nothing_is_stored(staff_client, process):
    response = post(staff_client, process, cover_image=png())
    assert response.status_code == 400
    assert "Skriv hva bildet viser (alternativ tekst)" in response.content.decode()
    process.refresh_from_db()
    assert not process.cover_image


def test_a_cover_image_of_12000_pixels_is_refused_with_its_size(staff_client, process):
    response = post(staff_client, process, cover_image=png(12_000, 40), cover_alt_nb="Torget")
    assert response.status_code == 400
    body = response.content.decode()
    assert "«torget.png» er 12000 × 40 piksler" in body
    assert "høyst 8000 piksler på den lengste siden" in body
    process.refresh_from_db()
    assert not process.cover_image


def test_a_cover_image_of_40_mb_is_refused_with_its_size(process):
    upload = png()
    upload.size = 40 * 1024 * 1024  # what the browser sent; the bytes here are few
    with pytest.raises(ValidationError) as refused:
        set_cover_image(actor=None, process=process, upload=upload, alt="Torget")
    [message] = refused.value.message_dict["cover_image"]
    assert "«torget.png» er 40,0 MB. Et forsidebilde kan være på høyst 10 MB." in message


def test_a_cover_image_is_re_encoded_with_its_alt_text_and_audited(staff_client, process):
    response = post(staff_client, process, cover_image=png(3000, 1500), cover_alt_nb="Torget")
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.cover_image.name.endswith(".jpg")
    assert process.cover_alt == "Torget"
    with process.cover_image.open("rb") as stored:
        assert Image.open(stored).size == (2000, 1000)
    entry = AuditEntry.objects.get(verb="process.update", changes__has_key="cover_image")
    assert entry.changes["cover_alt"] == ["", "Torget"]


def test_a_draft_processs_cover_is_not_public(client, process):
    set_cover_image(actor=None, process=process, upload=png(), alt="Torget")
    assert client.get(reverse("portal:cover", args=[process.slug])).status_code == 404
