from sammen.contributors.models import Contact, ContributorQuestion
from sammen.contributors.services import add_contributor_question, record_contributor_details
from sammen.inputs.models import Input
from sammen.inputs.tests.factories import make_input
from sammen.processes.models import Process


def make_question(process: Process, key: str = "alder", **fields) -> ContributorQuestion:
    fields.setdefault("label", "Hvor gammel er du?")
    fields.setdefault("purpose", "For å se hvem vi når.")
    fields.setdefault("choices", ["Under 25", "25 eller eldre"])
    return add_contributor_question(actor=None, process=process, key=key, **fields)


def make_contact(process: Process, email: str = "kari@example.no", **input_fields) -> Contact:
    """An input awaiting moderation whose contributor left an address."""
    input_fields.setdefault("moderation", Input.Moderation.PENDING)
    item = make_input(process, **input_fields)
    record_contributor_details(actor=None, item=item, answers={}, email=email)
    return Contact.objects.get(input=item)
