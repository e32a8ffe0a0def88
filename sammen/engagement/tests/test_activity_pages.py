"""Registering and editing activities of every method kind."""

import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from sammen.core.models import AuditEntry
from sammen.core.selectors import audit_trail
from sammen.engagement.method_kinds import FEATURE_FIELDS, MethodKind, kind_fields
from sammen.engagement.models import Activity, Method

from .factories import make_activity, make_method, make_process, make_target_group
from .files import jpeg_upload, pdf_upload, upload

pytestmark = pytest.mark.django_db

OPTIONAL = {name for names in FEATURE_FIELDS.values() for name in names}


@pytest.fixture
def process():
    return make_process()


@pytest.fixture
def facebook(process):
    return make_method(process, "Facebook", MethodKind.SOCIAL_MEDIA)


@pytest.fixture
def gjestebud(process):
    return make_method(process, "Gjestebud", MethodKind.GJESTEBUD)


def new_url(process, method=None):
    url = reverse("engagement:activity_new", args=[process.slug])
    return f"{url}?metode={method.pk}" if method else url


def edit_url(activity):
    return reverse("engagement:activity_edit", args=[activity.method.process.slug, activity.pk])


def post_new(client, process, method, **data):
    return client.post(new_url(process, method), {"title": "Debatt", **data})


def test_anonymous_visitor_is_sent_to_login_from_new_activity(client, process):
    url = new_url(process)

    assertRedirects(client.get(url), f"{reverse('login')}?next={url}")


def test_non_staff_user_cannot_register_an_activity(client, django_user_model, facebook):
    client.force_login(django_user_model.objects.create_user(username="innbygger"))

    response = post_new(client, facebook.process, facebook)

    assert response.status_code == 404  # no role here: not found
    assert not Activity.objects.exists()


def test_method_choice_lists_the_methods_of_the_process(staff_client, process, facebook):
    make_method(make_process("annet"), "Fremmed metode")

    response = staff_client.get(new_url(process))

    assertContains(response, "Facebook (Sosiale medier)")
    assert "Fremmed metode" not in response.content.decode()


@pytest.mark.parametrize("kind", MethodKind.values)
def test_form_shows_exactly_the_fields_the_kind_declares(staff_client, process, kind):
    method = make_method(process, f"Metode {kind}", kind)

    response = staff_client.get(new_url(process, method))

    shown = set(response.context["form"].fields) & OPTIONAL
    assert shown == set(kind_fields(kind))


def test_reach_is_shown_for_social_media(staff_client, process, facebook):
    response = staff_client.get(new_url(process, facebook))

    assertContains(response, 'name="reach"')
    assertContains(response, 'name="reach_note"')
    assert 'name="organiser"' not in response.content.decode()


def test_host_is_shown_and_reach_hidden_for_gjestebud(staff_client, process, gjestebud):
    response = staff_client.get(new_url(process, gjestebud))

    assertContains(response, '<label class="ds-label" for="id_organiser">Vert</label>', html=True)
    assert 'name="reach"' not in response.content.decode()


def test_target_groups_offered_are_those_of_the_process(staff_client, process, facebook):
    mine = make_target_group(process, "Eldre")
    make_target_group(make_process("annet"), "Fremmed gruppe")

    response = staff_client.get(new_url(process, facebook))

    assert list(response.context["form"].fields["target_groups"].queryset) == [mine]


def test_staff_registers_an_activity_with_reach(staff_client, staff_user, process, facebook):
    group = make_target_group(process, "Unge voksne")

    response = post_new(
        staff_client,
        process,
        facebook,
        starts_on="2016-01-16",
        ends_on="2016-06-30",
        participants_low="16",
        reach="611",
        reach_note="liker-klikk på siden",
        target_groups=[group.pk],
        report="Debatt om møteplasser.",
    )

    activity = Activity.objects.get()
    assertRedirects(response, activity.get_absolute_url())
    assert (
        activity.method,
        activity.starts_on,
        activity.participants_low,
        activity.participants_high,
        activity.reach,
        activity.reach_note,
        list(activity.target_groups.all()),
    ) == (facebook, datetime.date(2016, 1, 16), 16, 16, 611, "liker-klikk på siden", [group])


