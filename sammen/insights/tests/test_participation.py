import datetime
import json

import pytest

from sammen.engagement.method_kinds import MethodKind
from sammen.engagement.tests.factories import make_activity, make_method, make_process
from sammen.inputs.tests.factories import make_input
from sammen.insights.selectors import Range, activity_figures, participation_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def process():
    return make_process()


@pytest.fixture
def method(process):
    return make_method(process)


def method_row(summary, method):
    return next(row for row in summary.methods if row.method == method)


def test_exact_count_is_a_range_with_low_equal_to_high(method):
    activity = make_activity(method, participants_low=59)

    figures = activity_figures(activity, inputs=0)

    assert figures.participants == Range(59, 59)
    assert figures.participants.exact


def test_counted_range_keeps_its_low_and_high(method):
    activity = make_activity(method, participants_low=30, participants_high=35)

    assert activity_figures(activity, inputs=0).participants == Range(30, 35)


def test_ranges_add_up_per_method(process, method):
    make_activity(method, "Første", participants_low=10)
    make_activity(method, "Andre", participants_low=20, participants_high=25)

    summary = participation_summary(process)

    assert method_row(summary, method).figures.participants == Range(30, 35)


def test_ranges_add_up_in_total_over_methods(process, method):
    other = make_method(process, "Fokusgrupper", MethodKind.FOCUS_GROUP)
    make_activity(method, participants_low=10, participants_high=12)
    make_activity(other, participants_low=5)

    summary = participation_summary(process)

    assert summary.total.participants == Range(15, 17)


def test_estimated_activity_adds_only_to_the_upper_total(process, method):
    make_activity(method, "Telt", participants_low=100)
    make_activity(
        method, "Anslått", participants_low=30, participants_high=35, participants_estimated=True
    )

    summary = participation_summary(process)

    assert summary.total.participants == Range(100, 135)


def test_estimated_activity_is_kept_apart_from_the_counted(process, method):
    make_activity(method, "Telt", participants_low=100)
    make_activity(
        method, "Anslått", participants_low=30, participants_high=35, participants_estimated=True
    )

    summary = participation_summary(process)

    assert (summary.total.counted, summary.total.estimated) == (Range(100, 100), Range(30, 35))


def test_estimated_activity_is_listed_among_estimated_activities(process, method):
    make_activity(method, "Telt", participants_low=100)
    estimate = make_activity(
        method, "Anslått", participants_low=30, participants_high=35, participants_estimated=True
    )

    summary = participation_summary(process)

    assert [row.activity for row in summary.estimated_activities] == [estimate]


def test_reach_is_never_added_to_participants(method):
    activity = make_activity(method, participants_low=16, reach=611)

    figures = activity_figures(activity, inputs=0)

    assert (figures.participants, figures.reach) == (Range(16, 16), 611)


def test_reach_is_summed_apart_per_method_and_in_total(process, method):
    other = make_method(process, "Facebook", MethodKind.SOCIAL_MEDIA)
    make_activity(method, "Debatt 1", participants_low=1, reach=100)
    make_activity(method, "Debatt 2", participants_low=2, reach=50)
    make_activity(other, "Side", reach=600)

    summary = participation_summary(process)

    assert method_row(summary, method).figures.reach == 150
    assert summary.total.reach == 750
    assert summary.total.participants == Range(3, 3)


def test_uncounted_notes_are_listed_per_method_and_in_total(process, method):
    other = make_method(process, "Samling for ansatte", MethodKind.STAFF_GATHERING)
    make_activity(method, participants_low=59, uncounted_note="Rådmannen med sin ledergruppe")
    make_activity(other, participants_low=5, uncounted_note="Ordføreren")

    summary = participation_summary(process)

    assert method_row(summary, method).figures.uncounted == ["Rådmannen med sin ledergruppe"]
    assert summary.total.uncounted == ["Rådmannen med sin ledergruppe", "Ordføreren"]


def test_uncounted_note_never_changes_the_participant_figures(process, method):
    make_activity(method, participants_low=59, uncounted_note="Rådmannen og 12 ledere")

    summary = participation_summary(process)

    assert summary.total.participants == Range(59, 59)


def test_activity_without_count_is_counted_as_not_counted(process, method):
    make_activity(method, "Telt", participants_low=10)
    make_activity(method, "Ikke telt ennå")

    summary = participation_summary(process)

    assert summary.total.not_counted_activities == 1
    assert summary.total.participants == Range(10, 10)


