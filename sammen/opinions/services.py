"""Writes for statements voting: conversations, statements and their moderation, votes, and
a statement taken over as an input of the process."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sammen.accounts.permissions import require
from sammen.core.idempotency import save_once
from sammen.core.mail import enqueue_on_commit
from sammen.core.services import record_audit, save_changes, save_validated
from sammen.engagement.method_kinds import MethodKind
from sammen.engagement.models import Activity
from sammen.inputs.models import Input
from sammen.inputs.services import create_activity_input

from .accounting import count_participants
from .models import STATEMENT_MAX_LENGTH, Conversation, Statement, Vote, Voter
from .polis import export_polis, read_polis
from .tasks import analyse_conversation


def browser_key(conversation: Conversation, token: str) -> str:
    """The stored key of a browser's voter: a hash of its cookie token and the conversation,
    so one browser's voters in two conversations cannot be linked by their keys."""
    digest = hashlib.sha256(f"{conversation.pk}\n{token}".encode()).hexdigest()
    return f"b:{digest}"


def login_key(conversation: Conversation, pseudonym: str) -> str:
    """The stored key of a verified citizen's voter (the pseudonym is already a keyed hash)."""
    digest = hashlib.sha256(f"{conversation.pk}\n{pseudonym}".encode()).hexdigest()
    return f"l:{digest}"


def imported_key(number: int) -> str:
    # Never equal to a browser's or a login's key, which start with "b:" and "l:".
    return f"polis:{number}"


@transaction.atomic
def create_conversation(
    *,
    actor,
    activity: Activity,
    question: str,
    description: str = "",
    requires_login: bool = False,
    accepts_statements: bool = True,
    is_open: bool = True,
) -> Conversation:
    require(actor, "run_workshops", activity.method.process_id)
    if activity.method.kind != MethodKind.STATEMENTS:
        raise ValidationError(
            _("Påstandsavstemning kan bare settes opp for en aktivitet av typen «%(kind)s».")
            % {"kind": MethodKind.STATEMENTS.label}
        )
    if Conversation.objects.filter(activity=activity).exists():
        raise ValidationError(_("Aktiviteten har allerede en påstandsavstemning."))
    conversation = Conversation(
        activity=activity,
        question=question.strip(),
        description=description.strip(),
        requires_login=requires_login,
        accepts_statements=accepts_statements,
        is_open=is_open,
    )
    save_validated(conversation)
    record_audit(actor=actor, action="create", obj=conversation, scope=activity)
    return conversation


@transaction.atomic
def update_conversation(*, actor, conversation: Conversation, **fields) -> Conversation:
    require(actor, "run_workshops", lambda: conversation.activity.method.process_id)
    save_changes(actor=actor, obj=conversation, fields=fields)
    return conversation


def too_long_message(length: int) -> str:
    return _("Påstanden er for lang: %(length)s tegn. En påstand kan ha høyst %(limit)s tegn.") % {
        "length": number_format(length, force_grouping=True),
        "limit": number_format(STATEMENT_MAX_LENGTH, force_grouping=True),
    }


