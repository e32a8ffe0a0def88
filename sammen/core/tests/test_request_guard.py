"""A body too large is refused by its declared length, before anything reads it; a NUL
character in the address is refused before it reaches the database."""

import pytest
from pytest_django.asserts import assertContains

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
BOUNDARY = "grense"


class Tripwire:
    """A request stream that fails the test if anything reads from it."""

    def __init__(self):
        self.reads = 0

    def read(self, *args):
        self.reads += 1
        raise AssertionError("the body was read")

    readline = read


def declared(size: int, stream=None, content_type=f"multipart/form-data; boundary={BOUNDARY}"):
    return {"CONTENT_LENGTH": str(size), "CONTENT_TYPE": content_type, "wsgi.input": stream}


@pytest.mark.parametrize(
    "path",
    [
        "/prosesser/borgen/innspill/",
        "/prosesser/borgen/barnetrakk/",
        "/konto/logg-inn/",
        "/admin/login/",
        "/finnes-ikke/",
        "/stab/borgen/import/",
    ],
)
def test_a_300_mb_body_to_any_url_is_refused_unread(client, path):
    stream = Tripwire()

    response = client.generic("POST", path, **declared(300 * MB, stream))

    assertContains(response, "Vi tar imot høyst 1 MB på én gang", status_code=413)
    assertContains(response, "Det du sendte var 300 MB", status_code=413)
    assert stream.reads == 0


def test_a_logged_in_user_may_send_more_than_the_public_limit(staff_client, settings):
    settings.SAMMEN_MAX_PUBLIC_REQUEST_MB, settings.SAMMEN_MAX_REQUEST_MB = 1, 100
    body = f"--{BOUNDARY}--\r\n".encode() + b" " * (2 * MB)

    response = staff_client.generic(
        "POST",
        "/konto/logg-ut/",
        body,
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )

    assert response.status_code != 413


def test_a_logged_in_user_is_refused_over_the_staff_limit_unread(staff_client, settings):
    settings.SAMMEN_MAX_REQUEST_MB = 100
    stream = Tripwire()

    response = staff_client.generic("POST", "/stab/borgen/import/", **declared(300 * MB, stream))

    assertContains(response, "Vi tar imot høyst 100 MB", status_code=413)
    assert stream.reads == 0


def test_a_body_under_the_limit_reaches_the_view(client):
    response = client.post("/konto/logg-inn/", {"username": "x", "password": "y"})

    assert response.status_code == 200
    assertContains(response, "password")


def test_a_chunked_body_without_a_length_is_refused_unread(client):
    stream = Tripwire()

    response = client.generic(
        "POST",
        "/prosesser/borgen/innspill/",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": stream},
    )

    assertContains(response, "oppga ikke hvor stort det var", status_code=411)
    assert stream.reads == 0


def test_a_length_that_is_not_a_number_is_refused(client):
    stream = Tripwire()

    response = client.generic(
        "POST", "/konto/logg-inn/", **declared(0, stream) | {"CONTENT_LENGTH": "9e9"}
    )

    assertContains(response, "ugyldig lengde", status_code=400)
    assert stream.reads == 0


def test_a_get_without_a_body_is_untouched(client):
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("path", "query"),
    [("/kvittering/", "kode=AB%00CD"), ("/admin/core/auditentry/", "verb=%00"), ("/", "a=\x00")],
)
def test_a_nul_character_in_the_address_is_refused_with_a_page(client, path, query):
    response = client.get(f"{path}?{query}")

    assertContains(response, "tegn som ikke er tillatt (NUL)", status_code=400)