def test_registering_writes_an_audit_entry_by_the_staff_user(staff_client, staff_user, facebook):
    post_new(staff_client, facebook.process, facebook)

    entry = audit_trail(Activity.objects.get()).get()
    assert (entry.verb, entry.actor) == ("activity.create", staff_user)


def test_staff_registers_an_estimated_range(staff_client, process, gjestebud):
    post_new(
        staff_client,
        process,
        gjestebud,
        participants_low="30",
        participants_high="35",
        participants_estimated="on",
        organiser="Kari Nordmann",
        uncounted_note="Barna i huset",
    )

    activity = Activity.objects.get()
    assert (
        activity.participants_low,
        activity.participants_high,
        activity.participants_estimated,
        activity.organiser,
        activity.uncounted_note,
    ) == (30, 35, True, "Kari Nordmann", "Barna i huset")


def test_field_the_kind_does_not_declare_is_not_saved(staff_client, process, gjestebud):
    post_new(staff_client, process, gjestebud, reach="611")

    assert Activity.objects.get().reach is None


def test_staff_registers_an_activity_with_a_photo_and_a_pdf(staff_client, process, gjestebud):
    post_new(
        staff_client,
        process,
        gjestebud,
        attachments=[jpeg_upload("bord.jpg"), pdf_upload("skjema.pdf")],
    )

    activity = Activity.objects.get()
    assert sorted(activity.attachments.values_list("original_name", "content_type")) == [
        ("bord.jpg", "image/jpeg"),
        ("skjema.pdf", "application/pdf"),
    ]


def test_bad_attachment_registers_nothing(staff_client, process, gjestebud):
    response = post_new(
        staff_client,
        process,
        gjestebud,
        attachments=[jpeg_upload("bord.jpg"), upload("virus.jpg", b"MZ" + b"\x00" * 64)],
    )

    assertContains(response, "«virus.jpg» er verken et bilde", status_code=200)
    assert not Activity.objects.exists()


def test_negative_count_is_refused_and_nothing_saved(staff_client, process, facebook):
    response = post_new(staff_client, process, facebook, participants_low="-3")

    assertContains(response, "Tallet kan ikke være negativt.", status_code=200)
    assert not Activity.objects.exists()


def test_low_above_high_is_refused(staff_client, process, facebook):
    response = post_new(
        staff_client, process, facebook, participants_low="40", participants_high="35"
    )

    assertContains(
        response, "Det høyeste tallet (35) er lavere enn det laveste (40).", status_code=200
    )
    assert not Activity.objects.exists()


def test_end_before_start_is_refused(staff_client, process, facebook):
    response = post_new(
        staff_client, process, facebook, starts_on="2016-03-10", ends_on="2016-03-01"
    )

    assertContains(
        response, "Sluttdatoen (1. mars 2016) er før startdatoen (10. mars 2016).", status_code=200
    )
    assert not Activity.objects.exists()


def test_invalid_date_is_refused_with_a_message(staff_client, process, facebook):
    response = post_new(staff_client, process, facebook, starts_on="2016-02-30")

    assertContains(response, "Skriv en gyldig dato", status_code=200)


def test_missing_title_is_refused(staff_client, process, facebook):
    response = post_new(staff_client, process, facebook, title="")

    assertContains(response, "Gi aktiviteten en tittel.", status_code=200)
    assert not Activity.objects.exists()


def test_method_of_another_process_is_refused(staff_client, process):
    stranger = make_method(make_process("annet"), "Fremmed metode")

    response = post_new(staff_client, process, stranger)

    assertContains(
        response,
        "Metoden finnes ikke i denne prosessen. Velg en av metodene i listen.",
        status_code=200,
    )
    assert not Activity.objects.exists()


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999999999999"])
def test_nonsense_method_is_refused_with_a_message(staff_client, process, value):
    response = staff_client.get(new_url(process), {"metode": value})

    assert response.status_code == 200
    assert response.context["choice_form"].errors


