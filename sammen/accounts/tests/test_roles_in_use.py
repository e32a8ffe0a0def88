"""The roles where they bite: a facilitator cannot moderate, a reader cannot change anything,
a member of Asker cannot see Bærum's process — through the pages and through the services."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from sammen.accounts.models import ProcessMembership
from sammen.core.models import AuditEntry
from sammen.engagement.services import create_activity
from sammen.engagement.tests.factories import make_activity, make_method
from sammen.inputs.models import Input
from sammen.inputs.services import approve_input, set_input_sorting
from sammen.inputs.tests.factories import make_focus_area, make_input
from sammen.processes.tests.factories import make_organisation, make_process
from sammen.roadmap.models import Goal
from sammen.roadmap.services import create_goal

from .factories import make_org_member, make_role_user, make_staff

Role = ProcessMembership.Role
pytestmark = pytest.mark.django_db


@pytest.fixture
def asker():
    process = make_process(slug="borgen", organisation=make_organisation(slug="asker"))
    make_focus_area(process)
    return process


@pytest.fixture
def baerum():
    return make_process(
        slug="sandvika", organisation=make_organisation(slug="baerum", name="Bærum kommune")
    )


def logged_in(client, user):
    client.force_login(user)
    return client


def test_a_facilitator_cannot_open_the_moderation_queue(client, asker):
    facilitator = make_role_user("fasilitator", asker, Role.FACILITATOR)
    response = logged_in(client, facilitator).get(reverse("inputs:moderation", args=[asker.slug]))
    assert response.status_code == 403


def test_a_facilitator_cannot_approve_an_input_by_page_or_service(client, asker):
    facilitator = make_role_user("fasilitator", asker, Role.FACILITATOR)
    item = make_input(asker, moderation=Input.Moderation.PENDING)
    url = reverse("inputs:moderate", args=[asker.slug, item.pk])

    assert logged_in(client, facilitator).post(url, {"decision": "approve"}).status_code == 403
    with pytest.raises(PermissionDenied):
        approve_input(actor=facilitator, item=item)
    item.refresh_from_db()
    assert item.moderation == Input.Moderation.PENDING


def test_a_moderator_may_approve(asker):
    moderator = make_role_user("moderator", asker, Role.MODERATOR)
    item = make_input(asker, moderation=Input.Moderation.PENDING)
    approve_input(actor=moderator, item=item)
    item.refresh_from_db()
    assert item.moderation == Input.Moderation.APPROVED


def test_a_reader_sees_the_inputs_but_cannot_sort_them(client, asker):
    reader = make_role_user("leser", asker, Role.READER)
    item = make_input(asker)
    client = logged_in(client, reader)

    assert client.get(reverse("inputs:list", args=[asker.slug])).status_code == 200
    sort_url = reverse("inputs:sort", args=[asker.slug, item.pk])
    assert client.post(sort_url, {"legg_til": "sted"}).status_code == 403
    with pytest.raises(PermissionDenied):
        set_input_sorting(actor=reader, item=item, responsibility="kommune")
    assert not item.focus_areas.exists()


def test_a_reader_cannot_register_an_activity_or_edit_the_roadmap(asker):
    reader = make_role_user("leser", asker, Role.READER)
    entries = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        create_activity(actor=reader, method=make_method(asker), title="Møte")
    with pytest.raises(PermissionDenied):
        create_goal(actor=reader, process=asker, focus_area=asker.focus_areas.get(), title="Et mål")
    assert not Goal.objects.exists()
    # Only the method made by the system (actor None) above was audited.
    assert AuditEntry.objects.filter(actor=reader).count() == 0
    assert AuditEntry.objects.count() == entries + 1


def test_a_readers_pages_offer_no_changes(client, asker):
    reader = make_role_user("leser", asker, Role.READER)
    page = logged_in(client, reader).get(reverse("insights:overview", args=[asker.slug]))
    body = page.content.decode()
    assert page.status_code == 200
    assert reverse("engagement:activity_new", args=[asker.slug]) not in body
    assert reverse("inputs:moderation", args=[asker.slug]) not in body
    assert reverse("team:audit_log", args=[asker.slug]) not in body


def test_a_member_of_asker_cannot_see_baerums_process(client, asker, baerum):
    admin = make_staff("asker-admin")
    make_org_member(admin, asker.organisation, admin=True)
    client = logged_in(client, admin)

    assert client.get(reverse("insights:overview", args=[asker.slug])).status_code == 200
    response = client.get(reverse("insights:overview", args=[baerum.slug]))
    assert response.status_code == 404  # the same answer as for a process that does not exist
    assert baerum.name not in client.get(reverse("processes:staff_list")).content.decode()


def test_a_member_of_asker_cannot_change_baerums_process_through_services(asker, baerum):
    admin = make_staff("asker-admin")
    make_org_member(admin, asker.organisation, admin=True)
    method = make_method(baerum)
    item = make_input(baerum, moderation=Input.Moderation.PENDING)
    with pytest.raises(PermissionDenied):
        create_activity(actor=admin, method=method, title="Møte i Sandvika")
    with pytest.raises(PermissionDenied):
        approve_input(actor=admin, item=item)


def test_a_facilitator_registers_activities_through_the_service(asker):
    facilitator = make_role_user("fasilitator", asker, Role.FACILITATOR)
    activity = create_activity(actor=facilitator, method=make_method(asker), title="Folkemøte")
    assert activity.pk


def test_a_facilitator_can_reach_the_fast_entry_of_an_activity(client, asker):
    facilitator = make_role_user("fasilitator", asker, Role.FACILITATOR)
    activity = make_activity(make_method(asker))
    url = reverse("inputs:fast_entry", args=[asker.slug, activity.pk])
    assert logged_in(client, facilitator).get(url).status_code == 200


def test_an_activity_page_offers_a_reader_no_changes(client, asker):
    reader = make_role_user("leser", asker, Role.READER)
    activity = make_activity(make_method(asker))
    url = reverse("engagement:activity", args=[asker.slug, activity.pk])
    body = logged_in(client, reader).get(url).content.decode()
    assert reverse("engagement:activity_edit", args=[asker.slug, activity.pk]) not in body
    assert reverse("engagement:attachment_upload", args=[asker.slug, activity.pk]) not in body
    assert reverse("inputs:fast_entry", args=[asker.slug, activity.pk]) not in body
