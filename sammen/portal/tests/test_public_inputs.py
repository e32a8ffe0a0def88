"""The public list of a process's inputs (issue 11): approved inputs only, personal data
masked, filtered by focus area, searched, each with its status and the actions it led to;
the process may keep its inputs to itself."""

import pytest
from django.urls import reverse

from sammen.inputs.models import Input
from sammen.inputs.tests.factories import make_focus_area, make_input
from sammen.processes.models import Process
from sammen.processes.tests.factories import make_process
from sammen.roadmap.services import link_inputs
from sammen.roadmap.tests.factories import make_action, make_goal, make_strategy

pytestmark = pytest.mark.django_db


@pytest.fixture
def process():
    return make_process(slug="nabolaget", status=Process.Status.ACTIVE)


def page(client, process, **params):
    return client.get(reverse("portal:inputs", args=[process.slug]), params)


def test_only_approved_inputs_of_this_process_are_listed(client, process):
    make_input(process, text="Godkjent: flere benker i parken.")
    make_input(process, text="Venter: hemmelig utkast.", moderation=Input.Moderation.PENDING)
    other = make_process(slug="andre", status=Process.Status.ACTIVE)
    make_input(other, text="En annen prosess sitt innspill.")
    html = page(client, process).content.decode()
    assert "flere benker i parken" in html
    assert "hemmelig utkast" not in html
    assert "En annen prosess" not in html


def test_personal_data_in_the_text_and_place_is_masked(client, process):
    make_input(
        process,
        text="Ring meg på 987 65 432 eller skriv til ola@example.no om lyset.",
        place_name="Hos ola@example.no",
    )
    html = page(client, process).content.decode()
    assert "987 65 432" not in html
    assert "ola@example.no" not in html
    assert "[telefonnummer skjult]" in html
    assert "[e-post skjult]" in html


def test_a_search_finds_words_but_never_what_masking_hides(client, process):
    make_input(process, text="Lyset ved skolen er ødelagt, ring 98765432.")
    make_input(process, text="Bygg en ny ballbinge.")
    html = page(client, process, sok="lyset").content.decode()
    assert "Lyset ved skolen" in html
    assert "ballbinge" not in html
    assert "Lyset ved skolen" not in page(client, process, sok="98765432").content.decode()
    # A minus before the hidden number must not tell either, by leaving the input out.
    assert "Lyset ved skolen" in page(client, process, sok="-98765432").content.decode()


def test_no_search_makes_the_page_fail(client, process):
    make_input(process, text="Et innspill med 12 ord og en e-post a@b.no.")
    for query in ['"', '-"@', "OR ( * 12@ ) NEAR", "ABCD-EFGH", "x" * 500]:
        assert page(client, process, sok=query).status_code == 200, query


def test_the_list_filters_by_focus_area_and_refuses_an_unknown_one(client, process):
    place = make_focus_area(process, key="sted", title="Stedsutvikling")
    make_input(process, text="Sortert under sted.", focus_areas=[place])
    make_input(process, text="Ikke sortert.")
    html = page(client, process, innsatsomrade="sted").content.decode()
    assert "Sortert under sted." in html
    assert "Ikke sortert." not in html
    unsorted = page(client, process, innsatsomrade="ingen").content.decode()
    assert "Ikke sortert." in unsorted
    assert "Sortert under sted." not in unsorted
    response = page(client, process, innsatsomrade="finnes-ikke")
    assert response.status_code == 400
    assert "Fant ikke innsatsområdet «finnes-ikke»" in response.content.decode()


def test_each_input_shows_its_status_and_the_actions_it_led_to(client, process):
    item = make_input(process, text="Åpne skolen om kvelden.")
    action = make_action(make_strategy(make_goal(process)), title="Åpen skole på tirsdager")
    link_inputs(actor=None, action=action, inputs=[item])
    html = page(client, process).content.decode()
    assert f'data-testid="input-status">{item.get_status_display()}<' in html
    assert reverse("portal:action", args=[process.slug, action.pk]) in html
    assert "Åpen skole på tirsdager" in html


def test_a_process_that_keeps_its_inputs_closed_says_so_and_the_form_follows(client):
    process = make_process(slug="lukket", status=Process.Status.ACTIVE, inputs_public=False)
    make_input(process, text="Et godkjent innspill.")
    response = page(client, process)
    assert response.status_code == 404
    html = response.content.decode()
    assert "ikke offentlige" in html
    assert "Et godkjent innspill." not in html
    form = client.get(reverse("portal:input_form", args=[process.slug])).content.decode()
    assert "blir synlig for andre" not in form
    assert "vises ikke for andre" in form
    assert reverse("portal:inputs", args=[process.slug]) not in form


def test_a_draft_process_has_no_public_inputs(client):
    process = make_process(slug="utkast")
    make_input(process, text="Et innspill i et utkast.")
    assert page(client, process).status_code == 404


def test_staff_turn_the_public_list_off_in_the_process_setup(staff_client, process):
    url = reverse("processes:setup", args=[process.slug, "personvern"])
    staff_client.post(url, {"retention_months": 24})
    process.refresh_from_db()
    assert process.inputs_public is False
    staff_client.post(url, {"retention_months": 24, "inputs_public": "on"})
    process.refresh_from_db()
    assert process.inputs_public is True
