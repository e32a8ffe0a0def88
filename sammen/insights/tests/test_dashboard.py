import csv
import datetime
import io
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.http import QueryDict
from django.urls import reverse

from sammen.contributors.services import add_contributor_question, record_contributor_details
from sammen.engagement.tests.factories import (
    make_activity,
    make_method,
    make_process,
    make_target_group,
)
from sammen.inputs.models import Input
from sammen.inputs.selectors import filter_inputs
from sammen.inputs.tests.factories import make_focus_area, make_input
from sammen.insights import charts
from sammen.insights.dashboard import public_dashboard, staff_dashboard
from sammen.processes.models import Process

TODAY = datetime.date(2026, 3, 10)
OSLO = ZoneInfo("Europe/Oslo")


def received(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 12, tzinfo=OSLO)


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


# --- The charts are drawn once -----------------------------------------------------------


def test_an_equal_chart_is_not_drawn_again_and_a_changed_one_is(monkeypatch):
    drawn = []
    original = charts.Chart._draw_svg
    monkeypatch.setattr(charts.Chart, "_draw_svg", lambda self: drawn.append(1) or original(self))

    def chart(value):
        return charts.bar_chart("k", "Tittel", "Sammendrag", ["A"], [value], "Navn", "Antall")

    first = chart(3).svg()
    again = chart(3).svg()
    changed = chart(4).svg()

    assert first == again and changed != first
    assert len(drawn) == 2


# --- A small world ----------------------------------------------------------------------


@pytest.fixture
def world(db):
    process = make_process()
    meetings = make_method(process, "Nærmiljøkonferanser")
    youth = make_target_group(process, "Barn og unge")
    make_target_group(process, "Eldre")
    march = make_activity(
        meetings,
        "Konferanse i mars",
        starts_on=datetime.date(2026, 3, 2),
        participants_low=30,
        participants_high=35,
        target_groups=[youth],
    )
    make_activity(meetings, "Konferanse i januar", starts_on=datetime.date(2026, 1, 12))
    area = make_focus_area(process)
    make_input(process, activity=march, focus_areas=[area], received_at=received(march.starts_on))
    january = received(datetime.date(2026, 1, 5))
    make_input(process, "Fra nettet", channel="web", received_at=january)
    make_input(
        process,
        "Venter",
        channel="web",
        moderation=Input.Moderation.PENDING,
        received_at=received(datetime.date(2026, 1, 6)),
    )
    return process


def panel_rows(panel):
    return [(list(row), link) for row, link in panel.rows]


def test_inputs_behind_each_linked_figure_are_as_many_as_the_figure(world):
    board = staff_dashboard(world, TODAY)
    for name in ("innsatsomrader", "ansvar", "kanaler", "innspill-over-tid"):
        for row, link in board.panel(name).rows:
            query = QueryDict(urlsplit(link).query)
            behind = filter_inputs(world, query).filter(moderation=Input.Moderation.APPROVED)
            assert behind.count() == row[-1], (name, row, link)


def test_participants_over_time_link_to_the_activities_of_their_month(world, staff_client):
    panel = staff_dashboard(world, TODAY, "month").panel("deltakere-over-tid")

    rows = {row[0]: (row, link) for row, link in panel.rows}
    row, link = rows["mar 2026"]
    page = staff_client.get(link).content.decode()

    assert (row[1], row[2]) == (30, 35)
    assert "Konferanse i mars" in page and "Konferanse i januar" not in page


def test_target_group_links_to_its_activities(world, staff_client):
    panel = staff_dashboard(world, TODAY).panel("malgrupper")

    (youth, youth_link), (elderly, _link) = panel.rows
    page = staff_client.get(youth_link).content.decode()

    assert list(youth) == ["Barn og unge", 0, 1] and list(elderly) == ["Eldre", 0, 0]
    assert "Konferanse i mars" in page and "Konferanse i januar" not in page


def test_method_links_to_its_activities(world):
    ((_row, link),) = staff_dashboard(world, TODAY).panel("deltakere").rows

    assert link == reverse("engagement:activities", args=[world.slug]) + (
        f"?metode={world.methods.get().pk}"
    )


