"""Writes to the roadmap. Each service runs in one transaction and audits what it changed,
filed under the process (the roadmap's history is the process's). Bad input is refused with
a ValidationError naming the field, and nothing is saved."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sammen.accounts.permissions import require
from sammen.core.services import apply_changes, audit_batch, next_order, record_audit
from sammen.inputs.models import Input, Responsibility
from sammen.processes.models import FocusArea, Process

from .models import Action, ActionInput, ActionUpdate, Actor, Goal, Roadmap, Strategy

NOTE_MAX_LENGTH = 500


def _process_of(obj: models.Model) -> Process:
    if isinstance(obj, Goal):
        return Process(pk=obj.process_id)
    if isinstance(obj, Strategy):
        return Process(pk=obj.goal.process_id)
    if isinstance(obj, Action):
        return Process(pk=obj.strategy.goal.process_id)
    if isinstance(obj, ActionUpdate | ActionInput):
        return _process_of(obj.action)
    return Process(pk=obj.process_id)


def _audit(actor, action: str, obj: models.Model, changes: dict | None = None):
    # Every write passes here inside its transaction: an actor without the right is refused
    # and the transaction rolled back, so nothing is saved. Linking inputs to actions is part
    # of assessing them; the rest is editing the roadmap.
    process = _process_of(obj)
    require(actor, "assess" if isinstance(obj, ActionInput) else "edit_roadmap", process.pk)
    return record_audit(actor=actor, action=action, obj=obj, changes=changes, scope=process)


def _clean_text(value: str | None) -> str:
    return (value or "").strip()


def _required(field: str, value: str, message: str) -> str:
    value = _clean_text(value)
    if not value:
        raise ValidationError({field: message})
    return value


def _save(obj: models.Model) -> None:
    """Validate lengths and choices, then save. The services check the constraints and the
    relations themselves (each in the reader's words), so Django's one query per constraint
    and per foreign key is saved."""
    obj.clean_fields(exclude=[f.name for f in obj._meta.fields if f.is_relation])
    obj.save()


# The roadmap as a whole


@transaction.atomic
def set_roadmap_note(*, actor, process: Process, is_illustrative: bool, note: str = "") -> Roadmap:
    require(actor, "edit_roadmap", process)
    roadmap, _created = Roadmap.objects.get_or_create(process=process)
    changes = apply_changes(roadmap, {"is_illustrative": is_illustrative, "note": note.strip()})
    if changes:
        roadmap.save()
        record_audit(actor=actor, action="update", obj=roadmap, changes=changes, scope=process)
    return roadmap


# Goals


def _check_area(process: Process, focus_area: FocusArea) -> None:
    if focus_area.process_id != process.pk:
        raise ValidationError({"focus_area": _("Innsatsområdet hører til en annen prosess.")})


@transaction.atomic
def create_goal(
    *, actor, process: Process, focus_area: FocusArea, title: str, description: str = ""
) -> Goal:
    _check_area(process, focus_area)
    goal = Goal(
        process=process,
        focus_area=focus_area,
        title=_required("title", title, _("Skriv målet.")),
        description=_clean_text(description),
        order=next_order(Goal.objects.filter(process=process, focus_area=focus_area)),
    )
    _save(goal)
    _audit(actor, "create", goal, {"title": [None, goal.title]})
    return goal


@transaction.atomic
def update_goal(
    *, actor, goal: Goal, title: str, description: str = "", focus_area: FocusArea | None = None
) -> dict:
    fields: dict[str, Any] = {
        "title": _required("title", title, _("Skriv målet.")),
        "description": _clean_text(description),
    }
    if focus_area is not None and focus_area.pk != goal.focus_area_id:
        _check_area(Process(pk=goal.process_id), focus_area)
        fields["focus_area_id"] = focus_area.pk
        fields["order"] = next_order(
            Goal.objects.filter(process_id=goal.process_id, focus_area=focus_area)
        )
    changes = apply_changes(goal, fields)
    if changes:
        _save(goal)
        _audit(actor, "update", goal, changes)
    return changes


@transaction.atomic
def delete_goal(*, actor, goal: Goal) -> None:
    """Delete an empty goal. One with strategies is refused: they are moved or deleted first,
    so no action goes with it unseen."""
    if goal.strategies.exists():
        raise ValidationError(
            _("Målet har strategier. Flytt eller slett strategiene før du sletter målet.")
        )
    _audit(actor, "delete", goal, {"title": [goal.title, None]})
    goal.delete()


# Strategies


@transaction.atomic
def create_strategy(*, actor, goal: Goal, title: str, description: str = "") -> Strategy:
    strategy = Strategy(
        goal=goal,
        title=_required("title", title, _("Skriv strategien.")),
        description=_clean_text(description),
        order=next_order(Strategy.objects.filter(goal=goal)),
    )
    _save(strategy)
    _audit(actor, "create", strategy, {"title": [None, strategy.title]})
    return strategy


@transaction.atomic
def update_strategy(
    *, actor, strategy: Strategy, title: str, description: str = "", goal: Goal | None = None
) -> dict:
    fields: dict[str, Any] = {
        "title": _required("title", title, _("Skriv strategien.")),
        "description": _clean_text(description),
    }
    if goal is not None and goal.pk != strategy.goal_id:
        if goal.process_id != strategy.goal.process_id:
            raise ValidationError({"goal": _("Målet hører til en annen prosess.")})
        fields["goal_id"] = goal.pk
        fields["order"] = next_order(Strategy.objects.filter(goal=goal))
    changes = apply_changes(strategy, fields)
    if changes:
        _save(strategy)
        strategy.refresh_from_db()
        _audit(actor, "update", strategy, changes)
    return changes


@transaction.atomic
def delete_strategy(*, actor, strategy: Strategy) -> None:
    if strategy.actions.exists():
        raise ValidationError(
            _("Strategien har tiltak. Flytt eller slett tiltakene før du sletter strategien.")
        )
    _audit(actor, "delete", strategy, {"title": [strategy.title, None]})
    strategy.delete()


# Order: move up and down among siblings


def _siblings(obj: models.Model) -> models.QuerySet:
    if isinstance(obj, Goal):
        return Goal.objects.filter(process_id=obj.process_id, focus_area_id=obj.focus_area_id)
    if isinstance(obj, Strategy):
        return Strategy.objects.filter(goal_id=obj.goal_id)
    return Action.objects.filter(strategy_id=obj.strategy_id)


@transaction.atomic
def move_in_order(*, actor, obj: Goal | Strategy | Action, direction: str) -> None:
    """Move a goal, strategy or action one place up or down among its siblings. The order is
    renumbered 1, 2, 3 … on the way, so gaps and ties from older data disappear."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Ukjent retning «%(value)s».") % {"value": direction})
    siblings = list(_siblings(obj).select_for_update().order_by("order", "id"))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == obj.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        message = (
            _("«%(title)s» står allerede øverst.")
            if direction == "up"
            else _("«%(title)s» står allerede nederst.")
        )
        raise ValidationError(message % {"title": obj.title})
    siblings[index], siblings[other] = siblings[other], siblings[index]
    before = obj.order
    for number, sibling in enumerate(siblings, start=1):
        if sibling.order != number:
            sibling.order = number
            sibling.save(update_fields=["order"])
        if sibling.pk == obj.pk:
            obj.order = number
    _audit(actor, "move", obj, {"order": [before, obj.order]})


