import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from sammen.core.models import AuditEntry
from sammen.inputs.models import Input
from sammen.inputs.selectors import inputs_per_focus_area
from sammen.inputs.services import approve_input, change_input_status, reject_input
from sammen.insights.selectors import participation_summary

from .factories import make_focus_area, make_input, make_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def process():
    return make_process()


def make_pending(process, text="Flere benker, takk.", **fields):
    return make_input(
        process, text=text, channel=Input.Channel.WEB, moderation=Input.Moderation.PENDING, **fields
    )


def test_approving_publishes_and_audits(process, staff_user):
    item = approve_input(actor=staff_user, item=make_pending(process))
    assert item.moderation == Input.Moderation.APPROVED
    entry = AuditEntry.objects.get(verb="input.approve")
    assert entry.actor == staff_user
    assert entry.changes == {"moderation": ["pending", "approved"]}


def test_rejecting_needs_a_reason(process, staff_user):
    item = make_pending(process)
    with pytest.raises(ValidationError, match="hvorfor"):
        reject_input(actor=staff_user, item=item, reason="  ")
    item.refresh_from_db()
    assert item.moderation == Input.Moderation.PENDING


def test_rejection_reason_is_kept_on_the_input(process, staff_user):
    item = reject_input(actor=staff_user, item=make_pending(process), reason=" Reklame. ")
    item.refresh_from_db()
    assert (item.moderation, item.rejection_reason) == (Input.Moderation.REJECTED, "Reklame.")


def test_rejection_is_audited_with_the_reason_as_a_change(process, staff_user):
    reject_input(actor=staff_user, item=make_pending(process), reason="Reklame.")
    entry = AuditEntry.objects.get(verb="input.reject")
    assert (entry.actor, entry.changes) == (
        staff_user,
        {"moderation": ["pending", "rejected"], "rejection_reason": ["", "Reklame."]},
    )


def test_the_rejection_reason_outlives_the_audit_log(process, staff_user):
    item = reject_input(actor=staff_user, item=make_pending(process), reason="Reklame.")
    AuditEntry.objects.all().delete()
    item.refresh_from_db()
    assert item.rejection_reason == "Reklame."


def test_a_too_long_rejection_reason_is_refused_not_cut(process, staff_user):
    item = make_pending(process)
    with pytest.raises(ValidationError) as raised:
        reject_input(actor=staff_user, item=item, reason="x" * 1001)
    assert raised.value.message_dict == {"reason": ["Begrunnelsen kan være høyst 1\u00a0000 tegn."]}
    item.refresh_from_db()
    assert (item.moderation, item.rejection_reason) == (Input.Moderation.PENDING, "")


def test_approving_leaves_no_rejection_reason(process, staff_user):
    item = approve_input(actor=staff_user, item=make_pending(process))
    item.refresh_from_db()
    assert item.rejection_reason == ""


def test_only_a_rejected_input_can_carry_a_rejection_reason(process):
    item = make_pending(process)
    Input.objects.filter(pk=item.pk).update(moderation=Input.Moderation.REJECTED)
    Input.objects.filter(pk=item.pk).update(rejection_reason="Reklame.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Input.objects.filter(pk=item.pk).update(moderation=Input.Moderation.APPROVED)


def test_an_input_is_moderated_once(process, staff_user):
    item = approve_input(actor=staff_user, item=make_pending(process))
    with pytest.raises(ValidationError, match="allerede behandlet"):
        reject_input(actor=staff_user, item=item, reason="For sent.")


def test_pending_and_rejected_inputs_are_not_counted(process, staff_user):
    make_input(process)
    make_pending(process)
    reject_input(actor=staff_user, item=make_pending(process), reason="Spam.")
    summary = participation_summary(process)
    assert summary.total.inputs == 1
    assert summary.inputs_without_activity == 1
    assert summary.inputs_pending == 1


def test_pending_inputs_are_not_in_the_focus_area_shares(process):
    area = make_focus_area(process)
    make_input(process, focus_areas=[area])
    make_pending(process, focus_areas=[area])
    shares, unsorted = inputs_per_focus_area(process)
    assert (shares[0].count, unsorted) == (1, 0)


def test_status_change_is_audited_as_an_assessment(process, staff_user):
    item = make_input(process)
    change_input_status(
        actor=staff_user, item=item, status=Input.Status.ASSESSED, assessment="Tatt med."
    )
    entry = AuditEntry.objects.get(verb="input.assess")
    assert entry.changes == {"status": ["new", "assessed"], "assessment": ["", "Tatt med."]}


def test_unknown_status_is_refused(process, staff_user):
    with pytest.raises(ValidationError):
        change_input_status(actor=staff_user, item=make_input(process), status="tull")


def queue_url(process):
    return reverse("inputs:moderation", args=[process.slug])


def moderate_url(item):
    return reverse("inputs:moderate", args=[item.process.slug, item.pk])


def test_queue_lists_pending_inputs_only(staff_client, process):
    make_input(process, text="Allerede godkjent")
    make_pending(process, text="Venter på en moderator")
    body = staff_client.get(queue_url(process)).content.decode()
    assert "Venter på en moderator" in body
    assert "Allerede godkjent" not in body


def test_reject_looks_destructive_and_approve_does_not(staff_client, process):
    make_pending(process)
    body = staff_client.get(queue_url(process)).content.decode()

    approve = re.search(r"<button([^>]*)>Godkjenn</button>", body).group(1)
    reject = re.search(r"<button([^>]*)>Avvis</button>", body).group(1)

    # Designsystemet's destructive look: a ds-button in the danger colour.
    assert 'class="ds-button"' in reject and 'data-color="danger"' in reject
    assert 'class="ds-button"' in approve and "danger" not in approve


def test_queue_is_for_staff_only(client, process):
    assert client.get(queue_url(process)).status_code == 302


def test_moderator_approves_from_the_queue(staff_client, process):
    item = make_pending(process)
    response = staff_client.post(moderate_url(item), {"decision": "approve"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.moderation == Input.Moderation.APPROVED


def test_rejecting_without_a_reason_shows_a_clear_message(staff_client, process):
    item = make_pending(process)
    response = staff_client.post(moderate_url(item), {"decision": "reject", "reason": ""})
    assert response.status_code == 400
    assert "Skriv hvorfor innspillet avvises." in response.content.decode()
    item.refresh_from_db()
    assert item.moderation == Input.Moderation.PENDING


def test_moderating_twice_says_so(staff_client, process, staff_user):
    item = approve_input(actor=staff_user, item=make_pending(process))
    response = staff_client.post(moderate_url(item), {"decision": "approve"}, follow=True)
    assert "allerede behandlet" in response.content.decode()


def test_staff_overview_shows_the_pending_count(staff_client, process):
    make_pending(process)
    body = staff_client.get(reverse("insights:overview", args=[process.slug])).content.decode()
    assert "1 innspill venter på godkjenning" in body


def test_the_moderation_page_size_is_a_setting(staff_client, process, settings):
    settings.SAMMEN_MODERATION_PAGE_SIZE = 2
    for number in range(3):
        make_pending(process, text=f"Venter {number}")

    response = staff_client.get(reverse("inputs:moderation", args=[process.slug]))

    assert (len(response.context["page"]), response.context["page"].paginator.num_pages) == (2, 2)
