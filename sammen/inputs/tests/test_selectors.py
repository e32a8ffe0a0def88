import datetime
from datetime import UTC

import pytest

from sammen.inputs.models import Responsibility
from sammen.inputs.selectors import (
    Share,
    filter_inputs,
    inputs_by_responsibility,
    inputs_per_focus_area,
)

from .factories import make_activity, make_focus_area, make_input, make_method, make_process

pytestmark = pytest.mark.django_db

KOMMUNE = Responsibility.MUNICIPALITY
INNBYGGERE = Responsibility.RESIDENTS
SAMMEN = Responsibility.TOGETHER


@pytest.fixture
def process():
    return make_process()


@pytest.fixture
def areas(process):
    return {
        "sted": make_focus_area(process, "sted", "Stedsutvikling"),
        "tjenester": make_focus_area(process, "tjenester", "Offentlige tjenester"),
    }


def counts(shares: list[Share]) -> dict[str, int]:
    return {share.key: share.count for share in shares}


def test_input_with_two_focus_areas_counts_in_both(process, areas):
    make_input(process, focus_areas=[areas["sted"], areas["tjenester"]])
    make_input(process, focus_areas=[areas["sted"]])

    shares, _unsorted = inputs_per_focus_area(process)

    assert counts(shares) == {"sted": 2, "tjenester": 1}


def test_focus_area_shares_are_of_all_inputs_and_may_pass_one_hundred(process, areas):
    make_input(process, focus_areas=[areas["sted"], areas["tjenester"]])
    make_input(process, focus_areas=[areas["sted"]])

    shares, _unsorted = inputs_per_focus_area(process)

    assert [share.percent for share in shares] == [100.0, 50.0]


def test_focus_areas_come_in_their_order_with_labels(process, areas):
    shares, _unsorted = inputs_per_focus_area(process)

    assert [(share.key, share.label) for share in shares] == [
        ("sted", "Stedsutvikling"),
        ("tjenester", "Offentlige tjenester"),
    ]


def test_inputs_without_focus_area_are_counted_as_unsorted(process, areas):
    make_input(process, focus_areas=[areas["sted"], areas["tjenester"]])
    make_input(process, "Ikke sortert")
    make_input(process, "Heller ikke sortert")

    _shares, unsorted = inputs_per_focus_area(process)

    assert unsorted == 2


def test_focus_area_counts_leave_out_other_processes(process, areas):
    other = make_process("annet")
    make_input(other, focus_areas=[make_focus_area(other, "sted")])
    make_input(other, "Ikke sortert")

    shares, unsorted = inputs_per_focus_area(process)

    assert (counts(shares), unsorted) == ({"sted": 0, "tjenester": 0}, 0)


def test_focus_area_shares_of_a_process_without_inputs_are_zero(process, areas):
    shares, _unsorted = inputs_per_focus_area(process)

    assert [share.percent for share in shares] == [0.0, 0.0]


def test_responsibility_shares_count_and_give_percentages(process):
    for responsibility in [KOMMUNE, KOMMUNE, INNBYGGERE, SAMMEN, SAMMEN, SAMMEN, SAMMEN, KOMMUNE]:
        make_input(process, responsibility=responsibility)

    shares = inputs_by_responsibility(process)

    assert [(share.key, share.count, share.percent) for share in shares] == [
        ("kommune", 3, 37.5),
        ("innbyggere", 1, 12.5),
        ("sammen", 4, 50.0),
    ]


def test_responsibility_percentages_are_rounded_to_one_decimal(process):
    for responsibility in [KOMMUNE, INNBYGGERE, INNBYGGERE]:
        make_input(process, responsibility=responsibility)

    shares = inputs_by_responsibility(process)

    assert [share.percent for share in shares] == [33.3, 66.7, 0.0]


def test_unassessed_inputs_get_an_ikke_vurdert_row_last(process):
    make_input(process, responsibility=KOMMUNE)
    make_input(process, "Ikke vurdert ennå")
    make_input(process, "Heller ikke vurdert")

    shares = inputs_by_responsibility(process)

    assert shares[-1] == Share("", "Ikke vurdert", 2, 66.7)


def test_no_ikke_vurdert_row_when_every_input_is_assessed(process):
    make_input(process, responsibility=KOMMUNE)
    make_input(process, responsibility=SAMMEN)

    shares = inputs_by_responsibility(process)

    assert [share.key for share in shares] == ["kommune", "innbyggere", "sammen"]


def test_responsibility_shares_of_a_process_without_inputs_are_zero(process):
    shares = inputs_by_responsibility(process)

    assert [(share.count, share.percent) for share in shares] == [(0, 0.0)] * 3


