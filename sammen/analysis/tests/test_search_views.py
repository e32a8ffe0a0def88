"""The workbench's free-text field searches the full-text index; no query fails the page."""

import pytest
from django.urls import reverse

from sammen.inputs.tests.factories import make_input, make_process

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def process():
    process = make_process()
    make_input(process, "Sett opp en benk ved stien.")
    make_input(process, "Mer lys i undergangen.")
    return process


def search(client, process, query, **headers):
    return client.get(reverse("inputs:list", args=[process.slug]), {"sok": query}, **headers)


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_stemmed_word_finds_its_input_on_the_page_and_in_the_partial(
    staff_client, process, headers
):
    response = search(staff_client, process, "benkene", **headers)
    body = response.content.decode()
    assert "Sett opp en benk ved stien." in body
    assert "Mer lys i undergangen." not in body


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("og i", "ingen ord å søke etter"),
        ('"" -- ** ()', "ingen ord å søke etter"),
        ("benk " * 1000, "bare de første 200 tegnene"),
    ],
)
def test_a_query_that_cannot_be_searched_as_typed_says_why(staff_client, process, query, message):
    response = search(staff_client, process, query)
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.parametrize("query", ['benk" OR (', "benk:* & !lys", "🙂", "ﾍﾞﾝﾁ"])
def test_odd_queries_answer_with_the_page(staff_client, process, query):
    assert search(staff_client, process, query).status_code == 200


def test_search_combines_with_the_other_filters(staff_client, process):
    response = staff_client.get(
        reverse("inputs:list", args=[process.slug]), {"sok": "benk", "status": "assessed"}
    )
    assert "Sett opp en benk ved stien." not in response.content.decode()
