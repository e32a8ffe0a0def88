import pytest
from django.urls import reverse

from sammen.roadmap.models import Ballot, Workshop
from sammen.roadmap.workshop_services import create_ballot_codes

from .workshop_factories import make_workshop_process

pytestmark = pytest.mark.django_db


def field(action):
    return f"tiltak_{action.pk}"


def test_staff_set_up_a_workshop_for_an_activity(staff_client):
    process, _actions, workshop = make_workshop_process()
    activity = workshop.activity
    workshop.delete()
    url = reverse("workshop:setup", args=[process.slug, activity.pk])
    response = staff_client.post(url, {"points_per_ballot": 8, "requires_code": "on"})
    assert response.status_code == 302
    created = Workshop.objects.get(activity=activity)
    assert (created.points_per_ballot, created.is_open, created.requires_code) == (8, False, True)


def test_setup_page_shows_registered_participants_beside_ballots_cast(staff_client):
    process, _actions, workshop = make_workshop_process()
    url = reverse("workshop:setup", args=[process.slug, workshop.activity.pk])
    body = staff_client.get(url).content.decode()
    assert "59" in body and "deltakere registrert for aktiviteten" in body
    assert 'data-testid="ballots-cast">0<' in body


def test_vote_with_a_code_then_the_same_code_again_is_refused_clearly(client):
    process, actions, workshop = make_workshop_process()
    code = create_ballot_codes(actor=None, workshop=workshop, count=1)[0].code
    url = reverse("workshop:vote", args=[process.slug, workshop.pk])
    response = client.post(url, {"code": code, field(actions[0]): 6, field(actions[1]): 4})
    assert response.status_code == 200
    assert "Stemmeseddelen din er levert med 10 poeng" in response.content.decode()
    again = client.post(url, {"code": code, field(actions[2]): 1})
    assert again.status_code == 409
    assert "Denne stemmekoden er allerede brukt" in again.content.decode()
    assert Ballot.objects.count() == 1


def test_without_codes_the_page_sets_a_cookie_and_one_ballot_per_browser(client):
    process, actions, workshop = make_workshop_process(requires_code=False)
    url = reverse("workshop:vote", args=[process.slug, workshop.pk])
    first = client.get(url)
    assert f"sammen_ballot_{workshop.pk}" in first.cookies
    assert client.post(url, {field(actions[0]): 3}).status_code == 200
    refused = client.post(url, {field(actions[1]): 3})
    assert refused.status_code == 409
    assert "allerede levert en stemmeseddel fra denne nettleseren" in refused.content.decode()


def test_negative_points_on_the_form_are_refused_beside_the_field(client):
    process, actions, workshop = make_workshop_process()
    code = create_ballot_codes(actor=None, workshop=workshop, count=1)[0].code
    url = reverse("workshop:vote", args=[process.slug, workshop.pk])
    response = client.post(url, {"code": code, field(actions[0]): -2})
    assert response.status_code == 400
    assert "Poeng kan ikke være negative." in response.content.decode()
    assert not Ballot.objects.exists()


def test_a_closed_workshop_says_so_and_shows_no_form(client):
    process, _actions, workshop = make_workshop_process(is_open=False)
    body = client.get(reverse("workshop:vote", args=[process.slug, workshop.pk])).content.decode()
    assert "Avstemningen er stengt" in body
    assert "Lever stemmeseddelen" not in body


def test_paper_sheet_is_registered_and_the_form_comes_back_empty(staff_client):
    process, actions, workshop = make_workshop_process()
    url = reverse("workshop:paper", args=[process.slug, workshop.pk])
    response = staff_client.post(
        url, {"sheet_number": "7", field(actions[0]): 5, field(actions[2]): 5}, follow=True
    )
    assert "Skjema 7 er registrert med 10 poeng." in response.content.decode()
    assert Ballot.objects.get().sheet_number == "7"


def test_paper_sheet_over_the_allowance_is_refused_and_kept_on_the_form(staff_client):
    process, actions, workshop = make_workshop_process()
    url = reverse("workshop:paper", args=[process.slug, workshop.pk])
    response = staff_client.post(url, {"sheet_number": "8", field(actions[0]): 11})
    assert response.status_code == 400
    body = response.content.decode()
    assert "bare 10 poeng" in body and 'value="11"' in body
    assert not Ballot.objects.exists()


def test_codes_page_lists_the_unused_codes_to_print(staff_client):
    process, _actions, workshop = make_workshop_process()
    url = reverse("workshop:codes", args=[process.slug, workshop.pk])
    staff_client.post(url, {"count": 3})
    body = staff_client.get(url).content.decode()
    for code in workshop.codes.all():
        assert code.code in body


def test_workshop_staff_pages_need_staff(client):
    process, _actions, workshop = make_workshop_process()
    response = client.get(reverse("workshop:paper", args=[process.slug, workshop.pk]))
    assert response.status_code == 302
