from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


class ClaimsValidator(OAuth2Validator):
    """Adds each test person's claims (e-mail, email_verified, acr; for one person even
    another audience) from the provider's configuration to the ID token."""

    # Every configured claim goes into the token, whatever the scope: the tests choose them.
    oidc_claim_scope = None

    def get_additional_claims(self, request):
        person = settings.CONFIG["users"].get(request.user.get_username(), {})
        return dict(person.get("claims", {}))
