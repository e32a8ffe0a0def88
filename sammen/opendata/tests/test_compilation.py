"""A compilation (offentleglova § 9): the inputs dataset filtered from the public form, the
filter written into the file, and a clear message for every bad value."""

import csv
import datetime
import io
import json
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from sammen.inputs.models import Input
from sammen.inputs.tests.factories import make_focus_area, make_input
from sammen.opendata.writers import CSV_META_LINES
from sammen.processes.models import Process
from sammen.processes.tests.factories import make_process

OSLO = ZoneInfo("Europe/Oslo")


def _at(day: int) -> datetime.datetime:
    return datetime.datetime(2016, 9, day, 12, tzinfo=OSLO)


@pytest.fixture
def process(db) -> Process:
    process = make_process(slug="torget", status=Process.Status.ACTIVE)
    places = make_focus_area(process, key="moteplasser", title="Møteplasser")
    make_focus_area(process, key="trafikk", title="Trafikk")
    make_input(process, "Et tak over benkene på torget", focus_areas=[places], received_at=_at(1))
    make_input(process, "Lengre åpningstid på biblioteket", received_at=_at(10))
    make_input(
        process,
        "Ring 987 65 432 om lekeplassen",
        channel=Input.Channel.WEB,
        place_name="Torget",
        received_at=_at(20),
    )
    return process


def _url(process, name="compilation", *args) -> str:
    return reverse(f"opendata:{name}", args=[process.slug, *args])


def _json(response) -> dict:
    return json.loads(b"".join(response.streaming_content))


def _texts(response) -> list[str]:
    return [row["tekst"] for row in _json(response)["rows"]]


def test_a_focus_area_gives_only_its_inputs(client, process):
    response = client.get(_url(process), {"format": "json", "innsatsomrade": "moteplasser"})

    assert _texts(response) == ["Et tak over benkene på torget"]


def test_a_process_that_keeps_its_inputs_from_the_public_exports_none(client, process):
    Process.objects.filter(pk=process.pk).update(inputs_public=False)
    response = client.get(_url(process), {"format": "json"})

    assert _texts(response) == []


def test_the_period_includes_both_its_days(client, process):
    period = {"fra": "2016-09-10", "til": "2016-09-20"}
    response = client.get(_url(process), {"format": "json", **period})

    assert _texts(response) == [
        "Lengre åpningstid på biblioteket",
        "Ring [telefonnummer skjult] om lekeplassen",
    ]


def test_channel_and_place_filter_together(client, process):
    response = client.get(_url(process), {"format": "json", "kanal": "web", "sted": "torg"})

    assert _texts(response) == ["Ring [telefonnummer skjult] om lekeplassen"]


def test_free_text_cannot_find_what_the_file_hides(client, process):
    hidden = client.get(_url(process), {"format": "json", "sok": "987 65 432"})
    shown = client.get(_url(process), {"format": "json", "sok": "lekeplass"})

    assert _texts(hidden) == []
    assert _texts(shown) == ["Ring [telefonnummer skjult] om lekeplassen"]


def test_the_filter_is_written_into_the_json(client, process):
    response = client.get(_url(process), {"format": "json", "innsatsomrade": "moteplasser"})
    meta = _json(response)["metadata"]

    assert meta["selection"] == {"innsatsomrade": "moteplasser"}
    assert "offentleglova § 9" in meta["selection_text"]
    assert "Innsatsområde: Møteplasser" in meta["selection_text"]
    assert "torget-innspill-utvalg.json" in response["Content-Disposition"]


def test_the_filter_is_written_into_the_csv(client, process):
    response = client.get(_url(process), {"format": "csv", "kanal": "web"})
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    rows = list(csv.DictReader(io.StringIO("\n".join(lines[CSV_META_LINES:]))))

    assert "Kanal: Nettskjema" in lines[2]
    assert [row["kanal"] for row in rows] == ["web"]


def test_the_download_address_takes_the_same_filter(client, process):
    response = client.get(_url(process, "download", "innspill", "json"), {"innsatsomrade": "ingen"})

    assert len(_texts(response)) == 2


def test_no_filter_is_the_whole_dataset(client, process):
    response = client.get(_url(process), {"format": "json"})
    meta = _json(response)["metadata"]

    assert meta["selection"] == {}
    assert "compilation" not in meta


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kanal": "faks"}, "Ukjent verdi «faks»"),
        ({"status": "hemmelig"}, "Ukjent verdi «hemmelig»"),
        ({"innsatsomrade": "finnes-ikke"}, "Ukjent verdi «finnes-ikke»"),
        ({"format": "pdf"}, "Ukjent verdi «pdf»"),
        ({"fra": "2016-13-45"}, "Skriv en dato som ÅÅÅÅ-MM-DD"),
        ({"fra": "9999-01-01"}, "Velg en dato mellom 2000-01-01 og 2100-12-31"),
        ({"fra": "2016-09-20", "til": "2016-09-01"}, "Til-datoen kan ikke være før fra-datoen"),
        ({"sok": "x" * 201}, "Søketeksten kan være høyst 200 tegn"),
    ],
)
def test_a_bad_filter_gets_a_clear_message(client, process, params, message):
    response = client.get(_url(process), params)

    assert response.status_code == 400
    assert message in response.text


def test_a_bad_filter_on_the_download_address_gets_the_same_message(client, process):
    response = client.get(_url(process, "download", "innspill", "csv"), {"kanal": "faks"})

    assert response.status_code == 400
    assert "Ukjent verdi «faks»" in response.text


def test_only_the_inputs_can_be_filtered(client, process):
    response = client.get(_url(process, "download", "vedtak", "csv"), {"kanal": "web"})

    assert response.status_code == 400
    assert "Bare innspillene kan tas ut som et utvalg" in response.text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("meldinger", "csv"), "Det finnes ikke noe datasett som heter «meldinger»"),
        (("vedtak", "geojson"), "finnes ikke som geojson"),
        (("innspill", "pdf"), "finnes ikke som pdf"),
    ],
)
def test_an_unknown_dataset_or_format_is_named(client, process, args, message):
    response = client.get(_url(process, "download", *args))

    assert response.status_code == 404
    assert message in response.text


def test_a_draft_process_has_no_open_data(client, db):
    draft = make_process(slug="utkast")

    assert client.get(_url(draft, "page")).status_code == 404
    assert client.get(_url(draft, "download", "innspill", "csv")).status_code == 404
