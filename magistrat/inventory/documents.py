"""The hardware register's PDFs: handover/return protocols, label sheets and the list ("wykaz").

Official documents are Polish whatever the user's interface language, like the grant
settlement report; amounts and dates go through magistrat.core.formatting.
"""

import itertools
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils import timezone, translation
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.platypus import KeepTogether, NextPageTemplate, Spacer, Table, TableStyle

from magistrat.core import export_jobs, formatting, pdf
from magistrat.core.pdf import mm
from magistrat.core.tables import Column, column_getter, display

from .models import HandoverProtocol

NBSP = formatting.NBSP


def _count(number: int) -> str:
    return f"{number:,}".replace(",", NBSP)


# --- Handover and return protocol ------------------------------------------------------------

# The statement reads each item's condition as the officer entered it; an item whose condition
# was left empty is stated as the protocol always said: complete and working on a handover,
# with no reservations on a return.
UNDESCRIBED = {False: "kompletny i sprawny", True: "bez zastrzeżeń"}
RESPONSIBILITY = (
    "Przyjmuje go na swoją odpowiedzialność materialną i zobowiązuje się do używania go zgodnie "
    "z przeznaczeniem oraz do jego zwrotu na każde wezwanie pracodawcy.")
RETURN_END = (
    "Z chwilą zwrotu pracownik przestaje odpowiadać materialnie za zwrócony sprzęt; braki i uszkodzenia "
    "stwierdzone przy zwrocie opisano w kolumnie „Stan” i w uwagach.")
# Where a returned item went (ProtocolItem.status_after), in the protocol's words.
AFTER_RETURN = {"in_stock": "na magazynie", "in_repair": "w naprawie"}
AFTER_RETURN_SENTENCE = {"in_stock": "przyjęto na magazyn", "in_repair": "przekazano do naprawy"}


def _positions(numbers: list[int]) -> str:
    """"poz. 1", "poz. 1 i 3", "poz. 1–3, 5 i 7": the items' ordinal numbers on the protocol."""
    runs = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    parts = [str(a) if a == b else (f"{a} i {b}" if b == a + 1 else f"{a}–{b}") for a, b in runs]
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " i " + parts[-1]
    return f"poz.{NBSP}{text}"


def _grouped(values: list[str]) -> list[tuple[str, str]]:
    """(positions, value) for each distinct value, in the order the items are listed."""
    groups: dict[str, list[int]] = {}
    for number, value in enumerate(values, start=1):
        groups.setdefault(value, []).append(number)
    return [(_positions(numbers), value) for value, numbers in groups.items()]


# An item sent to repair is not "without reservations", even when nothing was written.
UNDESCRIBED_FOR_REPAIR = "wymaga naprawy"


def item_condition(item, *, returning: bool) -> str:
    if item.condition.strip():
        return item.condition.strip()
    if returning and item.status_after == "in_repair":
        return UNDESCRIBED_FOR_REPAIR
    return UNDESCRIBED[returning]


def protocol_statement(protocol: HandoverProtocol, items=None) -> str:
    """"Oświadczenie": the condition of each item as entered (one clause when all items share
    it) and, for a return, whether each went back to the store or to repair."""
    returning = protocol.kind == HandoverProtocol.Kind.RETURN
    items = list(protocol.items.order_by("id") if items is None else items)
    conditions = _grouped([item_condition(item, returning=returning) for item in items])
    if len(conditions) == 1:
        state = f"w stanie: {conditions[0][1]}"
    else:
        state = "w stanie opisanym przy każdej pozycji: " + "; ".join(
            f"{where} — {condition}" for where, condition in conditions)
    if not returning:
        return f"Pracownik potwierdza odbiór wymienionego sprzętu {state}. {RESPONSIBILITY}"
    statuses = _grouped([item.status_after or "in_stock" for item in items])
    if len(statuses) == 1:
        after = f"Zwrócony sprzęt {AFTER_RETURN_SENTENCE[statuses[0][1]]}."
    else:
        after = "; ".join(f"{where} {AFTER_RETURN_SENTENCE[status]}" for where, status in statuses)
        after = after[0].upper() + after[1:] + "."
    return (f"Przyjmujący potwierdza zwrot wymienionego sprzętu wraz z wyposażeniem wymienionym w protokole "
            f"{state}. {after} {RETURN_END}")


COPIES = "Protokół sporządzono w dwóch jednobrzmiących egzemplarzach, po jednym dla każdej ze stron."
PROTOCOL_MARGINS = (16, 16, 22, 16)


