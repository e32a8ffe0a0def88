"""The Borgen roadmap workshop (veikartverksted, 26 May 2016, 59 participants) as demo data:
the workshop for the existing activity and 59 ballots spread over whatever actions the demo's
roadmap holds. The ballots are illustrative, made for the demo (deterministic: the same
roadmap gives the same ranking); the participant count is the project's own.
"""

import datetime
import random

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from sammen.engagement.models import Activity
from sammen.processes.models import Process
from sammen.roadmap.models import Action, Ballot, Workshop
from sammen.roadmap.workshop_selectors import workshop_actions
from sammen.roadmap.workshop_services import (
    cast_online_ballot,
    create_ballot_codes,
    register_paper_ballot,
    set_up_workshop,
)

ACTIVITY_TITLE = "Veikartverksted"
POINTS = 10
ONLINE = 15  # the rest on paper
SEED = 20160526


def _ballot(rng: random.Random, actions: list[Action], weights: list[int]) -> dict[int, int]:
    """10 points over 2 to 5 actions, the popular ones (many inputs behind them) more often."""
    chosen: list[Action] = []
    while len(chosen) < min(rng.randint(2, 5), len(actions)):
        action = rng.choices(actions, weights=weights)[0]
        if action not in chosen:
            chosen.append(action)
    points = dict.fromkeys((action.pk for action in chosen), 1)
    for _ in range(POINTS - len(chosen)):
        points[rng.choice(chosen).pk] += 1
    return points


@transaction.atomic
def load_borgen_workshop(process: Process, *, actor=None) -> Workshop | None:
    """The workshop and its ballots; nothing when the activity or the roadmap's actions are
    missing, or when the workshop already has ballots."""
    activity = Activity.objects.filter(method__process=process, title=ACTIVITY_TITLE).first()
    if activity is None:
        return None
    if Ballot.objects.filter(workshop__activity=activity).exists():
        return activity.workshop
    actions = list(
        Action.objects.filter(strategy__goal__process=process)
        .exclude(status=Action.Status.DROPPED)
        .annotate(links=Count("input_links"))
        .order_by("pk")
    )
    if not actions:
        return None
    workshop = set_up_workshop(
        actor=actor, activity=activity, points_per_ballot=POINTS, is_open=True, requires_code=True
    )
    # In workshop order, so that the seed gives the same ballots whatever the pks are.
    order = {action.pk: index for index, action in enumerate(workshop_actions(workshop))}
    actions.sort(key=lambda action: order[action.pk])
    weights = [1 + action.links for action in actions]
    rng = random.Random(SEED)
    participants = activity.participants_low or 0
    online = min(ONLINE, participants)
    codes = create_ballot_codes(actor=actor, workshop=workshop, count=online) if online else []
    for number in range(1, participants + 1):
        points = _ballot(rng, actions, weights)
        if number <= online:
            cast_online_ballot(workshop=workshop, points=points, code=codes[number - 1].code)
        else:
            register_paper_ballot(
                actor=actor, workshop=workshop, sheet_number=str(number - online), points=points
            )
    workshop = set_up_workshop(
        actor=actor, activity=activity, points_per_ballot=POINTS, is_open=False, requires_code=True
    )
    day = activity.starts_on or datetime.date(2016, 5, 26)
    evening = timezone.make_aware(datetime.datetime.combine(day, datetime.time(21, 0)))
    Ballot.objects.filter(workshop=workshop).update(created_at=evening)
    return workshop
