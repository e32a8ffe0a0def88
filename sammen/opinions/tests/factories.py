"""Small factories for statements voting. They go through the services, as the app does."""

from sammen.engagement.method_kinds import MethodKind
from sammen.engagement.tests.factories import make_activity, make_method
from sammen.opinions import services
from sammen.opinions.models import Conversation, Statement
from sammen.processes.models import Process
from sammen.processes.tests.factories import make_process


def make_conversation(
    process: Process | None = None, question: str = "Hva bør skje med torget?", **fields
) -> Conversation:
    process = process or make_process(slug="torget", status=Process.Status.ACTIVE)
    method = make_method(process, title="Påstander om torget", kind=MethodKind.STATEMENTS)
    activity = make_activity(method, title="Påstandsavstemning om torget")
    return services.create_conversation(actor=None, activity=activity, question=question, **fields)


def make_statements(conversation: Conversation, *texts: str) -> list[Statement]:
    return [
        services.seed_statement(actor=None, conversation=conversation, text=text) for text in texts
    ]


def key(conversation: Conversation, name: str) -> str:
    """A browser's voter key, as the views make it from the cookie token."""
    return services.browser_key(conversation, f"token-of-{name}-0123456789")


def vote(conversation: Conversation, name: str, statement: Statement, choice: int):
    return services.cast_vote(
        conversation=conversation,
        voter_key=key(conversation, name),
        statement=statement,
        choice=choice,
    )