def handover_protocol_pdf(protocol: HandoverProtocol, handle) -> None:
    """Protokół przekazania (or zwrotu) sprzętu, ready to print and sign."""
    with translation.override("pl"):
        pdf.build(handle, _protocol_story(protocol),
                  title=f"Protokół {protocol.number}",
                  footer_text=f"{protocol.organization.name} · protokół nr {protocol.number}",
                  margins=PROTOCOL_MARGINS)


def _protocol_story(protocol: HandoverProtocol) -> list:
    s = pdf.styles()
    width = pdf.frame_width(margins=PROTOCOL_MARGINS)
    organization, person = protocol.organization, protocol.person
    returning = protocol.kind == HandoverProtocol.Kind.RETURN
    date = formatting.date(protocol.date)

    office = [f"<b>{escape(organization.name)}</b>"]
    office += [escape(line) for line in (organization.address,) if line]
    ids = [f"{label} {value}" for label, value in (("NIP", organization.nip_display), ("REGON", organization.regon))
           if value]
    if ids:
        office.append(escape(", ".join(ids)))
    place = f"{escape(organization.city or '…………………')}, dnia {date}"
    top = Table([[pdf.paragraph("<br/>".join(office), s.small, markup=True), pdf.paragraph(place, s.right)]],
                colWidths=[width * 0.6, width * 0.4], hAlign="LEFT")
    top.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                             ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))

    title = "PROTOKÓŁ ZWROTU SPRZĘTU" if returning else "PROTOKÓŁ PRZEKAZANIA SPRZĘTU"
    employee = [f"<b>{escape(person.full_name)}</b>"]
    employee += [f"{label}: {escape(value)}" for label, value in
                 (("stanowisko", person.position), ("komórka organizacyjna", person.department)) if value]
    employee.append(escape(person.organization.name))
    # Without a name (an account with no employee record and no full name) the protocol leaves a
    # line to write it by hand, never a login name.
    signer = f"<b>{escape(protocol.issued_by)}</b>" if protocol.issued_by.strip() else \
        pdf.dots(width * 0.4, s.body.fontSize)
    office_side = [signer, f"w imieniu: {escape(organization.name)}"]
    if returning:
        giver, receiver = ("Przekazujący (pracownik)", employee), ("Przyjmujący", office_side)
        intro = "Pracownik zwraca, a przyjmujący przyjmuje następujący sprzęt:"
    else:
        giver, receiver = ("Przekazujący", office_side), ("Przyjmujący (pracownik)", employee)
        intro = "Przekazujący przekazuje, a pracownik przyjmuje do używania następujący sprzęt:"
    parties = Table([[pdf.paragraph(giver[0], s.heading), pdf.paragraph(receiver[0], s.heading)],
                     [pdf.paragraph("<br/>".join(giver[1]), s.body, markup=True),
                      pdf.paragraph("<br/>".join(receiver[1]), s.body, markup=True)]],
                    colWidths=[width / 2, width / 2], hAlign="LEFT")
    parties.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 8), ("TOPPADDING", (0, 0), (-1, -1), 0)]))

    notes = protocol.notes.strip()
    line = pdf.dots(width, s.muted.fontSize)
    notes_flowable = pdf.paragraph(notes, s.body) if notes else pdf.paragraph(f"{line}<br/>{line}", s.muted,
                                                                              markup=True)
    people = (person.full_name, protocol.issued_by) if returning else (protocol.issued_by, person.full_name)
    items = list(protocol.items.select_related("asset").order_by("id"))
    closing = [pdf.paragraph("Oświadczenie", s.heading), pdf.paragraph(protocol_statement(protocol, items), s.body),
               pdf.paragraph("Uwagi", s.heading), notes_flowable, Spacer(0, 2 * mm),
               pdf.paragraph(COPIES, s.small), Spacer(0, 16 * mm),
               pdf.signature_block("przekazujący", people[0], "przyjmujący", people[1], width)]
    return [top, Spacer(0, 10 * mm), pdf.paragraph(title, s.title),
            pdf.paragraph(f"nr {protocol.number} z dnia {date}", s.subtitle),
            parties, Spacer(0, 5 * mm), pdf.paragraph(intro, s.body), Spacer(0, 1 * mm),
            _items_table(items, width, returning=returning), Spacer(0, 3 * mm), KeepTogether(closing)]


