"""The one rule for showing the voluntary "about you" answers as counts: never a group smaller
than SAMMEN_MIN_GROUP (5), and never one that can be worked out from what is shown.

Every page, file and API answer that counts the answers uses it, through
sammen.insights.answers.answer_groups: the dashboard, the representativeness page, the open
data and the API's statistics. The rule lives here, below all of them, beside the answers it
protects; the counting lives in insights, which knows which answers have a counterpart in the
population (the parts, see `withhold_small_groups`).
"""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from django.conf import settings

SMALL = "small"  # fewer than the minimum
SHIELD = "shield"  # hidden so that a small group cannot be worked out


def min_group() -> int:
    """The smallest group shown (SAMMEN_MIN_GROUP)."""
    return settings.SAMMEN_MIN_GROUP


@dataclass(frozen=True)
class Withheld:
    """Counts as they may be shown: `hidden[i]` is None for a count shown, SMALL or SHIELD for
    one withheld; `total_shown` says whether their sum may be shown."""

    counts: list[int]
    hidden: list[str | None]
    total_shown: bool
    # Whether the sum of each part may be shown (or worked out) too: see withhold_small_groups.
    part_sums_shown: bool = True

    @property
    def nothing_shown(self) -> bool:
        return not self.total_shown

    def shown(self, index: int) -> int | None:
        """The count at `index` as it may be shown: None when withheld."""
        return None if self.hidden[index] else self.counts[index]


def withhold_small_groups(
    counts: Sequence[int], minimum: int | None = None, parts: Sequence[Hashable] | None = None
) -> Withheld:
    """Hide every group of 1 to minimum − 1 (a group of none singles no one out and is shown).

    Differencing: with the total shown, the total minus the groups shown is the hidden groups
    together. One hidden group would so be given away; so would hidden groups that are fewer
    than `minimum` together. Further groups are hidden, the smallest first, until the hidden
    ones are at least two and at least `minimum` together — then no hidden group can be worked
    out. That can always be reached when at least `minimum` answered. When fewer did, the total
    is withheld and every group is hidden, those of none too (a zero beside hidden groups
    would tell who is in them): the whole question is then shown as "fewer than five".

    Parts: where the sum of some of the groups can be worked out as well as the total (shares
    of the answers that have a counterpart in the population give away their sum, and so the
    sum of the rest), `parts` names each group's part, and the rule holds in each part on its
    own. Where a part's sum is itself 1 to minimum − 1, that cannot be: the groups are then
    withheld as one whole and `part_sums_shown` is False — the caller must show nothing that
    gives a part's sum away (no shares)."""
    minimum = min_group() if minimum is None else minimum
    counts = list(counts)
    if parts is not None and len(set(parts)) > 1:
        split = _withhold_by_part(counts, list(parts), minimum)
        if split is not None:
            return split
        whole = _withhold(counts, minimum)
        return Withheld(whole.counts, whole.hidden, whole.total_shown, part_sums_shown=False)
    return _withhold(counts, minimum)


def _withhold_by_part(counts: list[int], parts: list[Hashable], minimum: int) -> Withheld | None:
    hidden: list[str | None] = [None] * len(counts)
    for part in dict.fromkeys(parts):
        indices = [index for index, name in enumerate(parts) if name == part]
        inside = [counts[index] for index in indices]
        if not sum(inside):
            continue
        withheld = _withhold(inside, minimum)
        if not withheld.total_shown:
            return None
        for index, mark in zip(indices, withheld.hidden, strict=True):
            hidden[index] = mark
    if sum(counts) < minimum:
        return None
    return Withheld(counts, hidden, total_shown=True)


def _withhold(counts: list[int], minimum: int) -> Withheld:
    hidden: list[str | None] = [SMALL if 0 < count < minimum else None for count in counts]

    def hidden_sum() -> int:
        return sum(count for count, mark in zip(counts, hidden, strict=True) if mark)

    def exposed() -> bool:
        marked = sum(1 for mark in hidden if mark)
        return marked > 0 and (marked < 2 or hidden_sum() < minimum)

    shown = sorted(
        (count, index) for index, count in enumerate(counts) if count > 0 and not hidden[index]
    )
    for _count, index in shown:
        if not exposed():
            break
        hidden[index] = SHIELD
    if exposed() or sum(counts) < minimum:
        hidden = [mark or SHIELD for mark in hidden]
        return Withheld(counts, hidden, total_shown=False)
    return Withheld(counts, hidden, total_shown=True)
