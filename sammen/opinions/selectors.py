"""Reads for statements voting: the next statement for a voter, the progress, the results."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from sammen.inputs.privacy import mask_personal_data
from sammen.processes.models import Process

from .models import Conversation, ConversationAnalysis, Statement, Voter

# Statements with fewer votes than this come first, fewest first: everyone's votes are
# needed before a statement says anything. Past it, the most informative come first.
FEW_VOTES = 5


def public_conversation(process: Process, pk: int) -> Conversation:
    try:
        return Conversation.objects.select_related("activity__method__process").get(
            pk=pk, activity__method__process=process
        )
    except Conversation.DoesNotExist:
        raise Http404(_("Fant ingen påstandsavstemning med nummer %(pk)d.") % {"pk": pk}) from None


def conversations_of(process: Process) -> QuerySet[Conversation]:
    return Conversation.objects.filter(activity__method__process=process).select_related("activity")


def voter_by_key(conversation: Conversation, key: str | None) -> Voter | None:
    if not key:
        return None
    return Voter.objects.filter(conversation=conversation, token_hash=key).first()


def visible_statements(conversation: Conversation) -> QuerySet[Statement]:
    return conversation.statements.filter(moderation=Statement.Moderation.APPROVED)


def _split(conversation: Conversation) -> dict[int, float]:
    """How much each statement divides the groups found so far (0 when unknown)."""
    analysis = ConversationAnalysis.objects.filter(conversation=conversation).first()
    if analysis is None:
        return {}
    return {item["statement"]: item["score"] for item in analysis.result.get("divisive", [])}


def next_statement(conversation: Conversation, voter: Voter | None) -> Statement | None:
    """The statement to show next: never one this voter has voted on; those with fewest votes
    first while they have few, then those that split the opinion groups most."""
    candidates = visible_statements(conversation)
    if voter is not None:
        candidates = candidates.exclude(votes__voter=voter)
    candidates = list(candidates.order_by("vote_count", "number")[:200])
    if not candidates:
        return None
    split = _split(conversation)

    def priority(statement: Statement) -> tuple:
        few = statement.vote_count < FEW_VOTES
        return (
            not few,
            statement.vote_count if few else 0,
            -split.get(statement.pk, 0.0),
            statement.vote_count,
            statement.number,
        )

    return min(candidates, key=priority)


@dataclass
class Progress:
    voted: int
    total: int

    @property
    def remaining(self) -> int:
        return max(self.total - self.voted, 0)


def progress(conversation: Conversation, voter: Voter | None) -> Progress:
    total = visible_statements(conversation).count()
    voted = (
        voter.votes.filter(statement__moderation=Statement.Moderation.APPROVED).count()
        if voter
        else 0
    )
    return Progress(voted, total)


def pending_statements(conversation: Conversation) -> QuerySet[Statement]:
    return conversation.statements.filter(moderation=Statement.Moderation.PENDING).order_by(
        "created_at", "number"
    )


def statements_with_tallies(conversation: Conversation) -> QuerySet[Statement]:
    return conversation.statements.annotate(
        agree=Count("votes", filter=Q(votes__choice=1)),
        disagree=Count("votes", filter=Q(votes__choice=-1)),
        passed=Count("votes", filter=Q(votes__choice=0)),
    ).order_by("number")


@dataclass
class GroupView:
    label: str
    size: int
    agrees: list = field(default_factory=list)  # [(statement, share)]
    disagrees: list = field(default_factory=list)


@dataclass
class Agreement:
    statement: Statement
    agree: list[float]
    disagree: list[float]


@dataclass
class Results:
    conversation: Conversation
    analysis: ConversationAnalysis | None
    tallies: list[Statement]
    groups: list[GroupView]
    consensus: list[Agreement]
    divisive: list[Agreement]
    points: list  # [voter id, x, y, group index]
    participants: int
    votes: int

    @property
    def has_groups(self) -> bool:
        return bool(self.groups)

    @property
    def qualified(self) -> int:
        return self.analysis.result.get("qualified", 0) if self.analysis else 0

    @property
    def reason(self) -> str:
        """Why there are no groups: few_statements, no_spread or few_participants."""
        return (self.analysis.result.get("reason") if self.analysis else "") or "few_participants"


def results(conversation: Conversation, *, public: bool) -> Results:
    """Votes so far per statement and the latest analysis, with statements looked up. Public
    results leave out statements that are not approved."""
    tallies = statements_with_tallies(conversation)
    if public:
        tallies = tallies.filter(moderation=Statement.Moderation.APPROVED)
    tallies = list(tallies)
    by_pk = {statement.pk: statement for statement in tallies}
    analysis = ConversationAnalysis.objects.filter(conversation=conversation).first()
    result = analysis.result if analysis else {}
    groups = []
    for group in result.get("groups", []):
        view = GroupView(group["label"], len(group["members"]))
        for item in group["representative"]:
            if (statement := by_pk.get(item["statement"])) is None:
                continue
            target = view.agrees if item["direction"] == "agree" else view.disagrees
            target.append((statement, item["share"]))
        groups.append(view)

    def agreements(key: str) -> list[Agreement]:
        return [
            Agreement(by_pk[item["statement"]], item["agree"], item["disagree"])
            for item in result.get(key, [])
            if item["statement"] in by_pk
        ]

    votes = sum(s.agree + s.disagree + s.passed for s in tallies)
    participants = conversation.voters.filter(votes__isnull=False).distinct().count()
    return Results(
        conversation,
        analysis,
        tallies,
        groups,
        agreements("consensus"),
        agreements("divisive"),
        result.get("points", []),
        participants,
        votes,
    )


# A statement every group agrees with: more than this share of each group's voters on it.
CONSENSUS_SHARE = 0.5


def group_sizes_text(results: Results) -> str:
    if not results.groups:
        return _("Ingen grupper ennå.")
    parts = [
        _("gruppe %(label)s har %(size)d") % {"label": group.label, "size": group.size}
        for group in results.groups
    ]
    return _("%(count)d meningsgrupper: %(groups)s.") % {
        "count": len(results.groups),
        "groups": ", ".join(parts),
    }


def _quoted(statement: Statement) -> str:
    return f"«{mask_personal_data(statement.text)}»"


def summary_text(results: Results) -> list[str]:
    """The results in sentences, the map's text alternative: what each group agrees and
    disagrees with, and what all groups agree on."""
    if not results.groups:
        return []
    sentences = []
    for group in results.groups:
        parts = []
        if group.agrees:
            parts.append(
                _("er enig i %(statements)s")
                % {"statements": _(" og ").join(_quoted(s) for s, _share in group.agrees[:3])}
            )
        if group.disagrees:
            parts.append(
                _("er uenig i %(statements)s")
                % {"statements": _(" og ").join(_quoted(s) for s, _share in group.disagrees[:3])}
            )
        if parts:
            sentences.append(
                _("Gruppe %(label)s (%(size)d deltakere) %(what)s.")
                % {"label": group.label, "size": group.size, "what": "; ".join(parts)}
            )
    shared = [
        item.statement
        for item in results.consensus
        if item.agree and min(item.agree) > CONSENSUS_SHARE
    ]
    if shared:
        sentences.append(
            _("Alle grupper er enige om %(statements)s.")
            % {"statements": _(" og ").join(_quoted(s) for s in shared[:3])}
        )
    else:
        sentences.append(_("Det er ingen påstand som alle gruppene er enige om ennå."))
    return sentences