ITEM_HEADER = ["Lp.", "Nazwa", "Producent / model", "Numer seryjny", "Numer inwentarzowy", "Ilość", "Stan",
               "Wyposażenie"]
ITEM_WEIGHTS = [0, 2.0, 1.3, 0, 0, 0, 0.8, 1.2]   # numbers keep their natural width, text shares the rest
RETURN_CONDITION_HEADER = "Stan; po zwrocie"   # a return: the condition, then where it went


def _items_table(items, width: float, *, returning: bool = False) -> Table:
    s = pdf.styles()
    header = list(ITEM_HEADER)
    if returning:
        header[6] = RETURN_CONDITION_HEADER
    texts, afters = [], []
    for number, item in enumerate(items, start=1):
        asset = item.asset
        make = " ".join(part for part in (asset.manufacturer, asset.model) if part)
        texts.append([f"{number}.", asset.name, make, asset.serial_number, asset.inventory_number,
                      _count(item.quantity), item_condition(item, returning=returning), item.accessories])
        afters.append(AFTER_RETURN[item.status_after or "in_stock"] if returning else "")
    size, padding = s.cell.fontSize, 7.5
    minimum = []
    for index, label in enumerate(header):
        label_width = max(pdf.text_width(word, size, bold=True) for word in label.split())
        if ITEM_WEIGHTS[index]:   # text: never split a word that fits a fifth of the page
            words = [word for row in texts for word in row[index].split()]
            longest = max((pdf.text_width(word, size) for word in words), default=0)
            minimum.append(max(label_width, min(longest, width * 0.2)) + padding)
        else:                     # numbers: one line unless longer than a quarter of the page
            natural = max((pdf.text_width(row[index], size) for row in texts), default=0)
            minimum.append(max(label_width, min(natural, width * 0.25 - padding)) + padding)
    widths = pdf.share_widths(width, minimum, ITEM_WEIGHTS)
    rows = [[pdf.paragraph(text, s.cell_bold) for text in header]]
    for row, after in zip(texts, afters):
        cells = [pdf.paragraph(text, s.cell_right if index == 5 else s.cell) for index, text in enumerate(row)]
        if after:
            cells[6] = pdf.paragraph(f"{escape(row[6])}<br/><b>{escape(after)}</b>", s.cell, markup=True)
        rows.append(cells)
    return pdf.table(rows, widths)


# --- Labels ----------------------------------------------------------------------------------

def labels_pdf(assets, handle, *, base_url: str, columns: int = 3, rows: int = 8,
               margin_top_mm: float = 0.5, margin_bottom_mm: float = 0.5, margin_left_mm: float = 0,
               margin_right_mm: float = 0, gap_x_mm: float = 0, gap_y_mm: float = 0, padding_mm: float = 3,
               outlines: bool = False) -> None:
    """An A4 sheet (or several) of `columns` × `rows` labels: the organization's short name, the
    inventory number, the name and a QR code opening `{base_url}{asset.get_absolute_url()}`.
    The defaults fit the common 70×37 mm sheets (3 × 8); `outlines` draws the cut lines."""
    if columns < 1 or rows < 1:
        raise ValueError("A label sheet needs at least one column and one row.")
    page_width, page_height = pdf.A4
    label_width = (page_width - (margin_left_mm + margin_right_mm + gap_x_mm * (columns - 1)) * mm) / columns
    label_height = (page_height - (margin_top_mm + margin_bottom_mm + gap_y_mm * (rows - 1)) * mm) / rows
    if label_width < 20 * mm or label_height < 10 * mm:
        raise ValueError("Labels this small cannot hold a readable QR code; use fewer columns or rows.")
    if hasattr(assets, "select_related"):
        assets = assets.select_related("organization").iterator(chunk_size=500)
    base_url = base_url.rstrip("/")
    with translation.override("pl"):
        canvas = pdf.canvas(handle, title="Etykiety inwentarzowe", author="Magistrat")
        per_page = columns * rows
        drawn = 0
        for drawn, asset in enumerate(assets, start=1):
            slot = (drawn - 1) % per_page
            if slot == 0 and drawn > 1:
                canvas.showPage()
            row, column = divmod(slot, columns)
            x = (margin_left_mm * mm) + column * (label_width + gap_x_mm * mm)
            y = page_height - (margin_top_mm * mm) - (row + 1) * label_height - row * gap_y_mm * mm
            _label(canvas, asset, x, y, label_width, label_height, padding_mm * mm,
                   f"{base_url}{asset.get_absolute_url()}", outlines)
        if not drawn:
            canvas.setFont(pdf.FONT, 11)
            canvas.drawCentredString(page_width / 2, page_height / 2, "Brak składników do wydrukowania etykiet.")
        canvas.showPage()
        canvas.save()