def _clean_text(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise ValidationError({"text": _("Skriv en påstand.")})
    if len(text) > STATEMENT_MAX_LENGTH:
        raise ValidationError({"text": too_long_message(len(text))})
    return text


def _next_number(queryset) -> int:
    highest = queryset.aggregate(highest=Max("number"))["highest"]
    return 0 if highest is None else highest + 1


def _add_statement(
    *,
    actor,
    conversation: Conversation,
    text: str,
    author_kind: str,
    author: Voter | None,
    moderation: str,
    idempotency_key: str | None,
) -> Statement:
    text = _clean_text(text)

    def create() -> Statement:
        # Numbers are given in order: lock the conversation so two statements never race
        # for one number.
        Conversation.objects.select_for_update().filter(pk=conversation.pk).first()
        now = timezone.now()
        statement = Statement(
            conversation=conversation,
            number=_next_number(conversation.statements),
            text=text,
            author_kind=author_kind,
            author=author,
            moderation=moderation,
            moderated_at=now if moderation == Statement.Moderation.APPROVED else None,
            created_at=now,
            idempotency_key=idempotency_key or None,
        )
        save_validated(statement)
        record_audit(
            actor=actor,
            action="create",
            obj=statement,
            scope=conversation.activity,
            changes={"author_kind": author_kind, "moderation": moderation},
        )
        return statement

    return save_once(conversation.statements.all(), idempotency_key, create)[0]


@transaction.atomic
def seed_statement(
    *, actor, conversation: Conversation, text: str, idempotency_key: str | None = None
) -> Statement:
    """A statement written by staff to start the conversation: shown at once."""
    require(actor, "run_workshops", lambda: conversation.activity.method.process_id)
    return _add_statement(
        actor=actor,
        conversation=conversation,
        text=text,
        author_kind=Statement.Author.SEED,
        author=None,
        moderation=Statement.Moderation.APPROVED,
        idempotency_key=idempotency_key,
    )


def _refuse_closed(conversation: Conversation) -> None:
    if not conversation.is_open:
        raise ValidationError(_("Avstemningen er lukket."))


def _voter(conversation: Conversation, key: str) -> Voter:
    """The voter with this key, created on its first vote or statement."""
    if voter := Voter.objects.filter(conversation=conversation, token_hash=key).first():
        return voter
    # The lock gives numbers in order and keeps two first votes of one browser from racing.
    Conversation.objects.select_for_update().filter(pk=conversation.pk).first()
    voter, created = Voter.objects.get_or_create(
        conversation=conversation,
        token_hash=key,
        defaults={"number": _next_number(conversation.voters)},
    )
    if created:
        record_audit(actor=None, action="create", obj=voter, scope=conversation.activity)
    return voter


@transaction.atomic
def submit_statement(
    *, conversation: Conversation, voter_key: str, text: str, idempotency_key: str | None = None
) -> Statement:
    """A participant's own statement: it waits for a moderator before anyone else sees it."""
    _refuse_closed(conversation)
    if not conversation.accepts_statements:
        raise ValidationError(_("Denne avstemningen tar ikke imot nye påstander."))
    text = _clean_text(text)
    return _add_statement(
        actor=None,
        conversation=conversation,
        text=text,
        author_kind=Statement.Author.PARTICIPANT,
        author=_voter(conversation, voter_key),
        moderation=Statement.Moderation.PENDING,
        idempotency_key=idempotency_key,
    )


@transaction.atomic
def approve_statement(*, actor, statement: Statement) -> Statement:
    require(actor, "moderate", lambda: statement.conversation.activity.method.process_id)
    before = statement.moderation
    statement.moderation = Statement.Moderation.APPROVED
    statement.rejection_reason = ""
    statement.moderated_at = timezone.now()
    save_validated(statement)
    record_audit(
        actor=actor,
        action="approve",
        obj=statement,
        scope=statement.conversation.activity,
        changes={"moderation": [before, statement.moderation]},
    )
    return statement


@transaction.atomic
def reject_statement(*, actor, statement: Statement, reason: str) -> Statement:
    require(actor, "moderate", lambda: statement.conversation.activity.method.process_id)
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Skriv en kort begrunnelse, så andre ansatte ser hvorfor.")}
        )
    before = statement.moderation
    statement.moderation = Statement.Moderation.REJECTED
    statement.rejection_reason = reason
    statement.moderated_at = timezone.now()
    save_validated(statement)
    record_audit(
        actor=actor,
        action="reject",
        obj=statement,
        scope=statement.conversation.activity,
        changes={"moderation": [before, statement.moderation], "reason": reason},
    )
    if before == Statement.Moderation.APPROVED and statement.votes.exists():
        # Its votes leave the analysis.
        queue_analysis(statement.conversation)
    return statement


@transaction.atomic
def statement_to_input(*, actor, statement: Statement) -> Input:
    """Take a statement over as an input of the process, from the conversation's activity, so
    it can be sorted, assessed and linked to the roadmap. Doing it twice gives one input."""
    require(actor, "fast_entry", lambda: statement.conversation.activity.method.process_id)
    if statement.moderation != Statement.Moderation.APPROVED:
        raise ValidationError(_("Bare godkjente påstander kan bli innspill."))
    if statement.input_id is not None:
        return statement.input
    item = create_activity_input(
        actor=actor,
        activity=statement.conversation.activity,
        text=statement.text,
        idempotency_key=f"opinions-statement-{statement.pk}",
    )
    statement.input = item
    statement.save(update_fields=["input"])
    record_audit(
        actor=actor,
        action="to_input",
        obj=statement,
        scope=statement.conversation.activity,
        changes={"input": item.pk},
    )
    return item


def queue_analysis(conversation: Conversation) -> bool:
    """Queue a new analysis when the transaction commits, unless one is already waiting.
    Call inside the service's transaction. Returns whether one was queued."""
    queued = Conversation.objects.filter(pk=conversation.pk, analysis_queued=False).update(
        analysis_queued=True
    )
    if queued:
        enqueue_on_commit(analyse_conversation, conversation.pk)
    return bool(queued)


