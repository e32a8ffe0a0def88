"""The dashboard's figures for the Borgen demo equal those of the participation accounting
(sammen.insights.selectors.participation_summary). The demo is loaded once for the module."""

import datetime

import pytest
from django.db import transaction

from sammen.demo.testing import load_borgen_for_test
from sammen.insights.dashboard import public_dashboard, staff_dashboard
from sammen.insights.selectors import Range, participation_summary

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def borgen_figures(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        process = load_borgen_for_test()
        yield (
            participation_summary(process),
            staff_dashboard(process, datetime.date(2026, 3, 10)),
            public_dashboard(process),
        )
        transaction.set_rollback(True)


def figures(board, name) -> list[list]:
    return [list(row) for row, _link in board.panel(name).rows]


def test_participants_per_method_equal_the_accounting(borgen_figures):
    summary, board, _public = borgen_figures

    expected = [
        [row.method.title, row.figures.participants.low, row.figures.participants.high]
        for row in summary.methods
    ]
    assert figures(board, "deltakere") == expected
    assert summary.total.participants == Range(748, 783)


def test_participants_over_time_add_up_to_the_accounting_total(borgen_figures):
    summary, board, _public = borgen_figures

    rows = figures(board, "deltakere-over-tid")

    assert Range(sum(r[1] for r in rows), sum(r[2] for r in rows)) == summary.total.participants


def test_inputs_over_time_by_channel_and_by_responsibility_add_up_to_the_accounting(
    borgen_figures,
):
    summary, board, _public = borgen_figures

    totals = {
        name: sum(row[-1] for row in figures(board, name))
        for name in ("innspill-over-tid", "kanaler", "ansvar")
    }

    assert totals == dict.fromkeys(totals, summary.total.inputs)
    assert summary.total.inputs == 458


def test_public_figures_equal_the_staff_figures(borgen_figures):
    _summary, board, public = borgen_figures

    for panel in public.panels:
        assert figures(public, panel.name) == figures(board, panel.name), panel.name
