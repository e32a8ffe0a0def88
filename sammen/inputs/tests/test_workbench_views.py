"""The workbench's views, with and without HTMX: bad input gets a message, never a 500."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from sammen.core.models import AuditEntry
from sammen.inputs.models import Input
from sammen.inputs.services import set_input_sorting

from .factories import make_focus_area, make_input, make_process

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def process():
    return make_process()


@pytest.fixture
def sted(process):
    return make_focus_area(process, "sted", "Stedsutvikling")


@pytest.fixture
def item(process):
    return make_input(process, "Flere benker ved stien.")


def sort_url(item) -> str:
    return reverse("inputs:sort", args=[item.process.slug, item.pk])


def bulk_url(process) -> str:
    return reverse("inputs:bulk", args=[process.slug])


def list_url(process) -> str:
    return reverse("inputs:list", args=[process.slug])


def area_keys(item) -> set[str]:
    return set(item.focus_areas.values_list("key", flat=True))


def test_htmx_filter_returns_only_the_results(staff_client, process, item):
    response = staff_client.get(list_url(process), {"sok": "benker"}, **HTMX)

    content = response.content.decode()
    assert content.lstrip().startswith('<div id="results"')
    assert "Flere benker ved stien." in content
    assert "<html" not in content


def test_free_text_filter(staff_client, process, item):
    make_input(process, "Lys i undergangen.")

    response = staff_client.get(list_url(process), {"sok": "UNDERGANGEN"})

    assert [i.text for i in response.context["page"]] == ["Lys i undergangen."]


def test_the_filter_form_shows_an_unknown_status_as_an_error(staff_client, process, item):
    response = staff_client.get(list_url(process), {"status": "bogus"})

    assertContains(response, "Ukjent verdi «bogus».")
    assertContains(response, "Ingen innspill passer.")


def test_only_duplicate_groups_and_hide_duplicates(staff_client, process, item):
    copy = make_input(process, "Benker, takk.")
    make_input(process, "Alene")
    copy.duplicate_of = item
    copy.save()

    groups = staff_client.get(list_url(process), {"duplikater": "grupper"}).context["page"]
    hidden = staff_client.get(list_url(process), {"duplikater": "skjul"}).context["page"]

    assert [i.pk for i in groups] == [item.pk, copy.pk]
    assert copy not in list(hidden)


def test_overview_link_to_unassessed_inputs_still_works(staff_client, process, item):
    make_input(process, "Vurdert", responsibility="kommune")

    response = staff_client.get(list_url(process) + "?ansvar=")

    assert list(response.context["page"]) == [item]
    assertContains(response, '<option value="ingen" selected>Ikke vurdert</option>', html=True)


def test_sort_without_htmx_redirects_back_to_the_filtered_list_with_a_message(
    staff_client, item, sted
):
    response = staff_client.post(sort_url(item), {"legg_til": "sted", "tilbake": "ansvar=&x=1"})

    assertRedirects(
        response, f"{list_url(item.process)}?ansvar=#rad-{item.pk}", fetch_redirect_response=False
    )
    assert area_keys(item) == {"sted"}
    page = staff_client.get(response.url)
    assertContains(page, "Innspillet er sortert under Stedsutvikling.")


def test_sort_with_htmx_returns_the_row_and_a_live_message(staff_client, item, sted):
    response = staff_client.post(sort_url(item), {"legg_til": "sted"}, **HTMX)

    content = response.content.decode()
    assert content.lstrip().startswith(f'<tr id="rad-{item.pk}"')
    assert 'aria-pressed="true"' in content
    assert "Innspillet er sortert under Stedsutvikling." in content
    assert 'id="history"' in content


def test_responsibility_button_of_the_current_value_clears_it(staff_client, item):
    set_input_sorting(actor=None, item=item, responsibility="kommune")

    staff_client.post(sort_url(item), {"ansvar": "ingen"}, **HTMX)

    item.refresh_from_db()
    assert item.responsibility == ""


def test_sorting_an_input_of_another_process_is_not_found(staff_client, process, sted):
    stranger = make_input(make_process("annet"), "Fremmed")

    url = reverse("inputs:sort", args=[process.slug, stranger.pk])
    assert staff_client.post(url, {"legg_til": "sted"}).status_code == 404


def test_focus_area_of_another_process_gets_a_message_and_nothing_changes(staff_client, item, sted):
    make_focus_area(make_process("annet"), "fremmed", "Fremmed")

    response = staff_client.post(sort_url(item), {"legg_til": "fremmed"}, **HTMX)

    assert response["HX-Reswap"] == "none"
    assertContains(response, "Innsatsområdet finnes ikke i denne prosessen.")
    assert area_keys(item) == set()


def test_a_get_to_an_action_is_refused(staff_client, item):
    assert staff_client.get(sort_url(item)).status_code == 405


def test_non_staff_cannot_sort(client, django_user_model, item, sted):
    client.force_login(django_user_model.objects.create_user(username="innbygger"))

    assert (
        client.post(sort_url(item), {"legg_til": "sted"}).status_code == 404
    )  # no role here: not found


class TestBulk:
    def test_bulk_add_with_htmx_rerenders_the_list(self, staff_client, process, sted):
        items = [make_input(process, f"Innspill {n}") for n in range(5)]

        response = staff_client.post(
            bulk_url(process),
            {"innspill": [i.pk for i in items], "handling": "legg_til", "innsatsomrade": "sted"},
            **HTMX,
        )

        assertContains(response, "5 innspill er sortert under Stedsutvikling.")
        assert response.content.decode().lstrip().startswith('<div id="results"')
        assert Input.objects.filter(focus_areas__key="sted").count() == 5

    def test_whole_page_selects_the_inputs_on_the_page(self, staff_client, process):
        items = [make_input(process, f"Innspill {n}") for n in range(3)]

        staff_client.post(
            bulk_url(process),
            {
                "hele_siden": "1",
                "sidens_innspill": [i.pk for i in items],
                "handling": "status",
                "status": "assessed",
            },
        )

        assert set(Input.objects.values_list("status", flat=True)) == {"assessed"}

    def test_empty_selection_gets_a_message(self, staff_client, process, sted, item):
        response = staff_client.post(
            bulk_url(process), {"handling": "legg_til", "innsatsomrade": "sted"}, follow=True
        )

        assertContains(response, "Velg minst ett innspill.")
        assert area_keys(item) == set()

    def test_an_input_of_another_process_gets_a_message(self, staff_client, process, sted, item):
        stranger = make_input(make_process("annet"), "Fremmed")

        response = staff_client.post(
            bulk_url(process),
            {"innspill": [item.pk, stranger.pk], "handling": "legg_til", "innsatsomrade": "sted"},
            **HTMX,
        )

        assertContains(response, f"Fant ikke innspill nr. {stranger.pk} i denne prosessen.")
        assert not Input.objects.filter(focus_areas__isnull=False).exists()

    def test_unknown_status_gets_a_message(self, staff_client, process, item):
        response = staff_client.post(
            bulk_url(process),
            {"innspill": [item.pk], "handling": "status", "status": "bogus"},
            **HTMX,
        )

        assertContains(response, "Ukjent verdi «bogus».")

    def test_an_original_that_is_not_a_number_gets_a_message(self, staff_client, process, item):
        response = staff_client.post(
            bulk_url(process),
            {"innspill": [item.pk], "handling": "duplikat", "original": "abc"},
            **HTMX,
        )

        assertContains(response, "Fant ikke innspill nr. abc i denne prosessen.")

    def test_marking_an_input_as_its_own_duplicate_gets_a_message(
        self, staff_client, process, item
    ):
        response = staff_client.post(
            bulk_url(process),
            {"innspill": [item.pk], "handling": "duplikat", "original": item.pk},
            **HTMX,
        )

        assertContains(response, "Et innspill kan ikke være duplikat av seg selv.")


class TestUndo:
    def test_undo_restores_and_redirects_without_htmx(self, staff_client, item, staff_user):
        entry = set_input_sorting(actor=staff_user, item=item, responsibility="kommune")

        response = staff_client.post(reverse("inputs:undo", args=[item.process.slug, entry.pk]))

        assert response.status_code == 302
        item.refresh_from_db()
        assert item.responsibility == ""

    def test_undoing_twice_gets_a_message(self, staff_client, item, staff_user):
        entry = set_input_sorting(actor=staff_user, item=item, responsibility="kommune")
        url = reverse("inputs:undo", args=[item.process.slug, entry.pk])
        staff_client.post(url, **HTMX)

        response = staff_client.post(url, **HTMX)

        assertContains(response, "Endringen er allerede angret.")
        assert AuditEntry.objects.filter(verb="input.undo").count() == 1

    def test_undo_after_a_later_change_gets_a_conflict_message(
        self, staff_client, item, staff_user
    ):
        entry = set_input_sorting(actor=staff_user, item=item, responsibility="kommune")
        set_input_sorting(actor=staff_user, item=item, responsibility="sammen")

        response = staff_client.post(
            reverse("inputs:undo", args=[item.process.slug, entry.pk]), **HTMX
        )

        assertContains(response, "er endret etter dette")
        item.refresh_from_db()
        assert item.responsibility == "sammen"

    def test_an_entry_of_another_process_is_not_found(self, staff_client, process, staff_user):
        stranger = make_input(make_process("annet"), "Fremmed")
        entry = set_input_sorting(actor=staff_user, item=stranger, responsibility="kommune")

        response = staff_client.post(reverse("inputs:undo", args=[process.slug, entry.pk]))

        assert response.status_code == 404

    def test_undo_last_with_nothing_to_undo_gets_a_message(self, staff_client, process):
        response = staff_client.post(reverse("inputs:undo_last", args=[process.slug]), **HTMX)

        assertContains(response, "Du har ingen endringer å angre.")


class TestDetail:
    def test_assessment_is_saved_and_audited(self, staff_client, item):
        url = reverse("inputs:detail", args=[item.process.slug, item.pk])

        response = staff_client.post(url, {"status": "assessed", "assessment": "Tas med."})

        assertRedirects(response, url)
        item.refresh_from_db()
        assert (item.status, item.assessment) == ("assessed", "Tas med.")
        assertContains(staff_client.get(url), "status: Vurdert; vurderingen er endret")

    def test_unknown_status_is_shown_and_nothing_saved(self, staff_client, item):
        url = reverse("inputs:detail", args=[item.process.slug, item.pk])

        response = staff_client.post(url, {"status": "bogus", "assessment": "x"})

        assertContains(response, "Ukjent verdi «bogus».")
        item.refresh_from_db()
        assert item.assessment == ""


def test_the_page_size_is_a_setting(staff_client, process, settings):
    settings.SAMMEN_WORKBENCH_PAGE_SIZE = 2
    for number in range(3):
        make_input(process, f"Innspill {number}")

    first = staff_client.get(list_url(process)).context["page"]
    second = staff_client.get(list_url(process), {"side": 2}).context["page"]

    assert (len(first), len(second), first.paginator.num_pages) == (2, 1, 2)


class TestAssessmentOutcomeForm:
    def url(self, item):
        return reverse("inputs:detail", args=[item.process.slug, item.pk])

    def test_an_outcome_is_saved_with_status_assessed(self, staff_client, item):
        staff_client.post(
            self.url(item), {"outcome": "partly_used", "assessment": "", "status": "new"}
        )

        item.refresh_from_db()
        assert (item.assessment_outcome, item.status) == ("partly_used", "assessed")
        assert item.assessed_at is not None

    def test_not_used_without_a_reason_is_refused_beside_the_field(self, staff_client, item):
        response = staff_client.post(
            self.url(item), {"outcome": "not_used", "assessment": "", "status": "new"}
        )

        assertContains(response, "Skriv hvorfor innspillet ikke ble brukt.")
        assertContains(response, 'id="id_assessment_error"')
        item.refresh_from_db()
        assert item.assessment_outcome == ""

    def test_taking_the_outcome_back_leaves_assessed(self, staff_client, item):
        staff_client.post(self.url(item), {"outcome": "used", "status": "new"})

        staff_client.post(self.url(item), {"outcome": "", "status": "assessed"})

        item.refresh_from_db()
        assert (item.assessment_outcome, item.status, item.assessed_at) == ("", "in_review", None)


class TestBulkLink:
    @pytest.fixture
    def action(self, process):
        from sammen.roadmap.tests.factories import make_action, make_goal, make_strategy

        return make_action(make_strategy(make_goal(process)))

    def test_selected_inputs_are_linked_with_the_note(self, staff_client, process, action):
        items = [make_input(process, "a"), make_input(process, "b")]

        response = staff_client.post(
            bulk_url(process),
            {
                "innspill": [i.pk for i in items],
                "handling": "koble",
                "tiltak": action.pk,
                "merknad": "Felles grunnlag",
            },
            follow=True,
        )

        assertContains(response, "2 innspill er koblet til tiltaket «Åpen skole på tirsdager».")
        assert list(action.input_links.values_list("note", flat=True)) == ["Felles grunnlag"] * 2

    def test_an_action_of_another_process_is_refused(self, staff_client, process, item):
        from sammen.roadmap.tests.factories import make_action, make_goal, make_strategy

        foreign = make_action(make_strategy(make_goal(make_process("annet"))))

        response = staff_client.post(
            bulk_url(process),
            {"innspill": [item.pk], "handling": "koble", "tiltak": foreign.pk},
            follow=True,
        )

        assertContains(response, "Tiltaket hører til en annen prosess.")
        assert not foreign.input_links.exists()

    def test_without_an_action_it_asks_for_one(self, staff_client, process, item):
        response = staff_client.post(
            bulk_url(process), {"innspill": [item.pk], "handling": "koble"}, follow=True
        )

        assertContains(response, "Velg tiltaket innspillene skal kobles til.")

    def test_the_list_offers_the_actions(self, staff_client, process, item, action):
        assertContains(staff_client.get(list_url(process)), "Koble til tiltak")

    def test_the_input_page_lists_its_actions(self, staff_client, process, item, action):
        from sammen.roadmap.services import link_inputs

        link_inputs(actor=None, action=action, inputs=[item], note="Direkte")

        response = staff_client.get(reverse("inputs:detail", args=[process.slug, item.pk]))

        assertContains(response, "Åpen skole på tirsdager")
        assertContains(response, ": Direkte")
