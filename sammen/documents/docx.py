"""The document as DOCX (python-docx): the same content as the PDF, with Word's own heading
and title styles (so the navigation pane and screen readers find the structure), header
rows that repeat on every page, the charts as PNG with their descriptions as alt text, and
Norwegian set as the document's language for spelling and reading aloud."""

import io
import re
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

from .content import DocumentContent

LANGUAGE_TAGS = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}
MUTED = RGBColor(0x55, 0x55, 0x55)


def _set_language(document, language: str) -> None:
    tag = LANGUAGE_TAGS.get(language, language)
    document.core_properties.language = tag
    rpr = document.styles.element.find(qn("w:docDefaults"))
    rpr = rpr.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)
    lang.set(qn("w:eastAsia"), tag)
    lang.set(qn("w:bidi"), tag)


def _page_numbers(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


# Characters XML 1.0 cannot hold; an input pasted from somewhere may carry one.
NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(value) -> str:
    return NOT_IN_XML.sub("", str(value))


def _run_xml(value, size: int | None) -> str:
    rpr = f'<w:rPr><w:sz w:val="{size}"/></w:rPr>' if size else ""
    lines = escape(clean(value)).split("\n")
    text = "<w:br/>".join(f'<w:t xml:space="preserve">{line}</w:t>' for line in lines)
    return f"<w:r>{rpr}{text}</w:r>"


def _table(document, headers: list[str], rows, caption: str = "", numeric=(), font=None):
    """A table with a repeating header row; `rows` are lists of values. The rows are written
    as XML in one go: python-docx's add_row() and .cells take 2 ms a row, which made a
    10,000-row appendix take half a minute."""
    if caption:
        document.add_paragraph(caption, style="Caption")
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    header = table.rows[0]
    _repeat_header(header)
    for index, (cell, text) in enumerate(zip(header.cells, headers, strict=True)):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        if font:
            run.font.size = font
        if index in numeric:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    widths = [column.w for column in table._tbl.tblGrid.gridCol_lst]
    size = int(font.pt * 2) if font else None
    right = '<w:pPr><w:jc w:val="right"/></w:pPr>'
    xml = []
    for values in rows:
        xml.append("<w:tr>")
        for index, (width, value) in enumerate(zip(widths, values, strict=True)):
            xml.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width.twips if width else 0}" w:type="dxa"/>'
                f"</w:tcPr><w:p>{right if index in numeric else ''}"
                f"{_run_xml(value, size)}</w:p></w:tc>"
            )
        xml.append("</w:tr>")
    if xml:
        body = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(xml)}</w:tbl>")
        for tr in list(body):
            table._tbl.append(tr)
    return table


def _muted(paragraph, text: str, size=None):
    run = paragraph.add_run(text)
    run.font.color.rgb = MUTED
    if size:
        run.font.size = size
    return run


