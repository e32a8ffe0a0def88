import pytest
from django.urls import reverse

from sammen.processes.models import Process
from sammen.processes.tests.factories import make_process as make_any_process

pytestmark = pytest.mark.django_db


def make_process(slug="prosess", status=Process.Status.ACTIVE, **fields):
    return make_any_process(slug=slug, status=status, **fields)


def test_home_lists_active_and_completed_processes_only(client):
    make_process("aktiv")
    make_process("ferdig", status=Process.Status.COMPLETED)
    make_process("utkast", status=Process.Status.DRAFT)
    body = client.get(reverse("portal:home")).content.decode()
    assert "Prosess aktiv" in body
    assert "Prosess ferdig" in body
    assert "Prosess utkast" not in body


def test_home_says_so_when_no_process_is_open(client):
    assert "Ingen prosesser er åpne" in client.get(reverse("portal:home")).content.decode()


def test_process_page_shows_goal_keys_phases_and_figures(client, borgen):
    body = client.get(reverse("portal:process", args=["borgen"])).content.decode()
    assert "Borgen er et aktivt, åpent og inkluderende lokalsamfunn" in body
    assert "3 nøkler til god innbyggerinvolvering" in body
    assert "Felles mål – ulike roller og ansvar" in body
    assert "Politisk behandling: Temaplan for lokalsamfunnsutvikling" in body
    assert 'data-testid="total-participants">748–783<' in body
    assert 'data-testid="total-inputs">458<' in body


def test_process_page_explains_the_range_and_keeps_reach_apart(client, borgen):
    body = client.get(reverse("portal:process", args=["borgen"])).content.decode()
    assert "Det laveste tallet, 748, er bare de som ble telt" in body
    assert "Ad hoc-utvalgets dialoger med 7 grupper (ca. 30–35)" in body
    assert "Rekkevidde (611) er liker-klikk og visninger" in body
    assert "Rådmannen med sin ledergruppe" in body


def test_process_page_says_the_inputs_are_illustrative(client, borgen):
    body = client.get(reverse("portal:process", args=["borgen"])).content.decode()
    assert "Innspillene i denne demoen er illustrerende" in body
    assert "publiserte oppsummeringen" in body


def test_process_page_of_unknown_slug_is_a_404_naming_it(client):
    response = client.get(reverse("portal:process", args=["finnes-ikke"]))
    assert response.status_code == 404
    assert "Fant ingen prosess med kortnavnet «finnes-ikke»" in response.content.decode()


def test_draft_process_is_not_public(client):
    make_process("hemmelig", status=Process.Status.DRAFT)
    assert client.get(reverse("portal:process", args=["hemmelig"])).status_code == 404


def test_process_page_escapes_html_in_process_text(client):
    make_process("farlig", main_goal="<script>alert(1)</script>")
    body = client.get(reverse("portal:process", args=["farlig"])).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


def test_post_to_a_public_page_is_refused(client, borgen):
    assert client.post(reverse("portal:process", args=["borgen"])).status_code == 405


def test_language_choice_is_remembered_in_a_cookie(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"


def test_every_page_sends_a_content_security_policy(client):
    response = client.get(reverse("portal:home"))
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "object-src 'none'" in policy
