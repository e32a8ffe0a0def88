"""Small factories for tests: every object is made through the services, as in real use."""

from sammen.processes.models import Organisation, Process
from sammen.processes.services import create_organisation, create_process


def make_organisation(*, slug: str = "asker", name: str = "Asker kommune") -> Organisation:
    return create_organisation(actor=None, name=name, slug=slug)


def make_process(
    *, slug: str = "borgen", organisation: Organisation | None = None, **fields
) -> Process:
    fields.setdefault("name", f"Prosess {slug}")
    return create_process(
        actor=None,
        organisation=organisation or make_organisation(slug=f"org-{slug}"),
        slug=slug,
        **fields,
    )
