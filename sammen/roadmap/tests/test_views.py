import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from sammen.core.models import AuditEntry
from sammen.inputs.models import Input
from sammen.roadmap.models import Action, ActionInput, Goal, Strategy
from sammen.roadmap.services import link_inputs, set_roadmap_note

from .factories import make_action, make_input, make_process, make_strategy

HTMX = {"HTTP_HX_REQUEST": "true"}


def editor_url(process):
    return reverse("roadmap:editor", args=[process.slug])


def action_url(action):
    return reverse("roadmap:action", args=[action.strategy.goal.process.slug, action.pk])


def test_staff_only(client, process):
    response = client.get(editor_url(process))

    assert response.status_code == 302
    assert "/konto/logg-inn/" in response["Location"]


def test_the_editor_shows_the_tree(staff_client, action):
    response = staff_client.get(editor_url(action.strategy.goal.process))

    assertContains(response, "Flere møteplasser")
    assertContains(response, "Bruke skolen om kvelden")
    assertContains(response, "Åpen skole på tirsdager")


def test_the_editor_says_when_the_roadmap_is_illustrative(staff_client, process, goal):
    set_roadmap_note(actor=None, process=process, is_illustrative=True)

    assertContains(staff_client.get(editor_url(process)), "illustrerende")


def test_creating_a_goal_without_js_redirects_to_it(staff_client, process, goal):
    area = goal.focus_area
    url = reverse("roadmap:goal_create", args=[process.slug, area.key])

    response = staff_client.post(url, {"title": "Trygge uteområder"})

    new = Goal.objects.get(title="Trygge uteområder")
    assertRedirects(response, f"{editor_url(process)}#mal-{new.pk}", fetch_redirect_response=False)


def test_creating_an_action_without_responsibility_is_refused_with_the_message(
    staff_client, process, strategy
):
    url = reverse("roadmap:action_create", args=[process.slug, strategy.pk])

    response = staff_client.post(url, {"title": "Benker"}, follow=True)

    assertContains(response, "Velg hvem som har ansvaret for tiltaket")
    assert not Action.objects.exists()


def test_move_up_without_js_reorders_and_redirects(staff_client, process, strategy):
    make_action(strategy, "En")
    second = make_action(strategy, "To")
    url = reverse("roadmap:move", args=[process.slug, "tiltak", second.pk])

    response = staff_client.post(url, {"retning": "opp"})

    assertRedirects(
        response, f"{editor_url(process)}#tiltak-{second.pk}", fetch_redirect_response=False
    )
    assert list(strategy.actions.values_list("title", flat=True)) == ["To", "En"]


def test_move_with_htmx_answers_the_tree_and_names_the_focus(staff_client, process, strategy):
    make_action(strategy, "En")
    second = make_action(strategy, "To")
    url = reverse("roadmap:move", args=[process.slug, "tiltak", second.pk])

    response = staff_client.post(url, {"retning": "opp"}, **HTMX)

    body = response.content.decode()
    assert response["HX-Retarget"] == "#roadmap-tree"
    assert f'data-focus="tiltak-{second.pk}-opp"' in body
    assert "«To» er flyttet opp." in body
    assert "<html" not in body


def test_move_at_the_top_with_htmx_sends_only_the_message(staff_client, process, action):
    url = reverse("roadmap:move", args=[process.slug, "tiltak", action.pk])

    response = staff_client.post(url, {"retning": "opp"}, **HTMX)

    assert response["HX-Reswap"] == "none"
    assertContains(response, "står allerede øverst")


def test_inline_edit_of_a_goal_is_a_partial_under_htmx(staff_client, process, goal):
    url = reverse("roadmap:goal_edit", args=[process.slug, goal.pk])

    response = staff_client.get(url, **HTMX)

    body = response.content.decode()
    assert f'id="mal-{goal.pk}-head"' in body
    assert "<html" not in body


def test_inline_edit_without_js_is_a_page(staff_client, process, goal):
    url = reverse("roadmap:goal_edit", args=[process.slug, goal.pk])

    assertContains(staff_client.get(url), "<h1>Rediger: Flere møteplasser</h1>", html=False)


def test_inline_edit_saves_and_is_audited(staff_client, process, goal):
    url = reverse("roadmap:goal_edit", args=[process.slug, goal.pk])

    staff_client.post(url, {"focus_area": goal.focus_area.pk, "title": "Flere møteplasser ute"})

    goal.refresh_from_db()
    assert goal.title == "Flere møteplasser ute"
    assert AuditEntry.objects.filter(verb="goal.update").exists()


def test_inline_edit_error_is_shown_in_the_form_under_htmx(staff_client, process, strategy):
    url = reverse("roadmap:strategy_edit", args=[process.slug, strategy.pk])

    response = staff_client.post(url, {"title": "", "goal": strategy.goal.pk}, **HTMX)

    assert response["HX-Retarget"] == f"#strategi-{strategy.pk}-head"
    assertContains(response, "errorlist")


def test_action_page_saves_and_refuses_140_percent(staff_client, action):
    data = {
        "tiltak-title": action.title,
        "tiltak-responsibility": "kommune",
        "tiltak-status": "planned",
        "tiltak-completion": "140",
        "tiltak-new_actor_kind": "other",
    }

    response = staff_client.post(action_url(action), data)

    assertContains(response, "Fullført må være mellom 0 og 100 prosent, ikke 140.")
    action.refresh_from_db()
    assert (action.responsibility, action.status) == ("sammen", "proposed")


