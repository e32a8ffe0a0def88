import datetime

import pytest
from django.utils import timezone

from sammen.api.models import ApiToken, ApiWrite
from sammen.api.services import revoke_api_token
from sammen.core.models import AuditEntry
from sammen.inputs.models import Input

pytestmark = pytest.mark.django_db

BASE = "/api/v1/processes"


def post_input(client, world, token, slug="a-prosess", key="nokkel-0001", **body):
    body = {"text": "Flere benker langs elva.", "channel": "other", **body}
    return client.post(
        f"{BASE}/{slug}/inputs",
        body,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
        **world.auth(token),
    )


def test_a_write_token_creates_an_input_waiting_for_moderation(client, api_world):
    response = post_input(client, api_world, "a-write", focus_areas=["natur"])
    assert response.status_code == 201, response.content
    body = response.json()
    item = Input.objects.get(pk=body["id"])
    assert item.moderation == Input.Moderation.PENDING
    assert item.channel == "other"
    assert [area.key for area in item.focus_areas.all()] == ["natur"]
    assert body["receipt_code"] == item.receipt_code


def test_the_write_is_audited_as_the_tokens_maker(client, api_world):
    response = post_input(client, api_world, "a-write")
    entry = AuditEntry.objects.filter(verb="input.create", object_id=str(response.json()["id"]))
    assert entry.get().actor == api_world.manager


def test_a_replay_with_the_same_body_returns_the_first_answer(client, api_world):
    first = post_input(client, api_world, "a-write")
    again = post_input(client, api_world, "a-write")
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert Input.objects.filter(process=api_world.a, text="Flere benker langs elva.").count() == 1


def test_a_replayed_key_with_another_body_is_refused(client, api_world):
    post_input(client, api_world, "a-write")
    response = post_input(client, api_world, "a-write", text="Noe helt annet.")
    assert response.status_code == 422
    assert response.json()["type"].endswith("#problem-idempotency-key-reused")
    assert not Input.objects.filter(text="Noe helt annet.").exists()


def test_a_write_needs_an_idempotency_key(client, api_world):
    response = client.post(
        f"{BASE}/a-prosess/inputs",
        {"text": "Uten nøkkel", "channel": "other"},
        content_type="application/json",
        **api_world.auth("a-write"),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"


def test_unknown_fields_are_refused(client, api_world):
    response = post_input(client, api_world, "a-write", colour="blå")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "colour"
    assert not ApiWrite.objects.exists()


def test_wrong_types_are_refused(client, api_world):
    response = post_input(client, api_world, "a-write", text=["ikke", "tekst"], channel="fax")
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"text", "channel"}


def test_broken_json_is_a_problem(client, api_world):
    response = client.post(
        f"{BASE}/a-prosess/inputs",
        "{ikke json",
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="nokkel-0002",
        **api_world.auth("a-write"),
    )
    assert response.status_code in (400, 422)
    assert response["Content-Type"] == "application/problem+json"


def test_control_characters_are_stripped(client, api_world):
    response = post_input(client, api_world, "a-write", text="Nul\x00tegn")
    assert response.status_code == 201
    assert Input.objects.get(pk=response.json()["id"]).text == "Nultegn"


def test_an_unknown_focus_area_is_named(client, api_world):
    response = post_input(client, api_world, "a-write", focus_areas=["ukjent"])
    assert response.status_code == 422
    assert "ukjent" in response.json()["detail"]


def test_a_read_token_cannot_write(client, api_world):
    response = post_input(client, api_world, "a-read")
    assert response.status_code == 403
    assert response.json()["type"].endswith("#problem-read-only-token")
    assert not Input.objects.filter(text="Flere benker langs elva.").exists()


def test_anonymous_callers_cannot_write(client, api_world):
    response = client.post(
        f"{BASE}/a-prosess/inputs",
        {"text": "x", "channel": "other"},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="nokkel-0003",
    )
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_token_of_another_process_cannot_write_to_a_public_one(client, api_world):
    response = post_input(client, api_world, "b-write", slug="a-prosess")
    assert response.status_code == 403
    assert not Input.objects.filter(text="Flere benker langs elva.").exists()


