import pytest
from django.core.exceptions import ValidationError

from sammen.core.models import AuditEntry
from sammen.engagement.tests.factories import make_activity, make_method
from sammen.inputs.models import Input
from sammen.opinions import services
from sammen.opinions.compute import run_analysis
from sammen.opinions.models import Conversation, ConversationAnalysis, Statement, Vote, Voter
from sammen.opinions.selectors import next_statement, voter_by_key
from sammen.processes.tests.factories import make_process

from .factories import key, make_conversation, make_statements, vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation():
    return make_conversation()


def test_a_conversation_needs_an_activity_of_the_statements_kind():
    process = make_process(slug="annet")
    activity = make_activity(make_method(process), title="Konferanse")
    with pytest.raises(ValidationError, match="Påstandsavstemning"):
        services.create_conversation(actor=None, activity=activity, question="Hva nå?")


def test_a_second_vote_on_the_same_statement_replaces_the_first(conversation):
    (statement,) = make_statements(conversation, "Torget trenger flere benker.")
    vote(conversation, "ola", statement, Vote.Choice.AGREE)
    vote(conversation, "ola", statement, Vote.Choice.DISAGREE)
    assert list(Vote.objects.values_list("choice", flat=True)) == [Vote.Choice.DISAGREE]
    assert list(
        AuditEntry.objects.filter(verb__startswith="vote.")
        .order_by("pk")
        .values_list("verb", flat=True)
    ) == ["vote.create", "vote.update"]


@pytest.mark.parametrize("moderation", ["pending", "rejected"])
def test_a_vote_on_a_hidden_or_rejected_statement_is_refused(conversation, moderation):
    statement = services.submit_statement(
        conversation=conversation, voter_key=key(conversation, "kari"), text="Stenge for biler."
    )
    if moderation == "rejected":
        services.reject_statement(actor=None, statement=statement, reason="Dobbelt opp.")
    with pytest.raises(ValidationError, match="ikke synlig"):
        vote(conversation, "ola", statement, Vote.Choice.AGREE)
    assert not Vote.objects.exists()


def test_a_vote_on_another_conversations_statement_is_refused(conversation):
    other = make_conversation(make_process(slug="annen"), question="Annet?")
    (statement,) = make_statements(other, "Noe annet.")
    with pytest.raises(ValidationError, match="annen avstemning"):
        vote(conversation, "ola", statement, Vote.Choice.AGREE)


def test_a_closed_conversation_takes_no_votes(conversation):
    (statement,) = make_statements(conversation, "Flere trær.")
    services.update_conversation(actor=None, conversation=conversation, is_open=False)
    with pytest.raises(ValidationError, match="lukket"):
        vote(conversation, "ola", statement, Vote.Choice.AGREE)


def test_a_statement_of_2000_characters_is_refused_with_the_limit_stated(conversation):
    with pytest.raises(ValidationError) as refused:
        services.submit_statement(
            conversation=conversation, voter_key=key(conversation, "kari"), text="a" * 2000
        )
    assert refused.value.message_dict["text"] == [
        "Påstanden er for lang: 2\xa0000 tegn. En påstand kan ha høyst 280 tegn."
    ]
    assert not Statement.objects.exists()


def test_a_participants_statement_waits_for_a_moderator(conversation):
    statement = services.submit_statement(
        conversation=conversation,
        voter_key=key(conversation, "kari"),
        text="  Flere   benker  ",
        idempotency_key="k1",
    )
    assert (statement.text, statement.moderation, statement.author_kind) == (
        "Flere benker",
        Statement.Moderation.PENDING,
        Statement.Author.PARTICIPANT,
    )
    assert next_statement(conversation, None) is None


def test_a_resent_statement_is_stored_once(conversation):
    for _ in range(2):
        services.submit_statement(
            conversation=conversation,
            voter_key=key(conversation, "kari"),
            text="Flere benker",
            idempotency_key="samme",
        )
    assert Statement.objects.count() == 1


def test_a_rejection_needs_a_reason(conversation):
    statement = services.submit_statement(
        conversation=conversation, voter_key=key(conversation, "kari"), text="Tull"
    )
    with pytest.raises(ValidationError, match="begrunnelse"):
        services.reject_statement(actor=None, statement=statement, reason=" ")


def test_the_next_statement_is_never_one_the_voter_has_voted_on(conversation):
    first, second = make_statements(conversation, "En", "To")
    vote(conversation, "ola", first, Vote.Choice.AGREE)
    voter = voter_by_key(conversation, key(conversation, "ola"))
    assert next_statement(conversation, voter) == second
    vote(conversation, "ola", second, Vote.Choice.PASS)
    assert next_statement(conversation, voter) is None


def test_the_next_statement_favours_the_one_with_fewest_votes(conversation):
    first, second, third = make_statements(conversation, "En", "To", "Tre")
    vote(conversation, "ola", first, Vote.Choice.AGREE)
    vote(conversation, "kari", first, Vote.Choice.AGREE)
    vote(conversation, "kari", second, Vote.Choice.AGREE)
    assert next_statement(conversation, None) == third


