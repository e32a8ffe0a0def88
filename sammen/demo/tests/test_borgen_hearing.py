"""The Borgen demo's hearing and political treatment, on the published dates."""

import datetime

import pytest

from sammen.documents.hearing_selectors import political_steps
from sammen.documents.models import Hearing, HearingResponse, PoliticalTreatment
from sammen.insights.selectors import participation_summary

pytestmark = pytest.mark.usefixtures("borgen_for_class")


@pytest.mark.django_db
class TestBorgenHearing:
    def test_the_hearing_ran_from_20_september_to_16_october_2016(self):
        hearing = Hearing.objects.get()
        assert (hearing.opens_on, hearing.deadline) == (
            datetime.date(2016, 9, 20),
            datetime.date(2016, 10, 16),
        )
        assert hearing.is_published
        assert 2 <= hearing.questions.count() <= 3
        assert "illustrative" in hearing.introduction

    def test_a_handful_of_responses_from_persons_and_associations_some_assessed(self):
        responses = HearingResponse.objects.all()
        assert 5 <= responses.count() <= 8
        kinds = set(responses.values_list("respondent_kind", flat=True))
        assert {"person", "organisation"} <= kinds
        assessed = responses.exclude(assessment="")
        assert 0 < assessed.count() < responses.count()
        assert (
            assessed.exclude(changed_in_next_version="")
            .filter(next_version__stage="final")
            .exists()
        )

    def test_three_illustrative_treatments_on_the_published_dates(self):
        treatments = list(PoliticalTreatment.objects.order_by("meeting_date"))
        assert [(t.body, t.meeting_date, t.outcome) for t in treatments] == [
            ("formannskapet", datetime.date(2016, 9, 20), "sent_on_hearing"),
            ("formannskapet", datetime.date(2016, 11, 1), "recommended"),
            ("kommunestyret", datetime.date(2016, 11, 8), "adopted"),
        ]
        assert all(t.is_illustrative for t in treatments)
        assert treatments[2].document.stage == "final"

    def test_the_plan_stands_adopted(self, borgen_for_class):
        steps = political_steps(borgen_for_class)
        assert [s.state for s in steps] == ["done", "done", "done", "done", "current"]
        assert steps[2].date == datetime.date(2016, 10, 16)

    def test_the_figures_still_read_748_to_783_participants_and_458_inputs(self, borgen_for_class):
        total = participation_summary(borgen_for_class).total
        assert (total.participants.low, total.participants.high) == (748, 783)
        assert total.inputs == 458