def _label(canvas, asset, x, y, width, height, padding, url, outline) -> None:
    if outline:
        canvas.saveState()
        canvas.setStrokeColor(colors.HexColor("#c4c9ce"))
        canvas.setLineWidth(0.3)
        canvas.setDash(2, 2)
        canvas.rect(x, y, width, height)
        canvas.restoreState()
    qr_size = min(height - 2 * padding, width * 0.38)
    qr_x, qr_y = x + width - padding - qr_size, y + (height - qr_size) / 2
    _qr(canvas, url, qr_x, qr_y, qr_size)
    canvas.linkURL(url, (qr_x, qr_y, qr_x + qr_size, qr_y + qr_size), relative=0)

    text_width = qr_x - 2.5 * mm - (x + padding)
    small = min(7.0, height / 5.5)
    # The inventory number is never cut short: smaller first, then over several lines.
    size = pdf.fit_size(asset.inventory_number, text_width, min(11.0, height / 3.6), 6.5, bold=True)
    number = pdf.wrap_text(asset.inventory_number, text_width, size, bold=True)
    name_size = min(7.5, height / 5)
    gap = name_size * 0.5
    # (font, size, line height incl. the space above, text); the name gets the room left over.
    short_name = pdf.wrap_text(asset.organization.short_name, text_width, small, max_lines=1)[0]
    lines = [(pdf.FONT, small, small * 1.3, short_name)]
    lines += [(pdf.FONT_BOLD, size, size * 1.25, text) for text in number]
    room = int((height - 2 * padding - sum(line[2] for line in lines) - gap) // (name_size * 1.25))
    name = pdf.wrap_text(asset.name, text_width, name_size, max_lines=min(room, 3)) if room > 0 else []
    lines += [(pdf.FONT, name_size, name_size * 1.25 + (gap if i == 0 else 0), text) for i, text in enumerate(name)]
    top = y + (height + sum(line[2] for line in lines)) / 2
    for index, (font, font_size, line_height, text) in enumerate(lines):
        top -= line_height
        canvas.setFont(font, font_size)
        canvas.setFillColor(pdf.styles().muted.textColor if index == 0 else colors.black)
        canvas.drawString(x + padding, top + font_size * 0.22, text)


def _qr(canvas, value: str, x: float, y: float, size: float) -> None:
    widget = QrCodeWidget(value, barLevel="M", barBorder=1)
    left, bottom, right, upper = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (right - left), 0, 0, size / (upper - bottom), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x, y)


# --- List of equipment (wykaz sprzętu) --------------------------------------------------------

CHUNK_ROWS = 500
LIST_MARGINS = (12, 12, 18, 12)
LIST_FONT = 7.5
# The widest value a typed column shows; such columns get exactly that width.
TYPED_SAMPLES = {"date": "28.04.2022", "money": f"9{NBSP}999{NBSP}999,99{NBSP}zł", "number": "999 999",
                 "bool": "tak"}
TEXT_WEIGHTS = {"name": 2.0, "inventory_number": 1.4, "serial_number": 1.2, "person.full_name": 1.3}
CELL_PADDING = 3
MAX_CELL_LINES = 4


def asset_list_pdf(queryset, columns: list[Column], handle, *, title: str, organization=None,
                   filters_text: str = "") -> None:
    """"Wykaz sprzętu": landscape A4, the columns the user chose, the header atop every page,
    the number of items and the sum of gross prices at the end. Rows are read and laid out in
    chunks, so 100 000 assets never sit in memory at once."""
    with translation.override("pl"):
        columns = list(columns)
        widths = _list_widths(columns)
        footer = f"{title} · {organization.name}" if organization is not None else str(title)
        story = _list_story(queryset, columns, widths, title=str(title), organization=organization,
                            filters_text=filters_text)
        pdf.build(handle, story, title=str(title), footer_text=footer, landscape_orientation=True,
                  margins=LIST_MARGINS, running_header=_list_header(columns, widths))


