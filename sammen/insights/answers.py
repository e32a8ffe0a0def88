"""The voluntary "about you" answers of a process, counted per choice question with small
groups withheld by the site's one rule (sammen.contributors.small_groups). The dashboard, the
representativeness page, the open data and the API's statistics all read them from here, so
the same groups are hidden everywhere and nothing hidden on one can be worked out from
another.

The parts: on the representativeness page each answer with a counterpart in the population
gets a share of those answers, which gives away their sum, and so the sum of the rest ("Vil
ikke svare", a choice since removed). The rule is applied to the two parts on their own; where
it cannot be (two said "Vil ikke svare"), `withheld.part_sums_shown` is False and no shares
are shown.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import get_language

from sammen.contributors.models import ContributorAnswer, ContributorQuestion
from sammen.contributors.small_groups import Withheld, withhold_small_groups
from sammen.inputs.models import Input
from sammen.processes.models import Process

from .population_categories import answer_category, question_dimension


@dataclass(frozen=True)
class QuestionGroups:
    """One choice question's answers (of approved inputs), a count per value with the rule
    applied: the question's choices in order, then any other value stored (a choice since
    removed), each with its words in the reader's language."""

    question: ContributorQuestion
    values: list[str]
    labels: list[str]
    withheld: Withheld
    # Whether any answer counted is made up for a demonstration
    # (ContributorAnswer.is_illustrative), which every reader of the figures must be told.
    illustrative: bool = False

    @property
    def counts(self) -> list[int]:
        return self.withheld.counts

    @property
    def answered(self) -> int:
        return sum(self.counts)


def _labels(question: ContributorQuestion, values: list[str]) -> list[str]:
    translated = getattr(question, f"choices_{get_language()}", None) or []
    words = (
        dict(zip(question.choices, translated, strict=True))
        if len(translated) == len(question.choices)
        else {}
    )
    return [words.get(value, value) for value in values]


def answer_groups(process: Process) -> list[QuestionGroups]:
    """Every choice question of the process with its answers counted and small groups
    withheld (free-text answers are never counted). Answers to inputs that are not approved
    are not counted."""
    questions = ContributorQuestion.objects.filter(
        process=process, kind=ContributorQuestion.Kind.CHOICE
    ).order_by("order")
    rows = (
        ContributorAnswer.objects.filter(
            question__process=process, input__moderation=Input.Moderation.APPROVED
        )
        .values("question_id", "value")
        .annotate(n=Count("pk"), illustrative=Count("pk", filter=Q(is_illustrative=True)))
        .order_by()
    )
    counts: dict[tuple[int, str], int] = {}
    illustrative: set[int] = set()
    for row in rows:
        counts[row["question_id"], row["value"]] = row["n"]
        if row["illustrative"]:
            illustrative.add(row["question_id"])
    found = []
    for question in questions:
        values = list(question.choices)
        values += sorted(
            {value for (pk, value) in counts if pk == question.pk and value not in values}
        )
        figures = [counts.get((question.pk, value), 0) for value in values]
        categories = comparable_categories(question, values)
        found.append(
            QuestionGroups(
                question,
                values,
                _labels(question, values),
                withhold_small_groups(
                    figures, parts=[category is not None for category in categories]
                ),
                illustrative=question.pk in illustrative,
            )
        )
    return found


def comparable_categories(question: ContributorQuestion, values: list[str]) -> list:
    """What each value stands for in the population (None where it has no counterpart: a
    question about something else, "Vil ikke svare", a value no longer among the choices)."""
    dimension = question_dimension(list(question.choices))
    return [
        answer_category(dimension, value) if dimension and value in question.choices else None
        for value in values
    ]
