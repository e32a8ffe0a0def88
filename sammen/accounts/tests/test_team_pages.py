"""The team page, the audit log page and an organisation's people page."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from sammen.accounts.models import OrganisationMembership, ProcessMembership
from sammen.core.models import AuditEntry
from sammen.inputs.services import set_input_sorting
from sammen.inputs.tests.factories import make_input
from sammen.processes.tests.factories import make_organisation, make_process

from .factories import make_org_member, make_role_user, make_staff, make_team_member

Role = ProcessMembership.Role
pytestmark = pytest.mark.django_db


@pytest.fixture
def process():
    return make_process(slug="borgen", organisation=make_organisation(slug="asker"))


@pytest.fixture
def manager(process):
    return make_role_user("leder", process, Role.MANAGER)


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def team_url(process):
    return reverse("team:team", args=[process.slug])


def test_a_manager_adds_a_colleague_from_the_organisation(manager_client, process):
    colleague = make_staff("kollega")
    make_org_member(colleague, process.organisation)

    response = manager_client.post(team_url(process), {"user": colleague.pk, "role": "analyst"})

    assert response.status_code == 302
    assert ProcessMembership.objects.get(user=colleague).role == Role.ANALYST
    assert "kollega" in manager_client.get(team_url(process)).content.decode()


def test_someone_from_another_organisation_is_refused_with_a_clear_message(manager_client, process):
    stranger = make_staff("fra-baerum")
    make_org_member(stranger, make_organisation(slug="baerum", name="Bærum kommune"))

    response = manager_client.post(team_url(process), {"user": stranger.pk, "role": "reader"})

    assert response.status_code == 400
    assert "bare folk som hører til Asker kommune" in response.content.decode()
    assert not ProcessMembership.objects.filter(user=stranger).exists()


def test_removing_the_last_process_manager_is_refused_on_the_page(manager_client, process):
    membership = ProcessMembership.objects.get(role=Role.MANAGER)
    url = reverse("team:remove", args=[process.slug, membership.pk])

    response = manager_client.post(url, follow=True)

    assert "eneste prosesslederen" in response.content.decode()
    assert ProcessMembership.objects.filter(pk=membership.pk).exists()


def test_a_manager_changes_a_role_and_the_log_says_so(manager_client, process, manager):
    reader = make_role_user("leser", process, Role.READER)
    membership = ProcessMembership.objects.get(user=reader)
    url = reverse("team:role", args=[process.slug, membership.pk])

    manager_client.post(url, {f"m{membership.pk}-role": "moderator"})

    membership.refresh_from_db()
    assert membership.role == Role.MODERATOR
    entry = AuditEntry.objects.get(verb="processmembership.update")
    assert (entry.actor, entry.changes) == (manager, {"role": ["reader", "moderator"]})


def test_a_reader_sees_the_team_without_the_forms(client, process):
    reader = make_role_user("leser", process, Role.READER)
    client.force_login(reader)
    body = client.get(team_url(process)).content.decode()
    assert "leser" in body and "Legg til i teamet" not in body


def test_the_audit_log_filters_by_person_object_type_and_date(
    manager_client, process, manager, time_machine
):
    analyst = make_role_user("analytiker", process, Role.ANALYST)
    item = make_input(process, text="Flere benker.")
    time_machine.move_to(datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC))
    set_input_sorting(actor=analyst, item=item, responsibility="kommune")
    other = make_process(slug="annen", organisation=process.organisation)
    make_team_member(analyst, other, Role.ANALYST)
    set_input_sorting(actor=analyst, item=make_input(other), responsibility="kommune")
    url = reverse("team:audit_log", args=[process.slug])

    everything = manager_client.get(url).context["page"].object_list
    by_analyst = manager_client.get(url, {"person": analyst.pk}).context["page"].object_list
    input_type = AuditEntry.objects.get(verb="input.sort", object_id=item.pk).content_type_id
    by_type = manager_client.get(url, {"object_type": input_type}).context["page"].object_list
    on_day = manager_client.get(url, {"since": "2026-03-10", "until": "2026-03-10"})

    assert {e.verb for e in everything} >= {"input.create", "input.sort", "process.create"}
    assert [e.verb for e in by_analyst] == ["input.sort"]  # not the other process's sorting
    assert {e.verb for e in by_type} == {"input.create", "input.sort"}
    assert [e.verb for e in on_day.context["page"].object_list] == ["input.sort"]


def test_the_audit_log_refuses_dates_in_the_wrong_order(manager_client, process):
    url = reverse("team:audit_log", args=[process.slug])
    response = manager_client.get(url, {"since": "2026-03-10", "until": "2026-03-01"})
    assert response.status_code == 400
    assert "Til-datoen kan ikke være før fra-datoen." in response.content.decode()


@pytest.fixture
def admin_client(client, process):
    admin = make_staff("asker-admin")
    make_org_member(admin, process.organisation, admin=True)
    client.force_login(admin)
    return client


def people_url(process):
    return reverse("team:people", args=[process.organisation.slug])


def test_an_organisation_admin_adds_an_existing_account_by_email(admin_client, process):
    make_staff("kari", email="kari@asker.kommune.no")
    response = admin_client.post(
        people_url(process), {"add-identifier": "KARI@asker.kommune.no", "add-is_admin": ""}
    )
    assert response.status_code == 302
    membership = OrganisationMembership.objects.get(user__username="kari")
    assert membership.organisation == process.organisation and not membership.is_admin


def test_an_unknown_account_is_refused_by_name(admin_client, process):
    response = admin_client.post(people_url(process), {"add-identifier": "ingen"})
    assert response.status_code == 400
    assert "Fant ingen aktiv ansattkonto" in response.content.decode()


def test_an_organisation_admin_creates_an_account(admin_client, process):
    response = admin_client.post(
        people_url(process),
        {
            "new-username": "ola",
            "new-email": "ola@asker.kommune.no",
            "new-password": "Et-langt-passord-2026",
        },
    )
    assert response.status_code == 302
    ola = get_user_model().objects.get(username="ola")
    assert ola.is_staff and not ola.is_superuser
    assert OrganisationMembership.objects.filter(user=ola).exists()


def test_a_weak_password_is_refused_and_no_account_made(admin_client, process):
    response = admin_client.post(
        people_url(process), {"new-username": "ola", "new-password": "123"}
    )
    assert response.status_code == 400
    assert not get_user_model().objects.filter(username="ola").exists()


def test_the_last_admin_keeps_the_right(admin_client, process):
    membership = OrganisationMembership.objects.get(is_admin=True)
    url = reverse("team:people_admin", args=[process.organisation.slug, membership.pk])
    response = admin_client.post(url, {"is_admin": "0"}, follow=True)
    assert "må ha minst én administrator" in response.content.decode()
    membership.refresh_from_db()
    assert membership.is_admin