def test_action_page_adds_a_new_actor(staff_client, action):
    data = {
        "tiltak-title": action.title,
        "tiltak-responsibility": "kommune",
        "tiltak-status": "planned",
        "tiltak-completion": "10",
        "tiltak-new_actor": "Borgen IL",
        "tiltak-new_actor_kind": "association",
    }

    response = staff_client.post(action_url(action), data)

    assertRedirects(response, action_url(action), fetch_redirect_response=False)
    assert [a.name for a in action.actors.all()] == ["Borgen IL"]


def test_an_update_moves_the_action(staff_client, action, process):
    url = reverse("roadmap:action_update", args=[process.slug, action.pk])

    staff_client.post(
        url,
        {
            "oppdatering-date": "2017-03-01",
            "oppdatering-text": "Startet",
            "oppdatering-status": "in_progress",
            "oppdatering-completion": "10",
        },
    )

    action.refresh_from_db()
    assert (action.status, action.completion, action.updates.count()) == ("in_progress", 10, 1)


def test_move_action_to_another_strategy(staff_client, action, process, goal):
    other = make_strategy(goal, "Annen")
    url = reverse("roadmap:action_move", args=[process.slug, action.pk])

    staff_client.post(url, {"strategy": other.pk})

    action.refresh_from_db()
    assert action.strategy == other


class TestLinking:
    def test_search_lists_inputs_under_htmx(self, staff_client, action, process):
        make_input(process, "Vi vil ha en kafé")

        response = staff_client.get(
            action_url(action), {"sok": "kafé"}, HTTP_HX_TARGET="link-candidates", **HTMX
        )

        body = response.content.decode()
        assert "Vi vil ha en kafé" in body
        assert body.lstrip().startswith('<div id="link-candidates"')

    def test_search_without_js_is_on_the_page(self, staff_client, action, process):
        make_input(process, "Vi vil ha en kafé")

        assertContains(staff_client.get(action_url(action), {"sok": "kafé"}), "kandidat-")

    def test_link_without_js(self, staff_client, action, process):
        item = make_input(process)
        url = reverse("roadmap:action_link", args=[process.slug, action.pk])

        response = staff_client.post(
            url, {"kobling-innspill": [item.pk], "kobling-merknad": "Grunnlag"}
        )

        assertRedirects(response, action_url(action) + "#innspill", fetch_redirect_response=False)
        assert ActionInput.objects.get().note == "Grunnlag"

    def test_link_with_htmx_answers_the_section(self, staff_client, action, process):
        item = make_input(process)
        url = reverse("roadmap:action_link", args=[process.slug, action.pk])

        response = staff_client.post(url, {"kobling-innspill": [item.pk]}, **HTMX)

        assertContains(response, "1 innspill er koblet til tiltaket.")
        assert "<html" not in response.content.decode()

    def test_an_input_of_another_process_is_refused_with_the_message(
        self, staff_client, action, process
    ):
        foreign = make_input(make_process("annet"))
        url = reverse("roadmap:action_link", args=[process.slug, action.pk])

        response = staff_client.post(url, {"kobling-innspill": [foreign.pk]})

        assertContains(response, "hører til en annen prosess og kan ikke kobles")
        assert not ActionInput.objects.exists()

    def test_unlink_keeps_the_input(self, staff_client, action, process):
        [link] = link_inputs(actor=None, action=action, inputs=[make_input(process)])
        url = reverse("roadmap:link_edit", args=[process.slug, action.pk, link.pk])

        staff_client.post(url, {"handling": "fjern"})

        assert (ActionInput.objects.count(), Input.objects.count()) == (0, 1)


class TestDelete:
    @pytest.fixture
    def linked(self, action, process):
        return link_inputs(actor=None, action=action, inputs=[make_input(process)])

    def url(self, action):
        return reverse("roadmap:action_delete", args=[action.strategy.goal.process.slug, action.pk])

    def test_the_page_asks_what_to_do_with_the_links(self, staff_client, action, linked):
        assertContains(staff_client.get(self.url(action)), "1 innspill er koblet til tiltaket")

    def test_deleting_without_an_answer_is_refused(self, staff_client, action, linked):
        response = staff_client.post(self.url(action), {})

        assertContains(response, "Velg om koblingen skal flyttes")
        assert Action.objects.filter(pk=action.pk).exists()

    def test_moving_the_links_then_deleting(self, staff_client, action, linked, strategy):
        other = make_action(strategy, "Annet")

        response = staff_client.post(self.url(action), {"links": "move", "move_links_to": other.pk})

        assert response.status_code == 302
        assert other.input_links.count() == 1
        assert not Action.objects.filter(pk=action.pk).exists()


def test_deleting_a_strategy_with_actions_says_why_not(staff_client, process, action):
    url = reverse("roadmap:strategy_delete", args=[process.slug, action.strategy.pk])

    response = staff_client.post(url, follow=True)

    assertContains(response, "Strategien har tiltak")
    assert Strategy.objects.exists()


def test_the_overview_shows_coverage_and_links_the_roadmap(staff_client, process):
    from sammen.inputs.services import set_input_assessment

    item = make_input(process)
    make_input(process, "Annet")
    set_input_assessment(actor=None, item=item, outcome="used", assessment="")

    response = staff_client.get(reverse("insights:overview", args=[process.slug]))

    assertContains(response, "1 av 2 godkjente innspill er vurdert (50,0 %)")
    assertContains(response, editor_url(process))
