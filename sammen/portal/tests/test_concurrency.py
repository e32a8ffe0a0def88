"""Many people send the input form at the same moment (a class, a meeting with a QR code):
each gets a receipt and every input is stored once. Real HTTP against the live server, so
the requests run in threads of their own, each with its own database connection."""

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

from sammen.inputs.models import Input

from .factories import make_public_process

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 6
ROUNDS = 3


def send_input(url: str, text: str, ready: threading.Barrier) -> int:
    """One visitor: open the form, wait for the others, send it. Returns the HTTP status."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    form = opener.open(url, timeout=60).read().decode()
    fields = {
        name: re.search(rf'name="{name}" value="([^"]+)"', form).group(1)
        for name in ("csrfmiddlewaretoken", "token")
    }
    body = urllib.parse.urlencode({**fields, "text": text}).encode()
    ready.wait()
    try:
        return opener.open(urllib.request.Request(url, data=body), timeout=60).status
    except urllib.error.HTTPError as error:
        return error.code


def test_inputs_sent_at_the_same_moment_are_all_stored(live_server, settings):
    settings.SAMMEN_INPUT_RATE_LIMIT = (1_000, 600)
    url = live_server.url + "/prosesser/nabolaget/innspill/"
    make_public_process("nabolaget")
    statuses = []

    for round_ in range(ROUNDS):
        ready = threading.Barrier(PEOPLE, timeout=60)

        def person(number, round_=round_, ready=ready):
            statuses.append(send_input(url, f"Innspill {round_}-{number}", ready))

        people = [threading.Thread(target=person, args=(n,)) for n in range(PEOPLE)]
        for thread in people:
            thread.start()
        for thread in people:
            thread.join()

    assert statuses == [200] * PEOPLE * ROUNDS
    assert Input.objects.count() == PEOPLE * ROUNDS
