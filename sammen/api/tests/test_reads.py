import pytest
from django.test import override_settings

from sammen.contributors.services import add_contributor_question, record_contributor_details
from sammen.inputs.models import Input
from sammen.inputs.tests.factories import make_input
from sammen.processes.models import Process
from sammen.processes.tests.factories import make_process

pytestmark = pytest.mark.django_db

BASE = "/api/v1"


def test_anonymous_callers_see_only_public_processes(client, api_world):
    response = client.get(f"{BASE}/processes/")
    assert response.status_code == 200
    assert [p["slug"] for p in response.json()] == ["a-prosess"]


def test_a_token_adds_its_own_draft_process(client, api_world):
    response = client.get(f"{BASE}/processes/", **api_world.auth("b-write"))
    assert [p["slug"] for p in response.json()] == ["a-prosess", "b-prosess"]


def test_an_organisation_token_reaches_every_process_of_its_organisation(client, api_world):
    response = client.get(f"{BASE}/processes/", **api_world.auth("org-read"))
    assert [p["slug"] for p in response.json()] == ["a-prosess", "b-prosess"]


def test_a_draft_process_is_not_found_without_its_token(client, api_world):
    response = client.get(f"{BASE}/processes/b-prosess/inputs", **api_world.auth("a-read"))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert "Hemmelig" not in response.text


def test_inputs_are_approved_ones_with_personal_data_masked(client, api_world):
    response = client.get(f"{BASE}/processes/a-prosess/inputs?limit=50")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"items", "next"}
    assert body["next"] is None
    assert len(body["items"]) == 5
    texts = " ".join(item["text"] for item in body["items"])
    assert "987 65 432" not in texts
    assert "[telefonnummer skjult]" in texts
    assert "Venter på moderering" not in texts
    assert response["ETag"]


def test_inputs_list_their_focus_areas_in_three_queries(
    client, api_world, django_assert_num_queries
):
    # The process, a page of inputs, and the focus-area keys of the whole page: not a
    # query per input, nor focus areas built as objects row by row.
    client.get(f"{BASE}/processes/a-prosess/inputs?limit=50")
    with django_assert_num_queries(3):
        body = client.get(f"{BASE}/processes/a-prosess/inputs?limit=50").json()
    assert [item["focus_areas"] for item in body["items"]] == [[], ["natur"], [], ["natur"], []]


def test_a_process_that_keeps_its_inputs_from_the_public_lists_none(client, api_world):
    Process.objects.filter(slug="a-prosess").update(inputs_public=False)
    response = client.get(f"{BASE}/processes/a-prosess/inputs?limit=50")
    assert response.status_code == 200
    assert response.json()["items"] == []


def test_pages_follow_the_cursor_without_overlap(client, api_world):
    seen = []
    url = f"{BASE}/processes/a-prosess/inputs?limit=2"
    for _page in range(5):
        body = client.get(url).json()
        seen += [item["id"] for item in body["items"]]
        if body["next"] is None:
            break
        url = f"{BASE}/processes/a-prosess/inputs?limit=2&cursor={body['next']}"
    assert sorted(seen) == sorted(item.pk for item in api_world.inputs)
    assert len(seen) == len(set(seen))


def test_a_cursor_from_another_query_is_refused(client, api_world):
    first = client.get(f"{BASE}/processes/a-prosess/inputs?limit=2").json()
    response = client.get(
        f"{BASE}/processes/a-prosess/inputs?limit=2&status=new&cursor={first['next']}"
    )
    assert response.status_code == 400
    assert response.json()["type"].endswith("#problem-bad-cursor")


def test_a_forged_cursor_is_refused(client, api_world):
    response = client.get(f"{BASE}/processes/a-prosess/inputs?cursor=abc:def")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_a_huge_page_size_is_refused_naming_the_limit(client, api_world):
    response = client.get(f"{BASE}/processes/a-prosess/inputs?limit=100000")
    assert response.status_code == 422
    problem = response.json()
    assert problem["status"] == 422
    assert "200" in problem["detail"]
    assert problem["errors"][0]["field"] == "limit"


def test_a_wrong_type_is_a_problem_in_bokmal(client, api_world):
    response = client.get(f"{BASE}/processes/a-prosess/inputs?limit=mange")
    assert response.status_code == 422
    assert response["Content-Language"] == "nb"
    assert "heltall" in response.json()["detail"]


