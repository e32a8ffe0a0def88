"""The API's documentation page, and the staff pages where process managers make and revoke
API tokens."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sammen.accounts.permissions import is_organisation_admin, process_permission
from sammen.core.forms import add_service_errors

from . import services
from .api import api
from .docs import describe
from .forms import ApiTokenForm
from .problems import PROBLEMS
from .selectors import process_tokens, token_state


@require_GET
def docs(request):
    """A readable page drawn on the server from the OpenAPI description: no script, so it
    works under the site's content security policy and without reaching a CDN."""
    schema = api.get_openapi_schema(path_prefix=request.path.removesuffix("docs"))
    context = describe(schema)
    context["problems"] = [
        {"code": code, "status": status, "title": str(title)}
        for code, (status, title) in PROBLEMS.items()
    ]
    return render(request, "api/docs.html", context)


def _tokens_page(request, process, form, new_key=None, status=200):
    tokens = [(token, token_state(token)) for token in process_tokens(process)]
    response = render(
        request,
        "api/tokens.html",
        {"process": process, "tokens": tokens, "form": form, "new_key": new_key},
        status=status,
    )
    # The page shows a new key once: it must not be kept by a cache or the back button.
    add_never_cache_headers(response)
    return response


@require_http_methods(["GET", "POST"])
@process_permission("manage_api_tokens", write="manage_api_tokens")
def tokens(request, slug):
    process = request.process
    org_admin = is_organisation_admin(request.user, process.organisation_id)
    if request.method == "GET":
        return _tokens_page(request, process, ApiTokenForm(may_cover_organisation=org_admin))
    form = ApiTokenForm(request.POST, may_cover_organisation=org_admin)
    if form.is_valid():
        try:
            new = services.create_api_token(
                actor=request.user,
                process=process,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                for_organisation=form.cleaned_data.get("for_organisation", False),
                expires_at=form.expires_at(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _tokens_page(
                request, process, ApiTokenForm(may_cover_organisation=org_admin), new_key=new
            )
    return _tokens_page(request, process, form, status=400)


@require_POST
@process_permission("manage_api_tokens")
def revoke(request, slug, pk):
    process = request.process
    token = get_object_or_404(process_tokens(process), pk=pk)
    services.revoke_api_token(actor=request.user, token=token, process=process)
    messages.success(
        request,
        _("Nøkkelen «%(name)s» er trukket tilbake og virker ikke lenger.") % {"name": token.name},
    )
    return redirect("api_tokens:tokens", process.slug)
