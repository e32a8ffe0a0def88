"""The generated files, opened and read back: the Borgen temaplan and participation report
as PDF (pdftotext, pdfinfo) and DOCX (python-docx), checked against the data."""

import datetime
import io
import re

import docx
import pytest

from sammen.documents.generation import build_document
from sammen.documents.models import PoliticalTreatment
from sammen.documents.services import create_document_version
from sammen.inputs.models import Input
from sammen.inputs.services import create_input
from sammen.processes.models import Process

from .files import docx_text, pdf_info, pdf_metadata, pdf_text
from .roadmap_factories import assess, link, make_roadmap

# Generating takes seconds: each class builds its files once, in the class's transaction.
pytestmark = pytest.mark.django_db


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="class")
def borgen_files(borgen_for_class, django_db_blocker):
    with django_db_blocker.unblock():
        process: Process = borgen_for_class
        actions = make_roadmap(process)
        first = Input.objects.filter(process=process).order_by("received_at", "pk").first()
        assess(first, "used")
        link(actions["utvalg"], first)
        create_input(
            actor=None,
            process=process,
            text="Ring Åse på 987 65 432 om dugnaden på løkka",
            received_at=first.received_at,
            moderation=Input.Moderation.PENDING,
        )
        draft = create_document_version(
            actor=None, process=process, kind="temaplan", title="Temaplan for Borgen"
        )
        PoliticalTreatment.objects.create(
            process=process,
            document=draft,
            body=PoliticalTreatment.Body.EXECUTIVE_COMMITTEE,
            meeting_date=datetime.date(2016, 9, 20),
            case_number="16/1234",
            outcome=PoliticalTreatment.Outcome.SENT_ON_HEARING,
            decision_text="Temaplanen sendes på offentlig høring.",
            is_illustrative=True,
        )
        files = build_document(process, "temaplan")
        report = build_document(process, "participation_report")
    return {
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
        assert "Mål: Flere møteplasser på Borgen" in text
        assert "Møteplass i Borgenhuset" in text
        assert "Enhet for nærmiljø" in text
        assert "12 (1.)" in text
        assert "Sammen (samskaping)" in text

    @pytest.mark.parametrize("fmt", ["pdf", "docx"])
    def test_an_assessed_input_shows_the_action_it_led_to(self, borgen_files, fmt):
        assert "Brukt" in borgen_files[fmt]
        assert "Lokalsamfunnsutvalg" in borgen_files[fmt]

    @pytest.mark.parametrize("fmt", ["pdf", "docx"])
    def test_the_political_treatments_so_far_are_listed(self, borgen_files, fmt):
        text = borgen_files[fmt]
        assert "Formannskapet 20. september 2016" in text
        assert "16/1234" in text
        assert "Temaplanen sendes på offentlig høring." in text

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
        assert "Mål: Flere møteplasser på Borgen" not in text
        assert "Planen er ikke politisk behandlet ennå" not in text
