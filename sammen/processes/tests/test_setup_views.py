"""The setup pages without JavaScript: plain form posts, clear refusals, nothing saved."""

import io

import pytest
from django.urls import reverse

from sammen.accounts.models import ProcessMembership
from sammen.accounts.tests.factories import make_role_user
from sammen.contributors.models import ContributorQuestion
from sammen.processes.models import Process
from sammen.processes.tests.factories import make_process


@pytest.fixture
def process(staff_user):
    return make_process(slug="holmen")


def setup_url(process, section):
    return reverse("processes:setup", args=[process.slug, section])


def add_url(process, kind):
    return reverse("processes:item_add", args=[process.slug, kind])


def test_a_new_empty_process_is_a_draft_and_opens_the_first_step(staff_client, process):
    response = staff_client.post(
        reverse("processes:new"),
        {"start": "tom", "organisation": process.organisation.pk, "name": "Ny", "slug": "ny"},
    )
    new = Process.objects.get(slug="ny")
    assert new.status == Process.Status.DRAFT
    assert response["Location"] == setup_url(new, "grunnlag")


def test_a_new_process_into_a_slug_in_use_is_refused(staff_client, process):
    response = staff_client.post(
        reverse("processes:new"),
        {
            "start": "mal",
            "template": process.pk,
            "organisation": process.organisation.pk,
            "name": "Kopi",
            "slug": "holmen",
        },
    )
    assert response.status_code == 400
    assert "Kortnavnet «holmen» er allerede i bruk" in response.content.decode()
    assert Process.objects.count() == 1


def test_the_steps_mark_the_current_one(staff_client, process):
    body = staff_client.get(setup_url(process, "faser")).content.decode()
    current = body.split('aria-current="step"', 1)[0].rsplit("<a", 1)[1]
    assert "oppsett/faser/" in current


def test_saving_a_step_and_going_on_opens_the_next(staff_client, process):
    response = staff_client.post(
        setup_url(process, "grunnlag"),
        {
            "name_nb": "Holmen",
            "slug": "holmen",
            "area_nb": "Holmen",
            "main_goal_nb": "Et godt sted",
            "description_nb": "",
            "videre": "1",
        },
    )
    assert response["Location"] == setup_url(process, "faser")
    process.refresh_from_db()
    assert Process.objects.get(pk=process.pk).main_goal == "Et godt sted"


def test_a_phase_that_ends_before_it_starts_is_refused_beside_its_end(staff_client, process):
    response = staff_client.post(
        add_url(process, "fase"),
        {
            "fase-title_nb": "Dialog",
            "fase-kind": "dialogue",
            "fase-influence_level": "involve",
            "fase-starts_on": "2027-05-01",
            "fase-ends_on": "2027-04-01",
        },
    )
    assert response.status_code == 400
    assert 'id="id_fase-ends_on_error"' in response.content.decode()
    assert "Fasen kan ikke slutte før den starter." in response.content.decode()
    assert not process.phases.exists()


def test_a_phase_with_its_influence_and_decision_is_added(staff_client, process):
    staff_client.post(
        add_url(process, "fase"),
        {
            "fase-title_nb": "Dialog",
            "fase-kind": "dialogue",
            "fase-influence_level": "collaborate",
            "fase-starts_on": "2027-01-01",
            "fase-ends_on": "2027-04-01",
            "fase-decision_point_nb": "Formannskapet velger retning",
        },
    )
    phase = process.phases.get()
    assert phase.influence_level == "collaborate"
    assert phase.decision_point == "Formannskapet velger retning"


def test_a_question_without_a_purpose_is_refused(staff_client, process):
    response = staff_client.post(
        add_url(process, "sporsmal"),
        {
            "sporsmal-label_nb": "Hvor gammel er du?",
            "sporsmal-key": "alder",
            "sporsmal-purpose_nb": "",
            "sporsmal-kind": "choice",
            "sporsmal-choices": "Under 30\n30 eller eldre",
        },
    )
    assert response.status_code == 400
    assert "Et frivillig spørsmål uten formål kan ikke stilles" in response.content.decode()
    assert not ContributorQuestion.objects.exists()


def test_a_question_with_its_purpose_and_choices_is_added(staff_client, process):
    staff_client.post(
        add_url(process, "sporsmal"),
        {
            "sporsmal-label_nb": "Hvor gammel er du?",
            "sporsmal-key": "alder",
            "sporsmal-purpose_nb": "Vi vil høre alle aldre.",
            "sporsmal-kind": "choice",
            "sporsmal-choices": "Under 30\n30 eller eldre\n",
        },
    )
    question = ContributorQuestion.objects.get()
    assert question.choices == ["Under 30", "30 eller eldre"]


