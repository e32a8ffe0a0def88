from django.conf import settings

from .oidc import SESSION_KEY


def oidc_logout_csp(get_response):
    """After a login through an OpenID Connect provider, let the pages' logout button lead on
    to the provider's logout endpoint: a browser applies the CSP's form-action to where the
    form's answer redirects, too. Sits below Django's CSP middleware, which reads the
    per-response policy (the attribute Django's csp_override() sets)."""

    def middleware(request):
        response = get_response(request)
        if settings.SESSION_COOKIE_NAME not in request.COOKIES or hasattr(response, "_csp_config"):
            return response
        origin = (request.session.get(SESSION_KEY) or {}).get("logout_origin")
        if origin:
            policy = dict(settings.SECURE_CSP)
            policy["form-action"] = [*policy.get("form-action", []), origin]
            response._csp_config = policy
        return response

    return middleware