def _list_widths(columns: list[Column]) -> list[float]:
    """Points per column: "Lp.", dates and amounts as wide as their values, text columns at
    least as wide as the longest word of their header, sharing the rest by weight."""
    available = pdf.frame_width(landscape_orientation=True, margins=LIST_MARGINS)
    minimum = [pdf.text_width("100 000.", LIST_FONT)]
    weights = [0.0]
    for column in columns:
        words = str(column.label).split() or [""]
        header = max(pdf.text_width(word, LIST_FONT, bold=True) for word in words)
        sample = TYPED_SAMPLES.get(column.kind)
        minimum.append(max(header, pdf.text_width(sample, LIST_FONT) if sample else 24))
        weights.append(0.0 if sample else TEXT_WEIGHTS.get(column.path, 1.0))
    return pdf.share_widths(available, [m + 2 * CELL_PADDING + 1 for m in minimum], weights)


def _list_style(columns: list[Column], *, header: bool) -> list:
    commands = pdf.table_style(header_rows=1 if header else 0, font_size=LIST_FONT, padding=CELL_PADDING)
    commands.append(("ALIGN", (0, 0), (0, -1), "RIGHT"))
    for index, column in enumerate(columns, start=1):
        if column.kind in ("money", "number"):
            commands.append(("ALIGN", (index, 0), (index, -1), "RIGHT"))
    if not header:
        commands.append(("ROWBACKGROUNDS", (0, 0), (-1, -1), [colors.white, colors.HexColor("#f4f6f8")]))
    return commands


def _list_header(columns: list[Column], widths: list[float]) -> Table:
    labels = ["Lp.", *(str(c.label) for c in columns)]
    cells = ["\n".join(pdf.wrap_text(label, width - 2 * CELL_PADDING, LIST_FONT, bold=True, max_lines=3))
             for label, width in zip(labels, widths)]
    header = Table([cells], colWidths=widths, hAlign="LEFT")
    header.setStyle(TableStyle(_list_style(columns, header=True)))
    return header


def _list_rows(queryset, columns: list[Column], widths: list[float], totals: dict):
    """Rows of cell text, read from the database 2 000 at a time."""
    getters = [column_getter(queryset.model, c) for c in columns]
    inner = [w - 2 * CELL_PADDING for w in widths[1:]]
    for number, obj in enumerate(queryset.iterator(chunk_size=2000), start=1):
        if number % 2000 == 0:
            export_jobs.progress(number)     # a background export's progress bar
        price = getattr(obj, "gross_price", None)
        if price is not None:
            totals["gross"] += price
        totals["count"] = number
        row = [f"{number}."]
        for column, get, width in zip(columns, getters, inner):
            text = display(get(obj), column.kind)
            if pdf.text_width(text, LIST_FONT) <= width:
                row.append(text)
            else:
                row.append("\n".join(pdf.wrap_text(text, width, LIST_FONT, max_lines=MAX_CELL_LINES)))
        yield row


def _list_story(queryset, columns, widths, *, title, organization, filters_text):
    s = pdf.styles()
    yield pdf.paragraph(title, s.title)
    if organization is not None:
        place = ", ".join(p for p in (organization.name, organization.address) if p)
        yield pdf.paragraph(place, s.subtitle)
    else:
        yield Spacer(0, 3 * mm)
    facts = [f"<b>Stan na dzień:</b> {formatting.date(timezone.localdate())}",
             f"<b>Filtry:</b> {escape(filters_text) if filters_text else 'brak (wszystkie pozycje)'}"]
    yield pdf.paragraph("<br/>".join(facts), s.small, markup=True)
    yield Spacer(0, 2 * mm)
    yield _list_header(columns, widths)
    yield NextPageTemplate(pdf.CONTINUED)
    totals = {"count": 0, "gross": Decimal("0")}
    rows = _list_rows(queryset, columns, widths, totals)
    style = TableStyle(_list_style(columns, header=False))
    while chunk := list(itertools.islice(rows, CHUNK_ROWS)):
        table = Table(chunk, colWidths=widths, hAlign="LEFT")
        table.setStyle(style)
        yield table
    yield NextPageTemplate(pdf.PLAIN)
    if not totals["count"]:
        yield pdf.paragraph("Brak sprzętu spełniającego kryteria.", s.muted)
    yield Spacer(0, 3 * mm)
    summary = [f"<b>Liczba pozycji:</b> {_count(totals['count'])}",
               f"<b>Suma cen brutto:</b> {formatting.money(totals['gross'])}"]
    yield KeepTogether([pdf.paragraph(line, s.body, markup=True) for line in summary])
