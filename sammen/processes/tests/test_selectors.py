import datetime

import pytest
from django.http import Http404

from sammen.processes.models import Process
from sammen.processes.selectors import get_process, phases_with_current, public_processes
from sammen.processes.services import add_phase

from .factories import make_organisation, make_process

D = datetime.date


@pytest.fixture
def process(db):
    """Two dated phases with a gap between them, then one without an end."""
    process = make_process(slug="borgen", status=Process.Status.ACTIVE)
    add_phase(
        actor=None,
        process=process,
        title="Dialog",
        starts_on=D(2016, 1, 16),
        ends_on=D(2016, 4, 30),
    )
    add_phase(
        actor=None,
        process=process,
        title="Samskaping",
        starts_on=D(2016, 5, 10),
        ends_on=D(2016, 6, 30),
    )
    add_phase(actor=None, process=process, title="Gjennomføring", starts_on=D(2017, 1, 1))
    return process


def current_title(process, today):
    _, current = phases_with_current(process, today=today)
    return current.title if current else None


def test_phases_with_current_returns_all_phases_in_order(process):
    phases, _ = phases_with_current(process, today=D(2016, 3, 1))

    assert [phase.title for phase in phases] == ["Dialog", "Samskaping", "Gjennomføring"]


def test_the_current_phase_is_the_one_running_today(process):
    assert current_title(process, D(2016, 5, 20)) == "Samskaping"


def test_a_phase_is_current_on_its_first_and_last_day(process):
    assert (current_title(process, D(2016, 1, 16)), current_title(process, D(2016, 4, 30))) == (
        "Dialog",
        "Dialog",
    )


def test_an_open_ended_phase_is_current_once_it_has_started(process):
    assert current_title(process, D(2030, 1, 1)) == "Gjennomføring"


def test_no_phase_is_current_before_the_first_starts(process):
    assert current_title(process, D(2015, 12, 31)) is None


def test_no_phase_is_current_between_two_phases(process):
    assert current_title(process, D(2016, 5, 5)) is None


def test_get_process_with_an_unknown_slug_raises_404_naming_the_slug(db):
    with pytest.raises(Http404) as raised:
        get_process("finnes-ikke", public=True)

    assert "«finnes-ikke»" in str(raised.value)


def test_a_draft_process_is_not_found_publicly(db):
    make_process(slug="utkast", status=Process.Status.DRAFT)

    with pytest.raises(Http404):
        get_process("utkast", public=True)


def test_a_draft_process_is_found_for_staff(db):
    draft = make_process(slug="utkast", status=Process.Status.DRAFT)

    assert get_process("utkast", public=False) == draft


def test_public_processes_leave_out_drafts_and_archived(db):
    organisation = make_organisation()
    for status in Process.Status:
        make_process(slug=status.value, organisation=organisation, status=status)

    assert sorted(process.slug for process in public_processes()) == ["active", "completed"]
