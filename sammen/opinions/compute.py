"""The analysis run of one conversation: read its votes, hand them to analysis.analyse, store
what it finds. Called by the task (tasks.analyse_conversation) and by imports; it never
imports the services that enqueue it."""

import logging
import time

import numpy as np
from django.db import transaction
from django.utils import timezone

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
    votes = np.array(
        list(
            Vote.objects.filter(
                statement__conversation=conversation,
                statement__moderation=Statement.Moderation.APPROVED,
            ).values_list("voter_id", "statement_id", "choice")
        ),
        dtype=np.int64,
    ).reshape(-1, 3)
    statement_ids = np.array(
        sorted(
            conversation.statements.filter(moderation=Statement.Moderation.APPROVED).values_list(
                "pk", flat=True
            )
        ),
        dtype=np.int64,
    )
    voter_ids, rows = np.unique(votes[:, 0], return_inverse=True)
    cols = np.searchsorted(statement_ids, votes[:, 1])
    outcome = analyse(
        rows,
        cols,
        votes[:, 2],
        n_participants=len(voter_ids),
        n_statements=len(statement_ids),
        min_votes=MIN_VOTES_TO_BE_PLACED,
    )
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
    }
    # Derived figures, replaced on every run: no audit entry (the votes behind them have one).
    with transaction.atomic():
        ConversationAnalysis.objects.update_or_create(
            conversation=conversation,
            defaults={
                "computed_at": timezone.now(),
                "seconds": time.perf_counter() - started,
                "participants": len(voter_ids),
                "placed": len(placed),
                "statements": len(statement_ids),
                "votes": len(votes),
                "message": outcome.message,
                "result": result,
            },
        )
        count_participants(conversation)
    logger.info(
        "Conversation %s analysed: %d groups, %d voters",
        conversation.pk,
        len(outcome.groups),
        len(voter_ids),
    )
    return f"{len(outcome.groups)} groups"