@transaction.atomic
def request_analysis(*, actor, conversation: Conversation) -> None:
    """Staff ask for a new run now, even when one is marked as waiting (a lost queue entry)."""
    require(actor, "run_workshops", lambda: conversation.activity.method.process_id)
    Conversation.objects.filter(pk=conversation.pk).update(analysis_queued=False)
    queue_analysis(conversation)
    record_audit(actor=actor, action="analyse", obj=conversation, scope=conversation.activity)


@transaction.atomic
def cast_vote(
    *, conversation: Conversation, voter_key: str, statement: Statement, choice: int
) -> Vote:
    """Store a vote; a second vote on the same statement replaces the first."""
    _refuse_closed(conversation)
    if choice not in Vote.Choice.values:
        raise ValidationError(_("Velg enig, uenig eller står over."))
    if statement.conversation_id != conversation.pk:
        raise ValidationError(_("Påstanden hører til en annen avstemning."))
    if statement.moderation != Statement.Moderation.APPROVED:
        raise ValidationError(_("Denne påstanden er ikke synlig, og kan ikke få stemmer."))
    voter = _voter(conversation, voter_key)
    vote = Vote.objects.select_for_update().filter(voter=voter, statement=statement).first()
    if vote is None:
        vote = Vote.objects.create(voter=voter, statement=statement, choice=choice)
        Statement.objects.filter(pk=statement.pk).update(vote_count=F("vote_count") + 1)
        record_audit(
            actor=None,
            action="create",
            obj=vote,
            scope=conversation.activity,
            changes={"choice": choice},
        )
        if not Vote.objects.filter(voter=voter).exclude(pk=vote.pk).exists():
            count_participants(conversation)
    elif vote.choice != choice:
        before, vote.choice, vote.voted_at = vote.choice, choice, timezone.now()
        vote.save(update_fields=["choice", "voted_at"])
        record_audit(
            actor=None,
            action="update",
            obj=vote,
            scope=conversation.activity,
            changes={"choice": [before, choice]},
        )
    else:
        return vote
    queue_analysis(conversation)
    return vote


@transaction.atomic
def import_polis(*, actor, conversation: Conversation, files) -> dict[str, int]:
    """Bring in a past Pol.is conversation (its files by name, see polis.read_polis) into an
    empty conversation: every statement, participant and latest vote, all or nothing."""
    require(actor, "import", lambda: conversation.activity.method.process_id)
    parsed = read_polis(files)
    if conversation.statements.exists() or conversation.voters.exists():
        raise ValidationError(
            _(
                "Avstemningen har allerede påstander eller stemmer. Importer til en ny "
                "aktivitet, så blandes ikke to samtaler."
            )
        )
    # Pol.is allows longer comments than sammen's limit: an imported one is kept whole.
    voters = Voter.objects.bulk_create(
        Voter(conversation=conversation, number=number, token_hash=imported_key(number))
        for number in sorted(parsed.participants)
    )
    voter_by_number = {voter.number: voter for voter in voters}
    statements = Statement.objects.bulk_create(
        Statement(
            conversation=conversation,
            number=comment.number,
            text=comment.text,
            author_kind=Statement.Author.SEED
            if comment.author is None
            else Statement.Author.PARTICIPANT,
            author=voter_by_number.get(comment.author),
            moderation=comment.moderation,
            moderated_at=comment.created,
            created_at=comment.created,
        )
        for comment in parsed.comments
    )
    statement_by_number = {statement.number: statement for statement in statements}
    Vote.objects.bulk_create(
        (
            Vote(
                voter=voter_by_number[voter],
                statement=statement_by_number[number],
                choice=choice,
                voted_at=when,
            )
            for (voter, number), (choice, when) in parsed.votes.items()
        ),
        batch_size=5000,
    )
    counts = (
        Vote.objects.filter(statement=OuterRef("pk"))
        .values("statement")
        .annotate(n=Count("pk"))
        .values("n")
    )
    conversation.statements.update(vote_count=Coalesce(Subquery(counts), 0))
    figures = {
        "statements": len(statements),
        "participants": len(voters),
        "votes": len(parsed.votes),
    }
    record_audit(
        actor=actor,
        action="import_polis",
        obj=conversation,
        scope=conversation.activity,
        changes=figures,
    )
    count_participants(conversation)
    queue_analysis(conversation)
    return figures


def export_polis_zip(*, actor, conversation: Conversation) -> bytes:
    """The conversation in Pol.is' layout (a zip), with an audit entry saying who took it."""
    data = export_polis(conversation)
    with transaction.atomic():
        record_audit(
            actor=actor, action="export_polis", obj=conversation, scope=conversation.activity
        )
    return data
