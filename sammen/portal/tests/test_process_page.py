"""The public process page: timeline, how to take part, results."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from sammen.processes.models import Phase

from .factories import make_phase, make_public_activity, make_public_process

pytestmark = pytest.mark.django_db

D = datetime.date
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


@pytest.fixture
def today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 5, 10, 12, tzinfo=OSLO), tick=False)
    return D(2026, 5, 10)


def page(client, slug="nabolaget", language=None):
    if language:
        client.cookies["django_language"] = language
    return client.get(reverse("portal:process", args=[slug])).content.decode()


def test_upcoming_activity_shows_date_place_and_organiser(client, today):
    process = make_public_process()
    make_public_activity(
        process,
        "Folkemøte om parken",
        starts_on=D(2026, 6, 1),
        place="Borgen skole",
        organiser="Velforeningen",
        public_description="Ta med naboen.",
    )
    body = page(client)
    assert "Folkemøte om parken" in body
    assert '<time datetime="2026-06-01">1. juni 2026</time>' in body
    assert "Borgen skole" in body
    assert "Velforeningen" in body
    assert "Ta med naboen." in body


def test_upcoming_activity_date_follows_the_visitors_language(client, today):
    make_public_activity(make_public_process(), starts_on=D(2026, 6, 1))
    assert '<time datetime="2026-06-01">June 1, 2026</time>' in page(client, language="en")


def test_unpublished_activity_is_not_listed_as_a_way_to_take_part(client, today):
    process = make_public_process()
    make_public_activity(
        process, "Gjestebud", starts_on=D(2026, 6, 1), place="Storgata 1", is_public=False
    )
    body = page(client)
    assert "Storgata 1" not in body
    assert "Ingen aktiviteter er planlagt akkurat nå." in body


def test_page_says_so_when_no_activity_is_planned(client, today):
    make_public_process()
    assert "Ingen aktiviteter er planlagt akkurat nå." in page(client)


def test_current_phase_is_marked_as_the_current_step(client, borgen, time_machine):
    time_machine.move_to(datetime.datetime(2016, 3, 1, 12, tzinfo=OSLO), tick=False)
    body = page(client, "borgen")
    assert body.count('aria-current="step"') == 1
    current = body.split('aria-current="step"', 1)[1].split("</li>", 1)[0]
    assert "Livet på Borgen" in current
    assert "Pågår nå" in current


def test_phase_dates_are_machine_readable_and_in_the_visitors_language(client, borgen):
    body = page(client, "borgen", language="nn")
    assert '<time datetime="2016-05-01">1. mai 2016</time>' in body


def process_without_roadmap():
    process = make_public_process()
    make_phase(
        process,
        "Samskaping",
        kind=Phase.Kind.CO_CREATION,
        starts_on=D(2026, 3, 1),
        ends_on=D(2026, 6, 30),
    )
    make_phase(process, "Politisk behandling", kind=Phase.Kind.POLITICAL, starts_on=D(2026, 9, 1))
    return process


def test_results_promise_the_roadmap_after_the_co_creation_phase(client, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 1, 12, tzinfo=OSLO), tick=False)
    process_without_roadmap()
    body = page(client)
    assert "legges ut her når fasen er ferdig, etter planen 30. juni 2026" in body
    assert "Vedtaket legges ut her etter den politiske behandlingen" in body


def test_results_say_plainly_that_nothing_is_published_yet_once_phases_are_over(
    client, time_machine
):
    time_machine.move_to(datetime.datetime(2027, 5, 10, 12, tzinfo=OSLO), tick=False)
    process = process_without_roadmap()
    Phase.objects.filter(process=process, kind=Phase.Kind.POLITICAL).update(ends_on=D(2026, 11, 8))
    body = page(client)
    assert "Det er ikke lagt ut på denne siden ennå." in body
    assert "Vedtaket er ikke lagt ut på denne siden ennå." in body


def test_results_link_the_roadmap_and_name_the_decision_once_they_exist(client, borgen, today):
    body = page(client, "borgen")
    assert reverse("portal:results", args=["borgen"]) in body
    assert "Planen ble vedtatt av Kommunestyret 8. november 2016" in body
    assert "ikke lagt ut på denne siden ennå" not in body


def test_no_results_section_without_co_creation_or_political_phase(client, today):
    process = make_public_process()
    make_phase(process, "Dialog", kind=Phase.Kind.DIALOGUE, starts_on=D(2026, 1, 1))
    assert ">Resultater<" not in page(client)


def test_participation_figures_are_under_what_we_have_heard(client, borgen):
    body = page(client, "borgen")
    heard = body.split("Dette har vi hørt så langt", 1)[1]
    assert 'data-testid="total-participants">748–783<' in heard


def test_municipality_text_is_marked_as_norwegian_on_the_english_page(client, borgen):
    body = page(client, "borgen", language="en")
    # The name has an English version; the activities' titles exist only in Bokmål.
    assert "<h1>The Borgen project</h1>" in body
    assert '<strong lang="nb">Nærmiljøkonferanse 1</strong>' in body


def test_municipality_text_carries_no_extra_language_on_the_bokmal_page(client, borgen):
    assert "<h1>Borgenprosjektet</h1>" in page(client, "borgen")
