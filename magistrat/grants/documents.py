"""Settlement report (XLSX here, PDF in documents_pdf.py) and the public poster.

The workbook holds typed cells — amounts are numbers formatted as złoty, dates are dates — so
the coordinator can sum and filter them; labels are Polish like every document for the operator.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .settlement import Settlement, gather

MONEY = '#,##0.00 "zł"'
DATE = "DD.MM.YYYY"
PERCENT = "0.00%"
BOLD = Font(bold=True)
TOP = Alignment(wrap_text=True, vertical="top")


def _typed(value):
    """Integral quantities as int (15, not 15.00); other values as they are."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


def _format(cell) -> None:
    if isinstance(cell.value, datetime.date):
        cell.number_format = DATE
    elif isinstance(cell.value, Decimal):
        cell.number_format = MONEY


def _sheet(workbook, title, header, rows, formats=None, widths=None):
    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        sheet.append(list(row))
    for column, number_format in (formats or {}).items():
        for cell in sheet[column][1:]:
            cell.number_format = number_format
    for column, width in (widths or {}).items():
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return sheet


def _total_row(sheet, values, money_columns) -> None:
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    for column in money_columns:
        sheet[f"{column}{sheet.max_row}"].number_format = MONEY


def settlement_xlsx(project, handle) -> None:
    with translation.override("pl"):
        _settlement_xlsx(gather(project), handle)


def _summary_sheet(workbook, data: Settlement) -> None:
    sheet = _sheet(workbook, "Projekt", ["Pole", "Wartość"], data.facts, widths={"A": 34, "B": 80, "C": 12})
    sheet.append([])
    sheet.append(["Kwota grantu słownie", data.granted_in_words])
    sheet.append(["Wartość projektu", data.total_value])
    sheet.append(["Wydatki kwalifikowalne", data.totals.eligible])
    sheet.append(["Wydatki kwalifikowalne słownie", data.eligible_in_words])
    sheet.append(["Niewykorzystana kwota grantu", data.unused])
    if data.over_grant:
        sheet.append(["Wydatki ponad kwotę grantu", data.over_grant])
    sheet.append([])
    sheet.append(["Źródło finansowania", "Kwota", "Udział"])
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    for source in data.sources:
        sheet.append([source.name, source.amount, source.share])
        sheet.cell(sheet.max_row, 3).number_format = PERCENT
    funded = sum((s.amount for s in data.sources), Decimal("0.00"))
    _total_row(sheet, ["Razem", funded, funded / data.total_value if data.total_value else None], "B")
    sheet.cell(sheet.max_row, 3).number_format = PERCENT
    if data.warnings:
        sheet.append([])
        sheet.append(["Uwagi do sprawdzenia przed złożeniem rozliczenia"])
        sheet.cell(sheet.max_row, 1).font = BOLD
        for warning in data.warnings:
            sheet.append([f"Uwaga: {warning}"])
    for row in sheet.iter_rows(min_col=1, max_col=2):
        for cell in row:
            _format(cell)
            cell.alignment = TOP


