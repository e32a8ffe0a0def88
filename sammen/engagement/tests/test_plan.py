"""The participation plan: its services, its staff pages, and the plan set against what was
held (the Borgen demo's illustrative plan against the seed's activities)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sammen.accounts.models import ProcessMembership
from sammen.accounts.tests.factories import make_role_user
from sammen.core.models import AuditEntry
from sammen.engagement.method_kinds import MethodKind
from sammen.engagement.models import PlannedActivity
from sammen.engagement.plan_selectors import plan_comparison, upcoming_planned
from sammen.engagement.plan_services import (
    move_planned_activity,
    plan_activity,
    remove_planned_activity,
    update_planned_activity,
)
from sammen.engagement.services import add_method, create_activity
from sammen.processes.models import Process
from sammen.processes.services import add_phase, add_target_group
from sammen.processes.tests.factories import make_process

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 3, 10)


@pytest.fixture
def process():
    process = make_process(slug="nes", status=Process.Status.ACTIVE)
    add_phase(
        actor=None, process=process, title="Dialog", starts_on=D(2026, 1, 1), ends_on=D(2026, 6, 30)
    )
    add_phase(actor=None, process=process, title="Vedtak", starts_on=D(2026, 7, 1))
    add_target_group(actor=None, process=process, name="Barn og unge")
    add_target_group(actor=None, process=process, name="Eldre")
    return process


def groups(process):
    return {group.name: group for group in process.target_groups.all()}


def test_planning_with_a_new_method_makes_the_method(process):
    planned = plan_activity(
        actor=None,
        process=process,
        phase=process.phases.first(),
        title="Folkemøte",
        method_kind=MethodKind.CONFERENCE,
        method_title="Folkemøter",
        target_groups=[groups(process)["Eldre"]],
        starts_on=D(2026, 4, 1),
        place="Rådhuset",
    )
    assert planned.method.title == "Folkemøter"
    assert planned.method.process == process
    assert list(planned.target_groups.all()) == [groups(process)["Eldre"]]
    assert AuditEntry.objects.filter(
        verb="plannedactivity.create", object_id=str(planned.pk)
    ).exists()


def test_planning_needs_a_method_or_a_new_ones_kind_and_name(process):
    with pytest.raises(ValidationError, match="Velg en metode"):
        plan_activity(actor=None, process=process, phase=process.phases.first(), title="X")
    assert not PlannedActivity.objects.exists()


def test_a_plan_line_cannot_end_before_it_starts_and_nothing_is_saved(process):
    with pytest.raises(ValidationError, match="slutte før den starter"):
        plan_activity(
            actor=None,
            process=process,
            phase=process.phases.first(),
            title="Folkemøte",
            method_kind=MethodKind.CONFERENCE,
            method_title="Folkemøter",
            starts_on=D(2026, 4, 2),
            ends_on=D(2026, 4, 1),
        )
    assert not PlannedActivity.objects.exists()
    assert not process.methods.exists()


def test_a_target_group_of_another_process_is_refused(process):
    other = make_process(slug="annen")
    stranger = add_target_group(actor=None, process=other, name="Eldre")
    with pytest.raises(ValidationError, match="annen prosess"):
        plan_activity(
            actor=None,
            process=process,
            phase=process.phases.first(),
            title="Folkemøte",
            method_kind=MethodKind.CONFERENCE,
            method_title="Folkemøter",
            target_groups=[stranger],
        )


def plan_three(process):
    method = add_method(actor=None, process=process, kind=MethodKind.CONFERENCE, title="Møter")
    phase = process.phases.first()
    return [
        plan_activity(actor=None, process=process, phase=phase, method=method, title=title)
        for title in ("A", "B", "C")
    ]


def test_moving_swaps_with_the_neighbour_and_stops_at_the_ends(process):
    a, _b, c = plan_three(process)
    assert move_planned_activity(actor=None, planned=c, direction=-1)
    titles = list(PlannedActivity.objects.order_by("order").values_list("title", flat=True))
    assert titles == ["A", "C", "B"]
    a.refresh_from_db()
    assert not move_planned_activity(actor=None, planned=a, direction=-1)


def test_removing_closes_the_gap_and_keeps_the_method(process):
    a, _b, _c = plan_three(process)
    remove_planned_activity(actor=None, planned=a)
    assert list(PlannedActivity.objects.order_by("order").values_list("order", flat=True)) == [1, 2]
    assert process.methods.filter(title="Møter").exists()
    assert AuditEntry.objects.filter(verb="plannedactivity.delete").exists()


def test_moving_a_line_to_another_phase_puts_it_last_there(process):
    a, _b, _c = plan_three(process)
    later = process.phases.last()
    update_planned_activity(actor=None, planned=a, phase=later, title_nb="A, senere")
    a.refresh_from_db()
    assert (a.phase, a.order, a.title) == (later, 1, "A, senere")


def test_comparison_counts_held_against_planned_and_target_groups_reached(process):
    method = add_method(actor=None, process=process, kind=MethodKind.CONFERENCE, title="Møter")
    phase = process.phases.first()
    by_name = groups(process)
    plan_activity(
        actor=None,
        process=process,
        phase=phase,
        method=method,
        title="Møte 1",
        target_groups=[by_name["Eldre"]],
        starts_on=D(2026, 2, 1),
    )
    plan_activity(
        actor=None,
        process=process,
        phase=phase,
        method=method,
        title="Møte 2",
        target_groups=[by_name["Barn og unge"]],
        starts_on=D(2026, 5, 1),
    )
    create_activity(
        actor=None,
        method=method,
        title="Møtet",
        starts_on=D(2026, 2, 1),
        participants_low=20,
        target_groups=[by_name["Eldre"]],
    )
    # Registered, but its day has not come: not held.
    create_activity(
        actor=None,
        method=method,
        title="Neste møte",
        starts_on=D(2026, 5, 1),
        target_groups=[by_name["Barn og unge"]],
    )
    comparison = plan_comparison(process, TODAY)
    assert [m.held for m in comparison.methods] == [1]
    assert [m.planned for m in comparison.methods] == [2]
    assert [g.group.name for g in comparison.reached] == ["Eldre"]
    assert [g.group.name for g in comparison.not_reached] == ["Barn og unge"]


def test_a_past_plan_line_with_nothing_held_is_overdue(process):
    method = add_method(actor=None, process=process, kind=MethodKind.WORKSHOP, title="Verksted")
    plan_activity(
        actor=None,
        process=process,
        phase=process.phases.first(),
        method=method,
        title="Verksted",
        starts_on=D(2026, 2, 1),
    )
    rows = plan_comparison(process, TODAY).phases[0].rows
    assert [row.state for row in rows] == ["overdue"]


def test_upcoming_public_plan_lines_only(process):
    method = add_method(actor=None, process=process, kind=MethodKind.WORKSHOP, title="Verksted")
    phase = process.phases.first()
    plan_activity(
        actor=None,
        process=process,
        phase=phase,
        method=method,
        title="Før",
        starts_on=D(2026, 2, 1),
    )
    plan_activity(
        actor=None,
        process=process,
        phase=phase,
        method=method,
        title="Snart",
        starts_on=D(2026, 4, 1),
    )
    plan_activity(
        actor=None,
        process=process,
        phase=phase,
        method=method,
        title="Internt",
        starts_on=D(2026, 4, 2),
        is_public=False,
    )
    assert [p.title for p in upcoming_planned(process, TODAY)] == ["Snart"]


# The pages


def test_the_plan_page_adds_a_line_with_a_new_method(staff_client, process):
    phase = process.phases.first()
    response = staff_client.post(
        reverse("engagement:planned_new", args=[process.slug]),
        {
            "phase": phase.pk,
            "method": "",
            "method_kind": MethodKind.FOCUS_GROUP,
            "method_title": "Fokusgrupper",
            "title_nb": "Fokusgruppe med eldre",
            "title_nn": "Fokusgruppe med eldre",
            "place_nb": "Biblioteket",
            "starts_on": "2026-04-01",
            "target_groups": [groups(process)["Eldre"].pk],
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    planned = PlannedActivity.objects.get()
    assert (planned.title_nb, planned.place_nb, planned.method.title) == (
        "Fokusgruppe med eldre",
        "Biblioteket",
        "Fokusgrupper",
    )
    page = staff_client.get(reverse("engagement:plan", args=[process.slug])).content.decode()
    assert "Fokusgruppe med eldre" in page
    assert "0 av 1 planlagt aktivitet er holdt." in page


def test_the_form_says_what_is_wrong_and_saves_nothing(staff_client, process):
    response = staff_client.post(
        reverse("engagement:planned_new", args=[process.slug]),
        {
            "phase": process.phases.first().pk,
            "title_nb": "X",
            "starts_on": "2026-04-02",
            "ends_on": "2026-04-01",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Velg en metode, eller oppgi type og navn for en ny metode." in body
    assert "Aktiviteten kan ikke slutte før den starter." in body
    assert not PlannedActivity.objects.exists()


def test_moving_and_removing_through_the_pages(staff_client, process):
    _a, b, c = plan_three(process)
    url = reverse("engagement:planned_move", args=[process.slug, b.pk])
    assert staff_client.post(url, {"retning": "opp"}).status_code == 302
    assert list(PlannedActivity.objects.order_by("order").values_list("title", flat=True)) == [
        "B",
        "A",
        "C",
    ]
    remove = reverse("engagement:planned_remove", args=[process.slug, c.pk])
    assert "Fjerne «C» fra planen?" in staff_client.get(remove).content.decode()
    staff_client.post(remove)
    assert not PlannedActivity.objects.filter(pk=c.pk).exists()


def test_a_reader_sees_the_plan_but_cannot_change_it(client, process):
    _a, b, _c = plan_three(process)
    reader = make_role_user("leser", process, ProcessMembership.Role.READER)
    client.force_login(reader)
    page = client.get(reverse("engagement:plan", args=[process.slug]))
    assert page.status_code == 200
    assert "Flytt opp" not in page.content.decode()
    assert client.get(reverse("engagement:planned_new", args=[process.slug])).status_code == 403
    move = reverse("engagement:planned_move", args=[process.slug, b.pk])
    assert client.post(move, {"retning": "opp"}).status_code == 403


def test_a_member_of_another_process_does_not_see_the_plan(client, process):
    other = make_process(slug="annen")
    outsider = make_role_user("utenfor", other, ProcessMembership.Role.MANAGER)
    client.force_login(outsider)
    assert client.get(reverse("engagement:plan", args=[process.slug])).status_code == 404


# The Borgen demo


class TestBorgenPlan:
    @pytest.fixture
    def page(self, staff_client, borgen):
        return staff_client.get(reverse("insights:overview", args=["borgen"])).content.decode()

    def test_the_overview_says_the_plan_is_illustrative(self, page):
        assert "Denne medvirkningsplanen er illustrerende" in page

    def test_the_overview_shows_the_target_groups_reached_and_not_reached(self, page):
        reached = page.split('data-testid="groups-reached"')[1].split("</ul>")[0]
        not_reached = page.split('data-testid="groups-not-reached"')[1].split("</ul>")[0]
        for name in (
            "Ansatte i kommunen",
            "Barn og unge",
            "Innvandrere",
            "Lag, foreninger og trossamfunn",
            "Folkevalgte",
        ):
            assert name in reached
            assert name not in not_reached
        for name in ("Foreldre og familier", "Eldre"):
            assert name in not_reached
            assert name not in reached

    def test_the_overview_sets_every_planned_line_against_the_seeds_activities(self, page):
        assert "13 av 13 planlagte aktiviteter er holdt." in page
        total = page.split('data-testid="total-participants">')[1].split("</td>")[0]
        assert "748–783" in total
        assert ">458<" in page.split('data-testid="total-inputs"')[1][:200]

    def test_the_printable_plan_lists_the_phases_lines(self, staff_client, borgen):
        page = staff_client.get(reverse("engagement:plan", args=["borgen"])).content.decode()
        assert "Barnetråkk på skolene" in page
        assert "Ja, 2 aktiviteter" in page  # the two neighbourhood conferences
        assert 'class="no-print' in page
