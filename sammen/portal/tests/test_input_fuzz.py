"""Bad input thrown at the public form: whatever comes in, the answer is a page, never a
500, and nothing anyone typed is ever rendered unescaped."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sammen.contributors.tests.factories import make_question
from sammen.inputs.models import Input
from sammen.inputs.tests.factories import make_focus_area
from sammen.portal.forms import TEXT_MAX_LENGTH, new_form_token
from sammen.processes.models import Process
from sammen.processes.tests.factories import make_process

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SCRIPT = "<script>alert('x')</script>"
# Anything a form can carry: unicode, controls, markup, right-to-left text.
any_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from([SCRIPT, '"><img src=x onerror=alert(1)>', "\u202eevil\u202c", "مرحبا"]),
)


@pytest.fixture
def process(settings):
    settings.SAMMEN_INPUT_RATE_LIMIT = (1_000_000, 600)
    process = make_process(slug="fuzz", status=Process.Status.ACTIVE)
    make_focus_area(process)
    make_question(process)
    make_question(process, key="ord", kind="text", choices=[])
    return process


def post(client, process, data):
    return client.post(reverse("portal:input_form", args=[process.slug]), data)


@FUZZ
@given(
    text=any_text,
    place=any_text,
    email=any_text,
    area=any_text,
    choice=any_text,
    word=any_text,
)
def test_any_input_gets_a_page_never_a_500(client, process, text, place, email, area, choice, word):
    data = {
        "text": text,
        "place_name": place,
        "email": email,
        "focus_area": area,
        "q_alder": choice,
        "q_ord": word,
        "token": new_form_token(),
    }
    response = post(client, process, data)
    assert response.status_code in (200, 400)
    body = response.content.decode()
    assert "<script>alert" not in body
    assert "<img src=x" not in body


# Words someone means to send, and control characters that came along (a paste from a PDF,
# a terminal, a broken keyboard driver).
words = st.text(st.characters(categories=["L", "N", "P"]), min_size=1, max_size=100)
controls = st.text(st.characters(categories=["Cc"]), min_size=1, max_size=20)


@FUZZ
@given(text=words, noise=controls, at=st.integers(min_value=0, max_value=100))
def test_stored_text_has_no_control_characters(client, process, text, noise, at):
    newest = Input.objects.order_by("-id").values_list("id", flat=True).first() or 0

    response = post(
        client, process, {"text": text[:at] + noise + text[at:], "token": new_form_token()}
    )

    assert response.status_code == 200
    stored = Input.objects.get(id__gt=newest).text
    assert not any(ord(ch) < 32 and ch not in "\n\t" for ch in stored)
    assert "".join(stored.split()) == "".join(text.split())


def test_script_in_every_field_is_escaped_on_the_form_and_the_receipt(client, process):
    fields = {
        "text": SCRIPT,
        "place_name": SCRIPT,
        "q_ord": SCRIPT,
        "email": SCRIPT,
        "token": new_form_token(),
    }
    invalid = post(client, process, fields)
    assert invalid.status_code == 400
    assert SCRIPT not in invalid.content.decode()
    receipt = post(client, process, {**fields, "email": "", "token": new_form_token()})
    assert receipt.status_code == 200
    assert SCRIPT not in receipt.content.decode()
    assert "&lt;script&gt;" in receipt.content.decode()
    looked_up = client.get(reverse("portal:receipt"), {"kode": Input.objects.get().receipt_code})
    assert SCRIPT not in looked_up.content.decode()


def test_right_to_left_text_is_kept(client, process):
    text = "نحتاج إلى المزيد من المقاعد\u200f في الحديقة"
    assert post(client, process, {"text": text, "token": new_form_token()}).status_code == 200
    assert Input.objects.get().text == text


def test_100_kb_of_text_gets_the_limit_message(client, process):
    response = post(client, process, {"text": "å" * 100_000, "token": new_form_token()})
    assert response.status_code == 400
    assert f"høyst {TEXT_MAX_LENGTH} tegn" in response.content.decode()
    assert not Input.objects.exists()


def test_text_at_the_limit_is_accepted(client, process):
    text = "b" * TEXT_MAX_LENGTH
    assert post(client, process, {"text": text, "token": new_form_token()}).status_code == 200


def test_garbage_token_is_a_clear_message(client, process):
    response = post(client, process, {"text": "Hei", "token": "\x00<script>"})
    assert response.status_code == 400
    assert "Skjemaet var for gammelt eller ødelagt" in response.content.decode()
