import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sammen.documents.models import DocumentVersion, PoliticalTreatment
from sammen.inputs.models import Input
from sammen.inputs.tests.factories import make_input
from sammen.portal.journey import input_journey
from sammen.roadmap.models import ActionInput, ActionUpdate
from sammen.roadmap.tests.workshop_factories import make_workshop_process

pytestmark = pytest.mark.django_db

D = datetime.date


def at(*args):
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def loop():
    """An input that went the whole way: approved, sorted, assessed, linked, in the
    temaplan, decided, followed up."""
    process, actions, _workshop = make_workshop_process()
    area = process.focus_areas.get()
    item = make_input(
        process,
        "Åpne skolen for lag om kvelden. Ring meg på 987 65 432.",
        focus_areas=[area],
        received_at=at(2016, 3, 1, 12),
    )
    Input.objects.filter(pk=item.pk).update(
        approved_at=at(2016, 3, 2, 9),
        sorted_at=at(2016, 3, 10, 9),
        assessed_at=at(2016, 6, 1, 9),
        assessment_outcome="used",
        assessment="Tatt med i veikartet.",
    )
    ActionInput.objects.create(
        action=actions[1], input=item, note="Skolen åpnes", linked_at=at(2016, 6, 2, 9)
    )
    draft = DocumentVersion.objects.create(
        process=process,
        kind="temaplan",
        number=1,
        title="Temaplan for Borgen",
        generated_at=at(2016, 9, 1, 9),
    )
    PoliticalTreatment.objects.create(
        process=process,
        document=draft,
        body="kommunestyret",
        meeting_date=D(2016, 11, 8),
        case_number="99/16",
        outcome="adopted",
        decision_text="Vedtatt.",
        is_illustrative=True,
    )
    ActionUpdate.objects.create(
        action=actions[1],
        date=D(2017, 3, 1),
        text="Skolen er åpen tirsdager.",
        status="in_progress",
        completion=40,
    )
    actions[1].status, actions[1].completion = "in_progress", 40
    actions[1].save()
    item.refresh_from_db()
    return process, actions, item


def test_the_journey_has_every_step_dated_from_its_own_field(loop):
    process, actions, item = loop
    steps = input_journey(item)
    assert [step.kind for step in steps] == [
        "received",
        "approved",
        "sorted",
        "assessed",
        "linked",
        "temaplan",
        "treated",
        "update",
    ]
    assert all(step.done for step in steps)
    dates = [step.date for step in steps]
    assert dates[:5] == [
        at(2016, 3, 1, 12),
        at(2016, 3, 2, 9),
        at(2016, 3, 10, 9),
        at(2016, 6, 1, 9),
        at(2016, 6, 2, 9),
    ]
    assert dates[5:] == [at(2016, 9, 1, 9), D(2016, 11, 8), D(2017, 3, 1)]
    assert steps[3].title == "Vurdert: Brukt"
    assert steps[4].url == reverse("portal:action", args=[process.slug, actions[1].pk])
    assert steps[5].title == "Tiltaket er med i temaplanen, utkast 1"
    assert steps[6].title == "Kommunestyret: vedtatt (sak 99/16)" and steps[6].illustrative
    assert "40 % fullført" in steps[7].title


def test_a_pending_input_waits_for_the_moderator_and_nothing_more(loop):
    process, _actions, _item = loop
    pending = make_input(process, "Nytt innspill", moderation="pending")
    steps = input_journey(pending)
    assert [(step.kind, step.done) for step in steps] == [("received", True), ("approved", False)]


def test_an_unlinked_input_shows_the_steps_still_to_come(loop):
    process, _actions, _item = loop
    steps = input_journey(make_input(process, "Mer lys i parken"))
    assert [(step.kind, step.done) for step in steps] == [
        ("received", True),
        ("approved", True),
        ("sorted", False),
        ("assessed", False),
    ]


def test_the_receipt_page_shows_the_journey_masked(client, loop):
    _process, _actions, item = loop
    body = client.get(reverse("portal:receipt"), {"kode": item.receipt_code}).content.decode()
    assert "Innspillets vei" in body
    assert "Tatt med i tiltaket «Åpen skole»" in body
    assert "Kommunestyret: vedtatt (sak 99/16)" in body
    assert "987 65 432" not in body


def test_staff_see_the_journey_of_any_input(staff_client, loop):
    process, _actions, item = loop
    body = staff_client.get(reverse("portal:journey", args=[process.slug, item.pk])).content
    assert "Tatt med i tiltaket «Åpen skole»" in body.decode()


def test_results_page_shows_the_roadmap_by_area_and_responsibility_with_sums(client, loop):
    process, actions, _item = loop
    body = client.get(reverse("portal:results", args=[process.slug])).content.decode()
    assert "Veikartet har 3 tiltak" in body
    # One action of three at 40 %: the focus area and the whole roadmap are 13 % done.
    assert "13 % fullført" in body
    for action in actions:
        assert reverse("portal:action", args=[process.slug, action.pk]) in body
    assert "Fordelingen" in body and "data:image/svg+xml;base64," in body
    assert "Prioritering fra «Veikartverksted»" in body


def test_process_page_links_to_the_results_once_a_roadmap_exists(client, loop):
    process, _actions, _item = loop
    body = client.get(reverse("portal:process", args=[process.slug])).content.decode()
    assert reverse("portal:results", args=[process.slug]) in body


def test_action_page_shows_updates_actors_and_masked_approved_inputs(client, loop):
    process, actions, _item = loop
    pending = make_input(process, "Ventende innspill", moderation="pending")
    ActionInput.objects.create(action=actions[1], input=pending)
    body = client.get(reverse("portal:action", args=[process.slug, actions[1].pk])).content
    body = body.decode()
    assert "Skolen er åpen tirsdager." in body
    assert "Åpne skolen for lag om kvelden" in body and "987 65 432" not in body
    assert "Ventende innspill" not in body
    assert "Slik brukes det: Skolen åpnes" in body


def test_action_of_another_process_is_a_404(client, loop):
    _process, actions, _item = loop
    other, _a, _w = make_workshop_process(slug="annen")
    assert client.get(reverse("portal:action", args=[other.slug, actions[0].pk])).status_code == 404


def test_results_and_action_pages_say_when_the_roadmap_is_illustrative(client):
    from sammen.roadmap.services import set_roadmap_note

    process, actions, _workshop = make_workshop_process()
    set_roadmap_note(actor=None, process=process, is_illustrative=True, note="Laget for demoen.")

    for url in (
        reverse("portal:results", args=[process.slug]),
        reverse("portal:action", args=[process.slug, actions[0].pk]),
    ):
        body = client.get(url).content.decode()
        assert 'data-testid="roadmap-illustrative"' in body
        assert "Laget for demoen." in body


def test_the_roadmap_editor_shows_the_workshop_ranking_beside_it(admin_client):
    from sammen.roadmap.workshop_services import register_paper_ballot

    process, actions, workshop = make_workshop_process()
    register_paper_ballot(
        actor=None, workshop=workshop, sheet_number="1", points={actions[1].pk: 7, actions[0].pk: 3}
    )

    body = admin_client.get(reverse("roadmap:editor", args=[process.slug])).content.decode()

    assert "Prioriteringen fra veikartverkstedet" in body
    assert body.index(actions[1].title, body.index("prioritering")) < body.index(
        actions[0].title, body.index("prioritering")
    )
