"""Settlement report (XLSX here, PDF in documents_pdf.py) and the public poster."""

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from magistrat.core import formatting

from .settlement import gather

MONEY = '#,##0.00 "zł"'
DATE = "DD.MM.YYYY"
BOLD = Font(bold=True)


def _sheet(workbook, title, header, rows, formats=None, widths=None):
    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = BOLD
    for row in rows:
        sheet.append(list(row))
    for column, number_format in (formats or {}).items():
        for cell in sheet[column][1:]:
            cell.number_format = number_format
    for column, width in (widths or {}).items():
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    return sheet


def settlement_xlsx(project, handle) -> None:
    with translation.override("pl"):
        _settlement_xlsx(gather(project), handle)


def _settlement_xlsx(data, handle) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    summary = _sheet(workbook, "Projekt", ["Pole", "Wartość"], data.facts, widths={"A": 32, "B": 80})
    summary.append([])
    summary.append(["Kwota grantu słownie", data.granted_in_words])
    summary.append(["Wydatki kwalifikowalne", data.budget.total.eligible])
    summary.cell(summary.max_row, 2).number_format = MONEY
    summary.append(["Wydatki kwalifikowalne słownie", data.eligible_in_words])
    summary.append([])
    summary.append(["Źródło finansowania", "Kwota", "Udział"])
    for cell in summary[summary.max_row]:
        cell.font = BOLD
    for name, amount, share in data.sources:
        summary.append([name, amount, share])
        summary.cell(summary.max_row, 2).number_format = MONEY
    for row in summary.iter_rows(min_col=2, max_col=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")

    budget_rows = [(r.name, r.area, r.planned, r.spent, r.eligible, r.remaining) for r in data.budget.rows]
    total = data.budget.total
    budget_rows.append(("Razem", "", total.planned, total.spent, total.eligible, total.remaining))
    sheet = _sheet(workbook, "Budżet", ["Pozycja budżetu", "Kategoria kosztów", "Plan", "Wydano (brutto)",
                                        "Kwalifikowalne", "Pozostało"], budget_rows,
                   formats={c: MONEY for c in "CDEF"}, widths={"A": 40, "B": 24, "C": 16, "D": 16, "E": 16, "F": 16})
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    for warning in data.budget.warnings:
        sheet.append([f"Uwaga: {warning}"])

    rows = [(i, e.document_number, e.document_date, e.supplier_name, e.supplier_nip, e.description,
             e.budget_line.name, e.net_amount, e.vat_amount, e.gross_amount, e.eligible_amount, e.payment_date)
            for i, e in enumerate(data.expenditures, start=1)]
    sheet = _sheet(workbook, "Wydatki", ["Lp.", "Nr dokumentu", "Data dokumentu", "Dostawca", "NIP dostawcy",
                                         "Opis", "Pozycja budżetu", "Netto", "VAT", "Brutto", "Kwalifikowalne",
                                         "Data zapłaty"], rows,
                   formats={"C": DATE, "L": DATE, **{c: MONEY for c in "HIJK"}},
                   widths={"B": 22, "D": 36, "E": 14, "F": 50, "G": 30, "H": 14, "I": 14, "J": 14, "K": 14})
    sums = [sum((getattr(e, f) for e in data.expenditures), formatting.Decimal("0"))
            for f in ("net_amount", "vat_amount", "gross_amount", "eligible_amount")]
    sheet.append(["", "Razem", None, "", "", "", "", *sums])
    for column in "HIJK":
        sheet[f"{column}{sheet.max_row}"].number_format = MONEY
        sheet[f"{column}{sheet.max_row}"].font = BOLD

    _sheet(workbook, "Sprzęt", ["Nr inwentarzowy", "Nazwa", "Kategoria", "Producent", "Model", "Nr seryjny",
                                "Lokalizacja", "Użytkownik", "Status"],
           [(a.inventory_number, a.name, a.category.name, a.manufacturer, a.model, a.serial_number,
             a.location.name if a.location else "", a.person.full_name if a.person else "",
             a.get_status_display()) for a in data.assets],
           widths={"A": 24, "B": 30, "C": 22, "F": 20, "G": 28, "H": 24})
    _sheet(workbook, "Wskaźniki", ["Kod", "Wskaźnik", "Jednostka", "Wartość docelowa", "Osiągnięto"],
           [(code, name, unit, target, achieved) for code, name, unit, target, achieved in data.indicators],
           widths={"B": 60})
    _sheet(workbook, "Promocja", ["Obowiązek", "Wykonano", "Dowód"],
           [(name, done, evidence) for name, done, evidence in data.promotion],
           formats={"B": DATE}, widths={"A": 70, "B": 14, "C": 60})
    workbook.save(handle)


def settlement_pdf(project, handle) -> None:
    from .documents_pdf import settlement_pdf as draw

    with translation.override("pl"):
        draw(gather(project), handle)


def poster_pdf(project, handle) -> None:
    from .documents_pdf import poster_pdf as draw

    with translation.override("pl"):
        draw(project, handle)
