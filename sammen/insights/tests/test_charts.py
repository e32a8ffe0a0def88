import csv
import io
from xml.etree import ElementTree

from sammen.insights.charts import bar_chart, distribution_chart, fordelingen, range_chart

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> list[str]:
    root = ElementTree.fromstring(svg)
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def bars():
    return bar_chart(
        key="per-omrade",
        title="Innspill per innsatsområde",
        summary="Flest innspill om møteplasser.",
        labels=["Møteplasser", "Kultur og fritid", "Være hørt"],
        values=[120, 87, 5],
        label_heading="Innsatsområde",
        value_heading="Innspill",
    )


def test_bar_chart_svg_is_well_formed_with_title_summary_and_counts():
    svg = bars().svg()
    root = ElementTree.fromstring(svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Innspill per innsatsområde"
    assert root.find(f"{SVG}desc").text == "Flest innspill om møteplasser."
    assert root.get("aria-labelledby") == "per-omrade-title per-omrade-desc"
    drawn = texts(svg)
    for expected in ("Møteplasser", "Kultur og fritid", "120", "87", "5"):
        assert expected in drawn


def test_svg_is_the_same_each_time_and_carries_no_date():
    first, second = bars().svg(), bars().svg()
    assert first == second
    assert "<dc:date>" not in first


def test_png_starts_with_the_png_signature():
    assert bars().png(dpi=72).startswith(b"\x89PNG\r\n\x1a\n")


def test_csv_rows_equal_the_data():
    rows = list(csv.reader(io.StringIO(bars().csv())))
    assert rows == [
        ["Innsatsområde", "Innspill"],
        ["Møteplasser", "120"],
        ["Kultur og fritid", "87"],
        ["Være hørt", "5"],
    ]


def test_range_chart_writes_a_range_as_a_range_and_an_exact_count_once():
    chart = range_chart(
        key="metoder",
        title="Deltakere per metode",
        summary="Mellom 748 og 783 deltakere.",
        labels=["Gjestebud", "Veikartverksted"],
        ranges=[(120, 150), (59, 59)],
        label_heading="Metode",
        low_heading="Minst",
        high_heading="Høyst",
        value_heading="Deltakere",
    )
    drawn = texts(chart.svg())
    assert "120–150" in drawn
    assert "59" in drawn and "59–59" not in drawn
    assert chart.rows == [["Gjestebud", 120, 150], ["Veikartverksted", 59, 59]]


def test_distribution_chart_names_and_counts_each_region():
    chart = distribution_chart(
        key="fordeling",
        title="Fordelingen",
        summary="Tiltak fordelt på ansvar.",
        organisation="Asker kommune",
        residents="Innbyggerne",
        together="Sammen / samskaping",
        counts=(12, 7, 11),
        label_heading="Ansvar",
        value_heading="Tiltak",
    )
    drawn = texts(chart.svg())
    assert "Asker kommune" in drawn and "Innbyggerne" in drawn
    assert {"12", "7", "11"} <= set(drawn)
    assert "Sammen" in drawn and "samskaping" in drawn  # one line each, in the overlap
    assert chart.rows == [
        ["Asker kommune", 12],
        ["Sammen / samskaping", 11],
        ["Innbyggerne", 7],
    ]


def test_fordelingen_reads_counts_by_responsibility_and_says_them_in_its_summary():
    chart = fordelingen("f", "Asker kommune", {"kommune": 3, "sammen": 4}, subject="tiltak")
    assert [row[1] for row in chart.rows] == [3, 4, 0]
    assert "Asker kommune 3" in chart.summary
    assert chart.data_uri().startswith("data:image/svg+xml;base64,")