def test_pending_inputs_are_in_no_figure(world):
    board = staff_dashboard(world, TODAY)

    channels = {row[0]: row[1] for row, _link in board.panel("kanaler").rows}
    assert channels == {"Nettskjema": 1, "Møte eller samling": 1}
    assert sum(row[1] for row, _link in board.panel("innspill-over-tid").rows) == 2


def test_a_short_span_is_shown_by_week_and_months_can_be_asked_for(world):
    weeks = staff_dashboard(world, TODAY).panel("innspill-over-tid")
    months = staff_dashboard(world, TODAY, "month").panel("innspill-over-tid")

    week_labels = [row[0] for row, _link in weeks.rows]
    assert (week_labels[0], week_labels[-1], len(week_labels)) == ("uke 2 2026", "uke 10 2026", 9)
    assert [list(row) for row, _link in months.rows] == [
        ["jan 2026", 1],
        ["feb 2026", 0],
        ["mar 2026", 1],
    ]


def test_unknown_period_is_refused_with_a_message(world, staff_client):
    url = reverse("insights:dashboard", args=[world.slug])

    response = staff_client.get(url, {"periode": "år"})

    assert response.status_code == 400
    assert "Ukjent periode «år»" in response.content.decode()


def test_staff_dashboard_is_linked_from_the_overview(world, staff_client):
    page = staff_client.get(reverse("insights:overview", args=[world.slug])).content.decode()

    assert reverse("insights:dashboard", args=[world.slug]) in page


def test_every_panel_has_a_title_summary_table_and_csv_link(world, staff_client):
    page = staff_client.get(reverse("insights:dashboard", args=[world.slug])).content.decode()

    for name in ("deltakere", "innsatsomrader", "ansvar", "kanaler", "malgrupper"):
        assert f'data-testid="summary-{name}"' in page
        assert reverse("insights:dashboard_csv", args=[world.slug, name]) in page
    assert page.count('<details class="ds-details chart__table">') >= 7


# --- CSV -------------------------------------------------------------------------------


def test_csv_download_holds_the_figures_of_the_chart(world, staff_client):
    url = reverse("insights:dashboard_csv", args=[world.slug, "kanaler"])

    response = staff_client.get(url)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="nabolaget-kanaler.csv"'
    assert csv_rows(response) == [
        ["Kanal", "Innspill"],
        ["Nettskjema", "1"],
        ["Møte eller samling", "1"],
    ]


def test_csv_of_a_range_has_its_low_and_high(world, staff_client):
    url = reverse("insights:dashboard_csv", args=[world.slug, "deltakere"])

    rows = csv_rows(staff_client.get(url))

    assert rows == [
        ["Metode", "Deltakere (fra)", "Deltakere (til)"],
        ["Nærmiljøkonferanser", "30", "35"],
    ]


def test_csv_of_an_unknown_figure_is_not_found(world, staff_client):
    url = reverse("insights:dashboard_csv", args=[world.slug, "finnes-ikke"])

    response = staff_client.get(url)

    assert response.status_code == 404
    assert "Fant ikke figuren «finnes-ikke»" in response.content.decode()


def test_public_csv_has_the_public_figures_only(world, client):
    world.status = Process.Status.ACTIVE
    world.save()
    ok = client.get(reverse("portal:results_csv", args=[world.slug, "deltakere"]))
    internal = client.get(reverse("portal:results_csv", args=[world.slug, "kanaler"]))

    assert ok.status_code == 200 and csv_rows(ok)[1] == ["Nærmiljøkonferanser", "30", "35"]
    assert internal.status_code == 404


# --- The voluntary answers ----------------------------------------------------------------


@pytest.fixture
def answered(db):
    """24 born in Norway, 4 born abroad: the 4 must never show, not even as 28 − 24."""
    process = make_process("svar")
    question = add_contributor_question(
        actor=None,
        process=process,
        key="fodeland",
        label="Er du født i Norge eller i utlandet?",
        purpose="Vi vil se om alle blir hørt.",
        choices=["Født i Norge", "Født i utlandet"],
    )
    for index, value in enumerate(["Født i Norge"] * 24 + ["Født i utlandet"] * 4):
        item = make_input(process, f"Innspill {index}")
        record_contributor_details(actor=None, item=item, answers={question: value})
    waiting = make_input(process, "Venter", moderation=Input.Moderation.PENDING)
    record_contributor_details(actor=None, item=waiting, answers={question: "Født i utlandet"})
    return process


