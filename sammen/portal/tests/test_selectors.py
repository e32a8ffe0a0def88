import datetime

import pytest

from sammen.portal.selectors import (
    accessibility_statement,
    results_outlook,
    timeline,
    upcoming_activities,
)
from sammen.portal.services import save_accessibility_statement
from sammen.processes.models import Phase
from sammen.processes.selectors import phases_with_current

from .factories import make_phase, make_public_activity, make_public_process

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 5, 10)


@pytest.fixture
def process():
    return make_public_process()


def titles(activities):
    return [activity.title for activity in activities]


def test_upcoming_activities_start_today_or_later_soonest_first(process):
    make_public_activity(process, "Senere", starts_on=D(2026, 6, 1))
    make_public_activity(process, "I dag", starts_on=TODAY)
    make_public_activity(process, "I går", starts_on=D(2026, 5, 9))
    assert titles(upcoming_activities(process, TODAY)) == ["I dag", "Senere"]


def test_upcoming_activities_include_one_going_on_now(process):
    make_public_activity(process, "Åpent kontor", starts_on=D(2026, 5, 1), ends_on=D(2026, 5, 31))
    assert titles(upcoming_activities(process, TODAY)) == ["Åpent kontor"]


def test_upcoming_activities_leave_out_unpublished_ones(process):
    make_public_activity(process, "Gjestebud hjemme", starts_on=D(2026, 6, 1), is_public=False)
    assert titles(upcoming_activities(process, TODAY)) == []


def test_upcoming_activities_leave_out_undated_ones(process):
    make_public_activity(process, "Uten dato")
    assert titles(upcoming_activities(process, TODAY)) == []


def test_upcoming_activities_belong_to_the_process(process):
    make_public_activity(make_public_process("annen"), "Annen prosess", starts_on=D(2026, 6, 1))
    assert titles(upcoming_activities(process, TODAY)) == []


def test_timeline_marks_done_current_and_upcoming_phases(process):
    make_phase(process, "Før", starts_on=D(2026, 1, 1), ends_on=D(2026, 3, 31))
    make_phase(process, "Nå", starts_on=D(2026, 4, 1), ends_on=D(2026, 6, 30))
    make_phase(process, "Etter", starts_on=D(2026, 7, 1))
    phases, current = phases_with_current(process, TODAY)
    states = [(e.phase.title, e.state) for e in timeline(phases, current, TODAY)]
    assert states == [("Før", "done"), ("Nå", "current"), ("Etter", "upcoming")]


def test_timeline_counts_an_open_ended_phase_as_done_once_a_later_one_started(process):
    make_phase(process, "Åpen", starts_on=D(2026, 1, 1))
    make_phase(process, "Nå", starts_on=D(2026, 4, 1))
    phases, current = phases_with_current(process, TODAY)
    states = [e.state for e in timeline(phases, current, TODAY)]
    assert states == ["done", "current"]


def test_results_outlook_is_none_without_co_creation_or_political_phase(process):
    make_phase(process, "Dialog", kind=Phase.Kind.DIALOGUE)
    assert results_outlook(list(process.phases.all()), TODAY) is None


def test_results_outlook_says_the_roadmap_is_still_to_come(process):
    roadmap = make_phase(process, "Samskaping", kind=Phase.Kind.CO_CREATION, ends_on=D(2026, 6, 30))
    outlook = results_outlook(list(process.phases.all()), TODAY)
    assert outlook.roadmap_phase == roadmap
    assert not outlook.roadmap_phase_over
    assert outlook.decision_phase is None


def test_results_outlook_knows_when_the_political_phase_is_over(process):
    make_phase(
        process,
        "Politisk behandling",
        kind=Phase.Kind.POLITICAL,
        starts_on=D(2026, 1, 1),
        ends_on=D(2026, 5, 9),
    )
    outlook = results_outlook(list(process.phases.all()), TODAY)
    assert outlook.decision_phase_over


def test_accessibility_statement_is_none_until_filled_in():
    assert accessibility_statement() is None


def test_accessibility_statement_is_the_one_filled_in():
    save_accessibility_statement(actor=None, organisation="Asker kommune")
    assert accessibility_statement().organisation == "Asker kommune"
