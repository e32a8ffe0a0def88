"""The one small-group rule of the site (sammen.contributors.small_groups), without a
database: every page, file and API answer that counts the "about you" answers uses it."""

from hypothesis import given
from hypothesis import strategies as st

from sammen.contributors.small_groups import SHIELD, SMALL, min_group, withhold_small_groups


def test_a_group_of_four_is_withheld():
    withheld = withhold_small_groups([20, 4, 9])

    assert withheld.hidden[1] == SMALL and withheld.shown(1) is None


def test_one_small_group_hides_the_smallest_other_so_the_total_gives_nothing_away():
    withheld = withhold_small_groups([20, 4, 9])

    assert withheld.hidden == [None, SMALL, SHIELD]
    assert withheld.total_shown


def test_small_groups_together_under_five_hide_one_more():
    withheld = withhold_small_groups([30, 1, 2, 8])

    assert withheld.hidden == [None, SMALL, SMALL, SHIELD]


def test_two_small_groups_of_five_or_more_together_need_no_more_hidden():
    withheld = withhold_small_groups([30, 3, 4])

    assert withheld.hidden == [None, SMALL, SMALL]


def test_fewer_than_five_answers_in_all_hide_every_group_and_the_total():
    withheld = withhold_small_groups([3, 0])

    assert withheld.nothing_shown and not withheld.total_shown
    assert withheld.hidden == [SMALL, SHIELD]  # the zero would tell who the three are


def test_a_group_of_none_is_shown_and_hides_nothing():
    withheld = withhold_small_groups([12, 0, 7])

    assert withheld.hidden == [None, None, None]


def test_the_minimum_is_the_setting(settings):
    settings.SAMMEN_MIN_GROUP = 10

    withheld = withhold_small_groups([20, 7, 9])

    assert min_group() == 10 and withheld.hidden == [None, SMALL, SMALL]


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=6))
def test_no_group_under_five_can_be_read_or_worked_out(counts):
    withheld = withhold_small_groups(counts, minimum=5)
    shown = [c for c, mark in zip(counts, withheld.hidden, strict=True) if not mark]
    hidden = [c for c, mark in zip(counts, withheld.hidden, strict=True) if mark]
    # Nothing shown is a small group.
    assert not [c for c in shown if 0 < c < 5]
    if withheld.total_shown:
        # The total minus the groups shown is the hidden groups together: no single one of
        # them, and not fewer than five.
        assert not hidden or (len(hidden) >= 2 and sum(hidden) >= 5)
    else:
        assert not shown


def test_each_part_is_withheld_on_its_own_where_its_sum_can_be_worked_out():
    # Shares of the first three give away that they are 40 together: 40 − 30 − 6 = 4.
    withheld = withhold_small_groups([6, 30, 4, 5], parts=[True, True, True, False])

    assert withheld.hidden == [SHIELD, None, SMALL, None] and withheld.part_sums_shown


def test_a_part_too_small_to_stand_alone_withholds_its_sum_too():
    withheld = withhold_small_groups([20, 10, 2], parts=[True, True, False])

    assert withheld.hidden == [None, SHIELD, SMALL]
    assert withheld.total_shown and not withheld.part_sums_shown


@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=40), st.booleans()), min_size=1, max_size=6
    )
)
def test_no_group_under_five_can_be_worked_out_from_the_sum_of_its_part(groups):
    counts = [count for count, _part in groups]
    parts = [part for _count, part in groups]
    withheld = withhold_small_groups(counts, minimum=5, parts=parts)
    if withheld.total_shown and withheld.part_sums_shown:
        for part in set(parts):
            hidden = [
                c
                for c, p, mark in zip(counts, parts, withheld.hidden, strict=True)
                if p == part and mark
            ]
            assert not hidden or (len(hidden) >= 2 and sum(hidden) >= 5)
