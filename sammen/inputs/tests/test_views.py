import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from sammen.inputs.models import Responsibility

from .factories import make_activity, make_focus_area, make_input, make_method, make_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def process():
    return make_process()


def list_url(process) -> str:
    return reverse("inputs:list", args=[process.slug])


def listed(response) -> list:
    return list(response.context["page"])


def test_anonymous_visitor_is_sent_to_login(client, process):
    response = client.get(list_url(process))

    assertRedirects(response, f"{reverse('login')}?next={list_url(process)}")


def test_logged_in_non_staff_user_is_refused(client, django_user_model, process):
    client.force_login(django_user_model.objects.create_user(username="innbygger"))

    assert client.get(list_url(process)).status_code == 404  # no role here: not found


def test_unknown_process_is_not_found(staff_client):
    assert staff_client.get(reverse("inputs:list", args=["finnes-ikke"])).status_code == 404


def test_list_shows_the_inputs_of_the_process(staff_client, process):
    make_input(process, "Flere benker ved stien.")
    make_input(make_process("annet"), "Fra en annen prosess.")

    response = staff_client.get(list_url(process))

    assertContains(response, "Flere benker ved stien.")
    assertContains(response, "1 innspill vises.")
    assert "Fra en annen prosess." not in response.content.decode()


def test_list_filters_by_activity(staff_client, process):
    activity = make_activity(make_method(process), "Konferanse")
    ours = make_input(process, activity=activity)
    make_input(process, "Uten aktivitet")

    response = staff_client.get(list_url(process), {"aktivitet": activity.pk})

    assert listed(response) == [ours]


def test_list_filters_by_focus_area(staff_client, process):
    placed = make_input(process, focus_areas=[make_focus_area(process, "sted")])
    make_input(process, "Ikke sortert")

    response = staff_client.get(list_url(process), {"innsatsomrade": "sted"})

    assert listed(response) == [placed]


def test_list_filters_by_responsibility(staff_client, process):
    ours = make_input(process, responsibility=Responsibility.RESIDENTS)
    make_input(process, responsibility=Responsibility.MUNICIPALITY)

    response = staff_client.get(list_url(process), {"ansvar": "innbyggere"})

    assert listed(response) == [ours]


def test_filtered_list_offers_a_link_to_all_inputs(staff_client, process):
    response = staff_client.get(list_url(process), {"ansvar": "kommune"})

    link = response.content.decode().split(">Vis alle</a>")[0].rsplit("<a ", 1)[1]
    assert f'href="{list_url(process)}"' in link


def test_filter_matching_nothing_says_so(staff_client, process):
    make_input(process, responsibility=Responsibility.MUNICIPALITY)

    response = staff_client.get(list_url(process), {"aktivitet": "abc"})

    assertContains(response, "Ingen innspill passer.")


def test_unicode_digit_as_activity_shows_no_inputs(staff_client, process):
    make_input(process)

    response = staff_client.get(list_url(process), {"aktivitet": "²"})

    assertContains(response, "Ingen innspill passer.")


class TestPagination:
    @pytest.fixture
    def inputs(self, process):
        return [make_input(process, f"Innspill {number}") for number in range(55)]

    def test_first_page_shows_fifty(self, staff_client, process, inputs):
        response = staff_client.get(list_url(process))

        assert len(listed(response)) == 50

    def test_second_page_shows_the_five_oldest(self, staff_client, process, inputs):
        response = staff_client.get(list_url(process), {"side": 2})

        assert listed(response) == inputs[4::-1]

    def test_page_links_keep_the_filters(self, staff_client, process, inputs):
        response = staff_client.get(list_url(process), {"ansvar": "", "side": 1})

        assertContains(response, 'href="?ansvar=&amp;side=2"')

    @pytest.mark.parametrize("side", ["999", "abc"])
    def test_page_out_of_range_or_not_a_number_shows_a_page(
        self, staff_client, process, inputs, side
    ):
        response = staff_client.get(list_url(process), {"side": side})

        assert response.status_code == 200


def test_borgen_demo_list_counts_all_inputs(staff_client, borgen):
    response = staff_client.get(list_url(borgen))

    # The 458 approved and the 4 waiting for moderation.
    assertContains(response, "462 innspill vises.")