def test_inputs_are_counted_per_activity(process, method):
    busy = make_activity(method, "Travel", participants_low=10)
    quiet = make_activity(method, "Stille", participants_low=10)
    make_input(process, "Første", activity=busy)
    make_input(process, "Andre", activity=busy)

    summary = participation_summary(process)

    inputs = {row.activity: row.figures.inputs for row in method_row(summary, method).activities}
    assert inputs == {busy: 2, quiet: 0}


def test_inputs_are_counted_per_method(process, method):
    other = make_method(process, "Fokusgrupper", MethodKind.FOCUS_GROUP)
    first = make_activity(method, "Første")
    second = make_activity(method, "Andre")
    elsewhere = make_activity(other, "Gruppe")
    for activity in (first, second, second, elsewhere):
        make_input(process, activity=activity)

    summary = participation_summary(process)

    assert method_row(summary, method).figures.inputs == 3
    assert method_row(summary, other).figures.inputs == 1


def test_inputs_without_activity_count_in_total_and_apart(process, method):
    make_input(process, activity=make_activity(method))
    make_input(process, "Fra nettskjemaet")
    make_input(process, "Også fra nettskjemaet")

    summary = participation_summary(process)

    assert (summary.total.inputs, summary.inputs_without_activity) == (3, 2)


def test_method_without_activities_appears_with_zero_figures(process, method):
    summary = participation_summary(process)

    row = method_row(summary, method)
    assert row.activities == []
    assert row.figures.as_dict() == {
        "participants": {"low": 0, "high": 0},
        "counted": {"low": 0, "high": 0},
        "estimated": {"low": 0, "high": 0},
        "reach": 0,
        "inputs": 0,
        "uncounted": [],
        "not_counted_activities": 0,
    }


def test_methods_come_in_plan_order(process, method):
    second = make_method(process, "Gjestebud", MethodKind.GJESTEBUD)
    third = make_method(process, "Barnetråkk", MethodKind.CHILDRENS_MAP)

    summary = participation_summary(process)

    assert [row.method for row in summary.methods] == [method, second, third]


def test_summary_leaves_out_other_processes(process, method):
    other_process = make_process("annet")
    other_activity = make_activity(make_method(other_process), participants_low=500, reach=9)
    make_input(other_process, activity=other_activity)
    make_input(other_process, "Uten aktivitet")
    make_activity(method, participants_low=7)

    summary = participation_summary(process)

    assert (summary.total.participants, summary.total.reach, summary.total.inputs) == (
        Range(7, 7),
        0,
        0,
    )


@pytest.mark.parametrize("activities", [1, 12])
def test_summary_takes_four_queries_whatever_the_number_of_activities(
    process, method, django_assert_num_queries, activities
):
    other = make_method(process, "Fokusgrupper", MethodKind.FOCUS_GROUP)
    for number in range(activities):
        activity = make_activity(
            method if number % 2 else other, f"Aktivitet {number}", participants_low=number
        )
        make_input(process, activity=activity)
    make_input(process, "Uten aktivitet")

    with django_assert_num_queries(4):
        summary = participation_summary(process)
        summary.as_dict()


def test_as_dict_has_the_shape_the_json_command_prints(process, method):
    activity = make_activity(
        method,
        "Nærmiljøkonferanse 1",
        starts_on=datetime.date(2016, 2, 11),
        participants_low=30,
        participants_high=35,
        participants_estimated=True,
        reach=12,
        reach_note="visninger",
        uncounted_note="Ordføreren",
    )
    make_input(process, activity=activity)
    make_input(process, "Uten aktivitet")

    data = json.loads(json.dumps(participation_summary(process).as_dict()))

    figures = {
        "participants": {"low": 0, "high": 35},
        "counted": {"low": 0, "high": 0},
        "estimated": {"low": 30, "high": 35},
        "reach": 12,
        "inputs": 1,
        "uncounted": ["Ordføreren"],
        "not_counted_activities": 0,
    }
    assert data == {
        "process": "nabolaget",
        "total": {**figures, "inputs": 2},
        "inputs_without_activity": 1,
        "methods": [
            {
                "id": method.pk,
                "title": "Nærmiljøkonferanser",
                "kind": "conference",
                **figures,
                "activities": [
                    {
                        "id": activity.pk,
                        "title": "Nærmiljøkonferanse 1",
                        "starts_on": "2016-02-11",
                        "participants_estimated": True,
                        "reach_note": "visninger",
                        **figures,
                    }
                ],
            }
        ],
    }
