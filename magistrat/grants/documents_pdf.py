"""The settlement report as PDF, drawn with magistrat.core.pdf (the A3 poster is in poster.py).

Polish whatever the interface language (documents.py switches the language and settlement.py
gathers the report's content); amounts and dates go through core.formatting.
"""

from decimal import Decimal
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.platypus import CondPageBreak, KeepTogether, NextPageTemplate, Spacer, Table, TableStyle

from magistrat.core import formatting, pdf
from magistrat.core.formatting import money, quantity
from magistrat.core.pdf import mm

from .settlement import Settlement

MARGINS = (14, 14, 20, 14)          # top, right, bottom, left [mm]; landscape A4
PAGE_LABEL = "strona {page} z {pages}"
SMALL_TABLE_ROWS = 12               # a section this short is kept on one page with its heading
BARE = [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")]


def _percent(share) -> str:
    return "" if share is None else formatting.money(Decimal(share) * 100, currency="") + "%"


# --- Settlement report -----------------------------------------------------------------------

def settlement_pdf(data: Settlement, handle) -> None:
    """"Rozliczenie projektu grantowego": landscape A4, numbered "strona X z Y", the project's
    title and numbers atop every page after the first, tables continued with their header."""
    project = data.project
    width = pdf.frame_width(landscape_orientation=True, margins=MARGINS)
    number = project.agreement_number or project.umbrella_number
    footer = " · ".join(x for x in (project.organization.name, f"rozliczenie projektu {number}".strip(),
                                    f"sporządzono {formatting.date(data.generated)}") if x)
    pdf.build(handle, _story(data, width), title=f"Rozliczenie projektu: {project.title}", footer_text=footer,
              landscape_orientation=True, margins=MARGINS, running_header=_running_header(data, width),
              page_label=PAGE_LABEL)


def _running_header(data: Settlement, width: float) -> Table:
    size, project = pdf.styles().muted.fontSize, data.project
    numbers = " · ".join(x for x in (f"umowa nr {project.agreement_number}" if project.agreement_number else "",
                                     project.umbrella_number) if x)
    right = min(pdf.text_width(numbers, size) + 2, width * 0.5)
    title = pdf.wrap_text(f"Rozliczenie projektu grantowego: {project.title}", width - right - 6 * mm, size,
                          max_lines=1)[0]
    header = Table([[pdf.paragraph(title, "muted"), pdf.paragraph(numbers, pdf.right_aligned("muted"))], ["", ""]],
                   colWidths=[width - right, right], rowHeights=[None, 4 * mm], hAlign="LEFT")
    header.setStyle(TableStyle(BARE + [("LINEBELOW", (0, 0), (-1, 0), 0.4, pdf.GRID),
                                       ("BOTTOMPADDING", (0, 0), (-1, 0), 2)]))
    return header


def _cell(text, style="cell", *, markup: bool = False):
    return pdf.paragraph(text, style, markup=markup)


def _data_table(header: list[str], rows: list[list], width: float, weights: list[float], *,
                right: tuple = (), total: list | None = None, texts: list[list[str]] | None = None) -> Table:
    """A table of paragraphs with widths fitted to `texts` (the plain text of the cells, when
    `rows` hold flowables); columns in `right` are right-aligned; `total` is a bold last row."""
    widths = pdf.column_widths(header, (texts or rows) + ([total] if total else []), width, weights,
                               bold_rows=1 if total else 0)
    bold, bold_right = pdf.styles().cell_bold, pdf.right_aligned("cell_bold")
    cells = [[_cell(label, bold_right if index in right else bold) for index, label in enumerate(header)]]
    cells += [[_cell(text, "cell_right" if index in right else "cell") if isinstance(text, str) else text
               for index, text in enumerate(row)] for row in rows]
    if total is not None:
        cells.append([_cell(text, bold_right if index in right else bold) for index, text in enumerate(total)])
    extra = [("BACKGROUND", (0, -1), (-1, -1), pdf.HEADER_FILL)] if total is not None else []
    return pdf.table(cells, widths, extra_style=extra)


def _section(number: int, title: str, flowables: list, rows: int, empty: str) -> list:
    """A numbered section whose heading never ends a page alone: a short section stays whole
    with its heading, a long one starts on a new page unless a few rows fit below the heading."""
    heading = pdf.paragraph(f"{number}. {title}", "heading")
    if not rows:
        return [KeepTogether([heading, pdf.paragraph(empty, "muted")])]
    if rows <= SMALL_TABLE_ROWS:
        return [KeepTogether([heading, *flowables])]
    return [CondPageBreak(45 * mm), heading, *flowables]


def _story(data: Settlement, width: float) -> list:
    s = pdf.styles()
    project, org = data.project, data.project.organization
    office = [f"<b>{escape(org.name)}</b>"] + [escape(x) for x in (org.address,) if x]
    place = f"{escape(data.place or '…………………')}, dnia {formatting.date(data.generated)}"
    top = Table([[pdf.paragraph("<br/>".join(office), s.small, markup=True), pdf.paragraph(place, s.right)]],
                colWidths=[width * 0.6, width * 0.4], hAlign="LEFT")
    top.setStyle(TableStyle(BARE))
    story = [top, Spacer(0, 4 * mm), pdf.paragraph("ROZLICZENIE PROJEKTU GRANTOWEGO", "title"),
             pdf.paragraph(f"„{project.title}”", "subtitle"), NextPageTemplate(pdf.CONTINUED)]
    if data.warnings:
        story += [_warnings(data, width), Spacer(0, 4 * mm)]
    sections = [
        ("Dane projektu", _facts, len(data.facts) // 2, ""),
        ("Źródła finansowania", _sources, len(data.sources), "Nie wprowadzono źródeł finansowania."),
        ("Budżet projektu — plan i wykonanie", _budget, len(data.budget_rows), "Nie wprowadzono pozycji budżetu."),
        ("Zestawienie dokumentów księgowych (wydatków)", _expenditures, len(data.expenditures),
         "W projekcie nie ujęto jeszcze żadnych wydatków."),
        ("Sprzęt zakupiony w projekcie", _assets, len(data.assets),
         "Z wydatkami projektu nie powiązano sprzętu z rejestru."),
        ("Wskaźniki", _indicators, len(data.indicators), "Nie określono wskaźników."),
        ("Obowiązki informacyjne i promocyjne", _promotion, len(data.promotion),
         "Program nie określa obowiązków promocyjnych."),
    ]
    for number, (title, part, rows, empty) in enumerate(sections, start=1):
        story += _section(number, title, part(data, width) if rows else [], rows, empty)
    story.append(_closing(data, width, len(sections) + 1))
    return story


WARNING_FILL = colors.HexColor("#fff6e0")
WARNING_LINE = colors.HexColor("#8a5a00")


def _warnings(data: Settlement, width: float) -> Table:
    """The same "Uwaga" lines as the workbook, in a framed box before the sections: what the
    coordinator must explain or correct before the settlement goes to the operator."""
    rows = [[pdf.paragraph("<b>Uwagi do sprawdzenia przed złożeniem rozliczenia</b>", "body", markup=True)]]
    rows += [[pdf.paragraph(f"Uwaga: {warning}", "cell")] for warning in data.warnings]
    box = Table(rows, colWidths=[width], hAlign="LEFT")
    box.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), WARNING_FILL),
                             ("BOX", (0, 0), (-1, -1), 0.8, WARNING_LINE),
                             ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                             ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return box


