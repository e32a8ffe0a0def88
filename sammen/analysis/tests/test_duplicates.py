"""Near-duplicate groups in a process: the scan the worker runs, and staff's merge or
dismiss."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from sammen.analysis.duplicates import run_scan
from sammen.analysis.models import DuplicateScan, NearDuplicateGroup
from sammen.analysis.services import (
    dismiss_near_duplicate_group,
    merge_near_duplicate_group,
    request_duplicate_scan,
)
from sammen.analysis.tasks import scan_near_duplicates
from sammen.core.models import AuditEntry
from sammen.inputs.models import Input
from sammen.inputs.services import group_duplicates, reject_input
from sammen.inputs.tests.factories import make_input, make_process

pytestmark = pytest.mark.django_db

CAMPAIGN = "Bevar Borgenskogen! Ikke bygg boliger i det siste grøntområdet vi har igjen."
PARAPHRASE = "Bevar Borgenskogen!! Ikke bygg nye boliger i det siste grøntområdet vi har igjen"
OTHER = "Flere benker på torget, og gjerne et tak over dem."


@pytest.fixture
def process():
    return make_process()


def scanned(process) -> list[NearDuplicateGroup]:
    scan = DuplicateScan.objects.create(process=process)
    run_scan(scan.pk)
    return list(NearDuplicateGroup.objects.filter(process=process, status="offered"))


def member_ids(group) -> list[int]:
    return sorted(group.members.values_list("pk", flat=True))


def test_a_scan_offers_the_process_s_planted_families(process, planted):
    items = [make_input(process, row["text"]) for row in planted]
    groups = scanned(process)
    families = {
        frozenset(planted[items.index(i)]["family"] for i in g.members.all()) for g in groups
    }
    assert families == {frozenset({name}) for name in ("benker", "lys", "kampanje", "skatepark")}
    scan = DuplicateScan.objects.get()
    assert (scan.status, scan.inputs_scanned, scan.groups_offered) == ("done", len(planted), 4)


def test_inputs_already_in_one_duplicate_group_are_not_offered(process, staff_user):
    a, b = make_input(process, CAMPAIGN), make_input(process, PARAPHRASE)
    group_duplicates(actor=staff_user, process=process, original=a, duplicates=[b])
    assert scanned(process) == []


def test_rejected_inputs_are_left_out(process, staff_user):
    make_input(process, CAMPAIGN)
    spam = make_input(process, CAMPAIGN, moderation=Input.Moderation.PENDING)
    reject_input(actor=staff_user, item=spam, reason="Reklame")
    assert scanned(process) == []


def test_a_new_scan_replaces_the_offers_of_the_last(process):
    make_input(process, CAMPAIGN), make_input(process, PARAPHRASE)
    [first] = scanned(process)
    members = member_ids(first)
    [second] = scanned(process)
    assert NearDuplicateGroup.objects.count() == 1
    assert not NearDuplicateGroup.objects.filter(pk=first.pk).exists()
    assert member_ids(second) == members


def test_merging_makes_one_duplicate_group_under_the_oldest_input(process, staff_user):
    a, b, c = (make_input(process, text) for text in [CAMPAIGN, PARAPHRASE, CAMPAIGN])
    make_input(process, OTHER)
    [group] = scanned(process)
    merge_near_duplicate_group(actor=staff_user, group=group)
    assert {i.pk: i.duplicate_of_id for i in Input.objects.filter(pk__in=[a.pk, b.pk, c.pk])} == {
        a.pk: None,
        b.pk: a.pk,
        c.pk: a.pk,
    }
    group.refresh_from_db()
    assert (group.status, group.decided_by) == ("merged", staff_user)
    entry = AuditEntry.objects.get(verb="nearduplicategroup.merge")
    # The inputs' changes and the group's decision are one batch: one undo in the workbench.
    assert AuditEntry.objects.filter(batch=entry.batch, verb="input.duplicate").count() == 2


def test_an_existing_duplicate_group_grows_under_its_own_original(process, staff_user):
    original, copy, late = (make_input(process, text) for text in [OTHER, CAMPAIGN, PARAPHRASE])
    group_duplicates(actor=staff_user, process=process, original=original, duplicates=[copy])
    [group] = scanned(process)
    merge_near_duplicate_group(actor=staff_user, group=group)
    late.refresh_from_db()
    assert late.duplicate_of_id == original.pk


def test_inputs_left_out_are_not_merged(process, staff_user):
    a, b, c = (make_input(process, text) for text in [CAMPAIGN, PARAPHRASE, CAMPAIGN])
    [group] = scanned(process)
    merge_near_duplicate_group(actor=staff_user, group=group, leave_out=[b.pk])
    b.refresh_from_db()
    c.refresh_from_db()
    assert (b.duplicate_of_id, c.duplicate_of_id) == (None, a.pk)


def test_merging_fewer_than_two_is_refused_and_changes_nothing(process, staff_user):
    make_input(process, CAMPAIGN)
    b = make_input(process, PARAPHRASE)
    [group] = scanned(process)
    with pytest.raises(ValidationError, match="minst to"):
        merge_near_duplicate_group(actor=staff_user, group=group, leave_out=[b.pk])
    group.refresh_from_db()
    assert group.status == "offered"
    assert not Input.objects.filter(duplicate_of__isnull=False).exists()


def test_a_dismissed_group_is_not_offered_again(process, staff_user):
    make_input(process, CAMPAIGN), make_input(process, PARAPHRASE)
    [group] = scanned(process)
    dismiss_near_duplicate_group(actor=staff_user, group=group)
    assert scanned(process) == []
    with pytest.raises(ValidationError, match="allerede avgjort"):
        merge_near_duplicate_group(actor=staff_user, group=group)


def test_a_dismissed_group_that_gains_a_member_is_offered_again(process, staff_user):
    make_input(process, CAMPAIGN), make_input(process, PARAPHRASE)
    [group] = scanned(process)
    dismiss_near_duplicate_group(actor=staff_user, group=group)
    make_input(process, CAMPAIGN)
    [again] = scanned(process)
    assert again.members.count() == 3


def test_asking_for_a_scan_queues_the_task_when_the_transaction_commits(
    process, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        scan = request_duplicate_scan(actor=staff_user, process=process)
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == [scan.pk]
    assert AuditEntry.objects.filter(verb="duplicatescan.create").count() == 1


def test_a_second_scan_is_refused_while_one_is_queued(process, staff_user):
    request_duplicate_scan(actor=staff_user, process=process)
    with pytest.raises(ValidationError, match="allerede i gang"):
        request_duplicate_scan(actor=staff_user, process=process)


def test_the_task_runs_the_scan_and_a_second_run_changes_nothing(process):
    make_input(process, CAMPAIGN), make_input(process, PARAPHRASE)
    scan = DuplicateScan.objects.create(process=process)
    assert scan_near_duplicates.call(scan.pk) == "done"
    assert scan_near_duplicates.call(scan.pk) == "done"
    assert NearDuplicateGroup.objects.count() == 1


def test_a_scan_of_a_process_without_inputs_finishes_with_no_offers(process):
    assert scanned(process) == []
    assert DuplicateScan.objects.get().status == "done"


# The pages


def page_url(process, name="near_duplicates", *args):
    return reverse(f"analysis:{name}", args=[process.slug, *args])


def test_the_page_lists_offered_groups_with_their_inputs(staff_client, process):
    make_input(process, CAMPAIGN), make_input(process, PARAPHRASE)
    scanned(process)
    response = staff_client.get(page_url(process))
    assert response.status_code == 200
    assert CAMPAIGN in response.content.decode()
    assert "Slå sammen" in response.content.decode()


def test_the_page_says_when_nothing_has_been_searched_yet(staff_client, process):
    response = staff_client.get(page_url(process))
    assert "ikke søkt etter nesten like innspill" in response.content.decode()


def test_merging_from_the_page_leaves_out_unticked_inputs(staff_client, process):
    a, b, c = (make_input(process, text) for text in [CAMPAIGN, PARAPHRASE, CAMPAIGN])
    [group] = scanned(process)
    response = staff_client.post(
        page_url(process, "merge_near_duplicates", group.pk),
        {"vist": [a.pk, b.pk, c.pk], "ta_med": [a.pk, c.pk]},
        follow=True,
    )
    assert "2 innspill er slått sammen" in response.content.decode()
    assert list(Input.objects.filter(duplicate_of=a).values_list("pk", flat=True)) == [c.pk]


def test_dismissing_from_the_page_says_so(staff_client, process):
    make_input(process, CAMPAIGN), make_input(process, PARAPHRASE)
    [group] = scanned(process)
    response = staff_client.post(
        page_url(process, "dismiss_near_duplicates", group.pk), follow=True
    )
    assert "Forslaget er avvist" in response.content.decode()


def test_a_group_of_another_process_is_not_found(staff_client, process):
    other = make_process(slug="annen")
    make_input(other, CAMPAIGN), make_input(other, PARAPHRASE)
    [group] = scanned(other)
    response = staff_client.post(page_url(process, "merge_near_duplicates", group.pk))
    assert response.status_code == 404


def test_the_workbench_links_to_the_waiting_offers(staff_client, process):
    make_input(process, CAMPAIGN), make_input(process, PARAPHRASE)
    scanned(process)
    response = staff_client.get(reverse("inputs:list", args=[process.slug]))
    assert "(1 forslag venter)" in response.content.decode()


def test_the_pages_are_for_staff_only(client, process):
    response = client.get(page_url(process))
    assert response.status_code in (302, 403)


def test_the_page_says_how_many_were_checked_and_offered(staff_client, process):
    make_input(process, CAMPAIGN), make_input(process, PARAPHRASE), make_input(process, OTHER)
    scanned(process)
    body = staff_client.get(page_url(process)).content.decode()
    assert "3 innspill sjekket, 1 gruppe foreslått." in body
