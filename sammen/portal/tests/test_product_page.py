"""The public process page as a product page: its cover image with its alternative text, the
phases as a stepper, and «Dette har vi hørt så langt» as charts with the figures' table behind a
disclosure."""

import pytest
from django.urls import reverse

from sammen.demo.borgen_cover import ALT

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def body(client, borgen):
    return client.get(reverse("portal:process", args=["borgen"])).content.decode()


def test_the_cover_image_shows_with_its_alt_text_and_is_served(client, body):
    cover = body.split('data-testid="cover-image"', 1)[0].rsplit("<img", 1)[1]
    assert f'alt="{ALT["nb"]}"' in cover
    response = client.get(reverse("portal:cover", args=["borgen"]))
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_phases_are_a_stepper_with_one_current_step(body):
    stepper = body.split('<ol class="timeline stepper">', 1)[1].split("</ol>", 1)[0]
    assert stepper.count('aria-current="step"') == 1


def test_what_we_have_heard_is_charts_with_the_figures_table_in_a_disclosure(body):
    heard = body.split('id="hort"', 1)[1].split('id="aktivitetene"', 1)[0]
    assert heard.count('src="data:image/svg+xml;base64,') == 2
    assert 'data-testid="summary-innsatsomrader"' in heard
    disclosure = heard.split('<details class="ds-details figures-table"', 1)[1]
    table = disclosure.split("</details>", 1)[0]
    assert 'data-testid="total-participants">748–783<' in table