def _facts(data: Settlement, width: float) -> list:
    def shown(value) -> str:
        if isinstance(value, str):
            return value
        return money(value) if isinstance(value, Decimal) else formatting.date(value) or "—"

    half = (len(data.facts) + 1) // 2
    pairs = [(data.facts[i], data.facts[i + half] if i + half < len(data.facts) else ("", ""))
             for i in range(half)]
    rows = [[_cell(a, "cell_bold"), _cell(shown(b)), _cell(c, "cell_bold"), _cell(shown(d))]
            for (a, b), (c, d) in pairs]
    label_width = 56 * mm
    table = Table(rows, colWidths=[label_width, width / 2 - label_width] * 2, hAlign="LEFT")
    table.setStyle(TableStyle(pdf.table_style(header_rows=0) + [
        ("BACKGROUND", (0, 0), (0, -1), pdf.HEADER_FILL), ("BACKGROUND", (2, 0), (2, -1), pdf.HEADER_FILL)]))
    return [table]


def _sources(data: Settlement, width: float) -> list:
    rows = [[source.name, money(source.amount), _percent(source.share)] for source in data.sources]
    funded = sum((source.amount for source in data.sources), Decimal("0.00"))
    total = ["Razem", money(funded), _percent(funded / data.total_value if data.total_value else None)]
    table = _data_table(["Źródło finansowania", "Kwota", "Udział"], rows, width * 0.55, [1, 0, 0],
                        right=(1, 2), total=total)
    words = (f"<b>Wartość projektu:</b> {money(data.total_value)}; <b>kwota grantu:</b> {money(data.granted)}, "
             f"słownie: {escape(data.granted_in_words)}")
    return [table, Spacer(0, 2 * mm), pdf.paragraph(words, "body", markup=True)]


def _budget(data: Settlement, width: float) -> list:
    rows = [[f"{i}.", r.name, r.area, money(r.planned), money(r.spent), money(r.eligible), money(r.remaining)]
            for i, r in enumerate(data.budget_rows, start=1)]
    t = data.budget_total
    total = ["", "Razem", "", money(t.planned), money(t.spent), money(t.eligible), money(t.remaining)]
    return [_data_table(["Lp.", "Pozycja budżetu", "Kategoria kosztów", "Plan", "Wydano (brutto)",
                         "Wydatki kwalifikowalne", "Pozostało"], rows, width, [0, 2, 1, 0, 0, 0, 0],
                        right=(0, 3, 4, 5, 6), total=total)]