def test_the_map_area_from_lines_is_stored_as_a_polygon(staff_client, process):
    staff_client.post(
        setup_url(process, "kart"), {"lines": "59.83, 10.42\n59.83, 10.45\n59.85, 10.45"}
    )
    process.refresh_from_db()
    assert process.area_polygon["type"] == "Polygon"
    assert process.map_polygon.contains(10.44, 59.835)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ("59.83, 10.42\n59.83, 10.45", "minst tre forskjellige hjørner"),
        ("-59.83, -170.42\n-59.83, -170.45\n-59.85, -170.45", "må ligge i Norge"),
        ("59.83, 10.42\n59.85, 10.45\n59.83, 10.45\n59.85, 10.42", "krysser seg selv"),
    ],
)
def test_a_bad_map_area_is_refused_with_its_reason(staff_client, process, lines, message):
    response = staff_client.post(setup_url(process, "kart"), {"lines": lines})
    assert response.status_code == 400
    assert message in response.content.decode()
    process.refresh_from_db()
    assert process.area_polygon is None


def test_an_uploaded_geojson_that_is_not_a_polygon_is_refused(staff_client, process):
    upload = io.BytesIO(b'{"type": "Point", "coordinates": [10.43, 59.84]}')
    upload.name = "omrade.geojson"
    response = staff_client.post(setup_url(process, "kart"), {"upload": upload})
    assert "Kartområdet må være ett GeoJSON-polygon" in response.content.decode()
    process.refresh_from_db()
    assert process.area_polygon is None


def test_moving_a_key_with_htmx_answers_with_the_page_and_names_the_focus(staff_client, process):
    from sammen.processes.services import add_principle

    first = add_principle(actor=None, process=process, title="Samle folk")
    add_principle(actor=None, process=process, title="Samarbeide")
    url = reverse("processes:item_move", args=[process.slug, "nokkel", first.pk])
    response = staff_client.post(url, {"retning": "ned"}, HTTP_HX_REQUEST="true")
    assert f'data-focus="nokkel-{first.pk}-ned"' in response.content.decode()
    assert [p.title for p in process.principles.order_by("order")] == ["Samarbeide", "Samle folk"]


def test_removing_a_focus_area_asks_first_and_then_removes(staff_client, process):
    from sammen.processes.services import add_focus_area

    area = add_focus_area(actor=None, process=process, key="sted", title="Stedsutvikling")
    url = reverse("processes:remove_focus_area", args=[process.slug, area.pk])
    assert "Fjern innsatsområdet «Stedsutvikling»" in staff_client.get(url).content.decode()
    staff_client.post(url, {"move_to": ""})
    assert not process.focus_areas.exists()


def test_publishing_shows_the_process_on_the_home_page(staff_client, process, client):
    staff_client.post(setup_url(process, "publisering"), {"handling": "publiser"})
    process.refresh_from_db()
    assert process.status == Process.Status.ACTIVE
    assert process.name in staff_client.get(reverse("portal:home")).content.decode()


def test_a_reader_cannot_change_the_process(client, process):
    reader = make_role_user("leser", process, ProcessMembership.Role.READER)
    client.force_login(reader)
    assert client.get(setup_url(process, "grunnlag")).status_code == 403
    response = client.post(setup_url(process, "publisering"), {"handling": "publiser"})
    assert response.status_code == 403
    process.refresh_from_db()
    assert process.status == Process.Status.DRAFT


def test_a_draft_is_not_on_another_teams_staff_list(client, process):
    other = make_process(slug="annen")
    outsider = make_role_user("annen", other, ProcessMembership.Role.MANAGER)
    client.force_login(outsider)
    body = client.get(reverse("processes:staff_list")).content.decode()
    assert other.name in body
    assert process.name not in body
    assert client.get(setup_url(process, "grunnlag")).status_code == 404


def test_a_phase_gets_its_nynorsk_and_english_titles_from_the_form(staff_client, process):
    staff_client.post(
        add_url(process, "fase"),
        {
            "fase-title_nb": "Dialog og innsikt",
            "fase-title_nn": "Dialog og innsikt på nynorsk",
            "fase-title_en": "Dialogue",
            "fase-kind": "dialogue",
            "fase-influence_level": "consult",
        },
    )
    phase = process.phases.get()
    assert (phase.title_nb, phase.title_nn, phase.title_en) == (
        "Dialog og innsikt",
        "Dialog og innsikt på nynorsk",
        "Dialogue",
    )
