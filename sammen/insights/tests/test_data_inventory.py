import pytest
from django.urls import reverse

from sammen.accounts.models import ProcessMembership
from sammen.accounts.tests.factories import make_team_member
from sammen.contributors.services import record_contributor_details
from sammen.contributors.tests.factories import make_question
from sammen.inputs.tests.factories import make_input
from sammen.processes.tests.factories import make_process

pytestmark = pytest.mark.django_db


def test_staff_see_how_much_personal_data_the_process_holds_and_until_when(
    client, django_user_model
):
    process = make_process(
        slug="oversikt", legal_basis="Art. 6 nr. 1 e", personal_data_purpose="For å svare deg."
    )
    item = make_input(process)
    record_contributor_details(
        actor=None, item=item, answers={make_question(process): "Under 25"}, email="k@example.no"
    )
    staff = django_user_model.objects.create_user("stab", password="x", is_staff=True)
    make_team_member(staff, process, ProcessMembership.Role.READER)
    client.force_login(staff)

    response = client.get(reverse("insights:data_inventory", args=[process.slug]))

    page = response.content.decode()
    assert "Art. 6 nr. 1 e" in page and "For å svare deg." in page
    rows = {row.what: row for row in response.context["rows"]}
    email_row = next(row for what, row in rows.items() if what.startswith("E-postadresser"))
    assert email_row.amount == 1
    assert email_row.next_due == item.contact.delete_after
    assert "k@example.no" not in page and "Under 25" not in page


def test_the_inventory_is_for_staff_only(client):
    process = make_process(slug="lukket")

    response = client.get(reverse("insights:data_inventory", args=[process.slug]))

    assert response.status_code in (302, 403)
