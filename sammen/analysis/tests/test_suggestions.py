import numpy as np
import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from sammen.analysis import suggestions, tasks, themes
from sammen.analysis.models import InputEmbedding, Suggester, Suggestion, SuggestionKind
from sammen.analysis.selectors import trust
from sammen.core.tests.queue import run_due_tasks, waiting
from sammen.inputs.services import create_inputs_from_lines, set_input_focus_area
from sammen.inputs.tests.factories import make_activity, make_input, make_method

from .factories import load_process

pytestmark = pytest.mark.django_db


def test_an_input_is_embedded_once_in_the_background_when_it_arrives(
    django_capture_on_commit_callbacks,
):
    process, _, _ = load_process()
    with django_capture_on_commit_callbacks(execute=True):
        item = make_input(process, text="Flere benker i parken")
    [queued] = waiting(tasks.embed_new_inputs)
    assert queued.args_kwargs["args"] == [[item.pk]]
    assert not InputEmbedding.objects.filter(input=item).exists()  # not in the request
    run_due_tasks()
    stored = InputEmbedding.objects.get(input=item)
    assert stored.embedder == "tfidf"
    # Embedding again (a retrain, a retried task) keeps the stored vector.
    assert suggestions.embed_inputs([item.pk]) == 0
    assert InputEmbedding.objects.get(input=item).pk == stored.pk


def test_lines_typed_in_together_are_embedded_by_one_task(
    staff_user, django_capture_on_commit_callbacks
):
    process, _, _ = load_process()
    activity = make_activity(make_method(process))
    with django_capture_on_commit_callbacks(execute=True):
        create_inputs_from_lines(
            actor=staff_user, activity=activity, text="Benker\nLys i parken\nBuss", form_key="k"
        )
    [queued] = waiting(tasks.embed_new_inputs)
    assert len(queued.args_kwargs["args"][0]) == 3


def test_sorting_in_a_row_makes_one_run_of_the_analysis(
    staff_user, django_capture_on_commit_callbacks
):
    _process, areas, items = load_process()
    with django_capture_on_commit_callbacks(execute=True):
        for item in items[:3]:
            set_input_focus_area(
                actor=staff_user, item=item, focus_area=areas["trafikk"], included=True
            )
    assert len(waiting(tasks.analyse_process)) == 1


def test_suggestions_learnt_from_sorting_come_with_a_quality_estimate():
    process, _areas, items = load_process(sorted_every=2, queue=True)
    run_due_tasks()
    area = Suggester.objects.get(process=process, kind=SuggestionKind.FOCUS_AREA)
    assert area.state == Suggester.State.READY
    # Every sorted input was guessed once with its own sorting hidden, and the page says how
    # many of ten were right.
    assert area.evaluated == 24
    right = round(10 * area.correct / 24)
    assert f"omtrent {right} av 10 forslag riktige" in trust(process)["focus_area"].summary
    unsorted = [item for i, item in enumerate(items) if i % 2]
    found = Suggestion.objects.filter(kind=SuggestionKind.FOCUS_AREA)
    assert {s.input_id for s in found} == {item.pk for item in unsorted}
    assert all(0 < s.confidence <= 1 and 0 <= s.uncertainty <= 1 for s in found)


def test_a_process_with_nothing_sorted_says_so_and_suggests_nothing(
    django_capture_on_commit_callbacks,
):
    process, _, _items = load_process()
    suggestions.train_process(process)
    said = trust(process)
    assert not said[SuggestionKind.FOCUS_AREA].shown
    assert "ingen sorterte innspill" in said[SuggestionKind.FOCUS_AREA].summary
    assert not Suggestion.objects.exists()


def test_too_few_sorted_inputs_says_how_many_are_needed(staff_user):
    process, areas, items = load_process()
    for item, key in zip(items[:3], ["trafikk", "natur", "natur"], strict=True):
        set_input_focus_area(actor=staff_user, item=item, focus_area=areas[key], included=True)
    suggestions.train_process(process)
    said = trust(process)[SuggestionKind.FOCUS_AREA]
    assert not said.shown
    assert "3 innspill er sortert" in said.summary and "minst 10" in said.summary
    # Trafikk has one example only, and the page says so.
    assert "Trafikk har bare ett sortert eksempel" in " ".join(said.reasons)


def test_one_answer_for_all_sorted_inputs_is_nothing_to_learn(staff_user):
    process, areas, items = load_process()
    for item in items[:12]:
        set_input_focus_area(
            actor=staff_user, item=item, focus_area=areas["trafikk"], included=True
        )
    [area, _] = suggestions.train_process(process)
    assert area.state == Suggester.State.ONE_CLASS
    assert "samme svar" in trust(process)[SuggestionKind.FOCUS_AREA].summary


def test_below_the_threshold_suggestions_are_hidden_and_the_page_says_why(
    client, staff_user, settings
):
    process, _, _items = load_process(sorted_every=2)
    suggestions.train_process(process)
    settings.SAMMEN_SUGGESTION_MIN_QUALITY = 100
    said = trust(process)[SuggestionKind.FOCUS_AREA]
    if said.quality == 1.0:
        pytest.skip("the fixture was sorted perfectly; nothing is below 100 %")
    assert not said.shown and "skjult" in said.summary
    client.force_login(staff_user)
    page = client.get(reverse("inputs:list", args=[process.slug])).content.decode()
    assert "er skjult" in page
    assert 'data-accept-suggestion="focus_area"' not in page


