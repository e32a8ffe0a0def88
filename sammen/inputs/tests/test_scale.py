"""The pages of a process do the same number of queries however many inputs it has (no
N+1), and on PostgreSQL the workbench's main filters are read off their indexes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sammen.accounts.services import create_staff_user
from sammen.engagement.models import Activity
from sammen.inputs.models import Input
from sammen.inputs.selectors import filter_inputs
from sammen.inputs.services import bulk_create_inputs, set_input_sorting
from sammen.processes.models import Process
from sammen.processes.tests.factories import make_process

from .factories import make_activity, make_focus_area, make_method

pytestmark = pytest.mark.django_db


def _world(size: int) -> Process:
    process = make_process(slug=f"stor-{size}", status=Process.Status.ACTIVE)
    areas = [make_focus_area(process, key=f"omr{n}", title=f"Område {n}") for n in range(3)]
    method = make_method(process)
    activities = [make_activity(method, title=f"Møte {n}", is_public=True) for n in range(3)]
    now = timezone.now()
    items, item_areas = [], []
    for n in range(size):
        items.append(
            Input(
                text=f"Innspill nummer {n} om benker, lys og skolevei.",
                activity_id=activities[n % 3].pk if n % 4 else None,
                received_at=now - datetime.timedelta(minutes=n),
                responsibility="kommune" if n % 2 else "",
                status=Input.Status.IN_REVIEW if n % 2 else Input.Status.NEW,
                moderation=Input.Moderation.PENDING if n % 7 == 0 else Input.Moderation.APPROVED,
                place_name="Torget" if n % 5 == 0 else "",
            )
        )
        item_areas.append((areas[n % 3].pk,) if n % 2 else ())
    bulk_create_inputs(actor=None, process=process, items=items, focus_area_ids=item_areas)
    return process


def _staff_client(client):
    user = create_staff_user(
        actor=None, username="leder", password="Passord-som-er-langt-1", superuser=True
    )
    client.force_login(user)
    return client


def _urls(process: Process) -> list[str]:
    workbench = reverse("inputs:list", args=[process.slug])
    activity = Activity.objects.filter(method__process=process).first()
    return [
        reverse("insights:overview", args=[process.slug]),
        workbench,
        workbench + "?innsatsomrade=ingen",
        workbench + "?innsatsomrade=omr1&status=in_review",
        workbench + f"?aktivitet={activity.pk}",
        workbench + "?sok=benker",
        reverse("team:audit_log", args=[process.slug]),
        reverse("inputs:moderation", args=[process.slug]),
        reverse("portal:process", args=[process.slug]),
        reverse("portal:input_form", args=[process.slug]),
    ]


def _queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_pages_do_as_many_queries_with_more_inputs(client):
    client = _staff_client(client)
    small, large = _world(6), _world(30)
    for small_url, large_url in zip(_urls(small), _urls(large), strict=True):
        assert _queries(client, small_url) == _queries(client, large_url), large_url


def test_workbench_and_overview_stay_within_their_query_budgets(
    client, django_assert_max_num_queries
):
    client = _staff_client(client)
    process = _world(30)
    workbench, overview = _urls(process)[1], _urls(process)[0]
    client.get(workbench)
    with django_assert_max_num_queries(40):
        client.get(workbench)
    with django_assert_max_num_queries(40):
        client.get(overview)


def test_large_process_shows_stored_figures_with_their_time(client, settings):
    settings.SAMMEN_LIVE_FIGURES_LIMIT = 10
    client = _staff_client(client)
    process = _world(30)
    response = client.get(reverse("insights:overview", args=[process.slug]))
    assert 'data-testid="figures-computed-at"' in response.content.decode()
    [item] = Input.objects.filter(process=process, moderation="approved", responsibility="")[:1]
    set_input_sorting(actor=None, item=item, responsibility="innbyggere")
    # Stored: the change shows once the figures are computed again (a task), not at once.
    response = client.get(reverse("insights:overview", args=[process.slug]))
    assert response.context["responsibility"][1].count == 0


def test_small_process_counts_live(client):
    client = _staff_client(client)
    process = _world(6)
    response = client.get(reverse("insights:overview", args=[process.slug]))
    assert 'data-testid="figures-computed-at"' not in response.content.decode()
    [item] = Input.objects.filter(process=process, moderation="approved", responsibility="")[:1]
    set_input_sorting(actor=None, item=item, responsibility="innbyggere")
    response = client.get(reverse("insights:overview", args=[process.slug]))
    assert response.context["responsibility"][1].count == 1


def test_workbench_caps_the_count_of_a_long_list(client, monkeypatch):
    monkeypatch.setattr("sammen.core.pagination.COUNT_CAP", 10)
    monkeypatch.setattr("sammen.core.pagination.CappedPaginator.__init__.__defaults__", (10,))
    client = _staff_client(client)
    process = _world(30)
    response = client.get(reverse("inputs:list", args=[process.slug]))
    assert "Mer enn 10 innspill passer" in response.content.decode()


def test_public_page_lists_activities_a_page_at_a_time(client, monkeypatch):
    monkeypatch.setattr("sammen.portal.views.ACTIVITIES_PER_PAGE", 2)
    process = _world(6)
    url = reverse("portal:process", args=[process.slug])
    first = client.get(url).content.decode()
    assert "?aktiviteter=2#aktivitetene" in first
    assert first.count("Møte ") == 2
    assert client.get(url + "?aktiviteter=2").content.decode().count("Møte ") == 1


def test_many_activities_are_offered_per_method(client, monkeypatch):
    monkeypatch.setattr("sammen.inputs.forms.ACTIVITY_CHOICES_LIMIT", 2)
    client = _staff_client(client)
    process = _world(6)
    method = Activity.objects.filter(method__process=process).first().method
    url = reverse("inputs:list", args=[process.slug])
    assert "Møte 1</option>" not in client.get(url).content.decode()
    options = client.get(url, {"felt": "aktivitet", "metode": method.pk}).content.decode()
    assert options.count("Møte ") == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's query plans")
@pytest.mark.parametrize(
    ("params", "index"),
    [
        ({}, "input_process_recv_idx"),
        ({"status": "assessed"}, "input_process_status_idx"),
        ({"ansvar": ""}, "input_process_resp_idx"),
        ({"innsatsomrade": "ingen"}, "input_process_recv_idx"),
    ],
)
def test_workbench_filters_read_their_indexes(params, index):
    process = _world(200)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE inputs_input")
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = filter_inputs(process, params)[:50].explain()
    assert index in plan, plan
    # The page is read in the index's order, not sorted after reading every match.
    assert "Sort Key: inputs_input.received_at DESC" not in plan.split("Limit")[1], plan
    if params.get("innsatsomrade") == "ingen":
        assert "Anti Join" in plan or "NOT (hashed SubPlan" in plan or "NOT EXISTS" in plan, plan


def _roadmap(process: Process, goals: int) -> None:
    from sammen.documents.tests.factories import make_hearing
    from sammen.roadmap.services import add_action_update
    from sammen.roadmap.tests.factories import make_action, make_goal, make_strategy

    for g in range(goals):
        goal = make_goal(process, title=f"Mål {g}")
        for s in range(goals):
            strategy = make_strategy(goal, title=f"Strategi {g}.{s}")
            for a in range(goals):
                action = make_action(strategy, title=f"Tiltak {g}.{s}.{a}")
                add_action_update(
                    actor=None, action=action, date=timezone.localdate(), text="Startet."
                )
        make_hearing(process, questions=tuple(f"Spørsmål {n}?" for n in range(goals)))


def test_overview_does_as_many_queries_with_a_larger_roadmap(client):
    # The overview counts the texts that lack a translation, the roadmap's among them:
    # read with prefetching, not one query per goal, strategy and action.
    client = _staff_client(client)
    small, large = _world(6), _world(7)
    _roadmap(small, 1)
    _roadmap(large, 3)
    overview = "insights:overview"
    assert _queries(client, reverse(overview, args=[small.slug])) == _queries(
        client, reverse(overview, args=[large.slug])
    )


def _rows_read(plan: dict, table: str) -> float:
    """Rows a plan's nodes read from `table` (actual rows times loops), its children's too."""
    rows = 0.0
    if plan.get("Relation Name") == table:
        rows += plan["Actual Rows"] * plan["Actual Loops"]
    for child in plan.get("Plans", []):
        rows += _rows_read(child, table)
    return rows


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's query plans")
def test_small_process_counts_do_not_read_a_big_process_inputs():
    # The overview's counts for a small process beside a big one. Joined from the focus
    # areas (or methods) they hashed every input of every process once the big one was large
    # (seconds beside a million); found from the small process's own inputs they read only
    # those, whatever the joins. Nested loops are ruled out to plan every join as a large
    # table's would be.
    from sammen.insights.counting import compute_counts

    big, small = _world(400), _world(10)
    with CaptureQueriesContext(connection) as captured:
        compute_counts(small)
    assert Input.objects.filter(process=big).count() == 400
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE inputs_input")
        cursor.execute("SET LOCAL enable_nestloop = off")
    for query in captured.captured_queries:
        if "inputs_input" not in query["sql"]:
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + query["sql"])
            plan = cursor.fetchone()[0][0]["Plan"]
        assert _rows_read(plan, "inputs_input") <= 10, query["sql"]
