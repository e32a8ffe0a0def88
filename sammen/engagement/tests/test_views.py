import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from sammen.accounts.models import ProcessMembership
from sammen.accounts.tests.factories import make_role_user
from sammen.core.models import AuditEntry
from sammen.core.selectors import audit_trail
from sammen.engagement.method_kinds import MethodKind
from sammen.engagement.services import update_activity

from .factories import make_activity, make_method, make_process

pytestmark = pytest.mark.django_db

ACTIVITY_PAGES = ["engagement:activity", "engagement:edit_participation"]


@pytest.fixture
def process():
    return make_process()


@pytest.fixture
def method(process):
    return make_method(process)


@pytest.fixture
def activity(method):
    return make_activity(method, "Nærmiljøkonferanse 1", participants_low=30, participants_high=35)


@pytest.fixture
def other_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_user(username="innbygger"))
    return client


def page_url(name, activity):
    return reverse(name, args=[activity.method.process.slug, activity.pk])


def list_url(process):
    return reverse("engagement:activities", args=[process.slug])


def edit(staff_client, activity, **data):
    post = {
        "participants_low": "",
        "participants_high": "",
        "uncounted_note": "",
        "reach": "",
        "reach_note": "",
        **data,
    }
    return staff_client.post(page_url("engagement:edit_participation", activity), post)


def test_anonymous_visitor_is_sent_to_login_from_the_activity_list(client, process):
    response = client.get(list_url(process))

    assertRedirects(response, f"{reverse('login')}?next={list_url(process)}")


@pytest.mark.parametrize("name", ACTIVITY_PAGES)
def test_anonymous_visitor_is_sent_to_login_from_activity_pages(client, activity, name):
    response = client.get(page_url(name, activity))

    assertRedirects(response, f"{reverse('login')}?next={page_url(name, activity)}")


def test_logged_in_non_staff_user_is_refused_the_activity_list(other_client, process):
    assert other_client.get(list_url(process)).status_code == 404  # no role here: not found


@pytest.mark.parametrize("name", ACTIVITY_PAGES)
def test_logged_in_non_staff_user_is_refused_activity_pages(other_client, activity, name):
    assert other_client.get(page_url(name, activity)).status_code == 404  # no role here: not found


def test_non_staff_user_cannot_post_participation(other_client, activity):
    response = other_client.post(
        page_url("engagement:edit_participation", activity), {"participants_low": "1"}
    )

    assert response.status_code == 404  # no role here: not found
    activity.refresh_from_db()
    assert activity.participants_low == 30


def test_activity_list_shows_every_activity_of_the_process(staff_client, process, method):
    other = make_method(process, "Gjestebud", MethodKind.GJESTEBUD)
    first = make_activity(method, "Konferanse")
    second = make_activity(other, "Middag")

    response = staff_client.get(list_url(process))

    assert [activity for activity, _ in response.context["rows"]] == [first, second]


def test_activity_list_filters_by_method(staff_client, process, method):
    other = make_method(process, "Gjestebud", MethodKind.GJESTEBUD)
    make_activity(method, "Konferanse")
    dinner = make_activity(other, "Middag")

    response = staff_client.get(list_url(process), {"metode": other.pk})

    assert [activity for activity, _ in response.context["rows"]] == [dinner]
    assertContains(response, "<h1>Gjestebud</h1>", html=True)


def test_activity_list_shows_participant_range(staff_client, process, activity):
    response = staff_client.get(list_url(process))

    assertContains(response, "30–35")


@pytest.mark.parametrize("method_id", ["999999", "abc", "-1", "1.5"])
def test_activity_list_with_unknown_or_non_numeric_method_is_not_found(
    staff_client, process, method, method_id
):
    assert staff_client.get(list_url(process), {"metode": method_id}).status_code == 404


def test_activity_list_with_a_unicode_digit_as_method_is_not_found(staff_client, process):
    assert staff_client.get(list_url(process), {"metode": "²"}).status_code == 404


def test_activity_list_with_method_of_another_process_is_not_found(staff_client, process):
    stranger = make_method(make_process("annet"))

    assert staff_client.get(list_url(process), {"metode": stranger.pk}).status_code == 404


def test_activity_list_of_unknown_process_is_not_found(staff_client):
    url = reverse("engagement:activities", args=["finnes-ikke"])

    assert staff_client.get(url).status_code == 404


@pytest.mark.parametrize("name", ACTIVITY_PAGES)
def test_activity_of_another_process_is_not_found(staff_client, process, name):
    stranger = make_activity(make_method(make_process("annet")))

    response = staff_client.get(reverse(name, args=[process.slug, stranger.pk]))

    assert response.status_code == 404