# Actors


@transaction.atomic
def ensure_actor(*, actor, process: Process, name: str, kind: str = Actor.Kind.OTHER) -> Actor:
    """The process's actor by this name (whatever the case), created if new."""
    require(actor, "edit_roadmap", process)
    name = _required("name", name, _("Skriv aktørens navn."))
    if kind not in Actor.Kind.values:
        raise ValidationError({"kind": _("Ukjent type aktør «%(value)s».") % {"value": kind}})
    existing = Actor.objects.filter(process=process, name__iexact=name).first()
    if existing is not None:
        return existing
    new = Actor(process=process, name=name, kind=kind)
    _save(new)
    record_audit(
        actor=actor, action="create", obj=new, changes={"name": [None, name]}, scope=process
    )
    return new


# Actions

ACTION_FIELDS = (
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


def _check_action(fields: dict[str, Any]) -> None:
    """Each bad value refused with its own message, beside its field."""
    errors: dict[str, str] = {}
    if not fields.get("title"):
        errors["title"] = _("Skriv tiltaket.")
    responsibility = fields.get("responsibility")
    if not responsibility:
        errors["responsibility"] = _(
            "Velg hvem som har ansvaret for tiltaket: kommunen, innbyggerne eller sammen."
        )
    elif responsibility not in Responsibility.values:
        errors["responsibility"] = _("Ukjent ansvar «%(value)s».") % {"value": responsibility}
    status = fields.get("status")
    if status not in Action.Status.values:
        errors["status"] = _("Ukjent status «%(value)s».") % {"value": status}
    elif status == Action.Status.DROPPED and not fields.get("dropped_reason"):
        errors["dropped_reason"] = _("Skriv hvorfor tiltaket ble droppet.")
    completion = fields.get("completion")
    if completion is None or not 0 <= completion <= 100:
        errors["completion"] = _("Fullført må være mellom 0 og 100 prosent, ikke %(value)s.") % {
            "value": completion
        }
    starts_on, ends_on = fields.get("starts_on"), fields.get("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("Tiltaket kan ikke slutte før det starter.")
    if errors:
        raise ValidationError(errors)


def _check_actors(process_id: int, actors: list[Actor]) -> None:
    if any(a.process_id != process_id for a in actors):
        raise ValidationError({"actors": _("En av aktørene hører til en annen prosess.")})


def _actor_names(actors: Iterable[Actor]) -> list[str]:
    return sorted(a.name for a in actors)


@transaction.atomic
def create_action(
    *,
    actor,
    strategy: Strategy,
    title: str,
    responsibility: str,
    description: str = "",
    desired_effect: str = "",
    actors: Iterable[Actor] = (),
    status: str = Action.Status.PROPOSED,
    dropped_reason: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    completion: int = 0,
    created_at: datetime.datetime | None = None,
) -> Action:
    """A new action, last under its strategy. `created_at` lets the demo date its history."""
    fields = {
        "title": _clean_text(title),
        "description": _clean_text(description),
        "desired_effect": _clean_text(desired_effect),
        "responsibility": responsibility,
        "status": status,
        "dropped_reason": _clean_text(dropped_reason) if status == Action.Status.DROPPED else "",
        "starts_on": starts_on,
        "ends_on": ends_on,
        "completion": completion,
    }
    _check_action(fields)
    actors = list(actors)
    _check_actors(strategy.goal.process_id, actors)
    now = created_at or timezone.now()
    action = Action(
        strategy=strategy,
        order=next_order(Action.objects.filter(strategy=strategy)),
        created_at=now,
        status_changed_at=now,
        **fields,
    )
    _save(action)
    action.actors.set(actors)
    changes = {name: [None, value] for name, value in fields.items() if value not in ("", None)}
    changes.pop("starts_on", None)
    changes.pop("ends_on", None)
    if actors:
        changes["actors"] = [[], _actor_names(actors)]
    _audit(actor, "create", action, changes)
    return action


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


@transaction.atomic
def update_action(
    *, actor, action: Action, actors: Iterable[Actor] | None = None, **values: Any
) -> dict:
    """Change an action's fields (any of ACTION_FIELDS; those not given stay as they are) and,
    when given, its actors. Returns {field: [before, after]}; empty when nothing changed."""
    unknown = set(values) - set(ACTION_FIELDS)
    if unknown:
        raise TypeError(f"update_action() got unknown fields {sorted(unknown)}")
    action = Action.objects.select_for_update().select_related("strategy__goal").get(pk=action.pk)
    fields = {name: getattr(action, name) for name in ACTION_FIELDS}
    for name, value in values.items():
        fields[name] = _clean_text(value) if isinstance(value, str) else value
    if fields["status"] != Action.Status.DROPPED:
        fields["dropped_reason"] = ""
    _check_action(fields)
    changes = apply_changes(action, fields)
    if "status" in changes:
        action.status_changed_at = timezone.now()
    if changes:
        _save(action)
    if actors is not None:
        actors = list(actors)
        _check_actors(action.strategy.goal.process_id, actors)
        before = _actor_names(action.actors.all())
        after = _actor_names(actors)
        if before != after:
            action.actors.set(actors)
            changes["actors"] = [before, after]
    if changes:
        _audit(
            actor,
            "update",
            action,
            {name: [_jsonable(a), _jsonable(b)] for name, (a, b) in changes.items()},
        )
    return changes


@transaction.atomic
def move_action(*, actor, action: Action, strategy: Strategy) -> Action:
    """Put the action last under another strategy of the same process; its links, updates
    and workshop points go with it."""
    action = Action.objects.select_for_update().select_related("strategy__goal").get(pk=action.pk)
    if strategy.goal.process_id != action.strategy.goal.process_id:
        raise ValidationError({"strategy": _("Strategien hører til en annen prosess.")})
    if strategy.pk == action.strategy_id:
        raise ValidationError(
            {
                "strategy": _("Tiltaket står allerede under strategien «%(title)s».")
                % {"title": strategy.title}
            }
        )
    before = action.strategy.title
    action.strategy = strategy
    action.order = next_order(Action.objects.filter(strategy=strategy))
    action.save(update_fields=["strategy", "order"])
    _audit(actor, "move", action, {"strategy": [before, strategy.title]})
    return action


UNLINK, MOVE_LINKS = "unlink", "move"


@transaction.atomic
@audit_batch()
def delete_action(
    *, actor, action: Action, links: str | None = None, move_links_to: Action | None = None
) -> None:
    """Delete an action. When inputs are linked to it, say what becomes of the links: moved
    to another action (`links="move"`, `move_links_to`) or removed (`links="unlink"`); the
    inputs themselves stay. Refused, with nothing changed, when that is not said, or when the
    workshop gave the action points (drop it instead: the ranking must stay whole)."""
    action = Action.objects.select_for_update().select_related("strategy__goal").get(pk=action.pk)
    linked = list(action.input_links.select_related("input"))
    if action.ballot_points.exists():
        raise ValidationError(
            _(
                "Tiltaket har fått poeng i veikartverkstedet og kan ikke slettes. "
                "Sett status til «Droppet» med en begrunnelse i stedet."
            )
        )
    if linked and links not in (UNLINK, MOVE_LINKS):
        raise ValidationError(
            {
                "links": ngettext(
                    "%(n)s innspill er koblet til tiltaket. Velg om koblingen skal flyttes "
                    "til et annet tiltak eller fjernes.",
                    "%(n)s innspill er koblet til tiltaket. Velg om koblingene skal flyttes "
                    "til et annet tiltak eller fjernes.",
                    len(linked),
                )
                % {"n": len(linked)}
            }
        )
    if linked and links == MOVE_LINKS:
        if move_links_to is None:
            raise ValidationError(
                {"move_links_to": _("Velg tiltaket koblingene skal flyttes til.")}
            )
        if move_links_to.pk == action.pk:
            raise ValidationError({"move_links_to": _("Velg et annet tiltak enn det du sletter.")})
        if move_links_to.strategy.goal.process_id != action.strategy.goal.process_id:
            raise ValidationError({"move_links_to": _("Tiltaket hører til en annen prosess.")})
        taken = set(
            ActionInput.objects.filter(action=move_links_to).values_list("input_id", flat=True)
        )
        for link in linked:
            if link.input_id in taken:
                # The other action already answers this input: keep its link, and its note if
                # it has one; else the note from the link being removed.
                target = ActionInput.objects.get(action=move_links_to, input_id=link.input_id)
                if not target.note and link.note:
                    target.note = link.note
                    target.save(update_fields=["note"])
                _audit(actor, "delete", link, {"input": [link.input_id, None]})
                link.delete()
            else:
                link.action = move_links_to
                link.save(update_fields=["action"])
                _audit(actor, "move", link, {"action": [action.pk, move_links_to.pk]})
    elif linked:
        for link in linked:
            _audit(actor, "delete", link, {"input": [link.input_id, None]})
            link.delete()
    _audit(
        actor,
        "delete",
        action,
        {"title": [action.title, None], "updates": [action.updates.count(), 0]},
    )
    action.delete()


@transaction.atomic
def add_action_update(
    *,
    actor,
    action: Action,
    date: datetime.date,
    text: str,
    status: str = "",
    completion: int | None = None,
    created_at: datetime.datetime | None = None,
) -> ActionUpdate:
    """A dated progress report. With a status or completion it moves the action too (a
    report that drops the action is the reason it was dropped)."""
    text = _required("text", text, _("Skriv hva som har skjedd."))
    if date is None:
        raise ValidationError({"date": _("Skriv datoen for oppdateringen.")})
    if status and status not in Action.Status.values:
        raise ValidationError({"status": _("Ukjent status «%(value)s».") % {"value": status}})
    if completion is not None and not 0 <= completion <= 100:
        raise ValidationError(
            {
                "completion": _("Fullført må være mellom 0 og 100 prosent, ikke %(value)s.")
                % {"value": completion}
            }
        )
    update = ActionUpdate(
        action=action,
        date=date,
        text=text,
        status=status,
        completion=completion,
        created_by=actor if actor is not None and actor.is_authenticated else None,
        created_at=created_at or timezone.now(),
    )
    _save(update)
    changes: dict[str, list] = {"date": [None, date.isoformat()]}
    action = Action.objects.select_for_update().get(pk=action.pk)
    fields: dict[str, Any] = {}
    if status:
        fields["status"] = status
        if status == Action.Status.DROPPED and action.status != Action.Status.DROPPED:
            fields["dropped_reason"] = text
    if completion is not None:
        fields["completion"] = completion
    moved = apply_changes(action, fields)
    if moved:
        if "status" in moved:
            action.status_changed_at = update.created_at
        if action.status != Action.Status.DROPPED:
            action.dropped_reason = ""
        _save(action)
        changes.update(moved)
    _audit(actor, "create", update, changes)
    return update


# Links between inputs and actions


def _check_note(note: str) -> str:
    note = _clean_text(note)
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": _("Merknaden kan være høyst %(limit)s tegn.") % {"limit": NOTE_MAX_LENGTH}}
        )
    return note


@transaction.atomic
@audit_batch()
def link_inputs(
    *,
    actor,
    action: Action,
    inputs: Iterable[Input],
    note: str = "",
    linked_at: datetime.datetime | None = None,
    process: Process | None = None,
) -> list[ActionInput]:
    """Link inputs to the action, each with the same optional note. Inputs already linked are
    left as they are. Refused as a whole if one belongs to another process (than the action,
    or than `process` when given) or is not approved. Returns the new links."""
    items = list(inputs)
    if not items:
        raise ValidationError({"inputs": _("Velg minst ett innspill.")})
    note = _check_note(note)
    process_id = action.strategy.goal.process_id
    if process is not None and process.pk != process_id:
        raise ValidationError({"action": _("Tiltaket hører til en annen prosess.")})
    if foreign := [item for item in items if item.process_id != process_id]:
        raise ValidationError(
            {
                "inputs": ngettext(
                    "Innspill nr. %(numbers)s hører til en annen prosess og kan ikke kobles "
                    "til dette tiltaket.",
                    "Innspill nr. %(numbers)s hører til en annen prosess og kan ikke kobles "
                    "til dette tiltaket.",
                    len(foreign),
                )
                % {"numbers": ", ".join(str(item.pk) for item in foreign)}
            }
        )
    if pending := [item for item in items if item.moderation != Input.Moderation.APPROVED]:
        raise ValidationError(
            {
                "inputs": _("Innspill nr. %(numbers)s er ikke godkjent og kan ikke kobles.")
                % {"numbers": ", ".join(str(item.pk) for item in pending)}
            }
        )
    taken = set(
        ActionInput.objects.filter(action=action, input__in=items).values_list(
            "input_id", flat=True
        )
    )
    created = []
    for item in dict.fromkeys(items):
        if item.pk in taken:
            continue
        link = ActionInput(
            action=action,
            input=item,
            note=note,
            linked_at=linked_at or timezone.now(),
            linked_by=actor if actor is not None and actor.is_authenticated else None,
        )
        link.save()
        changes = {"action": [None, action.pk], "input": [None, item.pk]}
        if note:
            changes["note"] = [None, note]
        _audit(actor, "create", link, changes)
        created.append(link)
    return created


@transaction.atomic
def update_link_note(*, actor, link: ActionInput, note: str) -> ActionInput:
    note = _check_note(note)
    if note != link.note:
        before = link.note
        link.note = note
        link.save(update_fields=["note"])
        _audit(actor, "update", link, {"note": [before, note]})
    return link


@transaction.atomic
def unlink_input(*, actor, link: ActionInput) -> None:
    """Remove one link; the input stays, as does its assessment."""
    _audit(
        actor, "delete", link, {"action": [link.action_id, None], "input": [link.input_id, None]}
    )
    link.delete()