def test_the_workbench_offers_a_suggestion_as_a_button_that_sorts_without_javascript(
    client, staff_user, settings
):
    settings.SAMMEN_SUGGESTION_MIN_QUALITY = 0
    process, _areas, items = load_process(sorted_every=2)
    suggestions.train_process(process)
    client.force_login(staff_user)
    page = client.get(reverse("inputs:list", args=[process.slug])).content.decode()
    assert "av 10 forslag riktige så langt" in page
    item = items[1]
    hint = Suggestion.objects.get(input=item, kind=SuggestionKind.FOCUS_AREA)
    assert f'id="rad-{item.pk}-forslag-focus_area"' in page
    response = client.post(
        reverse("inputs:sort", args=[process.slug, item.pk]),
        {"legg_til": hint.focus_area.key},
    )
    assert response.status_code == 302
    assert list(item.focus_areas.all()) == [hint.focus_area]


def test_most_informative_first_orders_unsorted_inputs_by_uncertainty(client, staff_user, settings):
    process, _, _items = load_process(sorted_every=2)
    suggestions.train_process(process)
    client.force_login(staff_user)
    response = client.get(reverse("inputs:list", args=[process.slug]), {"rekkefolge": "usikre"})
    shown = [item.pk for item in response.context["page"].object_list]
    uncertainty = dict(
        Suggestion.objects.filter(kind=SuggestionKind.FOCUS_AREA).values_list(
            "input_id", "uncertainty"
        )
    )
    ranked = [uncertainty[pk] for pk in shown if pk in uncertainty]
    assert ranked == sorted(ranked, reverse=True)
    # The inputs with a suggestion (the unsorted ones) come before the sorted ones.
    assert set(shown[: len(uncertainty)]) == set(uncertainty)


def test_score_linear_matches_the_logistic_regression_it_was_taken_from():
    rng = np.random.default_rng(0)
    features = rng.normal(size=(60, 8)).astype(np.float32)
    labels = np.array(["a", "b", "c"] * 20)
    features[labels == "a", 0] += 2
    from sklearn.linear_model import LogisticRegression

    from sammen.analysis import learning

    rows = learning.centred(features)
    model = LogisticRegression(C=10.0, max_iter=2000).fit(rows, labels)
    kept = {
        "classes": list(model.classes_),
        "mean": features.mean(axis=0).tolist(),
        "coef": model.coef_.tolist(),
        "intercept": model.intercept_.tolist(),
    }
    classes, probabilities = suggestions.score_linear(kept, features)
    assert classes == ["a", "b", "c"]
    assert probabilities == pytest.approx(model.predict_proba(rows), abs=1e-5)


def test_new_inputs_in_a_tfidf_process_wait_for_a_new_run(django_capture_on_commit_callbacks):
    process, _, _items = load_process(sorted_every=2)
    suggestions.train_process(process)
    DBTaskResult.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        item = make_input(process, text="Fortauet langs veien mangler")
    run_due_tasks()  # the embedding, which asks for a run
    assert len(waiting(tasks.analyse_process)) == 1
    run_due_tasks()
    assert Suggestion.objects.filter(input=item, kind=SuggestionKind.FOCUS_AREA).exists()


def test_one_word_inputs_and_an_area_with_one_example_still_run_and_say_so(staff_user):
    process, areas, _ = load_process()
    words = ["Buss", "Benk", "Lys", "Skog", "Kafé", "Sti", "Fortau", "Elv", "Torg", "Ja", "!"]
    short = [make_input(process, text=word) for word in words]
    for item in short[:10]:
        area = areas["natur"] if item.text != "Kafé" else areas["møteplasser"]
        set_input_focus_area(actor=staff_user, item=item, focus_area=area, included=True)
    suggesters = suggestions.train_process(process)
    themes.find_themes(process)
    assert suggesters[0].state == Suggester.State.READY
    said = trust(process)[SuggestionKind.FOCUS_AREA]
    assert "Møteplasser har bare ett sortert eksempel" in " ".join(said.reasons)
    # The one unsorted one-word input got a suggestion like any other.
    assert Suggestion.objects.filter(input=short[10], kind=SuggestionKind.FOCUS_AREA).exists()


def test_with_e5_a_new_input_is_suggested_for_as_soon_as_it_is_embedded(
    settings, django_capture_on_commit_callbacks
):
    """The one test of the semantic model: offline, float16, and the fast path."""
    settings.SAMMEN_EMBEDDER = "e5-small"
    process, areas, _ = load_process(sorted_every=3)
    suggestions.train_process(process)
    stored = InputEmbedding.objects.filter(embedder="e5-small").first()
    assert len(bytes(stored.vector)) == 2 * 384
    DBTaskResult.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        item = make_input(process, text="Bussen til sentrum går for sjelden om kvelden")
    run_due_tasks()
    hint = Suggestion.objects.get(input=item, kind=SuggestionKind.FOCUS_AREA)
    assert hint.focus_area == areas["trafikk"]
    # Scored by the kept model: no new run of the whole analysis was needed.
    assert not waiting(tasks.analyse_process)