def test_a_token_of_another_process_cannot_reach_a_draft_one(client, api_world):
    response = post_input(client, api_world, "a-write", slug="b-prosess")
    assert response.status_code == 404
    assert not Input.objects.filter(process=api_world.b, text="Flere benker langs elva.").exists()


def test_a_revoked_token_stops_at_once(client, api_world):
    assert client.get(f"{BASE}/b-prosess", **api_world.auth("b-write")).status_code == 200
    revoke_api_token(
        actor=api_world.manager, token=api_world.tokens["b-write"], process=api_world.b
    )
    response = client.get(f"{BASE}/b-prosess", **api_world.auth("b-write"))
    assert response.status_code == 401
    assert "trukket tilbake" in response.json()["detail"]


def test_an_expired_token_is_refused(client, api_world):
    ApiToken.objects.filter(pk=api_world.tokens["a-read"].pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get(f"{BASE}/", **api_world.auth("a-read"))
    assert response.status_code == 401
    assert "utløpt" in response.json()["detail"]


def test_an_unknown_key_is_refused_not_read_as_anonymous(client, api_world):
    response = client.get(f"{BASE}/", HTTP_AUTHORIZATION="Bearer sam_gjett")
    assert response.status_code == 401


def test_a_token_stops_writing_when_its_maker_loses_the_right(client, api_world):
    api_world.manager.is_active = False
    api_world.manager.save()
    response = post_input(client, api_world, "a-write")
    assert response.status_code == 403


def test_last_use_is_recorded_at_most_once_a_minute(client, api_world):
    token = api_world.tokens["a-read"]
    client.get(f"{BASE}/", **api_world.auth("a-read"))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get(f"{BASE}/", **api_world.auth("a-read"))
    token.refresh_from_db()
    assert token.last_used_at == first


def test_participants_are_registered_through_the_activity_service(client, api_world):
    url = f"{BASE}/a-prosess/activities/{api_world.activity.pk}/participants"
    response = client.patch(
        url,
        {"participants_low": 40, "participants_high": 40, "participants_estimated": False},
        content_type="application/json",
        **api_world.auth("a-write"),
    )
    assert response.status_code == 200, response.content
    assert response.json()["counted"] == {"low": 40, "high": 40}
    assert AuditEntry.objects.filter(verb="activity.update", actor=api_world.manager).exists()


def test_a_participant_range_upside_down_is_refused(client, api_world):
    url = f"{BASE}/a-prosess/activities/{api_world.activity.pk}/participants"
    response = client.patch(
        url,
        {"participants_low": 50, "participants_high": 10},
        content_type="application/json",
        **api_world.auth("a-write"),
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"


def test_an_input_is_sorted_and_assessed_through_the_workbench_services(client, api_world):
    item = api_world.inputs[0]
    response = client.patch(
        f"{BASE}/a-prosess/inputs/{item.pk}",
        {
            "focus_areas": ["trafikk"],
            "responsibility": "kommune",
            "assessment": {"outcome": "not_used", "text": "Utenfor planområdet."},
        },
        content_type="application/json",
        **api_world.auth("a-write"),
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["focus_areas"] == ["trafikk"]
    assert body["status"] == "assessed"
    assert body["assessment"]["outcome"] == "not_used"
    verbs = set(AuditEntry.objects.filter(object_id=str(item.pk)).values_list("verb", flat=True))
    assert {"input.sort", "input.assess"} <= verbs


def test_an_assessment_not_used_needs_a_reason(client, api_world):
    item = api_world.inputs[0]
    response = client.patch(
        f"{BASE}/a-prosess/inputs/{item.pk}",
        {"assessment": {"outcome": "not_used"}},
        content_type="application/json",
        **api_world.auth("a-write"),
    )
    assert response.status_code == 422
    assert "ikke ble brukt" in response.json()["detail"]


def test_an_input_of_another_process_is_not_found(client, api_world):
    other = Input.objects.get(process=api_world.b)
    response = client.patch(
        f"{BASE}/a-prosess/inputs/{other.pk}",
        {"status": "archived"},
        content_type="application/json",
        **api_world.auth("a-write"),
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == Input.Status.NEW
