"""Staff pages for the roadmap: the editor (goals → strategies → actions by focus area) and
an action's own page (its fields, progress updates and the inputs behind it).

Every change is a plain form post that redirects back with a message; with htmx the same post
answers with the part of the page that changed and the message for the live region, and the
element to keep the keyboard's focus on carries data-autofocus."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from sammen.accounts.permissions import process_permission
from sammen.core.forms import add_service_errors
from sammen.inputs.models import Responsibility
from sammen.processes.models import FocusArea, Process

from . import services
from .forms import (
    ActionCreateForm,
    ActionForm,
    ActionUpdateForm,
    DeleteActionForm,
    GoalForm,
    LinkInputsForm,
    LinkNoteForm,
    MoveActionForm,
    RoadmapNoteForm,
    StrategyEditForm,
    StrategyForm,
)
from .models import Action, ActionInput, Goal, Strategy
from .selectors import action_detail, linkable_inputs, roadmap_for_process, roadmap_settings
from .workshop_selectors import process_workshops, workshop_ranking

EDITOR = "roadmap/editor.html"
ACTION = "roadmap/action_detail.html"


def _first_error(form) -> str:
    for errors in form.errors.values():
        return str(errors[0])
    return _("Noe var galt med skjemaet.")


def _editor_url(process: Process, anchor: str = "") -> str:
    url = reverse("roadmap:editor", args=[process.slug])
    return f"{url}#{anchor}" if anchor else url


def _editor_context(process: Process, **extra) -> dict:
    tree = roadmap_for_process(process)
    return {
        "process": process,
        "tree": tree,
        "note_form": RoadmapNoteForm(
            initial={"is_illustrative": tree.is_illustrative, "note": tree.note}
        ),
        "responsibilities": Responsibility.choices,
        # The workshop's ranking beside the roadmap it prioritised.
        "rankings": [workshop_ranking(workshop) for workshop in process_workshops(process)],
        **extra,
    }


def _respond_tree(
    request: HttpRequest,
    process: Process,
    *,
    message: str = "",
    error: str = "",
    anchor: str = "",
    focus: str = "",
) -> HttpResponse:
    """After a change in the editor: under htmx the tree and the message; without, back to
    the editor at the changed item with the message."""
    if not request.htmx:
        (messages.error if error else messages.success)(request, error or message)
        return redirect(_editor_url(process, anchor))
    context = _editor_context(
        process, status_message=message, status_error=error, oob=True, focus=focus
    )
    status = render_to_string(f"{EDITOR}#status", context, request)
    if error:
        response = HttpResponse(status)
        return reswap(response, "none")
    tree = render_to_string(f"{EDITOR}#tree", context, request)
    response = HttpResponse(tree + status)
    return retarget(reswap(response, "outerHTML"), "#roadmap-tree")


@require_GET
@process_permission("view_process")
def editor(request, slug):
    process = request.process
    context = _editor_context(process)
    if request.htmx and not request.htmx.boosted:
        return render(request, f"{EDITOR}#tree", context)
    return render(request, EDITOR, context)


@require_POST
@process_permission("edit_roadmap")
def roadmap_note(request, slug):
    process = request.process
    form = RoadmapNoteForm(request.POST)
    if not form.is_valid():
        return _respond_tree(request, process, error=_first_error(form))
    services.set_roadmap_note(actor=request.user, process=process, **form.cleaned_data)
    return _respond_tree(request, process, message=_("Merknaden om veikartet er lagret."))


def _goal(process: Process, pk: int) -> Goal:
    return get_object_or_404(Goal.objects.select_related("focus_area"), process=process, pk=pk)


def _strategy(process: Process, pk: int) -> Strategy:
    return get_object_or_404(Strategy.objects.select_related("goal"), goal__process=process, pk=pk)


def _action(process: Process, pk: int) -> Action:
    return get_object_or_404(
        Action.objects.select_related("strategy__goal__focus_area"),
        strategy__goal__process=process,
        pk=pk,
    )


@require_POST
@process_permission("edit_roadmap")
def goal_create(request, slug, area_key):
    process = request.process
    area = get_object_or_404(FocusArea, process=process, key=area_key)
    data = request.POST.copy()
    data["focus_area"] = area.pk
    form = GoalForm(data, process=process)
    if not form.is_valid():
        return _respond_tree(
            request, process, error=_first_error(form), anchor=f"omrade-{area.key}"
        )
    try:
        goal = services.create_goal(actor=request.user, process=process, **form.cleaned_data)
    except ValidationError as error:
        return _respond_tree(request, process, error=error.messages[0])
    return _respond_tree(
        request,
        process,
        message=_("Målet «%(title)s» er lagt til.") % {"title": goal.title},
        anchor=f"mal-{goal.pk}",
        focus=f"mal-{goal.pk}-rediger",
    )


def _inline_edit(request, process, obj, form, kind: str, save) -> HttpResponse:
    """GET: the form (a partial under htmx, a page without). POST: save, or show the form
    again with its errors."""
    context = {"process": process, "obj": obj, "form": form, "kind": kind}
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _respond_tree(
                request,
                process,
                message=_("Endringen er lagret."),
                anchor=f"{kind}-{obj.pk}",
                focus=f"{kind}-{obj.pk}-rediger",
            )
    if request.htmx:
        response = render(request, f"{EDITOR}#inline_form", context)
        if request.method == "POST":
            return retarget(reswap(response, "outerHTML"), f"#{kind}-{obj.pk}-head")
        return response
    return render(request, "roadmap/edit_page.html", context)


@require_http_methods(["GET", "POST"])
@process_permission("edit_roadmap")
def goal_edit(request, slug, pk):
    process = request.process
    goal = _goal(process, pk)
    initial = {"focus_area": goal.focus_area, "title": goal.title, "description": goal.description}
    form = GoalForm(
        request.POST if request.method == "POST" else None,
        process=process,
        initial=initial,
        auto_id=f"mal-{goal.pk}-%s",
    )
    return _inline_edit(
        request,
        process,
        goal,
        form,
        "mal",
        lambda data: services.update_goal(actor=request.user, goal=goal, **data),
    )


@require_POST
@process_permission("edit_roadmap")
def goal_delete(request, slug, pk):
    process = request.process
    goal = _goal(process, pk)
    try:
        services.delete_goal(actor=request.user, goal=goal)
    except ValidationError as error:
        return _respond_tree(request, process, error=error.messages[0], anchor=f"mal-{pk}")
    return _respond_tree(
        request,
        process,
        message=_("Målet «%(title)s» er slettet.") % {"title": goal.title},
        anchor=f"omrade-{goal.focus_area.key}",
    )


@require_POST
@process_permission("edit_roadmap")
def strategy_create(request, slug, goal_pk):
    process = request.process
    goal = _goal(process, goal_pk)
    form = StrategyForm(request.POST)
    if not form.is_valid():
        return _respond_tree(request, process, error=_first_error(form), anchor=f"mal-{goal.pk}")
    strategy = services.create_strategy(actor=request.user, goal=goal, **form.cleaned_data)
    return _respond_tree(
        request,
        process,
        message=_("Strategien «%(title)s» er lagt til.") % {"title": strategy.title},
        anchor=f"strategi-{strategy.pk}",
        focus=f"strategi-{strategy.pk}-rediger",
    )


@require_http_methods(["GET", "POST"])
@process_permission("edit_roadmap")
def strategy_edit(request, slug, pk):
    process = request.process
    strategy = _strategy(process, pk)
    initial = {"title": strategy.title, "description": strategy.description, "goal": strategy.goal}
    form = StrategyEditForm(
        request.POST if request.method == "POST" else None,
        process=process,
        initial=initial,
        auto_id=f"strategi-{strategy.pk}-%s",
    )
    return _inline_edit(
        request,
        process,
        strategy,
        form,
        "strategi",
        lambda data: services.update_strategy(actor=request.user, strategy=strategy, **data),
    )


@require_POST
@process_permission("edit_roadmap")
def strategy_delete(request, slug, pk):
    process = request.process
    strategy = _strategy(process, pk)
    try:
        services.delete_strategy(actor=request.user, strategy=strategy)
    except ValidationError as error:
        return _respond_tree(request, process, error=error.messages[0], anchor=f"strategi-{pk}")
    return _respond_tree(
        request,
        process,
        message=_("Strategien «%(title)s» er slettet.") % {"title": strategy.title},
        anchor=f"mal-{strategy.goal_id}",
    )


_KINDS = {"mal": _goal, "strategi": _strategy, "tiltak": _action}


@require_POST
@process_permission("edit_roadmap")
def move(request, slug, kind, pk):
    process = request.process
    if kind not in _KINDS:
        return _respond_tree(request, process, error=_("Ukjent type «%(kind)s».") % {"kind": kind})
    obj = _KINDS[kind](process, pk)
    direction = request.POST.get("retning", "")
    try:
        services.move_in_order(
            actor=request.user, obj=obj, direction={"opp": "up", "ned": "down"}.get(direction, "")
        )
    except ValidationError as error:
        return _respond_tree(request, process, error=error.messages[0], anchor=f"{kind}-{pk}")
    message = (
        _("«%(title)s» er flyttet opp.") if direction == "opp" else _("«%(title)s» er flyttet ned.")
    ) % {"title": obj.title}
    return _respond_tree(
        request, process, message=message, anchor=f"{kind}-{pk}", focus=f"{kind}-{pk}-{direction}"
    )


@require_POST
@process_permission("edit_roadmap")
def action_create(request, slug, strategy_pk):
    process = request.process
    strategy = _strategy(process, strategy_pk)
    form = ActionCreateForm(request.POST)
    if not form.is_valid():
        return _respond_tree(
            request, process, error=_first_error(form), anchor=f"strategi-{strategy.pk}"
        )
    try:
        action = services.create_action(actor=request.user, strategy=strategy, **form.cleaned_data)
    except ValidationError as error:
        return _respond_tree(request, process, error=error.messages[0])
    return _respond_tree(
        request,
        process,
        message=_("Tiltaket «%(title)s» er lagt til.") % {"title": action.title},
        anchor=f"tiltak-{action.pk}",
        focus=f"tiltak-{action.pk}-lenke",
    )


# An action's own page


def _action_url(process: Process, action: Action, anchor: str = "") -> str:
    url = reverse("roadmap:action", args=[process.slug, action.pk])
    return f"{url}#{anchor}" if anchor else url


def _action_form(process, action, data=None) -> ActionForm:
    initial = {
        name: getattr(action, name)
        for name in (
            "title",
            "description",
            "desired_effect",
            "responsibility",
            "status",
            "dropped_reason",
            "starts_on",
            "ends_on",
            "completion",
        )
    }
    initial["actors"] = list(action.actors.all())
    return ActionForm(data, process=process, initial=initial, prefix="tiltak")


def _action_context(request, process: Process, pk: int, **forms) -> dict:
    action = action_detail(process, pk)
    query = request.GET.get("sok", "")
    return {
        "process": process,
        "action": action,
        "form": forms.get("form") or _action_form(process, action),
        "move_form": forms.get("move_form")
        or MoveActionForm(process=process, initial={"strategy": action.strategy}),
        "update_form": forms.get("update_form") or ActionUpdateForm(prefix="oppdatering"),
        "link_form": forms.get("link_form") or LinkInputsForm(prefix="kobling"),
        "query": query,
        "candidates": linkable_inputs(process, action, query),
        "searched": bool(query.strip()),
        "roadmap": roadmap_settings(process),
    }


@require_http_methods(["GET", "POST"])
@process_permission("view_process", write="edit_roadmap")
def action_page(request, slug, pk):
    process = request.process
    action = _action(process, pk)
    if request.method == "POST":
        form = _action_form(process, action, request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            actors = list(data.pop("actors", []))
            name, kind = data.pop("new_actor").strip(), data.pop("new_actor_kind")
            try:
                if name:
                    actors.append(
                        services.ensure_actor(
                            actor=request.user, process=process, name=name, kind=kind
                        )
                    )
                changes = services.update_action(
                    actor=request.user, action=action, actors=actors, **data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("Tiltaket er lagret.") if changes else _("Ingen endring å lagre.")
                )
                return redirect(_action_url(process, action))
        return render(request, ACTION, _action_context(request, process, pk, form=form))
    context = _action_context(request, process, pk)
    if request.htmx and request.htmx.target == "link-candidates":
        return render(request, f"{ACTION}#candidates", context)
    return render(request, ACTION, context)


@require_POST
@process_permission("edit_roadmap")
def action_move(request, slug, pk):
    process = request.process
    action = _action(process, pk)
    form = MoveActionForm(request.POST, process=process)
    if form.is_valid():
        try:
            services.move_action(actor=request.user, action=action, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Tiltaket er flyttet til strategien «%(title)s».")
                % {"title": form.cleaned_data["strategy"].title},
            )
            return redirect(_action_url(process, action))
    return render(request, ACTION, _action_context(request, process, pk, move_form=form))


@require_POST
@process_permission("edit_roadmap")
def action_update_create(request, slug, pk):
    process = request.process
    action = _action(process, pk)
    form = ActionUpdateForm(request.POST, prefix="oppdatering")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_action_update(
                actor=request.user,
                action=action,
                date=data["date"],
                text=data["text"],
                status=data["status"],
                completion=data["completion"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Oppdateringen er lagret."))
            return redirect(_action_url(process, action, "oppdateringer"))
    return render(request, ACTION, _action_context(request, process, pk, update_form=form))


def _respond_links(
    request, process: Process, action: Action, *, message: str = "", form=None
) -> HttpResponse:
    if not request.htmx:
        if form is None:
            messages.success(request, message)
            return redirect(_action_url(process, action, "innspill"))
        return render(request, ACTION, _action_context(request, process, action.pk, link_form=form))
    context = _action_context(
        request, process, action.pk, **({"link_form": form} if form is not None else {})
    )
    context.update(status_message=message, focus="link-search" if form is None else "")
    return render(request, f"{ACTION}#links", context)


@require_POST
@process_permission("assess")
def action_link(request, slug, pk):
    process = request.process
    action = _action(process, pk)
    form = LinkInputsForm(request.POST, prefix="kobling")
    if form.is_valid():
        try:
            created = services.link_inputs(
                actor=request.user,
                action=action,
                inputs=form.cleaned_data["innspill"],
                note=form.cleaned_data["merknad"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            message = (
                ngettext(
                    "%(n)s innspill er koblet til tiltaket.",
                    "%(n)s innspill er koblet til tiltaket.",
                    len(created),
                )
                % {"n": len(created)}
                if created
                else _("Innspillene var allerede koblet til tiltaket.")
            )
            return _respond_links(request, process, action, message=message)
    return _respond_links(request, process, action, form=form)


@require_POST
@process_permission("assess")
def link_edit(request, slug, pk, link_pk):
    process = request.process
    action = _action(process, pk)
    link = get_object_or_404(ActionInput, action=action, pk=link_pk)
    if request.POST.get("handling") == "fjern":
        services.unlink_input(actor=request.user, link=link)
        message = _("Koblingen til innspill nr. %(number)s er fjernet.") % {"number": link.input_id}
        return _respond_links(request, process, action, message=message)
    form = LinkNoteForm(request.POST)
    if not form.is_valid():
        return _respond_links(request, process, action, message=_first_error(form))
    services.update_link_note(actor=request.user, link=link, note=form.cleaned_data["merknad"])
    message = _("Merknaden til innspill nr. %(number)s er lagret.") % {"number": link.input_id}
    return _respond_links(request, process, action, message=message)


@require_http_methods(["GET", "POST"])
@process_permission("edit_roadmap")
def action_delete(request, slug, pk):
    """Asks, before deleting, what becomes of the inputs linked to the action."""
    process = request.process
    action = _action(process, pk)
    linked = action.input_links.count()
    form = DeleteActionForm(
        request.POST if request.method == "POST" else None, process=process, action=action
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_action(
                actor=request.user,
                action=action,
                links=form.cleaned_data["links"] or None,
                move_links_to=form.cleaned_data["move_links_to"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Tiltaket «%(title)s» er slettet.") % {"title": action.title}
            )
            return redirect(_editor_url(process, f"strategi-{action.strategy_id}"))
    return render(
        request,
        "roadmap/action_delete.html",
        {"process": process, "action": action, "linked": linked, "form": form},
    )
