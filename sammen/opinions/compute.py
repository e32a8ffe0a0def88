"""The analysis run of one conversation: read its votes, hand them to analysis.analyse, store
what it finds. Called by the task (tasks.analyse_conversation) and by imports; it never
imports the services that enqueue it."""

import logging
import time
from types import SimpleNamespace

import numpy as np
from django.db import transaction
from django.utils import timezone

from . import analysis
from .accounting import count_participants
from .analysis import analyse
from .models import (
    MIN_VOTES_TO_BE_PLACED,
    Conversation,
    ConversationAnalysis,
    Statement,
    Vote,
)

logger = logging.getLogger(__name__)

# How many consensus and divisive statements are kept (best first).
KEPT = 10


def _agreements(items, statement_ids) -> list[dict]:
    return [
        {
            "statement": int(statement_ids[item.statement]),
            "agree": [round(float(share), 4) for share in item.agree_shares],
            "disagree": [round(float(share), 4) for share in item.disagree_shares],
            "score": round(float(item.score), 4),
        }
        for item in items[:KEPT]
    ]


def _reason(message: str) -> str:
    """Why no groups were formed, as a code the pages say in the reader's language."""
    if not message:
        return ""
    if message == analysis.MESSAGE_FEW_STATEMENTS:
        return "few_statements"
    if message == analysis.MESSAGE_NO_SPREAD:
        return "no_spread"
    return "few_participants"


def _warm_state(outcome: analysis.Analysis) -> dict:
    warm = outcome.warm
    state = {"in": np.flatnonzero(outcome.in_conversation).tolist()}
    if warm is not None:
        state.update(
            base_of=np.asarray(warm.base_of).tolist(),
            groups_by_k={str(k): np.asarray(v).tolist() for k, v in warm.groups_by_k.items()},
            last_k=int(warm.last_k),
            last_k_count=int(warm.last_k_count),
            smoothed_k=int(warm.smoothed_k),
        )
        if warm.components is not None:
            # NaN (a statement nobody had voted on) is not JSON: stored as null.
            state["components"] = [
                [None if np.isnan(x) else round(float(x), 7) for x in axis]
                for axis in np.asarray(warm.components, dtype=np.float64)
            ]
    return state


def _previous(result: dict, n_participants: int) -> SimpleNamespace | None:
    """The last run's state in the shape analysis.analyse takes as `previous`."""
    state = result.get("warm")
    if not state:
        return None
    placed = np.zeros(n_participants, dtype=bool)
    placed[[row for row in state["in"] if row < n_participants]] = True
    warm = None
    if "base_of" in state:
        warm = analysis.WarmStart(
            base_of=np.asarray(state["base_of"], dtype=np.int64),
            groups_by_k={
                int(k): np.asarray(v, dtype=np.int64) for k, v in state["groups_by_k"].items()
            },
            last_k=state["last_k"],
            last_k_count=state["last_k_count"],
            smoothed_k=state["smoothed_k"],
            components=np.array(
                [[np.nan if x is None else x for x in axis] for axis in state["components"]],
                dtype=np.float64,
            )
            if state.get("components")
            else None,
        )
    return SimpleNamespace(in_conversation=placed, warm=warm)


def run_analysis(conversation_id: int) -> str:
    """Analyse the conversation's votes on approved statements and store the result, replacing
    the previous one. The debounce flag is cleared first, so votes cast during the run queue
    the next one."""
    started = time.perf_counter()
    Conversation.objects.filter(pk=conversation_id).update(analysis_queued=False)
    conversation = (
        Conversation.objects.select_related("activity").filter(pk=conversation_id).first()
    )
    if conversation is None:
        return "gone"
    # Rows and columns are the voters' and statements' numbers, which never change, so an
    # earlier run's state (who was placed, base clusters, groups) carries over.
    votes = np.array(
        list(
            Vote.objects.filter(statement__conversation=conversation)
            .exclude(statement__moderation=Statement.Moderation.PENDING)
            .values_list("voter__number", "statement__number", "choice")
        ),
        dtype=np.int64,
    ).reshape(-1, 3)
    statements = dict(conversation.statements.values_list("number", "pk"))
    rejected = list(
        conversation.statements.filter(moderation=Statement.Moderation.REJECTED).values_list(
            "number", flat=True
        )
    )
    voters = dict(conversation.voters.values_list("number", "pk"))
    n_participants = max(voters, default=-1) + 1
    n_statements = max(statements, default=-1) + 1
    stored = ConversationAnalysis.objects.filter(conversation=conversation).first()
    outcome = analyse(
        votes[:, 0],
        votes[:, 1],
        votes[:, 2],
        n_participants=n_participants,
        n_statements=n_statements,
        min_votes=MIN_VOTES_TO_BE_PLACED,
        moderated_out=rejected,
        previous=_previous(stored.result if stored else {}, n_participants),
    )
    voter_ids = np.array([voters.get(n, 0) for n in range(n_participants)], dtype=np.int64)
    statement_ids = np.array([statements.get(n, 0) for n in range(n_statements)], dtype=np.int64)
    placed = np.flatnonzero(outcome.in_conversation)
    result = {
        "groups": [
            {
                "label": group.label,
                "members": [int(voter_ids[row]) for row in group.members],
                "representative": [
                    {
                        "statement": int(statement_ids[item.statement]),
                        "direction": item.direction,
                        "share": round(float(item.share), 4),
                        "score": round(float(item.score), 4),
                    }
                    for item in group.representative
                ],
            }
            for group in outcome.groups
        ],
        "points": [
            [
                int(voter_ids[row]),
                round(float(outcome.projection[row, 0]), 5),
                round(float(outcome.projection[row, 1]), 5),
                int(outcome.group_of[row]),
            ]
            for row in placed
        ],
        "consensus": _agreements(outcome.consensus, statement_ids),
        "divisive": _agreements(outcome.divisive, statement_ids),
        "reason": _reason(outcome.message),
        # Voters with enough votes to be placed, whether or not groups could be formed.
        "qualified": int((np.bincount(votes[:, 0]) >= MIN_VOTES_TO_BE_PLACED).sum())
        if len(votes)
        else 0,
        "warm": _warm_state(outcome),
    }
    # Derived figures, replaced on every run: no audit entry (the votes behind them have one).
    with transaction.atomic():
        ConversationAnalysis.objects.update_or_create(
            conversation=conversation,
            defaults={
                "computed_at": timezone.now(),
                "seconds": time.perf_counter() - started,
                "participants": int((np.bincount(votes[:, 0]) > 0).sum()) if len(votes) else 0,
                "placed": len(placed),
                "statements": conversation.statements.filter(
                    moderation=Statement.Moderation.APPROVED
                ).count(),
                "votes": len(votes),
                "message": outcome.message,
                "result": result,
            },
        )
        count_participants(conversation)
    logger.info(
        "Conversation %s analysed: %d groups, %d votes",
        conversation.pk,
        len(outcome.groups),
        len(votes),
    )
    return f"{len(outcome.groups)} groups"
