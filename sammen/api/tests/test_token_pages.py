import pytest
from django.urls import reverse

from sammen.accounts.models import ProcessMembership
from sammen.accounts.tests.factories import make_staff, make_team_member
from sammen.api.models import ApiToken
from sammen.api.selectors import key_hash
from sammen.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_a_new_key_is_shown_once_and_stored_hashed(client, api_world):
    client.force_login(api_world.manager)
    url = reverse("api_tokens:tokens", args=[api_world.a.slug])
    response = client.post(url, {"name": "Kiosk på biblioteket", "scope": "write"})
    assert response.status_code == 200
    token = ApiToken.objects.get(name="Kiosk på biblioteket")
    key = response.context["new_key"].key
    assert key in response.text
    assert token.key_hash == key_hash(key)
    assert key not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert "no-store" in response["Cache-Control"]
    assert key not in client.get(url).text
    assert AuditEntry.objects.filter(verb="apitoken.create", actor=api_world.manager).exists()


def test_the_new_key_works_at_once(client, api_world):
    client.force_login(api_world.manager)
    url = reverse("api_tokens:tokens", args=[api_world.b.slug])
    key = client.post(url, {"name": "Saksarkiv", "scope": "read"}).context["new_key"].key
    client.logout()
    response = client.get("/api/v1/processes/b-prosess", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200


def test_a_key_is_revoked_from_the_page(client, api_world):
    client.force_login(api_world.manager)
    token = api_world.tokens["a-read"]
    url = reverse("api_tokens:revoke", args=[api_world.a.slug, token.pk])
    assert client.post(url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.filter(verb="apitoken.revoke").exists()
    answer = client.get("/api/v1/processes/", **api_world.auth("a-read"))
    assert answer.status_code == 401


def test_a_key_of_another_process_cannot_be_revoked_here(client, api_world):
    client.force_login(api_world.manager)
    token = api_world.tokens["b-write"]
    url = reverse("api_tokens:revoke", args=[api_world.a.slug, token.pk])
    assert client.post(url).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_only_organisation_admins_may_make_organisation_keys(client, api_world):
    analyst_manager = make_staff("prosessleder")
    make_team_member(analyst_manager, api_world.a, ProcessMembership.Role.MANAGER)
    client.force_login(analyst_manager)
    url = reverse("api_tokens:tokens", args=[api_world.a.slug])
    assert "for_organisation" not in client.get(url).context["form"].fields
    client.post(url, {"name": "Alt", "scope": "read", "for_organisation": "on"})
    assert ApiToken.objects.get(name="Alt").organisation_id is None


def test_an_expiry_in_the_past_is_refused(client, api_world):
    client.force_login(api_world.manager)
    url = reverse("api_tokens:tokens", args=[api_world.a.slug])
    response = client.post(url, {"name": "Gammel", "scope": "read", "expires_on": "2000-01-01"})
    assert response.status_code == 400
    assert not ApiToken.objects.filter(name="Gammel").exists()