def _expenditures(data: Settlement, width: float) -> list:
    texts, rows = [], []
    for i, e in enumerate(data.expenditures, start=1):
        text = [f"{i}.", e.document_number, formatting.date(e.document_date), e.supplier_name, e.description,
                money(e.net_amount), money(e.vat_amount), money(e.gross_amount), money(e.counted_amount),
                formatting.date(e.payment_date) or "—"]
        supplier = escape(e.supplier_name) + (f"<br/>NIP {e.supplier_nip_display}" if e.supplier_nip_display else "")
        line = f"<font color='#5b6570'>pozycja budżetu: {escape(e.budget_line.name)}</font>"
        if e.documents_text:
            line += f"<br/><font color='#5b6570'>dokumenty: {escape(e.documents_text)}</font>"
        if e.counted_note:
            line += f"<br/><font color='#8a5a00'>Uwaga: {escape(e.counted_note)}</font>"
        texts.append(text)
        rows.append([*text[:3], _cell(supplier, markup=True), _cell(f"{escape(e.description)}<br/>{line}",
                                                                     markup=True), *text[5:]])
    t = data.totals
    total = ["", "Razem", "", "", "", money(t.net), money(t.vat), money(t.gross), money(t.eligible), ""]
    table = _data_table(["Lp.", "Numer dokumentu", "Data wystawienia", "Dostawca (NIP)", "Opis wydatku",
                         "Netto", "VAT", "Brutto", "Kwalifikowalne", "Data zapłaty"], rows, width,
                        [0, 0, 0, 1.3, 2, 0, 0, 0, 0, 0], right=(0, 5, 6, 7, 8), total=total, texts=texts)
    words = f"<b>Razem wydatki kwalifikowalne:</b> {money(t.eligible)}, słownie: {escape(data.eligible_in_words)}"
    return [table, Spacer(0, 2 * mm), pdf.paragraph(words, "body", markup=True)]


def _assets(data: Settlement, width: float) -> list:
    rows = [[f"{i}.", a.inventory_number, a.serial_number or "—", a.name, a.make, a.location or "—",
             a.person or "—", a.status, a.documents] for i, a in enumerate(data.assets, start=1)]
    return [_data_table(["Lp.", "Numer inwentarzowy", "Numer seryjny", "Nazwa", "Producent i model",
                         "Lokalizacja", "Użytkownik", "Status", "Dokument zakupu"], rows, width,
                        [0, 0, 0, 1.4, 1.2, 1.4, 1.1, 0, 0], right=(0,))]


def _indicators(data: Settlement, width: float) -> list:
    rows = []
    for i in data.indicators:
        degree = "—"
        if i.achieved is not None and i.target:
            degree = quantity((i.achieved * 100 / i.target).quantize(Decimal("0.1"))) + "%"
        rows.append([i.code, i.name, i.unit, quantity(i.target, i.unit), quantity(i.achieved, i.unit), degree])
    return [_data_table(["Kod", "Wskaźnik", "Jednostka", "Wartość docelowa", "Wartość osiągnięta",
                         "Stopień realizacji"], rows, width, [0, 1, 0, 0, 0, 0], right=(3, 4, 5))]


def _promotion(data: Settlement, width: float) -> list:
    rows = [[f"{i}.", p.name, formatting.date(p.done_on) or "nie wykonano", p.evidence or "—"]
            for i, p in enumerate(data.promotion, start=1)]
    return [_data_table(["Lp.", "Obowiązek", "Data wykonania", "Dowód wykonania (opis, adres, pliki)"], rows, width,
                        [0, 1.2, 0, 1], right=(0,))]


def _closing(data: Settlement, width: float, number: int) -> KeepTogether:
    """The amounts in figures and in words, the date, the two signatures — never split."""
    size = pdf.styles().body.fontSize
    amounts = [("Kwota grantu", data.granted), ("Wydatki kwalifikowalne", data.totals.eligible),
               ("Niewykorzystana kwota grantu", data.unused)]
    if data.over_grant:
        amounts.append(("Wydatki ponad kwotę grantu", data.over_grant))
    rows = [[label, money(value), f"słownie: {formatting.amount_in_words(value)}"] for label, value in amounts]
    widths = pdf.column_widths(["", "", ""], rows, width, [0, 0, 1], font_size=size)
    table = Table([[_cell(a, "body"), _cell(b, "right"), _cell(c, "body")] for a, b, c in rows], colWidths=widths,
                  hAlign="LEFT")
    table.setStyle(TableStyle(pdf.table_style(header_rows=0, font_size=size) + [
        ("BACKGROUND", (0, 0), (0, -1), pdf.HEADER_FILL), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    statement = (f"Sporządzono dnia {formatting.date(data.generated)} na podstawie danych rejestru Magistrat "
                 f"({escape(data.project.organization.name)}).")
    return KeepTogether([
        pdf.paragraph(f"{number}. Podsumowanie", "heading"), table, Spacer(0, 3 * mm),
        pdf.paragraph(statement, "small"), Spacer(0, 16 * mm),
        pdf.signature_block(data.coordinator.role, data.coordinator.name, data.head.role, data.head.name, width)])
