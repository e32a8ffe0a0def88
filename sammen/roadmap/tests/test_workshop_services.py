import pytest
from django.core.exceptions import ValidationError

from sammen.core.models import AuditEntry
from sammen.roadmap.models import Ballot, BallotCode
from sammen.roadmap.workshop_selectors import workshop_ranking
from sammen.roadmap.workshop_services import (
    browser_token_hash,
    cast_online_ballot,
    create_ballot_codes,
    delete_paper_ballot,
    register_paper_ballot,
    set_up_workshop,
)

from .workshop_factories import make_roadmap, make_workshop_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    return make_workshop_process()


def code_for(workshop):
    return create_ballot_codes(actor=None, workshop=workshop, count=1)[0].code


def test_a_ballot_with_a_code_is_saved_anonymously_and_audited(setup):
    _process, actions, workshop = setup
    code = code_for(workshop)
    ballot = cast_online_ballot(
        workshop=workshop, points={actions[0].pk: 7, actions[1].pk: 3}, code=code.lower()
    )
    assert ballot.code.code == code
    assert {row.action_id: row.points for row in ballot.points.all()} == {
        actions[0].pk: 7,
        actions[1].pk: 3,
    }
    entry = AuditEntry.objects.get(verb="ballot.create")
    assert entry.actor is None


def test_a_second_ballot_with_the_same_code_is_refused_and_nothing_saved(setup):
    _process, actions, workshop = setup
    code = code_for(workshop)
    cast_online_ballot(workshop=workshop, points={actions[0].pk: 10}, code=code)
    with pytest.raises(ValidationError, match="allerede brukt"):
        cast_online_ballot(workshop=workshop, points={actions[1].pk: 10}, code=code)
    assert Ballot.objects.count() == 1


def test_a_second_ballot_from_the_same_browser_is_refused():
    _process, actions, workshop = make_workshop_process(requires_code=False)
    cast_online_ballot(workshop=workshop, points={actions[0].pk: 5}, browser_token="abc")
    with pytest.raises(ValidationError, match="denne nettleseren"):
        cast_online_ballot(workshop=workshop, points={actions[0].pk: 5}, browser_token="abc")
    cast_online_ballot(workshop=workshop, points={actions[0].pk: 5}, browser_token="other")
    assert Ballot.objects.count() == 2
    assert Ballot.objects.filter(browser_token_hash=browser_token_hash("abc")).exists()
    assert not Ballot.objects.filter(browser_token_hash="abc").exists()


def test_a_ballot_without_a_cookie_token_is_refused_with_the_reason():
    _process, actions, workshop = make_workshop_process(requires_code=False)
    with pytest.raises(ValidationError, match="informasjonskapsel"):
        cast_online_ballot(workshop=workshop, points={actions[0].pk: 5}, browser_token="")


def test_points_over_the_allowance_are_refused_naming_the_excess(setup):
    _process, actions, workshop = setup
    with pytest.raises(ValidationError, match=r"delt ut 12 poeng.*bare 10.*Ta bort 2"):
        cast_online_ballot(
            workshop=workshop, points={actions[0].pk: 8, actions[1].pk: 4}, code=code_for(workshop)
        )
    assert not Ballot.objects.exists()


def test_negative_points_are_refused(setup):
    _process, actions, workshop = setup
    with pytest.raises(ValidationError, match="negative"):
        cast_online_ballot(
            workshop=workshop, points={actions[0].pk: 5, actions[1].pk: -3}, code=code_for(workshop)
        )
    assert not Ballot.objects.exists()


def test_a_ballot_without_points_is_refused(setup):
    _process, actions, workshop = setup
    with pytest.raises(ValidationError, match="minst ett poeng"):
        cast_online_ballot(workshop=workshop, points={actions[0].pk: 0}, code=code_for(workshop))


def test_an_unknown_code_is_refused(setup):
    _process, actions, workshop = setup
    with pytest.raises(ValidationError, match="fant ikke stemmekoden «ZZZZ-ZZZZ»"):
        cast_online_ballot(workshop=workshop, points={actions[0].pk: 1}, code="zzzz-zzzz")


