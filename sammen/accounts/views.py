import logging

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from sammen.core.ratelimit import count_request, limit_for, limit_reached, over_limit, whole_minutes

from . import oidc
from .services import staff_user_for_oidc_login

logger = logging.getLogger(__name__)

START_LIMIT = "SAMMEN_OIDC_START_RATE_LIMIT"
FAILURE_LIMIT = "SAMMEN_OIDC_FAILURE_RATE_LIMIT"

# What a refused login tells the person: enough to know what to do, nothing of the token.
REFUSALS = {
    "state": _(
        "Innloggingen kunne ikke fullføres: svaret fra innloggingstjenesten hører ikke til en "
        "innlogging som er startet i denne nettleseren, eller det er brukt før. Start "
        "innloggingen på nytt."
    ),
    "cancelled": _("Innloggingen ble avbrutt hos innloggingstjenesten. Du er ikke logget inn."),
    "code": _(
        "Innloggingen kunne ikke fullføres: engangskoden fra innloggingstjenesten er utløpt "
        "eller brukt før. Start innloggingen på nytt."
    ),
    "id_token": _(
        "Innloggingen kunne ikke fullføres: svaret fra innloggingstjenesten kunne ikke "
        "bekreftes. Start innloggingen på nytt, og kontakt kommunen om det skjer igjen."
    ),
    "unavailable": _(
        "Innloggingstjenesten svarer ikke akkurat nå. Prøv igjen om litt, eller logg inn med "
        "brukernavn og passord."
    ),
    "unknown": _(
        "Vi fant ingen ansattkonto i sammen for deg. Innloggingen gir ikke tilgang i seg "
        "selv: be den som administrerer sammen i kommunen om å opprette en konto med "
        "e-postadressen din, eller koble kontoen til innloggingen din."
    ),
    "unverified": _(
        "Innloggingstjenesten har ikke bekreftet e-postadressen din, så vi kan ikke koble "
        "deg til en ansattkonto. Kontakt den som administrerer sammen i kommunen."
    ),
    "inactive": _(
        "Kontoen du er koblet til, er ikke aktiv som ansattkonto. Kontakt den som "
        "administrerer sammen i kommunen."
    ),
}


class LoginView(auth_views.LoginView):
    """Django's login form, with a button for each OpenID Connect provider configured."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        providers = oidc.providers()
        context["staff_providers"] = [p for p in providers if p.is_staff]
        context["citizen_providers"] = [p for p in providers if not p.is_staff]
        return context


def _provider_or_404(name):
    provider = oidc.get_provider(name)
    if provider is None:
        raise Http404
    return provider


def _refused(request, provider, reason: str, status: int):
    return render(
        request,
        "accounts/oidc_refused.html",
        {"provider": provider, "message": REFUSALS[reason]},
        status=status,
    )


def _too_many(request, setting):
    minutes = whole_minutes(limit_for(setting)[1])
    return render(request, "accounts/oidc_too_many.html", {"minutes": minutes}, status=429)


def _safe_next(request, url):
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


@require_GET
def oidc_start(request, provider):
    """Send the browser to the provider's login page. A plain link (not a form), so that the
    CSP's form-action need not name every provider's login address."""
    provider = _provider_or_404(provider)
    if over_limit(request, START_LIMIT):
        return _too_many(request, START_LIMIT)
    redirect_uri = request.build_absolute_uri(
        reverse("accounts:oidc_callback", args=[provider.name])
    )
    try:
        response = oidc.authorization_redirect(request, provider, redirect_uri, get_language())
    except oidc.LoginRefused as refusal:
        return _refused(request, provider, refusal.reason, refusal.status)
    request.session[oidc.NEXT_SESSION_KEY] = _safe_next(request, request.GET.get("next"))
    return response


@require_GET
def oidc_callback(request, provider):
    """The provider's answer: the code is exchanged, the ID token verified, and a staff
    account matched (staff providers) or the citizen's pseudonym kept (citizen providers)."""
    provider = _provider_or_404(provider)
    if limit_reached(request, FAILURE_LIMIT):
        return _too_many(request, FAILURE_LIMIT)
    try:
        claims = oidc.verified_claims(request, provider)
        issuer = claims["iss"]
        if provider.is_staff:
            user = staff_user_for_oidc_login(
                provider=provider.name, match=provider.match, issuer=issuer, claims=claims
            )
    except oidc.LoginRefused as refusal:
        count_request(request, FAILURE_LIMIT)
        logger.info("OIDC login through %s refused: %s", provider.name, refusal.reason)
        return _refused(request, provider, refusal.reason, refusal.status)
    next_url = request.session.pop(oidc.NEXT_SESSION_KEY, None)
    if provider.is_staff:
        auth.login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        default = settings.LOGIN_REDIRECT_URL
    else:
        # A new session key for the verified person, as login() gives a staff member.
        request.session.cycle_key()
        request.session[oidc.CITIZEN_SESSION_KEY] = {
            "provider": provider.name,
            "pseudonym": oidc.citizen_pseudonym(issuer, claims["sub"]),
            "acr": claims.get("acr", ""),
        }
        messages.success(
            request,
            _("Du er logget inn med %(provider)s. Det gir ingen tilgang til sider for ansatte.")
            % {"provider": provider.label},
        )
        default = "portal:home"
    request.session[oidc.SESSION_KEY] = {
        "provider": provider.name,
        "id_token": claims["_id_token"],
        "logout_origin": oidc.logout_origin(provider),
    }
    return redirect(next_url or default)


@require_POST
def logout(request):
    """End the session here, then at the provider the person logged in through, when it
    offers RP-initiated logout; it sends the browser back to oidc_logged_out."""
    login = request.session.get(oidc.SESSION_KEY) or {}
    auth.logout(request)
    provider = oidc.get_provider(login.get("provider", ""))
    if provider is not None:
        back = request.build_absolute_uri(reverse("accounts:oidc_logged_out", args=[provider.name]))
        response = oidc.logout_redirect(request, provider, login.get("id_token"), back)
        if response is not None:
            return response
    return redirect(settings.LOGOUT_REDIRECT_URL)


@require_GET
def oidc_logged_out(request, provider):
    provider = _provider_or_404(provider)
    oidc.finish_logout(request, provider)
    return redirect(settings.LOGOUT_REDIRECT_URL)


def locked_out(request, response=None, credentials=None):
    """The page django-axes shows (AXES_LOCKOUT_CALLABLE) instead of the login form when a
    user name has had too many wrong passwords from this address."""
    minutes = whole_minutes(settings.AXES_COOLOFF_TIME.total_seconds())
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