def _settlement_xlsx(data: Settlement, handle) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = f"Rozliczenie projektu: {data.project.title}"
    workbook.properties.creator = "Magistrat"
    _summary_sheet(workbook, data)

    money = {c: MONEY for c in "CDEF"}
    sheet = _sheet(workbook, "Budżet", ["Pozycja budżetu", "Kategoria kosztów", "Plan", "Wydano (brutto)",
                                        "Kwalifikowalne", "Pozostało"],
                   [(r.name, r.area, r.planned, r.spent, r.eligible, r.remaining) for r in data.budget_rows],
                   formats=money, widths={"A": 40, "B": 24, "C": 16, "D": 16, "E": 16, "F": 16})
    total = data.budget_total
    _total_row(sheet, [total.name, "", total.planned, total.spent, total.eligible, total.remaining], "CDEF")
    for warning in data.budget.warnings:
        sheet.append([f"Uwaga: {warning}"])

    rows = [(i, e.document_number, e.document_date, e.supplier_name, e.supplier_nip_display, e.description,
             e.budget_line.name, e.net_amount, e.vat_amount, e.gross_amount, e.counted_amount, e.payment_date,
             e.documents_text, e.counted_note) for i, e in enumerate(data.expenditures, start=1)]
    sheet = _sheet(workbook, "Wydatki", ["Lp.", "Nr dokumentu", "Data dokumentu", "Dostawca", "NIP dostawcy",
                                         "Opis", "Pozycja budżetu", "Netto", "VAT", "Brutto", "Kwalifikowalne",
                                         "Data zapłaty", "Dokumenty", "Uwagi"], rows,
                   formats={"C": DATE, "L": DATE, **{c: MONEY for c in "HIJK"}},
                   widths={"A": 6, "B": 22, "C": 13, "D": 36, "E": 15, "F": 50, "G": 30, "H": 15, "I": 15,
                           "J": 15, "K": 15, "L": 13, "M": 50, "N": 40})
    totals = data.totals
    _total_row(sheet, [None, "Razem", None, None, None, None, None, totals.net, totals.vat, totals.gross,
                       totals.eligible], "HIJK")

    _sheet(workbook, "Sprzęt", ["Nr inwentarzowy", "Nr ewidencyjny ŚT", "Nazwa", "Kategoria",
                                "Producent i model", "Nr seryjny", "Lokalizacja", "Użytkownik", "Status",
                                "Dokument zakupu"],
           [(a.inventory_number, a.fixed_asset_number, a.name, a.category, a.make, a.serial_number, a.location,
             a.person, a.status, a.documents) for a in data.assets],
           widths={"A": 24, "B": 16, "C": 30, "D": 22, "E": 24, "F": 22, "G": 30, "H": 24, "I": 14, "J": 24})

    rows = [(i.code, i.name, i.unit, _typed(i.target), _typed(i.achieved),
             i.achieved / i.target if i.achieved is not None and i.target else None) for i in data.indicators]
    sheet = _sheet(workbook, "Wskaźniki", ["Kod", "Wskaźnik", "Jednostka", "Wartość docelowa", "Osiągnięto",
                                           "Stopień realizacji"], rows, formats={"F": PERCENT},
                   widths={"B": 60, "C": 10, "D": 16, "E": 14, "F": 16})
    for row, indicator in zip(sheet.iter_rows(min_row=2), data.indicators):
        if indicator.unit.strip().lower() == "zł":
            row[3].number_format = row[4].number_format = MONEY

    _sheet(workbook, "Promocja", ["Obowiązek", "Wykonano", "Dowód"],
           [(p.name, p.done_on or "nie wykonano", p.evidence) for p in data.promotion],
           formats={"B": DATE}, widths={"A": 70, "B": 14, "C": 60})
    workbook.save(handle)


def settlement_pdf(project, handle) -> None:
    from .documents_pdf import settlement_pdf as draw

    with translation.override("pl"):
        draw(gather(project), handle)


def public_url(project) -> str:
    """The address of the project's public page: from MAGISTRAT_BASE_URL, else the first of
    CSRF_TRUSTED_ORIGINS (production sets it to the site's address); empty when neither is set."""
    base = getattr(settings, "MAGISTRAT_BASE_URL", "") or next(iter(settings.CSRF_TRUSTED_ORIGINS or []), "")
    if not base:
        return ""
    return base.rstrip("/") + reverse("grants:public_project", args=[project.pk])


def poster_pdf(project, handle, *, url: str | None = None) -> None:
    """The A3 poster; `url` (the public page, e.g. from the request) defaults to public_url()."""
    from .poster import poster_pdf as draw

    with translation.override("pl"):
        draw(project, handle, url=public_url(project) if url is None else url)
