"""The same person's first OpenID Connect login in two tabs at once links the account once."""

import pytest

from sammen.accounts import services
from sammen.accounts.models import OidcIdentity
from sammen.accounts.services import create_staff_user, staff_user_for_oidc_login

pytestmark = pytest.mark.django_db

ISSUER = "https://idp.example"
CLAIMS = {"sub": "abc-123", "email": "kari@example.no", "email_verified": True}


def test_a_link_made_by_a_concurrent_login_is_found_not_a_server_error(monkeypatch):
    kari = create_staff_user(
        actor=None, username="kari", password="Borgen-2016-kari", email="kari@example.no"
    )
    found = services.staff_users_with_email

    def other_tab_links_first(email):
        # The other tab's login commits its link between our lookup and our insert.
        OidcIdentity.objects.create(user=kari, issuer=ISSUER, subject="abc-123")
        return found(email)

    monkeypatch.setattr(services, "staff_users_with_email", other_tab_links_first)

    user = staff_user_for_oidc_login(provider="ansatt", match="email", issuer=ISSUER, claims=CLAIMS)

    assert user == kari
    assert OidcIdentity.objects.filter(issuer=ISSUER, subject="abc-123").count() == 1
