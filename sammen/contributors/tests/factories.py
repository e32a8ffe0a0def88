from sammen.contributors.models import ContributorQuestion
from sammen.contributors.services import add_contributor_question
from sammen.processes.models import Process


def make_question(process: Process, key: str = "alder", **fields) -> ContributorQuestion:
    fields.setdefault("label", "Hvor gammel er du?")
    fields.setdefault("purpose", "For å se hvem vi når.")
    fields.setdefault("choices", ["Under 25", "25 eller eldre"])
    return add_contributor_question(actor=None, process=process, key=key, **fields)
