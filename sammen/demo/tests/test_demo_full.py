"""The Borgen demo has nothing empty where the seed reports activity (issue 11 point 7, and the
"about you" answers of issue 10): Barnetråkk's 42 children, the gjestebud's accepted reports,
inputs waiting for moderation, and answers on the dashboard, with the seed's figures kept."""

import datetime
import re

import pytest
from django.urls import reverse

from sammen.childrens_map.models import ChildSession
from sammen.contributors.small_groups import min_group
from sammen.engagement.models import Activity
from sammen.gjestebud.models import Invitation
from sammen.inputs.models import Input
from sammen.insights.dashboard import staff_dashboard
from sammen.insights.selectors import participation_summary


class TestBorgenDemoNothingEmpty:
    @pytest.fixture
    def borgen(self, borgen_for_class, db):
        return borgen_for_class

    def test_the_planner_shows_42_children_and_the_activity_counts_them(self, borgen, staff_client):
        html = staff_client.get(reverse("childrens_map:planner", args=[borgen.slug])).text

        assert re.search(r'data-testid="count-children">42<', html)
        activity = Activity.objects.get(method__process=borgen, title="Barnetråkk")
        assert (activity.participants_low, activity.participants_high) == (42, 42)
        assert ChildSession.objects.filter(process=borgen).count() == 42

    def test_the_gjestebud_list_shows_accepted_reports_whose_guests_sum_to_148(
        self, borgen, staff_client
    ):
        html = staff_client.get(reverse("gjestebud:list", args=[borgen.slug])).text
        accepted = Invitation.objects.filter(process=borgen, status=Invitation.Status.ACCEPTED)

        rows = re.findall(r"<td>Godkjent</td>.*?<td class=\"num\">(\d+)</td>", html, re.S)
        assert len(rows) == accepted.count() > 1
        assert sum(int(guests) for guests in rows) == 148
        assert sum(invitation.inputs.count() for invitation in accepted) == 72
        assert {i.held_on.year for i in accepted} == {2016}
        assert {i.activity.inputs.first().received_at.year for i in accepted} == {2016}

    def test_the_moderation_queue_has_inputs_while_458_stay_approved(self, borgen, staff_client):
        pending = Input.objects.filter(process=borgen, moderation=Input.Moderation.PENDING)
        html = staff_client.get(reverse("inputs:moderation", args=[borgen.slug])).text

        assert pending.count() >= 3
        assert all(item.receipt_code in html for item in pending)
        assert participation_summary(borgen).total.inputs == 458

    def test_the_dashboard_shows_the_illustrative_about_you_answers(self, borgen, staff_client):
        board = staff_dashboard(borgen, datetime.date(2026, 3, 10))
        html = staff_client.get(reverse("insights:dashboard", args=[borgen.slug])).text

        assert len(board.answers) == 3
        assert all(panel.chart is not None for panel in board.answers)
        shown = [row[1] for panel in board.answers for row, _link in panel.rows]
        numbers = [count for count in shown if isinstance(count, int)]
        assert numbers and all(count == 0 or count >= min_group() for count in numbers)
        assert 'data-testid="answers-illustrative"' in html
        assert "av svarene er illustrerende" in html