def test_activity_detail_shows_the_figures(staff_client, activity):
    response = staff_client.get(page_url("engagement:activity", activity))

    assertContains(response, '<span class="figure__number">30–35</span>', html=True)


def test_activity_detail_shows_the_history(staff_client, staff_user, activity):
    update_activity(actor=staff_user, activity=activity, place="Borgen skole")

    response = staff_client.get(page_url("engagement:activity", activity))

    assertContains(response, "opprettet – systemet")
    assertContains(response, "endret: sted: – → Borgen skole – prosessleder")


def test_participation_form_shows_the_current_figures(staff_client, activity):
    response = staff_client.get(page_url("engagement:edit_participation", activity))

    form = response.context["form"]
    assert (form["participants_low"].value(), form["participants_high"].value()) == (30, 35)


def test_negative_count_is_refused_with_a_message(staff_client, activity):
    response = edit(staff_client, activity, participants_low="-1")

    assertContains(response, "Tallet kan ikke være negativt.")


def test_negative_count_changes_nothing(staff_client, activity):
    before = AuditEntry.objects.count()

    edit(staff_client, activity, participants_low="-1")

    activity.refresh_from_db()
    assert (activity.participants_low, activity.participants_high) == (30, 35)
    assert AuditEntry.objects.count() == before


def test_negative_reach_is_refused_with_a_message(staff_client, activity):
    response = edit(staff_client, activity, participants_low="30", reach="-5")

    assertContains(response, "Tallet kan ikke være negativt.")


def test_low_above_high_is_refused_with_a_message(staff_client, activity):
    response = edit(staff_client, activity, participants_low="40", participants_high="35")

    assertContains(response, "Det høyeste tallet (35) er lavere enn det laveste (40).")


def test_low_above_high_changes_nothing(staff_client, activity):
    before = AuditEntry.objects.count()

    edit(staff_client, activity, participants_low="40", participants_high="35")

    activity.refresh_from_db()
    assert (activity.participants_low, activity.participants_high) == (30, 35)
    assert AuditEntry.objects.count() == before


def test_high_without_low_is_refused_with_a_message(staff_client, activity):
    response = edit(staff_client, activity, participants_high="35")

    assertContains(response, "Oppgi det laveste tallet når du oppgir et høyeste.")


@pytest.mark.parametrize("text", ["tretti", "30,5", "30–35"])
def test_non_numeric_count_gives_a_message(staff_client, activity, text):
    response = edit(staff_client, activity, participants_low=text)

    assertContains(response, "Skriv et helt tall.")


def test_count_too_large_for_the_database_gives_a_message(staff_client, activity):
    response = edit(staff_client, activity, participants_low="9223372036854775808")

    assert response.status_code == 200
    assert response.context["form"].errors
    activity.refresh_from_db()
    assert activity.participants_low == 30


def test_valid_post_redirects_to_the_activity_page(staff_client, activity):
    response = edit(staff_client, activity, participants_low="42")

    assertRedirects(response, page_url("engagement:activity", activity))


def test_valid_post_saves_the_figures(staff_client, activity):
    edit(
        staff_client,
        activity,
        participants_low="42",
        participants_estimated="on",
        uncounted_note="Ordføreren",
        reach="120",
        reach_note="visninger",
    )

    activity.refresh_from_db()
    assert (
        activity.participants_low,
        activity.participants_high,
        activity.participants_estimated,
        activity.uncounted_note,
        activity.reach,
        activity.reach_note,
    ) == (42, 42, True, "Ordføreren", 120, "visninger")


def test_valid_post_writes_an_audit_entry_by_the_staff_user(staff_client, staff_user, activity):
    edit(staff_client, activity, participants_low="42")

    entry = audit_trail(activity).filter(verb="activity.update").get()
    assert entry.actor == staff_user
    assert entry.changes == {"participants_low": [30, 42], "participants_high": [35, 42]}


def test_post_without_changes_writes_no_audit_entry(staff_client, activity):
    before = AuditEntry.objects.count()

    edit(staff_client, activity, participants_low="30", participants_high="35")

    assert AuditEntry.objects.count() == before


def test_activity_list_links_each_activity_to_its_fast_entry(staff_client, process, activity):
    response = staff_client.get(list_url(process))

    fast_entry = reverse("inputs:fast_entry", args=[process.slug, activity.pk])
    assertContains(response, f'href="{fast_entry}"')


def test_activity_list_offers_no_fast_entry_to_a_reader(client, process, activity):
    client.force_login(make_role_user("leser", process, ProcessMembership.Role.READER))

    response = client.get(list_url(process))

    assert response.status_code == 200
    assert "hurtigregistrering" not in response.text
