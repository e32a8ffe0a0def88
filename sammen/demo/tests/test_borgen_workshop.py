import pytest
from django.db.models import Sum

from sammen.demo.borgen_workshop import load_borgen_workshop
from sammen.engagement.method_kinds import MethodKind
from sammen.engagement.tests.factories import make_activity, make_method
from sammen.processes.tests.factories import make_process
from sammen.roadmap.models import Ballot, BallotPoints, Workshop
from sammen.roadmap.tests.workshop_factories import make_roadmap
from sammen.roadmap.workshop_selectors import workshop_ranking

pytestmark = pytest.mark.django_db


def borgen_like(slug="borgen"):
    process = make_process(slug=slug)
    method = make_method(process, title="Veikartverksted", kind=MethodKind.WORKSHOP)
    make_activity(method, title="Veikartverksted", participants_low=59)
    return process


def test_the_workshop_gets_59_ballots_on_paper_and_online_over_the_actions():
    process = borgen_like()
    make_roadmap(process, titles=["Møteplass", "Kulturkveld", "Lokalsamfunnsutvalg", "Åpen skole"])
    workshop = load_borgen_workshop(process)
    assert not workshop.is_open
    assert Ballot.objects.filter(workshop=workshop, channel="paper").count() == 44
    assert Ballot.objects.filter(workshop=workshop, channel="online").count() == 15
    assert BallotPoints.objects.aggregate(total=Sum("points"))["total"] == 59 * 10
    assert workshop.activity.participants_low == 59


def test_the_same_roadmap_gives_the_same_ranking():
    rankings = []
    for slug in ("en", "to"):
        process = borgen_like(slug)
        make_roadmap(process, titles=["A", "B", "C", "D", "E"])
        ranking = workshop_ranking(load_borgen_workshop(process))
        rankings.append([(row.action.title, row.points) for row in ranking.rows])
    assert rankings[0] == rankings[1]


def test_without_actions_nothing_is_made():
    process = borgen_like()
    assert load_borgen_workshop(process) is None
    assert not Workshop.objects.exists()


def test_loading_twice_adds_no_ballots():
    process = borgen_like()
    make_roadmap(process)
    load_borgen_workshop(process)
    load_borgen_workshop(process)
    assert Ballot.objects.count() == 59