def render_docx(content: DocumentContent, charts=()) -> bytes:
    c = content
    document = Document()
    _set_language(document, c.language)
    properties = document.core_properties
    properties.title = c.title
    properties.author = c.organisation
    properties.subject = f"{c.document_name}: {c.process_name}"
    properties.comments = c.version_label
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.left_margin = section.right_margin = Cm(2)
    _page_numbers(section)
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(10.5)

    # Title page.
    document.add_paragraph(" · ".join(filter(None, [c.organisation, c.area])))
    document.add_heading(c.title, level=0)
    document.add_paragraph(f"{c.document_name} · {c.process_name}")
    if c.main_goal:
        paragraph = document.add_paragraph()
        paragraph.add_run(_("Hovedmål:") + " ").bold = True
        paragraph.add_run(c.main_goal)
    document.add_paragraph(c.version_label)
    document.add_paragraph(_("Laget %(date)s") % {"date": c.generated_on})
    if c.data_note:
        _muted(document.add_paragraph(), c.data_note)
    document.add_page_break()

    document.add_heading(_("Sammendrag"), level=1)
    for paragraph in c.summary:
        document.add_paragraph(paragraph)
    _table(
        document,
        [_("Vurdering"), _("Innspill")],
        [[row.label, row.count] for row in c.assessments],
        caption=_("Hva innspillene førte til"),
        numeric=(1,),
    )

    document.add_page_break()
    document.add_heading(_("Prosessen"), level=1)
    for paragraph in c.description.splitlines():
        if paragraph.strip():
            document.add_paragraph(paragraph)
    if c.principles:
        document.add_heading(_("Nøkler"), level=2)
        for title, description in c.principles:
            paragraph = document.add_paragraph(style="List Number")
            paragraph.add_run(title).bold = True
            if description:
                paragraph.add_run(": " + description)
    if c.phases:
        document.add_heading(_("Faser"), level=2)
        _table(
            document,
            [_("Fase"), _("Tid"), _("Grad av innflytelse"), _("Beslutningspunkt")],
            [
                [f"{n}. {p.title}", p.dates, p.influence, p.decision]
                for n, p in enumerate(c.phases, start=1)
            ],
        )

    document.add_heading(_("Deltakelse"), level=1)
    document.add_heading(_("Metoder og deltakere"), level=2)
    p = c.participation
    rows = []
    for row in p.rows:
        method = row.method + "".join(
            "\n" + _("og %(note)s, ikke telt") % {"note": note} for note in row.uncounted
        )
        rows.append(
            [
                method,
                row.participants + ("*" if row.estimated else ""),
                row.reach or "–",
                row.inputs,
            ]
        )
    if p.inputs_without_activity:
        rows.append(
            [
                _("Innspill uten aktivitet (for eksempel nettskjema)"),
                "–",
                "–",
                p.inputs_without_activity,
            ]
        )
    table = _table(
        document,
        [_("Metode"), _("Deltakere"), _("Rekkevidde"), _("Innspill")],
        [*rows, [_("Totalt"), p.total_participants, p.total_reach, p.total_inputs]],
        caption=_("Deltakelse per metode"),
        numeric=(1, 2, 3),
    )
    for cell in table.rows[-1].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True
    _muted(document.add_paragraph(), _("* Spennet inneholder et anslag."))
    document.add_heading(_("Slik leses deltakertallet"), level=2)
    for note in p.notes:
        document.add_paragraph(note)

    document.add_page_break()
    document.add_heading(_("Figurer og fordelingen"), level=1)
    for number, chart in enumerate(charts, start=1):
        document.add_picture(io.BytesIO(chart.png), width=Cm(16))
        picture = document.inline_shapes[-1]
        picture._inline.docPr.set("descr", chart.description)
        picture._inline.docPr.set("title", chart.title)
        document.add_paragraph(
            _("Figur %(n)s: %(title)s") % {"n": number, "title": chart.title}, style="Caption"
        )
    headers = [_("Ansvar")] + ([_("Tiltak")] if c.is_temaplan else []) + [_("Innspill")]
    _table(
        document,
        headers,
        [[row.label] + ([row.actions] if c.is_temaplan else []) + [row.inputs] for row in c.split],
        caption=_("Fordelingen: hvem følger opp?"),
        numeric=(1, 2),
    )
    _table(
        document,
        [_("Innsatsområde"), _("Innspill")],
        [[row.label, row.count] for row in c.inputs_per_focus_area],
        caption=_("Innspill per innsatsområde"),
        numeric=(1,),
    )
    _muted(document.add_paragraph(), _("Et innspill kan høre til flere innsatsområder."))

    if c.is_temaplan:
        document.add_page_break()
        document.add_heading(_("Veikartet"), level=1)
        if c.roadmap_note:
            _muted(document.add_paragraph(), c.roadmap_note)
        for workshop in c.workshops:
            document.add_paragraph(
                _(
                    "Rangeringen er fra %(title)s (%(date)s): %(ballots)s stemmesedler, "
                    "%(points)s poeng hver å fordele på tiltakene."
                )
                % {
                    "title": workshop.title,
                    "date": workshop.date,
                    "ballots": workshop.ballots,
                    "points": workshop.points_per_ballot,
                }
            )
        if not c.roadmap:
            document.add_paragraph(_("Veikartet har ingen mål ennå."))
        for area in c.roadmap:
            document.add_heading(area.title, level=2)
            if area.description:
                document.add_paragraph(area.description)
            for goal in area.goals:
                document.add_heading(_("Mål:") + " " + goal.title, level=3)
                if goal.description:
                    document.add_paragraph(goal.description)
                for strategy in goal.strategies:
                    paragraph = document.add_paragraph()
                    paragraph.add_run(_("Strategi:") + " " + strategy.title).bold = True
                    if strategy.description:
                        paragraph.add_run(" – " + strategy.description)
                    if not strategy.actions:
                        continue
                    rows = []
                    for action in strategy.actions:
                        title = action.title
                        if action.desired_effect:
                            title += "\n" + _("Ønsket effekt:") + " " + action.desired_effect
                        if action.timeframe:
                            title += f"\n{action.timeframe} · {action.status}"
                        rank = f"{action.points} ({action.rank}.)" if action.rank else "–"
                        rows.append(
                            [title, action.responsibility, ", ".join(action.actors) or "–", rank]
                        )
                    _table(
                        document,
                        [_("Tiltak"), _("Ansvar"), _("Aktører"), _("Poeng (plass)")],
                        rows,
                        numeric=(3,),
                    )

        document.add_heading(_("Politisk behandling"), level=1)
        if not c.treatments:
            document.add_paragraph(_("Planen er ikke politisk behandlet ennå."))
        for t in c.treatments:
            document.add_heading(f"{t.body} {t.meeting_date}", level=2)
            paragraph = document.add_paragraph()
            paragraph.add_run(_("Saksnummer:") + " ").bold = True
            paragraph.add_run(t.case_number)
            if t.is_illustrative:
                _muted(paragraph, " (" + _("illustrativt") + ")")
            paragraph.add_run(" · ")
            paragraph.add_run(_("Utfall:") + " ").bold = True
            paragraph.add_run(t.outcome + " · ")
            paragraph.add_run(_("Gjelder:") + " ").bold = True
            paragraph.add_run(t.document)
            for line in t.decision_text.splitlines():
                if line.strip():
                    document.add_paragraph(line)

    document.add_page_break()
    if c.opinions:
        document.add_heading(_("Påstandsavstemninger: meningsgrupper og enighet"), level=1)
        for o in c.opinions:
            document.add_heading(o.title, level=2)
            paragraph = document.add_paragraph()
            paragraph.add_run(o.question + " ").bold = True
            paragraph.add_run(
                _("%(participants)s deltakere, %(votes)s stemmer.")
                % {"participants": o.participants, "votes": o.votes}
            )
            for sentence in o.sentences:
                document.add_paragraph(sentence)

    document.add_heading(_("Vedlegg: merknadsbehandling"), level=1)
    n = c.appendix_count
    document.add_paragraph(
        ngettext(
            "Her står det godkjente innspillet, vurderingen av det og tiltakene det førte til.",
            "Her står alle de %(n)s godkjente innspillene, vurderingen av hvert og tiltakene "
            "det førte til.",
            n,
        )
        % {"n": n}
        + " "
        + _("Personopplysninger som fødselsnummer, e-postadresser og telefonnumre er skjult.")
    )
    small = Pt(8)
    for group in c.appendix:
        document.add_heading(group.title, level=2)
        rows = []
        for row in group.rows:
            assessment = row.assessment + (": " + row.reason if row.reason else "")
            rows.append([row.number, row.text, assessment, "; ".join(row.actions) or "–"])
        _table(
            document,
            [_("Nr."), _("Innspill"), _("Vurdering"), _("Førte til")],
            rows,
            font=small,
        )

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