def test_english_is_chosen_by_accept_language(client, api_world):
    response = client.get(f"{BASE}/processes/ukjent", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response["Content-Language"] == "en"


def test_filters_match_the_workbench(client, api_world):
    url = f"{BASE}/processes/a-prosess/inputs"
    assert len(client.get(f"{url}?focus_area=natur").json()["items"]) == 2
    assert len(client.get(f"{url}?focus_area=none").json()["items"]) == 3
    assert len(client.get(f"{url}?sorted=true").json()["items"]) == 2
    assert len(client.get(f"{url}?activity={api_world.activity.pk}").json()["items"]) == 1
    assert len(client.get(f"{url}?channel=web").json()["items"]) == 0
    assert len(client.get(f"{url}?status=new").json()["items"]) == 5


def test_free_text_searches_the_index(client, api_world):
    body = client.get(f"{BASE}/processes/a-prosess/inputs?q=nummer").json()
    assert len(body["items"]) == 5
    body = client.get(f"{BASE}/processes/a-prosess/inputs?q=sykkelvei").json()
    assert body["items"] == []


def test_an_unchanged_list_answers_304(client, api_world):
    url = f"{BASE}/processes/a-prosess/inputs"
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_changed_list_gets_a_new_etag(client, api_world):
    url = f"{BASE}/processes/a-prosess/inputs"
    etag = client.get(url)["ETag"]
    Input.objects.filter(pk=api_world.inputs[0].pk).update(text="Nytt innhold")
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_activities_keep_reach_apart_and_hide_private_places(client, api_world):
    body = client.get(f"{BASE}/processes/a-prosess/activities").json()
    [activity] = body["items"]
    assert activity["participants"] == {"low": 0, "high": 35}
    assert activity["estimated"] == {"low": 30, "high": 35}
    assert activity["reach"] == 400
    assert activity["place"] == ""


def test_a_private_activity_shows_neither_its_title_nor_its_organiser(client, api_world):
    # A gjestebud's default title names its host, as its organiser does.
    [activity] = client.get(f"{BASE}/processes/a-prosess/activities").json()["items"]
    assert (activity["title"], activity["organiser"]) == ("", "")


def test_statistics_are_the_participation_accounting(client, api_world):
    body = client.get(f"{BASE}/processes/a-prosess/statistics").json()
    assert body["total"]["inputs"] == 5
    assert body["total"]["reach"] == 400
    assert body["inputs_without_focus_area"] == 3


def test_statistics_withhold_a_group_of_four_and_what_would_give_it_away(client, db):
    """24 born in Norway and 4 abroad: neither is shown, so 28 − 24 tells nothing."""
    process = make_process(slug="svar", status=Process.Status.ACTIVE)
    question = add_contributor_question(
        actor=None,
        process=process,
        key="fodeland",
        label="Er du født i Norge eller i utlandet?",
        purpose="Vi vil se om alle blir hørt.",
        choices=["Født i Norge", "Født i utlandet"],
    )
    for index, value in enumerate(["Født i Norge"] * 24 + ["Født i utlandet"] * 4):
        item = make_input(process, f"Innspill {index}")
        record_contributor_details(actor=None, item=item, answers={question: value})

    [about] = client.get(f"{BASE}/processes/svar/statistics").json()["about_you"]

    assert about["answered"] == 28
    assert about["illustrative"] is False  # real answers; the demo's say True
    assert [(g["value"], g["count"], g["hidden"]) for g in about["groups"]] == [
        ("Født i Norge", None, True),
        ("Født i utlandet", None, True),
    ]


@pytest.mark.parametrize(
    "path", ["phases", "focus-areas", "roadmap", "hearings", "decisions", "statistics"]
)
def test_every_read_answers(client, api_world, path):
    response = client.get(f"{BASE}/processes/a-prosess/{path}")
    assert response.status_code == 200, response.content


def test_an_unknown_address_is_a_problem(client, api_world):
    response = client.get(f"{BASE}/finnes-ikke")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_a_method_not_allowed_is_a_problem(client, api_world):
    response = client.delete(f"{BASE}/processes/a-prosess/inputs")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert "GET" in response["Allow"]


def test_no_cors_headers_by_default(client, api_world):
    response = client.get(f"{BASE}/processes/", HTTP_ORIGIN="https://example.org")
    assert "Access-Control-Allow-Origin" not in response


@override_settings(SAMMEN_API_RATE_LIMIT=(3, 60))
def test_an_address_over_its_limit_is_told_when_to_come_back(client, api_world):
    answers = [client.get(f"{BASE}/processes/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    response = client.get(f"{BASE}/processes/")
    assert int(response["Retry-After"]) >= 1


@override_settings(SAMMEN_API_TOKEN_RATE_LIMIT=(2, 60))
def test_a_token_over_its_limit_is_refused(client, api_world):
    auth = api_world.auth("a-read")
    answers = [client.get(f"{BASE}/processes/", **auth).status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    assert client.get(f"{BASE}/processes/").status_code == 200


def test_the_openapi_description_is_3_1(client, api_world):
    schema = client.get(f"{BASE}/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    assert "/api/v1/processes/{slug}/inputs" in schema["paths"]


def test_the_docs_page_lists_the_operations(client, api_world):
    response = client.get(f"{BASE}/docs")
    assert response.status_code == 200
    assert "/api/v1/processes/{slug}/inputs" in response.text
    assert 'id="problem-bad-cursor"' in response.text
