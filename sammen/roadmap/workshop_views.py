"""The roadmap workshop's pages: staff set it up, print ballot codes and type in paper sheets;
participants vote on a plain form that works without JavaScript and on a phone."""

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from sammen.accounts.permissions import process_permission
from sammen.core.forms import add_service_errors
from sammen.engagement.models import Activity
from sammen.processes.selectors import get_process

from .models import Ballot
from .workshop_forms import BallotForm, CodesForm, WorkshopForm
from .workshop_selectors import (
    get_workshop,
    recent_paper_ballots,
    workshop_actions,
    workshop_for_activity,
    workshop_ranking,
)
from .workshop_services import (
    ALREADY_VOTED_BROWSER,
    ALREADY_VOTED_CODE,
    cast_online_ballot,
    create_ballot_codes,
    delete_paper_ballot,
    register_paper_ballot,
    set_up_workshop,
)

# The browser's ballot token: random, kept for a year, sent only to sammen.
COOKIE_PREFIX = "sammen_ballot_"
COOKIE_AGE = 365 * 24 * 3600


def _staff_workshop(process, pk):
    workshop = get_workshop(process, pk)
    if workshop is None:
        raise Http404(_("Fant ikke veikartverkstedet."))
    return workshop


@process_permission("run_workshops")
@require_http_methods(["GET", "POST"])
def workshop_setup(request, slug, activity_pk):
    process = request.process
    activity = get_object_or_404(
        Activity.objects.select_related("method"), method__process=process, pk=activity_pk
    )
    workshop = workshop_for_activity(activity)
    form = WorkshopForm(request.POST or None, instance=workshop)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                set_up_workshop(actor=request.user, activity=activity, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Veikartverkstedet er lagret."))
                return redirect(request.path)
        status = 400
    return render(
        request,
        "roadmap/workshop/setup.html",
        {
            "process": process,
            "activity": activity,
            "workshop": workshop,
            "form": form,
            "ranking": workshop_ranking(workshop) if workshop else None,
        },
        status=status,
    )


@process_permission("run_workshops")
@require_http_methods(["GET", "POST"])
def workshop_codes(request, slug, pk):
    process = request.process
    workshop = _staff_workshop(process, pk)
    form = CodesForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            codes = create_ballot_codes(
                actor=request.user, workshop=workshop, count=form.cleaned_data["count"]
            )
            messages.success(
                request, _("%(count)d nye stemmekoder er laget.") % {"count": len(codes)}
            )
            return redirect(request.path)
        status = 400
    codes = workshop.codes.select_related("ballot").order_by("created_at", "code")
    return render(
        request,
        "roadmap/workshop/codes.html",
        {
            "process": process,
            "workshop": workshop,
            "form": form,
            "unused": [code for code in codes if not hasattr(code, "ballot")],
            "used": sum(1 for code in codes if hasattr(code, "ballot")),
            "vote_url": request.build_absolute_uri(
                reverse("workshop:vote", args=[process.slug, workshop.pk])
            ),
        },
        status=status,
    )


@process_permission("run_workshops")
@require_http_methods(["GET", "POST"])
def paper_ballot(request, slug, pk):
    """Type in paper sheets: the sheet number, then the points, Tab from field to field and
    Enter to save; the page comes back empty for the next sheet."""
    process = request.process
    workshop = _staff_workshop(process, pk)
    actions = workshop_actions(workshop)
    form = BallotForm(
        request.POST or None,
        actions=actions,
        allowance=workshop.points_per_ballot,
        with_sheet=True,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                ballot = register_paper_ballot(
                    actor=request.user,
                    workshop=workshop,
                    sheet_number=form.cleaned_data["sheet_number"],
                    points=form.points(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                total = sum(row.points for row in ballot.points.all())
                messages.success(
                    request,
                    _("Skjema %(number)s er registrert med %(total)d poeng.")
                    % {"number": ballot.sheet_number, "total": total},
                )
                return redirect(request.path)
        status = 400
    return render(
        request,
        "roadmap/workshop/paper.html",
        {
            "process": process,
            "workshop": workshop,
            "form": form,
            "recent": recent_paper_ballots(workshop),
            "ranking": workshop_ranking(workshop),
        },
        status=status,
    )


@process_permission("run_workshops")
@require_POST
def paper_ballot_delete(request, slug, pk, ballot_pk):
    process = request.process
    workshop = _staff_workshop(process, pk)
    ballot = get_object_or_404(Ballot, workshop=workshop, pk=ballot_pk)
    try:
        delete_paper_ballot(actor=request.user, ballot=ballot)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Skjema %(number)s er slettet.") % {"number": ballot.sheet_number}
        )
    return redirect("workshop:paper", process.slug, workshop.pk)


@never_cache
@require_http_methods(["GET", "POST"])
def vote(request, slug, pk):
    """The participants' ballot. Without a code, a cookie set here keeps it to one ballot per
    browser; its token is stored only as a keyed hash."""
    process = get_process(slug, public=True)
    workshop = get_workshop(process, pk)
    if workshop is None:
        raise Http404(_("Fant ikke veikartverkstedet."))
    cookie_name = f"{COOKIE_PREFIX}{workshop.pk}"
    token = request.COOKIES.get(cookie_name, "")
    actions = workshop_actions(workshop)
    form = BallotForm(
        request.POST or None,
        actions=actions,
        allowance=workshop.points_per_ballot,
        with_code=workshop.requires_code,
    )
    context = {"process": process, "workshop": workshop, "form": form}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                ballot = cast_online_ballot(
                    workshop=workshop,
                    points=form.points(),
                    code=form.cleaned_data.get("code", ""),
                    browser_token=token,
                )
            except ValidationError as error:
                add_service_errors(form, error)
                status = 409 if _is_second_ballot(error) else 400
            else:
                chosen = ballot.points.select_related("action").order_by("-points", "action_id")
                return render(
                    request,
                    "roadmap/workshop/thanks.html",
                    {**context, "points": chosen, "total": sum(row.points for row in chosen)},
                )
        else:
            status = 400
    response = render(request, "roadmap/workshop/vote.html", context, status=status)
    if not workshop.requires_code and not token:
        response.set_cookie(
            cookie_name,
            secrets.token_urlsafe(24),
            max_age=COOKIE_AGE,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    return response


def _is_second_ballot(error: ValidationError) -> bool:
    return any(
        message in (str(ALREADY_VOTED_CODE), str(ALREADY_VOTED_BROWSER))
        for message in error.messages
    )