def test_the_next_statement_favours_one_that_splits_the_groups(conversation):
    statements = make_statements(conversation, *[f"Påstand {n}" for n in range(3)])
    for statement in statements:
        for name in ["a", "b", "c", "d", "e"]:
            vote(conversation, name, statement, Vote.Choice.AGREE)
    ConversationAnalysis.objects.create(
        conversation=conversation,
        computed_at="2026-03-10T12:00Z",
        participants=5,
        placed=5,
        statements=3,
        votes=15,
        result={"divisive": [{"statement": statements[2].pk, "score": 0.9}]},
    )
    assert next_statement(conversation, None) == statements[2]


def test_a_statement_becomes_an_input_of_the_process_once(conversation):
    (statement,) = make_statements(conversation, "Flere benker på torget")
    item = services.statement_to_input(actor=None, statement=statement)
    again = services.statement_to_input(actor=None, statement=statement)
    assert item == again
    assert (item.text, item.channel, item.activity) == (
        "Flere benker på torget",
        Input.Channel.WEB,
        conversation.activity,
    )
    assert Input.objects.count() == 1


def test_a_pending_statement_cannot_become_an_input(conversation):
    statement = services.submit_statement(
        conversation=conversation, voter_key=key(conversation, "kari"), text="Ny"
    )
    with pytest.raises(ValidationError, match="godkjente"):
        services.statement_to_input(actor=None, statement=statement)


def test_the_activity_counts_its_voters_as_participants(conversation):
    first, second = make_statements(conversation, "En", "To")
    vote(conversation, "ola", first, Vote.Choice.AGREE)
    vote(conversation, "ola", second, Vote.Choice.AGREE)
    vote(conversation, "kari", first, Vote.Choice.PASS)
    services.submit_statement(
        conversation=conversation, voter_key=key(conversation, "per"), text="Bare skrev"
    )
    activity = conversation.activity
    activity.refresh_from_db()
    assert (activity.participants_low, activity.participants_high) == (2, 2)


def test_the_participation_accounting_counts_the_voters(conversation):
    from sammen.insights.selectors import participation_summary

    (statement,) = make_statements(conversation, "En")
    for name in ["a", "b", "c"]:
        vote(conversation, name, statement, Vote.Choice.AGREE)
    summary = participation_summary(conversation.activity.method.process)
    assert (summary.total.participants.low, summary.total.participants.high) == (3, 3)


def test_votes_queue_at_most_one_analysis_at_a_time(
    conversation, django_capture_on_commit_callbacks
):
    (statement,) = make_statements(conversation, "En")
    with django_capture_on_commit_callbacks() as callbacks:
        vote(conversation, "a", statement, Vote.Choice.AGREE)
        vote(conversation, "b", statement, Vote.Choice.AGREE)
    assert len(callbacks) == 1
    assert Conversation.objects.get().analysis_queued


def test_an_analysis_run_clears_the_queue_mark_so_new_votes_queue_again(
    conversation, django_capture_on_commit_callbacks
):
    first, second = make_statements(conversation, "En", "To")
    vote(conversation, "a", first, Vote.Choice.AGREE)
    run_analysis(conversation.pk)
    with django_capture_on_commit_callbacks() as callbacks:
        vote(conversation, "a", second, Vote.Choice.AGREE)
    assert len(callbacks) == 1


def test_too_few_votes_say_so_and_keep_the_votes_so_far(conversation):
    (statement,) = make_statements(conversation, "En")
    vote(conversation, "a", statement, Vote.Choice.AGREE)
    run_analysis(conversation.pk)
    analysis = ConversationAnalysis.objects.get()
    assert (analysis.participants, analysis.votes, analysis.placed) == (1, 1, 0)
    assert analysis.result["groups"] == []
    assert analysis.message


def test_one_voter_per_browser_token(conversation):
    (statement,) = make_statements(conversation, "En")
    vote(conversation, "ola", statement, Vote.Choice.AGREE)
    vote(conversation, "ola", statement, Vote.Choice.PASS)
    vote(conversation, "kari", statement, Vote.Choice.PASS)
    assert Voter.objects.count() == 2
    assert all(voter.token_hash.startswith("b:") for voter in Voter.objects.all())
    assert "token-of-ola" not in "".join(Voter.objects.values_list("token_hash", flat=True))


@pytest.mark.django_db(transaction=True)
def test_a_vote_reruns_the_analysis_through_the_task_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    conversation = make_conversation()
    (statement,) = make_statements(conversation, "En")
    vote(conversation, "a", statement, Vote.Choice.AGREE)
    analysis = ConversationAnalysis.objects.get(conversation=conversation)
    assert (analysis.votes, analysis.participants) == (1, 1)
    vote(conversation, "b", statement, Vote.Choice.DISAGREE)
    analysis.refresh_from_db()
    assert analysis.votes == 2
    assert not Conversation.objects.get().analysis_queued
