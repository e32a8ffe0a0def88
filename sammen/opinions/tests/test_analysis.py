"""The mathematics of opinion groups on small cases with known answers."""

from dataclasses import replace

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from sammen.opinions.analysis import (
    MESSAGE_FEW_PARTICIPANTS,
    MESSAGE_FEW_STATEMENTS,
    POLIS_2017_04,
    _clean_start,
    _kmeans,
    _silhouette,
    analyse,
)

CAMP = 20  # participants per camp
CONSENSUS = 0  # everyone agrees
SPLIT = 1  # camp 0 agrees, camp 1 disagrees


def two_camps(seed=0, noise=0.1):
    """Two camps of 20 on 12 statements: statement 0 everyone agrees with, statements 1-11
    split the camps (camp 0 agrees, camp 1 disagrees), with a little noise except on 0 and 1."""
    rng = np.random.default_rng(seed)
    camp = np.repeat([0, 1], CAMP)
    rows, cols, values = [], [], []
    for p, c in enumerate(camp):
        for s in range(12):
            if s == CONSENSUS:
                vote = 1
            else:
                vote = 1 if c == 0 else -1
                if s != SPLIT and rng.random() < noise:
                    vote = -vote
            rows.append(p)
            cols.append(s)
            values.append(vote)
    return np.array(rows), np.array(cols), np.array(values), camp


def run(rows, cols, values, **kwargs):
    return analyse(
        rows,
        cols,
        values,
        n_participants=int(rows.max()) + 1,
        n_statements=int(cols.max()) + 1,
        **kwargs,
    )


def test_two_planted_camps_give_two_groups_matching_them():
    rows, cols, values, camp = two_camps()
    result = run(rows, cols, values)
    assert len(result.groups) == 2
    assert adjusted_rand_score(camp, result.group_of) == 1.0
    assert result.message == ""


def test_statement_everyone_agrees_with_is_the_top_consensus():
    rows, cols, values, _ = two_camps()
    result = run(rows, cols, values)
    top = result.consensus[0]
    assert top.statement == CONSENSUS
    assert top.agree_shares == (1.0, 1.0)


def test_statement_splitting_the_camps_is_the_top_divisive():
    rows, cols, values, _ = two_camps()
    result = run(rows, cols, values)
    assert result.divisive[0].statement == SPLIT
    assert sorted(result.divisive[0].agree_shares) == [0.0, 1.0]
    assert all(d.statement != CONSENSUS for d in result.divisive)


def test_splitting_statement_represents_each_camp_in_its_direction():
    rows, cols, values, camp = two_camps()
    result = run(rows, cols, values)
    for group in result.groups:
        group_camp = camp[group.members[0]]
        rep = {r.statement: r for r in group.representative}
        assert SPLIT in rep
        assert rep[SPLIT].direction == ("agree" if group_camp == 0 else "disagree")
        assert rep[SPLIT].share == 1.0
        assert CONSENSUS not in rep  # what all agree on does not set a group apart


def test_fewer_votes_than_min_votes_gives_a_message_and_no_groups():
    rows, cols, values, _ = two_camps()
    few = cols < 3  # 3 votes each, on 12 statements: below 7
    keep_rows = np.concatenate([rows[few], [0]])
    keep_cols = np.concatenate([cols[few], [11]])  # so that 4 statements exist
    keep_values = np.concatenate([values[few], [1]])
    result = run(keep_rows, keep_cols, keep_values)
    assert result.groups == []
    assert (result.group_of == -1).all()
    assert result.message == MESSAGE_FEW_PARTICIPANTS.format(needed=4, votes=4, have=1)


def test_votes_on_a_single_statement_give_a_message():
    result = analyse([0, 1, 2], [0, 0, 0], [1, -1, 0], n_participants=3, n_statements=5)
    assert result.groups == []
    assert result.message == MESSAGE_FEW_STATEMENTS


def test_same_input_and_seed_give_the_same_output():
    rows, cols, values, _ = two_camps(noise=0.3)
    first = run(rows, cols, values, seed=3)
    second = run(rows, cols, values, seed=3)
    np.testing.assert_array_equal(first.group_of, second.group_of)
    np.testing.assert_array_equal(first.projection, second.projection)
    assert first.consensus == second.consensus
    assert [g.representative for g in first.groups] == [g.representative for g in second.groups]


def test_projection_is_nan_only_for_those_not_in_the_conversation():
    rows, cols, values, _ = two_camps()
    extra = np.array([40, 40]), np.array([0, 1]), np.array([1, 1])  # two votes only
    result = run(
        np.concatenate([rows, extra[0]]),
        np.concatenate([cols, extra[1]]),
        np.concatenate([values, extra[2]]),
    )
    assert not result.in_conversation[40]
    assert result.group_of[40] == -1
    assert np.isnan(result.projection[40]).all()
    assert np.isfinite(result.projection[:40]).all()


def test_a_repeated_vote_is_refused():
    with pytest.raises(ValueError, match="twice"):
        analyse([0, 0], [1, 1], [1, -1], n_participants=1, n_statements=2)


def test_a_vote_outside_minus_one_to_one_is_refused():
    with pytest.raises(ValueError, match="agree"):
        analyse([0], [0], [2], n_participants=1, n_statements=1)


def test_moderated_out_statement_is_never_listed():
    rows, cols, values, _ = two_camps()
    result = run(rows, cols, values, moderated_out=[CONSENSUS, SPLIT])
    listed = {a.statement for a in result.consensus + result.divisive} | {
        r.statement for g in result.groups for r in g.representative
    }
    assert not listed & {CONSENSUS, SPLIT}
    assert len(result.groups) == 2


