"""Who may do what in a process: the can_<verb>() rules and the team services."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sammen.accounts import permissions as perms
from sammen.accounts.models import ProcessMembership
from sammen.accounts.services import (
    add_organisation_member,
    add_team_member,
    change_team_role,
    remove_team_member,
)
from sammen.core.models import AuditEntry
from sammen.processes.tests.factories import make_organisation, make_process

from .factories import make_org_member, make_role_user, make_staff, make_team_member

Role = ProcessMembership.Role
pytestmark = pytest.mark.django_db


@pytest.fixture
def asker_process():
    return make_process(slug="borgen", organisation=make_organisation(slug="asker"))


@pytest.fixture
def baerum_process():
    return make_process(
        slug="sandvika", organisation=make_organisation(slug="baerum", name="Bærum kommune")
    )


def test_a_facilitator_cannot_moderate(asker_process):
    user = make_role_user("fasilitator", asker_process, Role.FACILITATOR)
    assert perms.can_register_activities(user, asker_process)
    assert not perms.can_moderate(user, asker_process)


def test_a_reader_sees_but_changes_nothing(asker_process):
    user = make_role_user("leser", asker_process, Role.READER)
    assert perms.can_view_process(user, asker_process)
    changing = [verb for verb in perms.VERB_ROLES if verb != "view_process"]
    allowed = [v for v in changing if perms.has_process_permission(user, v, asker_process)]
    assert allowed == []


def test_a_member_of_asker_cannot_see_baerums_process(asker_process, baerum_process):
    admin = make_staff("asker-admin")
    make_org_member(admin, asker_process.organisation, admin=True)
    assert perms.can_change_process(admin, asker_process)
    assert not perms.can_view_process(admin, baerum_process)


def test_a_superuser_may_do_everything(baerum_process):
    operator = make_staff("drift", superuser=True)
    assert all(perms.has_process_permission(operator, v, baerum_process) for v in perms.VERB_ROLES)


def test_a_citizen_has_no_role(asker_process, django_user_model):
    citizen = django_user_model.objects.create_user("innbygger")
    make_team_member(citizen, asker_process, Role.MANAGER)  # even by mistake: not staff
    assert perms.process_role(citizen, asker_process) is None


def test_the_cached_role_follows_a_change(asker_process):
    user = make_role_user("skifter", asker_process, Role.READER)
    assert not perms.can_moderate(user, asker_process)
    ProcessMembership.objects.filter(user=user).update(role=Role.MODERATOR)
    perms.forget_cached_roles()
    assert perms.can_moderate(user, asker_process)
    make_team_member(user, asker_process, Role.ANALYST)  # a save clears the cache by itself
    assert not perms.can_moderate(user, asker_process)


def test_a_team_member_must_belong_to_the_organisation(asker_process, baerum_process):
    manager = make_role_user("leder", asker_process, Role.MANAGER)
    stranger = make_staff("fra-baerum")
    make_org_member(stranger, baerum_process.organisation)
    with pytest.raises(ValidationError, match="hører ikke til Asker kommune"):
        add_team_member(actor=manager, process=asker_process, user=stranger, role=Role.READER)
    assert not ProcessMembership.objects.filter(user=stranger).exists()


def test_a_manager_adds_a_member_and_it_is_audited(asker_process):
    manager = make_role_user("leder", asker_process, Role.MANAGER)
    colleague = make_staff("kollega")
    make_org_member(colleague, asker_process.organisation)
    add_team_member(actor=manager, process=asker_process, user=colleague, role=Role.ANALYST)
    assert perms.can_sort(colleague, asker_process)
    entry = AuditEntry.objects.get(verb="processmembership.create")
    assert entry.actor == manager and entry.scope_id == str(asker_process.pk)


def test_only_a_manager_may_change_the_team(asker_process):
    moderator = make_role_user("moderator", asker_process, Role.MODERATOR)
    colleague = make_staff("kollega")
    make_org_member(colleague, asker_process.organisation)
    with pytest.raises(PermissionDenied):
        add_team_member(actor=moderator, process=asker_process, user=colleague, role=Role.READER)


def test_the_last_process_manager_cannot_be_removed_or_demoted(asker_process):
    manager = make_role_user("leder", asker_process, Role.MANAGER)
    membership = ProcessMembership.objects.get(user=manager)
    with pytest.raises(ValidationError, match="eneste prosesslederen"):
        remove_team_member(actor=manager, membership=membership)
    with pytest.raises(ValidationError, match="eneste prosesslederen"):
        change_team_role(actor=manager, membership=membership, role=Role.READER)
    membership.refresh_from_db()
    assert membership.role == Role.MANAGER


def test_with_a_second_manager_the_first_may_go(asker_process):
    first = make_role_user("leder", asker_process, Role.MANAGER)
    make_role_user("leder2", asker_process, Role.MANAGER)
    remove_team_member(actor=first, membership=ProcessMembership.objects.get(user=first))
    assert not perms.can_view_process(first, asker_process)


def test_only_an_organisation_admin_adds_people(asker_process):
    manager = make_role_user("leder", asker_process, Role.MANAGER)
    newcomer = make_staff("ny")
    with pytest.raises(PermissionDenied):
        add_organisation_member(
            actor=manager, organisation=asker_process.organisation, user=newcomer
        )
