"""The generated files, opened and read back: the Borgen temaplan and participation report
as PDF (pdftotext, pdfinfo) and DOCX (python-docx), checked against the data."""

import io
import re

import docx
import pytest
from django.db.models import Sum

from sammen.documents.generation import build_document
from sammen.documents.models import PoliticalTreatment
from sammen.inputs.models import Input
from sammen.inputs.services import create_input
from sammen.processes.models import Process
from sammen.roadmap.models import Action, ActionInput, BallotPoints

from .files import docx_text, pdf_info, pdf_metadata, pdf_text

# Generating takes seconds: each class builds its files once, in the class's transaction.
pytestmark = pytest.mark.django_db


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="class")
def borgen_files(borgen_for_class, django_db_blocker):
    """The demo's temaplan and participation report, with one input more that waits for a
    moderator (so is in no figure and not in the appendix); and the figures to expect, read
    from the data."""
    with django_db_blocker.unblock():
        process: Process = borgen_for_class
        first = Input.objects.filter(process=process).order_by("received_at", "pk").first()
        create_input(
            actor=None,
            process=process,
            text="Ring Åse på 987 65 432 om dugnaden på løkka",
            received_at=first.received_at,
            moderation=Input.Moderation.PENDING,
        )
        top = (
            BallotPoints.objects.filter(action__strategy__goal__process=process)
            .values("action")
            .annotate(total=Sum("points"))
            .order_by("-total")
            .first()
        )
        expected = {
            "top_action": Action.objects.get(pk=top["action"]),
            "top_points": top["total"],
            "treatments": list(PoliticalTreatment.objects.filter(process=process)),
            "linked": ActionInput.objects.filter(input__process=process)
            .select_related("action", "input")
            .order_by("input__received_at", "input_id")
            .first(),
        }
        files = build_document(process, "temaplan")
        report = build_document(process, "participation_report")
    return {
        **expected,
        "pdf": _one_line(pdf_text(files["pdf"])),
        "docx": _one_line(docx_text(files["docx"])),
        "pdf_bytes": files["pdf"],
        "docx_bytes": files["docx"],
        "report_pdf": _one_line(pdf_text(report["pdf"])),
        "report_docx": _one_line(docx_text(report["docx"])),
    }


@pytest.mark.usefixtures("borgen_files")
class TestBorgenTemaplan:
    @pytest.mark.parametrize("fmt", ["pdf", "docx"])
    def test_the_participants_are_the_range_748_to_783(self, borgen_files, fmt):
        text = borgen_files[fmt]
        assert "748–783 deltakere" in text
        assert "Det laveste tallet, 748, er bare de som ble telt" in text

    @pytest.mark.parametrize("fmt", ["pdf", "docx"])
    def test_the_458_inputs_are_counted_and_each_is_in_the_appendix(self, borgen_files, fmt):
        text = borgen_files[fmt]
        assert "458 innspill" in text
        assert "Her står alle de 458 godkjente innspillene" in text
        # The input waiting for a moderator is in no figure and not in the appendix.
        assert "dugnaden på løkka" not in text

    @pytest.mark.parametrize("fmt", ["pdf", "docx"])
    def test_the_main_goal_and_fordelingen_are_there(self, borgen_files, fmt):
        text = borgen_files[fmt]
        assert "Borgen er et aktivt, åpent og inkluderende lokalsamfunn" in text
        assert "Fordelingen" in text

    @pytest.mark.parametrize("fmt", ["pdf", "docx"])
    def test_norwegian_letters_are_intact(self, borgen_files, fmt):
        text = borgen_files[fmt]
        for word in [
            "Stedsutvikling",
            "Innspill per innsatsområde",
            "Møteplass",
            "«tause stemmer»",
        ]:
            assert word in text
        assert "Ã" not in text  # UTF-8 read as Latin-1 would show as "Ã¸", "Ã¥"

    @pytest.mark.parametrize("fmt", ["pdf", "docx"])
    def test_the_roadmap_shows_responsibility_actors_and_ranking(self, borgen_files, fmt):
        text = borgen_files[fmt]
        action = borgen_files["top_action"]
        assert _one_line(action.title) in text
        assert f"{borgen_files['top_points']} (1.)" in text
        for actor in action.actors.all():
            assert actor.name in text
        assert "Sammen (samskaping)" in text
        assert "Veikartet er et eksempel, ikke det kommunen har vedtatt." in text

    @pytest.mark.parametrize("fmt", ["pdf", "docx"])
    def test_an_input_shows_the_action_it_led_to(self, borgen_files, fmt):
        link = borgen_files["linked"]
        text = borgen_files[fmt]
        number = text.index(_one_line(link.input.text[:60]))
        assert _one_line(link.action.title) in text[number:]

    @pytest.mark.parametrize("fmt", ["pdf", "docx"])
    def test_the_political_treatments_so_far_are_listed(self, borgen_files, fmt):
        text = borgen_files[fmt]
        assert "Kommunestyret 8. november 2016" in text
        for treatment in borgen_files["treatments"]:
            assert treatment.case_number in text

    def test_the_pdf_is_tagged_and_says_it_is_pdf_ua(self, borgen_files):
        info = pdf_info(borgen_files["pdf_bytes"])
        assert info["Tagged"] == "yes"
        assert info["Title"] == "Temaplan – Borgenprosjektet"
        assert info["PDF version"] == "1.7"
        assert 'pdfuaid:part="1"' in pdf_metadata(borgen_files["pdf_bytes"])

    def test_the_docx_uses_heading_styles_and_says_its_language(self, borgen_files):
        document = docx.Document(io.BytesIO(borgen_files["docx_bytes"]))
        headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
        assert headings[:3] == ["Sammendrag", "Prosessen", "Deltakelse"]
        assert headings[-1] == "Vedlegg: merknadsbehandling"
        assert document.core_properties.language == "nb-NO"
        assert document.core_properties.title == "Temaplan – Borgenprosjektet"

    @pytest.mark.parametrize("fmt", ["report_pdf", "report_docx"])
    def test_the_participation_report_has_the_figures_but_no_roadmap(self, borgen_files, fmt):
        text = borgen_files[fmt]
        assert "Medvirkningsrapport" in text
        assert "748–783 deltakere" in text
        assert "Fordelingen" in text
        assert "Veikartet er et eksempel" not in text
        assert "Planen er ikke politisk behandlet ennå" not in text
