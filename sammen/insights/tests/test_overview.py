import datetime
import re
import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from sammen.engagement.models import Activity
from sammen.inputs.models import Input, Responsibility

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


def overview_url(slug="borgen"):
    return reverse("insights:overview", args=[slug])


def linked_count(html: str, row_header: str) -> int:
    """The linked count in the table row whose header matches row_header (a regex)."""
    match = re.search(rf'{row_header}\s*<td class="num"><a [^>]*>(\d+)</a>', html)
    assert match, f"no row {row_header!r}"
    return int(match.group(1))


def test_the_overview_sends_an_anonymous_visitor_to_the_login_page(client):
    response = client.get(overview_url())

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={overview_url()}"


def test_the_overview_is_forbidden_to_a_logged_in_non_staff_user(client, db):
    # No service makes users without staff access yet; Django's own helper stands in.
    user = get_user_model().objects.create_user(username="innbygger")
    client.force_login(user)

    response = client.get(overview_url())

    assert response.status_code == 404  # no role here: not found


def test_an_unknown_slug_gives_a_404_naming_the_slug_in_norwegian(staff_client):
    response = staff_client.get(overview_url("finnes-ikke"))

    assert response.status_code == 404
    assert "Fant ingen prosess med kortnavnet «finnes-ikke»." in response.text


class TestBorgenOverview:
    @pytest.fixture
    def borgen(self, borgen_for_class, db):
        return borgen_for_class

    @pytest.fixture
    def html(self, borgen, staff_client, time_machine):
        # In the middle of the second phase, "Livet på Borgen" (16 January to 30 April 2016).
        time_machine.move_to(datetime.datetime(2016, 3, 1, 12, tzinfo=OSLO), tick=False)
        response = staff_client.get(overview_url())
        assert response.status_code == 200
        return response.text

    def test_shows_the_participant_range(self, html):
        assert '<span class="figure__number">748–783</span>' in html

    def test_shows_the_number_of_inputs(self, html):
        assert '<span class="figure__number">458</span>' in html

    def test_marks_the_current_phase_as_the_current_step(self, html):
        current = re.findall(r'aria-current="step">\s*<strong>([^<]*)</strong>', html)

        assert current == ["2. Livet på Borgen"]

    def test_shows_the_four_focus_areas_with_their_input_counts(self, borgen, html):
        areas = borgen.focus_areas.all()

        shown = {
            area.title: linked_count(html, rf'<th scope="row">{re.escape(area.title)}</th>')
            for area in areas
        }

        # Approved inputs only: those waiting for a moderator are not counted yet.
        assert shown == {
            area.title: area.inputs.filter(moderation=Input.Moderation.APPROVED).count()
            for area in areas
        }
        assert len(shown) == 4

    def test_shows_the_responsibility_split_adding_up_to_all_inputs(self, html):
        split = {
            choice.value: linked_count(
                html, rf'<th scope="row" id="ansvar-{choice.value}">[^<]*</th>'
            )
            for choice in Responsibility
        }

        assert set(split) == {"kommune", "innbyggere", "sammen"}
        assert all(split.values())
        assert sum(split.values()) == 458

    def test_links_to_fast_entry_for_the_three_activities_held_last(self, borgen, html):
        latest = Activity.objects.filter(
            method__process=borgen, starts_on__lte=datetime.date(2016, 3, 1)
        ).order_by("-starts_on", "-id")[:3]

        linked = re.findall(r'href="/stab/borgen/aktiviteter/(\d+)/hurtigregistrering/"', html)

        assert [int(pk) for pk in linked] == [activity.pk for activity in latest]
        assert len(linked) == 3

    def test_the_staff_list_lists_the_process(self, borgen, staff_client):
        response = staff_client.get(reverse("processes:staff_list"))

        assert f'<a href="{overview_url()}">Borgenprosjektet</a>' in response.text