def test_a_code_of_another_workshop_is_refused():
    _p, actions, workshop = make_workshop_process()
    _q, _a, other = make_workshop_process(slug="annen")
    with pytest.raises(ValidationError, match="fant ikke stemmekoden"):
        cast_online_ballot(workshop=workshop, points={actions[0].pk: 1}, code=code_for(other))


def test_an_action_of_another_process_is_refused():
    _p, _actions, workshop = make_workshop_process()
    _q, foreign, _other = make_workshop_process(slug="annen")
    with pytest.raises(ValidationError, match="finnes ikke i dette verkstedet"):
        cast_online_ballot(workshop=workshop, points={foreign[0].pk: 1}, code=code_for(workshop))


def test_a_closed_workshop_takes_no_online_ballot(setup):
    _process, actions, workshop = setup
    workshop = set_up_workshop(
        actor=None,
        activity=workshop.activity,
        points_per_ballot=10,
        is_open=False,
        requires_code=True,
    )
    with pytest.raises(ValidationError, match="stengt"):
        cast_online_ballot(workshop=workshop, points={actions[0].pk: 1}, code=code_for(workshop))


def test_a_paper_sheet_is_registered_once_by_its_number(setup, staff_user):
    _process, actions, workshop = setup
    register_paper_ballot(
        actor=staff_user, workshop=workshop, sheet_number="12", points={actions[2].pk: "10"}
    )
    with pytest.raises(ValidationError, match="Skjema 12 er allerede registrert"):
        register_paper_ballot(
            actor=staff_user, workshop=workshop, sheet_number=" 12 ", points={actions[0].pk: 1}
        )
    ballot = Ballot.objects.get()
    assert ballot.channel == Ballot.Channel.PAPER
    assert AuditEntry.objects.get(verb="ballot.create").actor == staff_user


def test_a_paper_sheet_registered_by_mistake_can_be_deleted(setup, staff_user):
    _process, actions, workshop = setup
    ballot = register_paper_ballot(
        actor=staff_user, workshop=workshop, sheet_number="3", points={actions[0].pk: 2}
    )
    delete_paper_ballot(actor=staff_user, ballot=ballot)
    assert not Ballot.objects.exists()
    assert AuditEntry.objects.filter(verb="ballot.delete").exists()


def test_points_per_ballot_cannot_change_once_ballots_are_in(setup):
    _process, actions, workshop = setup
    register_paper_ballot(
        actor=None, workshop=workshop, sheet_number="1", points={actions[0].pk: 1}
    )
    with pytest.raises(ValidationError, match="kan ikke endres"):
        set_up_workshop(
            actor=None,
            activity=workshop.activity,
            points_per_ballot=5,
            is_open=True,
            requires_code=True,
        )


def test_codes_are_made_in_bounds(setup):
    _process, _actions, workshop = setup
    assert (
        len({code.code for code in create_ballot_codes(actor=None, workshop=workshop, count=40)})
        == 40
    )
    with pytest.raises(ValidationError):
        create_ballot_codes(actor=None, workshop=workshop, count=0)
    assert BallotCode.objects.count() == 40


def test_ranking_sums_points_counts_ballots_and_shares_ranks_on_ties(setup):
    _process, actions, workshop = setup
    a, b, c = actions
    register_paper_ballot(
        actor=None, workshop=workshop, sheet_number="1", points={a.pk: 4, b.pk: 6}
    )
    register_paper_ballot(
        actor=None, workshop=workshop, sheet_number="2", points={a.pk: 6, b.pk: 4}
    )
    cast_online_ballot(workshop=workshop, points={c.pk: 3}, code=code_for(workshop))
    ranking = workshop_ranking(workshop)
    assert [(row.rank, row.action, row.points, row.ballots) for row in ranking.rows] == [
        (1, a, 10, 2),
        (1, b, 10, 2),
        (3, c, 3, 1),
    ]
    assert (ranking.ballots, ranking.paper, ranking.online) == (3, 2, 1)


def test_dropped_actions_are_not_on_the_ballot(setup):
    process, actions, workshop = setup
    actions[0].status = "dropped"
    actions[0].dropped_reason = "Slått sammen med et annet tiltak"
    actions[0].save()
    make_roadmap(process, titles=["Nytt tiltak"])
    ranking = workshop_ranking(workshop)
    assert [row.action.title for row in ranking.rows] == [
        "Åpen skole",
        "Kulturkveld",
        "Nytt tiltak",
    ]