def test_warm_start_keeps_the_groups_of_the_previous_run():
    rows, cols, values, _ = two_camps()
    first = run(rows, cols, values)
    second = run(rows, cols, values, previous=first)
    assert adjusted_rand_score(first.group_of, second.group_of) == 1.0
    assert second.warm.smoothed_k == 2


def test_kmeans_starts_from_the_given_centres_and_drops_an_empty_cluster():
    # Points at 0, 1, 10, 11 on a line; a third centre far away gets no member and is
    # dropped rather than re-seeded, as in Pol.is.
    points = np.array([[0.0, 0], [1, 0], [10, 0], [11, 0]])
    start = np.array([[0.0, 0], [10, 0], [100, 100]])
    labels, ids, centres = _kmeans(points, start, np.array([0, 1, 2]))
    assert labels.tolist() == [0, 0, 1, 1]
    assert ids.tolist() == [0, 1]
    assert np.allclose(centres, [[0.5, 0], [10.5, 0]])


def test_kmeans_keeps_the_local_optimum_its_start_leads_to():
    # Pol.is does not restart k-means: started from the first two distinct points, three
    # points at 0, 1 and 10 split as {0} | {1, 10}, not as the cheaper {0, 1} | {10}.
    points = np.array([[0.0, 0], [4, 0], [10, 0]])
    labels, _, _ = _kmeans(points, points[:2], np.array([0, 1]))
    assert labels.tolist() == [0, 1, 1]


def test_clean_start_recentres_old_clusters_and_seeds_the_farthest_point():
    # Last run: one cluster (id 3) of the two points at the origin. Today a newcomer far
    # away: the old cluster keeps its id, the newcomer starts cluster 4.
    points = np.array([[0.0, 0], [0, 1], [20, 0]])
    ids, centres = _clean_start(points, np.array([3, 3, -1]), k=2)
    assert ids.tolist() == [3, 4]
    assert np.allclose(centres, [[0, 0.5], [20, 0]])


def test_silhouette_scores_a_base_cluster_alone_in_its_group_zero():
    centres = np.array([[0.0, 0], [0, 1], [10, 0]])
    labels = np.array([0, 0, 1])
    a, b = 1.0, (np.hypot(10, 0) + np.hypot(10, 1)) / 2
    expected = (2 * (b - a) / b + 0.0) / 3
    assert _silhouette(centres, labels) == pytest.approx(expected)


def test_group_count_shown_stays_when_the_runs_before_had_found_another():
    rows, cols, values, _ = two_camps()
    first = run(rows, cols, values)
    shown = first.warm.smoothed_k
    other = 3 if shown == 2 else 2
    # Pretend the last three runs had found `other` best: one more is not yet enough unless
    # this run finds it too; a run that finds `shown` resets the count.
    warm = replace(first.warm, last_k=other, last_k_count=3, smoothed_k=shown)
    second = run(rows, cols, values, previous=replace(first, warm=warm))
    assert second.warm.last_k == shown
    assert second.warm.last_k_count == 1
    assert second.warm.smoothed_k == shown


def test_next_run_continues_the_last_runs_axes_by_power_iteration():
    rows, cols, values, _ = two_camps(noise=0.2)
    first = run(rows, cols, values)
    second = run(rows, cols, values, previous=first)
    # The same votes: ten products from axes that are already the principal ones leave them.
    assert np.allclose(first.warm.components, second.warm.components, atol=1e-4)
    assert np.allclose(first.projection, second.projection, atol=1e-3)


def test_power_iteration_turns_the_start_towards_the_principal_axis():
    rows, cols, values, camp = two_camps()
    exact = run(rows, cols, values)
    rough = np.ones_like(exact.warm.components)  # Pol.is' start for unseen statements
    warm = replace(exact.warm, components=rough)
    result = run(rows, cols, values, previous=replace(exact, warm=warm))
    cosine = abs(np.dot(result.warm.components[0], exact.warm.components[0]))
    assert cosine > 0.99
    assert adjusted_rand_score(camp, result.group_of) == 1.0


def test_pol_is_2017_counts_a_moderated_out_statement_as_voted_on_by_everyone():
    rows, cols, values, _ = two_camps()
    # Participant 40 votes on 4 statements; statements 9-11 are moderated out.
    rows = np.concatenate([rows, [40, 40, 40, 40]])
    cols = np.concatenate([cols, [0, 1, 2, 3]])
    values = np.concatenate([values, [1, 1, 1, 1]])
    hidden = [9, 10, 11]
    now = run(rows, cols, values, moderated_out=hidden)
    then = run(rows, cols, values, moderated_out=hidden, polis=POLIS_2017_04)
    assert not now.in_conversation[40]  # 4 votes, fewer than 7
    assert then.in_conversation[40]  # 4 votes + 3 moderated-out statements counted = 7


def test_pol_is_2017_imputes_a_missing_vote_as_zero():
    rows, cols, values, camp = two_camps()
    keep = ~((rows < 5) & (cols >= 7))  # five participants skip five statements
    now = run(rows[keep], cols[keep], values[keep])
    then = run(rows[keep], cols[keep], values[keep], polis=POLIS_2017_04)
    assert not np.allclose(now.projection, then.projection)
    assert adjusted_rand_score(camp, then.group_of) == 1.0
