"""What one public input POST costs the database, counted, so that it cannot creep back: the
common case (a text, one "about you" answer) is one transaction with the key looked up once,
the rate limit counted in one statement (SAMMEN_RATE_LIMIT_STORE=database), the input, the
answer, the audit entry and the embedding's task inserted, and one commit."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sammen.contributors.models import ContributorAnswer
from sammen.contributors.tests.factories import make_question
from sammen.core.models import RateCounter
from sammen.inputs.models import Input
from sammen.portal.forms import new_form_token
from sammen.processes.models import Process
from sammen.processes.tests.factories import make_process

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def process():
    return make_process(
        slug="nabolaget",
        status=Process.Status.ACTIVE,
        legal_basis="Personvernforordningen art. 6 nr. 1 bokstav e.",
        retention_months=18,
    )


def _post(client, process, **data):
    data.setdefault("text", "Vi trenger flere benker ved lekeplassen og bedre lys på stien.")
    data.setdefault("token", new_form_token())
    return client.post(reverse("portal:input_form", args=[process.slug]), data)


def _statements(captured) -> list[str]:
    return [query["sql"].split()[0].upper() for query in captured]


@pytest.fixture
def warm(client, process, settings):
    """Content types and the process's page drawn once, as on a running site."""
    settings.SAMMEN_RATE_LIMIT_STORE = "database"
    make_question(process=process, key="alder", choices=["Under 30", "Over 30"])
    _post(client, process, text="Første innspill om parken og benkene der.")
    return process


def test_common_post_is_one_transaction_of_few_statements(client, warm):
    with CaptureQueriesContext(connection) as captured:
        response = _post(client, warm, q_alder="Over 30")
    assert response.status_code == 200
    statements = _statements(captured)
    writes = [s for s in statements if s in ("INSERT", "UPDATE", "DELETE")]
    # The rate limit's upsert, the input, the answer, the audit entry, the task.
    assert writes == ["INSERT"] * 5, statements
    assert statements.count("COMMIT") <= 1
    assert not [s for s in statements if s in ("SAVEPOINT", "RELEASE")], statements
    # Reads: the process, the focus areas and questions for the form, the key once.
    assert len(statements) <= 12, statements
    assert ContributorAnswer.objects.filter(input__text__startswith="Vi trenger").count() == 1


def test_rate_limit_counts_in_one_row_per_address_and_window(client, warm):
    _post(client, warm)
    assert RateCounter.objects.get().hits == 2


def test_retry_of_a_stored_submission_is_neither_stored_nor_counted_again(client, warm):
    token = new_form_token()
    _post(client, warm, token=token)
    with CaptureQueriesContext(connection) as captured:
        response = _post(client, warm, token=token)
    assert response.status_code == 200
    assert "INSERT" not in _statements(captured)
    assert Input.objects.count() == 2
    assert RateCounter.objects.get().hits == 2


def test_over_the_limit_nothing_is_stored_and_the_count_is_kept(client, warm, settings):
    settings.SAMMEN_INPUT_RATE_LIMIT = (1, 600)
    response = _post(client, warm)
    assert response.status_code == 429
    assert Input.objects.count() == 1
    assert RateCounter.objects.get().hits == 2
