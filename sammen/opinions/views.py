import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sammen.accounts.oidc import verified_citizen
from sammen.accounts.permissions import process_permission
from sammen.core.forms import add_service_errors
from sammen.core.idempotency import find_by_key
from sammen.core.ratelimit import limit_for, over_limit, whole_minutes
from sammen.engagement.models import Activity
from sammen.insights.charts import group_map_chart
from sammen.processes.selectors import get_process

from . import selectors, services
from .forms import (
    ConversationForm,
    PolisImportForm,
    RejectForm,
    SeedForm,
    StatementForm,
    VoteForm,
)
from .models import MIN_VOTES_TO_BE_PLACED, Conversation, Statement
from .polis import files_from_upload

VOTER_COOKIE = "sammen_stemmer"
VOTER_COOKIE_DAYS = 365
VOTES = "SAMMEN_OPINIONS_VOTE_RATE_LIMIT"
STATEMENTS = "SAMMEN_OPINIONS_STATEMENT_RATE_LIMIT"
PAGE = "opinions/vote.html"


def group_map(results: selectors.Results):
    """The map of participants and opinion groups (None before any analysis has placed
    anyone), with a table of the groups beside it."""
    if not results.points:
        return None
    labels = [_("Gruppe %(label)s") % {"label": group.label} for group in results.groups]
    placed = len(results.points)
    ungrouped = sum(1 for point in results.points if point[3] < 0)
    rows = [[label, group.size] for label, group in zip(labels, results.groups, strict=True)]
    if ungrouped:
        rows.append([_("Uten gruppe"), ungrouped])
    return group_map_chart(
        key=f"meningskart-{results.conversation.pk}",
        title=_("Kart over deltakerne og meningsgruppene"),
        summary=_(
            "%(placed)d deltakere plassert etter hvordan de stemte: de som stemte likt, står "
            "nær hverandre. %(groups)s"
        )
        % {"placed": placed, "groups": selectors.group_sizes_text(results)},
        points=[(x, y, group) for _voter, x, y, group in results.points],
        group_labels=labels,
        ungrouped_label=_("Uten gruppe"),
        columns=[_("Gruppe"), _("Deltakere")],
        rows=rows,
    )


def _cookie_token(request) -> str | None:
    token = request.COOKIES.get(VOTER_COOKIE, "")
    return token if 20 <= len(token) <= 100 and token.isascii() else None


def _voter_key(request, conversation: Conversation) -> str | None:
    """The key of this visitor's voter: their verified login where the conversation asks for
    one, else their browser's cookie token (given with the voting page)."""
    if conversation.requires_login:
        citizen = verified_citizen(request)
        return services.login_key(conversation, citizen["pseudonym"]) if citizen else None
    token = _cookie_token(request) or getattr(request, "new_voter_token", None)
    return services.browser_key(conversation, token) if token else None


def _no_voter_message(conversation: Conversation) -> str:
    if conversation.requires_login:
        return _("Logg inn for å stemme.")
    # Without the cookie every vote would count as a new participant.
    return _(
        "Nettleseren din sendte ikke med informasjonskapselen som holder stemmene dine "
        "sammen. Last siden på nytt og prøv igjen; tillat informasjonskapsler for denne "
        "siden hvis det ikke hjelper."
    )


