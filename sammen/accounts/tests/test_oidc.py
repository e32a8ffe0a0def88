"""Login with OpenID Connect, end to end against a real provider started on 127.0.0.1
(django-oauth-toolkit, see oidc_provider/): sammen's side through Django's test client, the
person's browser at the provider through requests."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from sammen.accounts.models import OidcIdentity
from sammen.accounts.oidc import CITIZEN_SESSION_KEY
from sammen.accounts.services import create_staff_user
from sammen.core.models import AuditEntry

from .oidc_provider.harness import KARI, PersonAtProvider, local, query

pytestmark = pytest.mark.django_db

START = "/konto/oidc/ansatt/"


@pytest.fixture
def kari(db):
    return create_staff_user(
        actor=None, username="kari", password="Borgen-2016-kari", email=KARI.upper()
    )


def authorize(client, provider, username, start=START):
    """Start a login at sammen and let the person log in at the provider; returns the
    address the provider sends the browser back to (sammen's callback)."""
    authorization = client.get(start)
    assert authorization.status_code == 302
    return PersonAtProvider(provider, username).follow(authorization["Location"])


def log_in(client, provider, username, start=START):
    return client.get(local(authorize(client, provider, username, start)))


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def assert_refused(response, status, text):
    assert response.status_code == status
    content = response.content.decode()
    assert text in content
    assert "Innlogging med" in content and "ble avvist" in content
    # Nothing of the protocol reaches the page.
    for leak in ("invalid_grant", "Traceback", "id_token", "nonce"):
        assert leak not in content


def test_the_login_page_offers_each_provider_beside_the_password_form(client, oidc_settings):
    content = client.get(reverse("login")).content.decode()

    assert "Logg inn med Testleverandør" in content
    assert 'name="password"' in content
    assert "Logg inn med Test-ID" in content


def test_without_providers_the_login_page_has_no_provider_buttons(client, settings):
    settings.SAMMEN_OIDC_PROVIDERS = {}

    assert "Logg inn med" not in client.get(reverse("login")).content.decode()


def test_login_starts_at_the_discovered_authorization_endpoint_with_pkce(
    client, oidc_settings, oidc_provider
):
    response = client.get(START)

    location = response["Location"]
    assert location.startswith(oidc_provider.discovery()["authorization_endpoint"])
    params = query(location)
    assert params["response_type"] == "code"
    assert params["client_id"] == "sammen-ansatte"
    assert params["redirect_uri"] == "http://testserver/konto/oidc/ansatt/tilbake/"
    assert params["scope"].split() == ["openid", "email"]
    assert params["code_challenge_method"] == "S256"
    assert len(params["code_challenge"]) == 43
    assert params["state"] and params["nonce"]


def test_a_staff_member_matched_by_verified_email_is_logged_in(
    client, oidc_settings, oidc_provider, kari
):
    response = log_in(client, oidc_provider, "kari")

    assert response.status_code == 302
    assert response["Location"] == reverse("processes:staff_list")
    assert logged_in_user_id(client) == str(kari.pk)
    identity = OidcIdentity.objects.get()
    assert (identity.user, identity.issuer) == (kari, oidc_provider.issuer)
    entry = AuditEntry.objects.get(verb="oidcidentity.create")
    assert entry.actor == kari
    assert entry.changes == {"provider": "ansatt"}


def test_the_login_returns_to_the_page_asked_for(client, oidc_settings, oidc_provider, kari):
    target = reverse("processes:staff_list") + "?side=2"

    response = log_in(client, oidc_provider, "kari", start=f"{START}?next={target}")

    assert response["Location"] == target


def test_a_next_address_on_another_site_is_ignored(client, oidc_settings, oidc_provider, kari):
    response = log_in(client, oidc_provider, "kari", start=f"{START}?next=https://evil.example/")

    assert response["Location"] == reverse("processes:staff_list")


def test_a_linked_login_keeps_working_when_the_account_address_changes(
    client, oidc_settings, oidc_provider, kari
):
    log_in(client, oidc_provider, "kari")
    client.logout()
    kari.email = "kari@annen.example"
    kari.save()

    log_in(client, oidc_provider, "kari")

    assert logged_in_user_id(client) == str(kari.pk)
    assert OidcIdentity.objects.count() == 1


def test_the_provider_gives_no_rights(client, oidc_settings, oidc_provider, kari):
    log_in(client, oidc_provider, "kari")

    kari.refresh_from_db()
    assert kari.is_staff and not kari.is_superuser
    assert list(kari.groups.all()) == [] and list(kari.user_permissions.all()) == []


def test_logout_ends_the_session_here_and_at_the_provider(
    client, oidc_settings, oidc_provider, kari
):
    person = PersonAtProvider(oidc_provider, "kari")
    authorization = client.get(START)
    client.get(local(person.follow(authorization["Location"])))
    assert logged_in_user_id(client)

    response = client.post(reverse("logout"))

    assert logged_in_user_id(client) is None
    end_session = response["Location"]
    assert end_session.startswith(oidc_provider.discovery()["end_session_endpoint"])
    params = query(end_session)
    assert params["post_logout_redirect_uri"] == "http://testserver/konto/oidc/ansatt/logget-ut/"
    assert params["id_token_hint"] and params["state"]
    back = person.follow(end_session)
    assert query(back)["state"] == params["state"]
    assert client.get(local(back))["Location"] == reverse("portal:home")
    # Logged out at the provider too: a new login asks for the password again.
    again = person.session.get(client.get(START)["Location"], allow_redirects=False)
    assert again.headers["Location"].startswith("/login/")


def test_logout_after_a_password_login_stays_on_the_site(client, oidc_settings, kari):
    client.post(reverse("login"), {"username": "kari", "password": "Borgen-2016-kari"})

    response = client.post(reverse("logout"))

    assert response["Location"] == reverse("portal:home")
    assert logged_in_user_id(client) is None


def test_after_the_login_the_pages_may_send_the_logout_on_to_the_provider(
    client, oidc_settings, oidc_provider, kari
):
    log_in(client, oidc_provider, "kari")

    policy = client.get(reverse("portal:home"))["Content-Security-Policy"]

    assert f"form-action 'self' {oidc_provider.url}" in policy


def test_a_tampered_state_is_refused(client, oidc_settings, oidc_provider, kari):
    callback = authorize(client, oidc_provider, "kari")
    state = query(callback)["state"]

    response = client.get(local(callback.replace(state, state[:-2] + "xx")))

    assert_refused(response, 400, "hører ikke til en innlogging som er startet i denne nettleseren")
    assert logged_in_user_id(client) is None
    assert not OidcIdentity.objects.exists()


def test_an_answer_from_another_browser_is_refused(client, oidc_settings, oidc_provider, kari):
    callback = authorize(client, oidc_provider, "kari")
    client.cookies.clear()

    assert client.get(local(callback)).status_code == 400
    assert not OidcIdentity.objects.exists()


def test_a_replayed_state_is_refused(client, oidc_settings, oidc_provider, kari):
    callback = authorize(client, oidc_provider, "kari")
    assert client.get(local(callback)).status_code == 302
    client.logout()

    response = client.get(local(callback))

    assert_refused(response, 400, "eller det er brukt før")
    assert logged_in_user_id(client) is None


def test_a_reused_code_is_refused(client, oidc_settings, oidc_provider, kari):
    used = query(authorize(client, oidc_provider, "kari"))
    client.get(reverse("accounts:oidc_callback", args=["ansatt"]), used)
    client.logout()
    fresh = query(authorize(client, oidc_provider, "kari"))

    response = client.get(
        reverse("accounts:oidc_callback", args=["ansatt"]),
        {"code": used["code"], "state": fresh["state"]},
    )

    assert_refused(response, 400, "engangskoden fra innloggingstjenesten er utløpt eller brukt før")
    assert logged_in_user_id(client) is None


def test_an_expired_code_is_refused(client, oidc_settings, oidc_provider, kari):
    callback = authorize(client, oidc_provider, "kari")
    oidc_provider.expire_codes()

    response = client.get(local(callback))

    assert_refused(response, 400, "engangskoden fra innloggingstjenesten er utløpt")
    assert logged_in_user_id(client) is None
    assert not OidcIdentity.objects.exists()


def test_an_id_token_for_another_audience_is_refused(client, oidc_settings, oidc_provider, kari):
    response = log_in(client, oidc_provider, "annen")

    assert_refused(response, 400, "svaret fra innloggingstjenesten kunne ikke bekreftes")
    assert logged_in_user_id(client) is None
    assert not OidcIdentity.objects.exists()


def test_an_unknown_person_is_refused_and_no_account_is_made(
    client, oidc_settings, oidc_provider, kari
):
    users = get_user_model().objects.count()

    response = log_in(client, oidc_provider, "ukjent")

    assert_refused(response, 403, "Vi fant ingen ansattkonto i sammen for deg")
    assert "ola.ukjent@example.no" not in response.content.decode()
    assert get_user_model().objects.count() == users
    assert not OidcIdentity.objects.exists()
    assert logged_in_user_id(client) is None


def test_an_unverified_email_address_is_refused(client, oidc_settings, oidc_provider, kari):
    response = log_in(client, oidc_provider, "uverifisert")

    assert_refused(response, 403, "har ikke bekreftet e-postadressen din")
    assert logged_in_user_id(client) is None
    assert not OidcIdentity.objects.exists()


def test_an_address_that_is_not_a_staff_account_is_refused(
    client, oidc_settings, oidc_provider, kari
):
    kari.is_staff = False
    kari.save()

    assert_refused(log_in(client, oidc_provider, "kari"), 403, "Vi fant ingen ansattkonto")


def test_a_linked_account_no_longer_active_is_refused(client, oidc_settings, oidc_provider, kari):
    log_in(client, oidc_provider, "kari")
    client.logout()
    kari.is_active = False
    kari.save()

    response = log_in(client, oidc_provider, "kari")

    assert_refused(response, 403, "er ikke aktiv som ansattkonto")
    assert logged_in_user_id(client) is None


def test_matching_by_subject_needs_a_link_made_by_an_administrator(
    client, oidc_settings, oidc_provider, kari
):
    oidc_settings.SAMMEN_OIDC_PROVIDERS["ansatt"]["match"] = "sub"
    assert_refused(log_in(client, oidc_provider, "kari"), 403, "Vi fant ingen ansattkonto")
    OidcIdentity.objects.create(
        user=kari, issuer=oidc_provider.issuer, subject=oidc_provider.subject_of("kari")
    )

    log_in(client, oidc_provider, "kari")

    assert logged_in_user_id(client) == str(kari.pk)


def test_a_citizen_is_verified_without_staff_access_and_without_an_account(
    client, oidc_settings, oidc_provider
):
    users = get_user_model().objects.count()

    response = log_in(client, oidc_provider, "innbygger", start="/konto/oidc/innbygger/")

    assert response["Location"] == reverse("portal:home")
    citizen = client.session[CITIZEN_SESSION_KEY]
    assert citizen["provider"] == "innbygger" and citizen["acr"] == "idporten-loa-substantial"
    assert len(citizen["pseudonym"]) == 64
    assert "24079400000" not in str(citizen)
    assert logged_in_user_id(client) is None
    assert get_user_model().objects.count() == users
    assert not OidcIdentity.objects.exists()
    assert client.get(reverse("processes:staff_list")).status_code == 302
    home = client.get(reverse("portal:home")).content.decode()
    assert "Du er logget inn med Test-ID" in home and "Logg ut" in home


def test_a_citizen_gets_the_same_pseudonym_at_each_login(client, oidc_settings, oidc_provider):
    log_in(client, oidc_provider, "innbygger", start="/konto/oidc/innbygger/")
    first = client.session[CITIZEN_SESSION_KEY]["pseudonym"]
    client.post(reverse("logout"))
    assert CITIZEN_SESSION_KEY not in client.session

    log_in(client, oidc_provider, "innbygger", start="/konto/oidc/innbygger/")

    assert client.session[CITIZEN_SESSION_KEY]["pseudonym"] == first


def test_a_citizen_login_below_the_required_level_is_refused(client, oidc_settings, oidc_provider):
    response = log_in(client, oidc_provider, "svak", start="/konto/oidc/innbygger/")

    assert_refused(response, 400, "kunne ikke bekreftes")
    assert CITIZEN_SESSION_KEY not in client.session


def test_a_cancelled_login_is_refused_cleanly(client, oidc_settings, kari):
    client.get(START)

    response = client.get(
        reverse("accounts:oidc_callback", args=["ansatt"]),
        {"error": "access_denied", "error_description": "<script>x</script>"},
    )

    assert_refused(response, 400, "Innloggingen ble avbrutt")
    assert "<script>x" not in response.content.decode()


def test_an_unreachable_provider_answers_service_unavailable(client, settings, oidc_provider):
    config = oidc_provider.sammen_settings()["ansatt"]
    settings.SAMMEN_OIDC_PROVIDERS = {
        "ansatt": {**config, "discovery_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
    }

    response = client.get(START)

    assert_refused(response, 503, "Innloggingstjenesten svarer ikke akkurat nå")


def test_an_unknown_provider_name_is_not_found(client, oidc_settings):
    assert client.get("/konto/oidc/finnes-ikke/").status_code == 404


def test_refused_answers_from_one_address_are_throttled(client, oidc_settings, oidc_provider, kari):
    oidc_settings.SAMMEN_OIDC_FAILURE_RATE_LIMIT = (2, 600)
    callback = reverse("accounts:oidc_callback", args=["ansatt"])
    for _ in range(2):
        assert client.get(callback, {"code": "x", "state": "y"}).status_code == 400

    response = client.get(local(authorize(client, oidc_provider, "kari")))

    assert response.status_code == 429
    assert "For mange innloggingsforsøk" in response.content.decode()
    assert logged_in_user_id(client) is None


def test_starting_logins_from_one_address_is_throttled(client, oidc_settings):
    oidc_settings.SAMMEN_OIDC_START_RATE_LIMIT = (2, 600)
    for _ in range(2):
        assert client.get(START).status_code == 302

    assert client.get(START).status_code == 429


def test_password_failures_counted_by_axes_do_not_stop_the_provider_login(
    client, oidc_settings, oidc_provider, kari
):
    from axes.models import AccessAttempt

    for _ in range(3):
        client.post(reverse("login"), {"username": "kari", "password": "feil"})
    assert AccessAttempt.objects.exists()

    response = log_in(client, oidc_provider, "kari")

    assert response.status_code == 302
    assert logged_in_user_id(client) == str(kari.pk)
