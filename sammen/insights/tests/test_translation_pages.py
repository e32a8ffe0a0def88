"""The staff see which of the municipality's texts lack Nynorsk or English, and fill them in."""

import pytest
from django.urls import reverse

from sammen.accounts.models import ProcessMembership
from sammen.accounts.tests.factories import make_role_user
from sammen.contributors.services import add_contributor_question
from sammen.core.models import AuditEntry
from sammen.processes.models import Process
from sammen.processes.services import add_focus_area
from sammen.processes.tests.factories import make_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def process():
    process = make_process(slug="nes", status=Process.Status.ACTIVE, main_goal="Et godt sted")
    add_focus_area(actor=None, process=process, key="sted", title="Stedsutvikling")
    return process


def missing_page(client, slug="nes"):
    return client.get(reverse("insights:missing_translations", args=[slug])).content.decode()


def test_the_page_lists_each_text_and_the_languages_it_lacks(staff_client, process):
    page = missing_page(staff_client)
    assert "Stedsutvikling" in page
    assert "Hovedmål: mangler nynorsk, engelsk" in page
    assert "Beskrivelse" not in page  # no Bokmål text, nothing to translate


def test_translating_through_the_page_removes_the_text_from_the_list(staff_client, process):
    area = process.focus_areas.get()
    url = reverse("insights:translate", args=["nes", "innsatsomrade-focusarea", area.pk])
    response = staff_client.post(url, {"title_nn": "Stadutvikling", "title_en": "Places"})
    assert response.status_code == 302
    area.refresh_from_db()
    assert (area.title_nb, area.title_nn, area.title_en) == (
        "Stedsutvikling",
        "Stadutvikling",
        "Places",
    )
    assert "Stedsutvikling" not in missing_page(staff_client)
    assert AuditEntry.objects.filter(verb="focusarea.update", object_id=str(area.pk)).exists()


def test_answer_choices_are_translated_one_per_line_and_must_match(staff_client, process):
    question = add_contributor_question(
        actor=None,
        process=process,
        key="bor",
        label="Hvor bor du?",
        purpose="For å se.",
        choices=["Her", "Der"],
    )
    url = reverse("insights:translate", args=["nes", "sporsmal-contributorquestion", question.pk])
    response = staff_client.post(url, {"choices_en": "Here"})
    assert response.status_code == 400
    assert "like mange svaralternativer som bokmål" in response.content.decode()
    staff_client.post(url, {"choices_en": "Here\nThere", "label_en": "Where do you live?"})
    question.refresh_from_db()
    assert question.choices_en == ["Here", "There"]
    assert question.choices == ["Her", "Der"]


def test_the_overview_counts_the_missing_translations(staff_client, borgen):
    page = staff_client.get(reverse("insights:overview", args=["borgen"])).content.decode()
    count = page.split('data-testid="missing-translations">')[1].split("</span>")[0]
    # The demo's own texts are translated; its plan lines and roadmap are not.
    assert "tekster mangler nynorsk eller engelsk" in count
    listing = missing_page(staff_client, "borgen")
    assert "Barnetråkk på skolene" in listing
    assert "Borgenprosjektet" not in listing.split("</h1>")[1].split("Medvirkningsplanen")[0]


def test_a_reader_sees_the_list_but_cannot_translate(client, process):
    reader = make_role_user("leser", process, ProcessMembership.Role.READER)
    client.force_login(reader)
    assert "Stedsutvikling" in missing_page(client)
    area = process.focus_areas.get()
    url = reverse("insights:translate", args=["nes", "innsatsomrade-focusarea", area.pk])
    assert client.post(url, {"title_nn": "X"}).status_code == 403


def test_a_text_of_another_process_is_not_found(staff_client, process):
    other = make_process(slug="annen")
    area = add_focus_area(actor=None, process=other, key="sted", title="Sted")
    url = reverse("insights:translate", args=["nes", "innsatsomrade-focusarea", area.pk])
    assert staff_client.get(url).status_code == 404