def test_a_group_of_four_is_never_shown_nor_left_to_subtraction(answered, staff_client):
    url = reverse("insights:dashboard_csv", args=[answered.slug, "om-deg-fodeland"])

    rows = csv_rows(staff_client.get(url))

    assert rows == [
        ["Svar", "Innspill"],
        ["Født i Norge", "skjult"],
        ["Født i utlandet", "færre enn 5"],
    ]


def test_the_answer_page_says_small_groups_are_withheld_and_shows_no_four(answered, staff_client):
    page = staff_client.get(reverse("insights:dashboard", args=[answered.slug])).content.decode()
    panel = page[page.index('data-testid="panel-om-deg-fodeland"') :]
    panel = panel[: panel.index("</section>")]

    assert "færre enn 5" in panel and "Grupper med færre enn 5 svar vises ikke." in panel
    assert ">4<" not in panel and ">24<" not in panel
    assert "28 innspill har svar" in panel  # the pending input's answer is not counted


def test_answers_are_never_on_the_public_page(answered, client):
    answered.status = Process.Status.ACTIVE
    answered.save()

    page = client.get(reverse("portal:results", args=[answered.slug])).content.decode()
    response = client.get(reverse("portal:results_csv", args=[answered.slug, "om-deg-fodeland"]))

    assert "Født i utlandet" not in page and response.status_code == 404


def test_fewer_than_five_answers_say_so_and_show_no_figure(db, staff_client):
    process = make_process("faa")
    question = add_contributor_question(
        actor=None,
        process=process,
        key="omrade",
        label="Hvor bor du?",
        purpose="Vi vil vite om innspillene kommer fra hele området.",
        choices=["På Borgen", "Ellers i Asker"],
    )
    for value in ["På Borgen", "På Borgen", "Ellers i Asker"]:
        item = make_input(process)
        record_contributor_details(actor=None, item=item, answers={question: value})

    panel = staff_dashboard(process, TODAY).panel("om-deg-omrade")
    response = staff_client.get(reverse("insights:dashboard_csv", args=[process.slug, panel.name]))

    assert panel.chart is None and "Færre enn 5 har svart" in panel.empty
    assert response.status_code == 404


# --- The public part --------------------------------------------------------------------


def test_public_part_is_the_chosen_figures_with_public_links(world):
    board = public_dashboard(world)

    assert [panel.name for panel in board.panels] == [
        "deltakere",
        "innsatsomrader",
        "ansvar",
        "innspill-over-tid",
        "deltakere-over-tid",
    ]
    ((_row, link),) = board.panel("deltakere").rows
    assert link == f"/prosesser/{world.slug}/#metode-{world.methods.get().pk}"
    assert not any("/stab/" in (link or "") for panel in board.panels for _r, link in panel.rows)


def test_results_page_shows_the_public_figures(world, client):
    world.status = Process.Status.ACTIVE
    world.save()

    page = client.get(reverse("portal:results", args=[world.slug])).content.decode()

    assert 'id="tall"' in page and 'data-testid="summary-deltakere"' in page
    assert reverse("portal:results_csv", args=[world.slug, "deltakere"]) in page


# --- The filters the figures link with ------------------------------------------------------


def test_workbench_filters_by_received_month_and_channel(world):
    params = dict(parse_qsl("mottatt=2026-01&kanal=web"))

    texts = {item.text for item in filter_inputs(world, params)}

    assert texts == {"Fra nettet", "Venter"}


def test_workbench_matches_nothing_for_a_period_that_is_none(world):
    assert not filter_inputs(world, {"mottatt": "2026-13"}).exists()


def test_activity_list_refuses_an_unknown_period(world, staff_client):
    url = reverse("engagement:activities", args=[world.slug])

    response = staff_client.get(url, {"periode": "mars"})

    assert response.status_code == 404
    assert "Ukjent periode «mars»" in response.content.decode()
