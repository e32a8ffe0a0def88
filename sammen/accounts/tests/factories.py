"""Test helpers for people and their rights in processes."""

import contextlib

from django.db.models.signals import post_save

from sammen.accounts.models import OrganisationMembership, ProcessMembership
from sammen.accounts.services import create_staff_user
from sammen.core import testing_replay
from sammen.processes.models import Organisation, Process

PASSWORD = "Borgen-2016-sammen"


def make_staff(username: str, **fields):
    return create_staff_user(actor=None, username=username, password=PASSWORD, **fields)


def make_org_member(user, organisation: Organisation, *, admin: bool = False):
    return OrganisationMembership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"is_admin": admin}
    )[0]


def make_team_member(user, process: Process, role: str = ProcessMembership.Role.MANAGER):
    """Put the user in the process's team with this role (and in its organisation)."""
    OrganisationMembership.objects.get_or_create(user=user, organisation=process.organisation)
    return ProcessMembership.objects.update_or_create(
        user=user, process=process, defaults={"role": role}
    )[0]


def make_role_user(username: str, process: Process, role: str):
    user = make_staff(username)
    make_team_member(user, process, role)
    return user


@contextlib.contextmanager
def administering_every_organisation(user):
    """The suite's usual staff user: administrator of every organisation there is and of every
    one made while the block runs, so the tests of a page are about the page. (Tests about who
    may do what make their own people with make_role_user.)"""
    for organisation in Organisation.objects.all():
        make_org_member(user, organisation, admin=True)

    def receiver(sender, instance, created, raw=False, **kwargs):
        # A recorded set-up (the Borgen demo) gets its administrator after it is put back.
        if created and not raw and not testing_replay.recording():
            make_org_member(user, instance, admin=True)

    def after_load(inserted):
        for organisation in Organisation.objects.filter(pk__in=inserted.get(Organisation, [])):
            make_org_member(user, organisation, admin=True)

    post_save.connect(receiver, sender=Organisation, weak=False, dispatch_uid=f"admin-{user.pk}")
    try:
        with testing_replay.after_each_load(after_load):
            yield user
    finally:
        post_save.disconnect(sender=Organisation, dispatch_uid=f"admin-{user.pk}")