class TestFilterInputs:
    @pytest.fixture
    def method(self, process):
        return make_method(process, "Konferanser")

    @pytest.fixture
    def activity(self, method):
        return make_activity(method, "Konferanse")

    def test_without_filters_gives_every_input_of_the_process(self, process):
        first = make_input(process, "Første")
        second = make_input(process, "Andre")
        make_input(make_process("annet"), "Annen prosess")

        assert set(filter_inputs(process, {})) == {first, second}

    def test_by_focus_area_key(self, process, areas):
        placed = make_input(process, focus_areas=[areas["sted"], areas["tjenester"]])
        make_input(process, focus_areas=[areas["tjenester"]])
        make_input(process, "Ikke sortert")

        assert list(filter_inputs(process, {"innsatsomrade": "sted"})) == [placed]

    def test_by_focus_area_ingen_gives_unsorted_inputs(self, process, areas):
        make_input(process, focus_areas=[areas["sted"]])
        unsorted = make_input(process, "Ikke sortert")

        assert list(filter_inputs(process, {"innsatsomrade": "ingen"})) == [unsorted]

    def test_by_unknown_focus_area_gives_nothing(self, process, areas):
        make_input(process, focus_areas=[areas["sted"]])

        assert not filter_inputs(process, {"innsatsomrade": "finnes-ikke"}).exists()

    def test_by_responsibility(self, process):
        ours = make_input(process, responsibility=KOMMUNE)
        make_input(process, responsibility=SAMMEN)
        make_input(process, "Ikke vurdert")

        assert list(filter_inputs(process, {"ansvar": "kommune"})) == [ours]

    def test_by_empty_responsibility_gives_unassessed_inputs(self, process):
        make_input(process, responsibility=KOMMUNE)
        unassessed = make_input(process, "Ikke vurdert")

        assert list(filter_inputs(process, {"ansvar": ""})) == [unassessed]

    def test_by_activity(self, process, method, activity):
        ours = make_input(process, activity=activity)
        make_input(process, activity=make_activity(method, "Annen"))
        make_input(process, "Uten aktivitet")

        assert list(filter_inputs(process, {"aktivitet": str(activity.pk)})) == [ours]

    def test_by_activity_ingen_gives_inputs_without_activity(self, process, activity):
        make_input(process, activity=activity)
        loose = make_input(process, "Uten aktivitet")

        assert list(filter_inputs(process, {"aktivitet": "ingen"})) == [loose]

    @pytest.mark.parametrize("value", ["abc", "-1", "1.0"])
    def test_by_non_numeric_activity_gives_nothing(self, process, activity, value):
        make_input(process, activity=activity)
        make_input(process, "Uten aktivitet")

        assert not filter_inputs(process, {"aktivitet": value}).exists()

    @pytest.mark.parametrize("param", ["aktivitet", "metode"])
    def test_by_unicode_digit_gives_nothing(self, process, activity, param):
        make_input(process, activity=activity)

        assert not filter_inputs(process, {param: "²"}).exists()

    @pytest.mark.parametrize("param", ["aktivitet", "metode"])
    def test_by_id_beyond_the_integer_range_gives_nothing(self, process, activity, param):
        make_input(process, activity=activity)

        assert not filter_inputs(process, {param: "99999999999999999999"}).exists()

    def test_by_method(self, process, method, activity):
        ours = make_input(process, activity=activity)
        second = make_input(process, activity=make_activity(method, "Annen"))
        make_input(process, activity=make_activity(make_method(process, "Gjestebud")))
        make_input(process, "Uten aktivitet")

        assert set(filter_inputs(process, {"metode": str(method.pk)})) == {ours, second}

    def test_by_non_numeric_method_gives_nothing(self, process, activity):
        make_input(process, activity=activity)

        assert not filter_inputs(process, {"metode": "konferanser"}).exists()

    def test_filters_combine(self, process, activity):
        both = make_input(process, activity=activity, responsibility=KOMMUNE)
        make_input(process, activity=activity, responsibility=SAMMEN)
        make_input(process, responsibility=KOMMUNE)

        params = {"aktivitet": str(activity.pk), "ansvar": "kommune"}
        assert list(filter_inputs(process, params)) == [both]

    def test_most_recently_received_come_first(self, process):
        newer = make_input(process, "Nyere", received_at=datetime.datetime(2016, 3, 2, tzinfo=UTC))
        older = make_input(process, "Eldre", received_at=datetime.datetime(2016, 3, 1, tzinfo=UTC))

        assert list(filter_inputs(process, {})) == [newer, older]