def test_target_group_of_another_process_is_refused(staff_client, process, facebook):
    make_target_group(process, "Eldre")
    stranger = make_target_group(make_process("annet"), "Fremmed gruppe")

    response = post_new(staff_client, process, facebook, target_groups=[stranger.pk])

    assertContains(response, "den valgte hører ikke til prosessen", status_code=200)
    assert not Activity.objects.exists()


def test_staff_creates_a_new_method_on_the_way(staff_client, staff_user, process):
    response = staff_client.post(
        reverse("engagement:method_new", args=[process.slug]),
        {"kind": MethodKind.GJESTEBUD, "title": "Gjestebud"},
    )

    method = Method.objects.get(process=process)
    assertRedirects(response, new_url(process, method))
    assert method.kind == MethodKind.GJESTEBUD
    assert audit_trail(method).get().actor == staff_user


def test_new_method_with_a_taken_name_is_refused(staff_client, process, facebook):
    response = staff_client.post(
        reverse("engagement:method_new", args=[process.slug]),
        {"kind": MethodKind.SOCIAL_MEDIA, "title": "facebook"},
    )

    assertContains(
        response, "Prosessen har allerede en metode som heter «facebook».", status_code=200
    )
    assert Method.objects.filter(process=process).count() == 1


def test_new_method_of_unknown_kind_is_refused(staff_client, process):
    response = staff_client.post(
        reverse("engagement:method_new", args=[process.slug]),
        {"kind": "teleport", "title": "Noe nytt"},
    )

    assertContains(response, "Velg en metodetype fra listen.", status_code=200)
    assert not Method.objects.exists()


def test_edit_form_shows_the_current_values(staff_client, process, facebook):
    group = make_target_group(process)
    activity = make_activity(
        facebook, "Debatt", participants_low=16, reach=611, target_groups=[group]
    )

    form = staff_client.get(edit_url(activity)).context["form"]

    assert (
        form["title"].value(),
        form["participants_low"].value(),
        form["participants_high"].value(),
        form["reach"].value(),
        list(form["target_groups"].value()),
    ) == ("Debatt", 16, None, 611, [group.pk])


def test_edit_saves_the_changes_and_audits_them(staff_client, staff_user, facebook):
    activity = make_activity(facebook, "Debatt", participants_low=16)

    response = staff_client.post(
        edit_url(activity), {"title": "Debatt på Facebook", "participants_low": "16"}
    )

    assertRedirects(response, activity.get_absolute_url())
    entry = audit_trail(activity).filter(verb="activity.update").get()
    assert (entry.actor, entry.changes) == (
        staff_user,
        {"title": ["Debatt", "Debatt på Facebook"]},
    )


def test_edit_keeps_a_field_the_kind_does_not_show(staff_client, gjestebud):
    # Recorded elsewhere (the admin, an import): the form must not wipe it.
    activity = make_activity(gjestebud, "Middag", reach=12)

    staff_client.post(edit_url(activity), {"title": "Middag hos Kari"})

    activity.refresh_from_db()
    assert (activity.title, activity.reach) == ("Middag hos Kari", 12)


def test_edit_with_end_before_start_changes_nothing(staff_client, facebook):
    activity = make_activity(facebook, "Debatt", starts_on=datetime.date(2016, 3, 10))
    before = AuditEntry.objects.count()

    response = staff_client.post(
        edit_url(activity), {"title": "Debatt", "starts_on": "2016-03-10", "ends_on": "2016-03-01"}
    )

    assert response.status_code == 200
    activity.refresh_from_db()
    assert activity.ends_on is None
    assert AuditEntry.objects.count() == before


def test_edit_of_activity_in_another_process_is_not_found(staff_client, process):
    stranger = make_activity(make_method(make_process("annet")))

    url = reverse("engagement:activity_edit", args=[process.slug, stranger.pk])

    assert staff_client.get(url).status_code == 404


def test_activity_list_links_to_new_activity(staff_client, process):
    response = staff_client.get(reverse("engagement:activities", args=[process.slug]))

    assertContains(response, f'href="{new_url(process)}"')


def test_staff_overview_links_to_new_activity(staff_client, process):
    response = staff_client.get(reverse("insights:overview", args=[process.slug]))

    assertContains(response, f'href="{new_url(process)}"')
