import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from sammen.accounts.services import create_staff_user
from sammen.core.models import AuditEntry
from sammen.core.services import record_audit
from sammen.inputs.services import create_input
from sammen.processes.models import Process
from sammen.processes.services import create_organisation, create_process


@pytest.fixture
def superuser(db):
    return create_staff_user(
        actor=None, username="admin", password="Borgen-2016-admin", superuser=True
    )


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def audit_entry(superuser):
    with transaction.atomic():
        return record_audit(actor=superuser, action="create", obj=superuser)


def make_process():
    organisation = create_organisation(actor=None, name="Asker kommune", slug="asker")
    return create_process(
        actor=None, organisation=organisation, name="Borgenprosjektet", slug="borgen"
    )


def change_form_data(response) -> dict:
    """What the admin change form would post back unchanged, from the form it rendered."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        data[name] = "" if value is None else value
        if field.show_hidden_initial:
            # Fields with a callable default (Process.retention_months) carry their initial
            # value in a hidden input, which the browser posts back too.
            data[form[name].html_initial_name] = data[name]
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        assert not inline.formset.initial_forms, "the helper only handles empty inlines"
    return data


def test_audit_log_admin_refuses_to_add_entries(superuser_client):
    response = superuser_client.get(reverse("admin:core_auditentry_add"))

    assert response.status_code == 403


def test_audit_log_admin_refuses_to_change_an_entry(superuser_client, audit_entry):
    response = superuser_client.post(
        reverse("admin:core_auditentry_change", args=[audit_entry.pk]), {"verb": "forfalsket"}
    )

    assert response.status_code == 403
    audit_entry.refresh_from_db()
    assert audit_entry.verb == "user.create"


def test_audit_log_admin_refuses_to_delete_an_entry(superuser_client, audit_entry):
    response = superuser_client.post(
        reverse("admin:core_auditentry_delete", args=[audit_entry.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert AuditEntry.objects.filter(pk=audit_entry.pk).exists()


def test_saving_a_process_in_the_admin_writes_an_audit_entry_by_the_admin_user(
    superuser_client, superuser
):
    process = make_process()
    url = reverse("admin:processes_process_change", args=[process.pk])
    data = change_form_data(superuser_client.get(url))
    data["name"] = "Borgenprosjektet 2016"

    response = superuser_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    process.refresh_from_db()
    assert process.name == "Borgenprosjektet 2016"
    entry = AuditEntry.objects.get(verb="process.update", object_id=str(process.pk))
    assert entry.actor == superuser
    assert entry.changes == {"admin_fields": ["name"]}
    assert Process.objects.count() == 1


def test_adding_a_phase_through_the_process_admin_inline_writes_an_audit_entry(
    superuser_client, superuser
):
    process = make_process()
    url = reverse("admin:processes_process_change", args=[process.pk])
    data = change_form_data(superuser_client.get(url))
    data.update(
        {
            "phases-TOTAL_FORMS": "1",
            "phases-0-order": "1",
            "phases-0-kind": "knowledge",
            "phases-0-title": "Kunnskapsgrunnlag",
            "phases-0-influence_level": "inform",
        }
    )

    response = superuser_client.post(url, data)

    assert response.status_code == 302
    phase = process.phases.get()
    assert AuditEntry.objects.filter(
        verb="phase.create", object_id=str(phase.pk), actor=superuser
    ).exists()


def test_adding_a_focus_area_in_the_admin_logs_the_verb_the_service_uses(
    superuser_client, superuser
):
    process = make_process()

    response = superuser_client.post(
        reverse("admin:processes_focusarea_add"),
        {"process": process.pk, "order": 1, "key": "sted", "title": "Stedsutvikling"},
    )

    assert response.status_code == 302
    assert AuditEntry.objects.filter(verb="focusarea.create", actor=superuser).exists()


def test_an_input_changed_in_the_admin_is_filed_under_its_process(superuser_client):
    process = make_process()
    item = create_input(actor=None, process=process, text="Flere benker.")
    url = reverse("admin:inputs_input_change", args=[item.pk])
    data = change_form_data(superuser_client.get(url))
    received = timezone.localtime(data.pop("received_at"))
    data.update(
        text="Flere benker ved stien.",
        received_at_0=received.strftime("%Y-%m-%d"),
        received_at_1=received.strftime("%H:%M:%S"),
    )

    response = superuser_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditEntry.objects.get(verb="input.update")
    assert (entry.scope_type.model, entry.scope_id) == ("process", str(process.pk))


@pytest.mark.parametrize("admin_list", ["core/auditentry", "inputs/input", "engagement/activity"])
@pytest.mark.parametrize(
    "query",
    [
        "year=1",
        "year=9999&{f}__month=12&{f}__day=31",
        "year=0",
        "year=99999",
        "year=2016&{f}__month=13",
        "year=2016&{f}__month=1&{f}__day=32",
        "year=²",
    ],
)
def test_a_date_out_of_range_in_a_date_hierarchy_is_an_invalid_filter_not_a_500(
    superuser_client, audit_entry, admin_list, query
):
    field = {"core/auditentry": "created_at", "inputs/input": "received_at"}.get(
        admin_list, "starts_on"
    )
    url = f"/admin/{admin_list}/"

    response = superuser_client.get(f"{url}?{field}__" + query.format(f=field))

    assert (response.status_code, response["Location"]) == (302, f"{url}?e=1")


def test_a_date_in_range_in_a_date_hierarchy_filters_the_list(superuser_client, audit_entry):
    year = audit_entry.created_at.astimezone(timezone.get_current_timezone()).year

    response = superuser_client.get(f"/admin/core/auditentry/?created_at__year={year}")

    assert response.status_code == 200
    assert audit_entry.object_repr in response.text