def _with_cookie(request, response):
    if token := getattr(request, "new_voter_token", None):
        response.set_cookie(
            VOTER_COOKIE,
            token,
            max_age=VOTER_COOKIE_DAYS * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def _context(request, process, conversation, **extra):
    key = _voter_key(request, conversation)
    voter = selectors.voter_by_key(conversation, key)
    context = {
        "process": process,
        "conversation": conversation,
        "statement": selectors.next_statement(conversation, voter),
        "progress": selectors.progress(conversation, voter),
        "login_needed": conversation.requires_login and verified_citizen(request) is None,
        "statement_form": StatementForm(),
    }
    context.update(extra)
    return context


def _too_many(setting: str) -> str:
    count, seconds = limit_for(setting)
    return _(
        "Det er sendt veldig mye fra denne nettverksadressen på kort tid (høyst %(count)d på "
        "%(minutes)d minutter). Ingenting ble lagret nå. Vent litt og prøv igjen."
    ) % {"count": count, "minutes": whole_minutes(seconds)}


@require_GET
def vote_page(request, slug, pk):
    process = get_process(slug, public=True)
    conversation = selectors.public_conversation(process, pk)
    if _cookie_token(request) is None and not conversation.requires_login:
        # The voter's token comes with the page; votes sent without it are refused, so a
        # browser that keeps no cookies is not counted as a new participant per vote.
        request.new_voter_token = secrets.token_urlsafe(32)
    return _with_cookie(request, render(request, PAGE, _context(request, process, conversation)))


def _card(request, process, conversation, *, status: str, error: str = ""):
    context = _context(request, process, conversation, status=status, error=error)
    # htmx swaps only a 2xx answer: a refusal is said in the card it replaces.
    return _with_cookie(request, render(request, f"{PAGE}#card", context))


@require_POST
def vote(request, slug, pk):
    process = get_process(slug, public=True)
    conversation = selectors.public_conversation(process, pk)
    page = reverse("opinions:vote_page", args=[process.slug, conversation.pk])
    form = VoteForm(request.POST)
    error, code = "", 200
    if over_limit(request, VOTES):
        error, code = _too_many(VOTES), 429
    elif not form.is_valid():
        error, code = _("Velg enig, uenig eller står over."), 400
    elif (key := _voter_key(request, conversation)) is None:
        error, code = _no_voter_message(conversation), 403
    else:
        statement = conversation.statements.filter(pk=form.cleaned_data["statement"]).first()
        try:
            if statement is None:
                raise ValidationError(_("Fant ikke påstanden."))
            services.cast_vote(
                conversation=conversation, voter_key=key, statement=statement, choice=form.value
            )
        except ValidationError as refusal:
            error, code = " ".join(refusal.messages), 400
    status = "" if error else _("Stemmen din er lagret.")
    if request.htmx:
        return _card(request, process, conversation, status=status, error=error)
    if error:
        messages.error(request, error)
        if code == 429:
            context = _context(request, process, conversation)
            return render(request, PAGE, context, status=429)
    else:
        messages.success(request, status)
    return _with_cookie(request, redirect(page))


@require_POST
def add_statement(request, slug, pk):
    process = get_process(slug, public=True)
    conversation = selectors.public_conversation(process, pk)
    form = StatementForm(request.POST)
    status = ""
    code = 200
    if form.is_bot:
        # Bots are answered as people are, and nothing is stored.
        status = _("Takk! Påstanden din vises for andre når den er godkjent.")
    elif form.is_valid():
        key = form.cleaned_data["key"]
        resent = find_by_key(conversation.statements.all(), key) is not None
        voter_key = _voter_key(request, conversation)
        if voter_key is None:
            form.add_error(None, _no_voter_message(conversation))
            code = 403
        elif not resent and over_limit(request, STATEMENTS):
            form.add_error(None, _too_many(STATEMENTS))
            code = 429
        else:
            try:
                services.submit_statement(
                    conversation=conversation,
                    voter_key=voter_key,
                    text=form.cleaned_data["text"],
                    idempotency_key=key,
                )
            except ValidationError as refusal:
                add_service_errors(form, refusal)
                code = 400
            else:
                status = _("Takk! Påstanden din vises for andre når den er godkjent.")
    else:
        code = 400
    if status and not request.htmx:
        messages.success(request, status)
        page = reverse("opinions:vote_page", args=[process.slug, conversation.pk])
        return _with_cookie(request, redirect(f"{page}#ny-pastand"))
    if status:
        form = StatementForm()
    context = _context(request, process, conversation, statement_form=form, added=status)
    if request.htmx:
        # htmx swaps only a 2xx answer: the errors are shown in the form it replaces.
        return _with_cookie(request, render(request, f"{PAGE}#new_statement", context))
    return _with_cookie(request, render(request, PAGE, context, status=code))


@require_GET
def public_results(request, slug, pk):
    process = get_process(slug, public=True)
    conversation = selectors.public_conversation(process, pk)
    results = selectors.results(conversation, public=True)
    return render(
        request,
        "opinions/results.html",
        {
            "process": process,
            "conversation": conversation,
            "results": results,
            "chart": group_map(results),
            "summary": selectors.summary_text(results),
            "min_votes": MIN_VOTES_TO_BE_PLACED,
        },
    )


# Staff pages


def _staff_activity(process, activity_pk):
    activity = get_object_or_404(
        Activity.objects.select_related("method"), pk=activity_pk, method__process=process
    )
    return process, activity


def _staff_page(request, process, activity, conversation, status=200, **forms):
    results = selectors.results(conversation, public=False)
    context = {
        "process": process,
        "activity": activity,
        "conversation": conversation,
        "settings_form": forms.get("settings_form") or ConversationForm(instance=conversation),
        "seed_form": forms.get("seed_form") or SeedForm(),
        "import_form": forms.get("import_form") or PolisImportForm(),
        "pending": [
            (statement, RejectForm(auto_id=f"avvis-{statement.pk}-%s"))
            for statement in selectors.pending_statements(conversation)
        ],
        "results": results,
        "chart": group_map(results),
        "summary": selectors.summary_text(results),
        "min_votes": MIN_VOTES_TO_BE_PLACED,
    }
    if rejecting := forms.get("rejecting"):
        context["pending"] = [
            (statement, rejecting[1] if statement.pk == rejecting[0] else form)
            for statement, form in context["pending"]
        ]
    return render(request, "opinions/staff.html", context, status=status)


@require_http_methods(["GET", "POST"])
@process_permission("view_process", write="run_workshops")
def staff(request, slug, activity_pk):
    """The conversation of an activity: set up (the first time), settings, seed statements,
    moderation, statements taken over as inputs, results, Pol.is import and export."""
    process, activity = _staff_activity(request.process, activity_pk)
    conversation = Conversation.objects.filter(activity=activity).first()
    if conversation is None:
        form = ConversationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.create_conversation(
                    actor=request.user, activity=activity, **form.cleaned_data
                )
            except ValidationError as refusal:
                add_service_errors(form, refusal)
            else:
                messages.success(request, _("Påstandsavstemningen er satt opp."))
                return redirect("opinions:staff", process.slug, activity.pk)
        return render(
            request,
            "opinions/setup.html",
            {"process": process, "activity": activity, "form": form},
            status=400 if form.is_bound else 200,
        )
    if request.method == "POST":
        form = ConversationForm(request.POST, instance=Conversation.objects.get(pk=conversation.pk))
        if form.is_valid():
            services.update_conversation(
                actor=request.user, conversation=conversation, **form.cleaned_data
            )
            messages.success(request, _("Endringene er lagret."))
            return redirect("opinions:staff", process.slug, activity.pk)
        return _staff_page(request, process, activity, conversation, 400, settings_form=form)
    return _staff_page(request, process, activity, conversation)


def _conversation(activity) -> Conversation:
    return get_object_or_404(Conversation, activity=activity)


@require_POST
@process_permission("run_workshops")
def seed(request, slug, activity_pk):
    process, activity = _staff_activity(request.process, activity_pk)
    conversation = _conversation(activity)
    form = SeedForm(request.POST)
    if form.is_valid():
        try:
            services.seed_statement(
                actor=request.user,
                conversation=conversation,
                text=form.cleaned_data["text"],
                idempotency_key=form.cleaned_data["key"],
            )
        except ValidationError as refusal:
            add_service_errors(form, refusal)
        else:
            messages.success(request, _("Påstanden er lagt til."))
            return redirect(reverse("opinions:staff", args=[process.slug, activity.pk]) + "#nye")
    return _staff_page(request, process, activity, conversation, 400, seed_form=form)


@require_POST
@process_permission("moderate")
def moderate(request, slug, activity_pk, statement_pk):
    process, activity = _staff_activity(request.process, activity_pk)
    conversation = _conversation(activity)
    statement = get_object_or_404(Statement, pk=statement_pk, conversation=conversation)
    if request.POST.get("action") == "approve":
        services.approve_statement(actor=request.user, statement=statement)
        messages.success(request, _("Påstanden er godkjent og vises for deltakerne."))
    else:
        form = RejectForm(request.POST, auto_id=f"avvis-{statement.pk}-%s")
        if not form.is_valid():
            return _staff_page(
                request, process, activity, conversation, 400, rejecting=(statement.pk, form)
            )
        services.reject_statement(
            actor=request.user, statement=statement, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Påstanden er avvist."))
    return redirect(reverse("opinions:staff", args=[process.slug, activity.pk]) + "#moderering")


@require_POST
@process_permission("fast_entry")
def to_input(request, slug, activity_pk, statement_pk):
    process, activity = _staff_activity(request.process, activity_pk)
    conversation = _conversation(activity)
    statement = get_object_or_404(Statement, pk=statement_pk, conversation=conversation)
    try:
        item = services.statement_to_input(actor=request.user, statement=statement)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(
            request,
            _("Påstanden er et innspill med kvitteringskode %(code)s.")
            % {"code": item.receipt_code},
        )
    return redirect(reverse("opinions:staff", args=[process.slug, activity.pk]) + "#pastander")


@require_POST
@process_permission("run_workshops")
def reanalyse(request, slug, activity_pk):
    process, activity = _staff_activity(request.process, activity_pk)
    services.request_analysis(actor=request.user, conversation=_conversation(activity))
    messages.success(request, _("En ny analyse er bestilt. Last siden på nytt om litt."))
    return redirect(reverse("opinions:staff", args=[process.slug, activity.pk]) + "#resultater")


@require_POST
@process_permission("import")
def polis_import(request, slug, activity_pk):
    process, activity = _staff_activity(request.process, activity_pk)
    conversation = _conversation(activity)
    form = PolisImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            figures = services.import_polis(
                actor=request.user,
                conversation=conversation,
                files=files_from_upload(form.cleaned_data["file"]),
            )
        except ValidationError as refusal:
            form.add_error("file", refusal)
        else:
            messages.success(
                request,
                _(
                    "Importert: %(statements)d påstander, %(participants)d deltakere og "
                    "%(votes)d stemmer. Analysen kjøres nå."
                )
                % figures,
            )
            return redirect("opinions:staff", process.slug, activity.pk)
    return _staff_page(request, process, activity, conversation, 400, import_form=form)


@require_GET
@process_permission("view_process")
def polis_export(request, slug, activity_pk):
    process, activity = _staff_activity(request.process, activity_pk)
    conversation = _conversation(activity)
    data = services.export_polis_zip(actor=request.user, conversation=conversation)
    response = HttpResponse(data, content_type="application/zip")
    filename = f"{process.slug}-pastander-{conversation.pk}.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
