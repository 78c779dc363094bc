"""PDF documents with ReportLab: DejaVu Sans (Polish diacritics), A4 pages, a numbered footer.

Documents (handover protocols, lists, the settlement report, posters) build a story of
flowables and hand it to build(); label sheets and other free layouts draw on canvas().
Money and dates in documents go through magistrat.core.formatting like everywhere else.
"""

import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Table, TableStyle

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}
FONT_DIR_ENV = "MAGISTRAT_PDF_FONT_DIR"
SYSTEM_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

# Page templates of build(): the first page and any page after NextPageTemplate(PLAIN) have
# no running header; pages after NextPageTemplate(CONTINUED) repeat it above the frame.
PLAIN = "plain"
CONTINUED = "continued"

GRID = colors.HexColor("#9aa3ad")
HEADER_FILL = colors.HexColor("#e4e8ec")
MUTED = colors.HexColor("#5b6570")
FOOTER_SIZE = 7.5
BREAK_AFTER = "/-_.,;:"

_lock = threading.Lock()
_registered = False


def font_dirs() -> list[Path]:
    """Where the fonts are looked for, in order."""
    dirs = []
    if os.environ.get(FONT_DIR_ENV):
        dirs.append(Path(os.environ[FONT_DIR_ENV]))
    dirs.append(Path(settings.BASE_DIR) / "node_modules" / "dejavu-fonts-ttf" / "ttf")
    dirs.append(SYSTEM_FONT_DIR)
    return dirs


def find_font_dir() -> Path:
    configured = os.environ.get(FONT_DIR_ENV)
    # A directory the operator named must hold the fonts: never fall back silently past it.
    candidates = [Path(configured)] if configured else font_dirs()
    for directory in candidates:
        if all((directory / name).is_file() for name in FONT_FILES.values()):
            return directory
    looked = ", ".join(str(d) for d in candidates)
    raise ImproperlyConfigured(
        f"PDF fonts not found (DejaVuSans.ttf and DejaVuSans-Bold.ttf; looked in: {looked}). "
        f"Run `npm ci` (package dejavu-fonts-ttf), install fonts-dejavu-core, or set "
        f"{FONT_DIR_ENV} to a directory holding them.")


def register_fonts() -> None:
    """Register DejaVu Sans regular and bold once per process (<b> in paragraphs works)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        directory = find_font_dir()
        for name, filename in FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(directory / filename)))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
        _registered = True


# --- Text ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle
    center: ParagraphStyle
    right: ParagraphStyle


_styles: Styles | None = None


def styles() -> Styles:
    global _styles
    if _styles is None:
        register_fonts()
        body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13.5, spaceAfter=4)
        cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=10, spaceAfter=0)
        _styles = Styles(
            body=body,
            small=ParagraphStyle("small", parent=body, fontSize=8.5, leading=11),
            muted=ParagraphStyle("muted", parent=body, fontSize=8.5, leading=11, textColor=MUTED),
            title=ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=14, leading=18,
                                 alignment=TA_CENTER, spaceAfter=2),
            subtitle=ParagraphStyle("subtitle", parent=body, fontSize=11, leading=14, alignment=TA_CENTER,
                                    spaceAfter=10),
            heading=ParagraphStyle("heading", parent=body, fontName=FONT_BOLD, fontSize=10.5, leading=14,
                                   spaceBefore=6, spaceAfter=3),
            cell=cell,
            cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=FONT_BOLD),
            cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
            center=ParagraphStyle("center", parent=body, alignment=TA_CENTER),
            right=ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
        )
    return _styles


def right_aligned(style: str | ParagraphStyle) -> ParagraphStyle:
    """A house style aligned right (amounts, totals), e.g. right_aligned("cell_bold")."""
    style = getattr(styles(), style) if isinstance(style, str) else style
    return ParagraphStyle(f"{style.name}_right", parent=style, alignment=TA_RIGHT)


def paragraph(text, style: str | ParagraphStyle = "body", *, markup: bool = False) -> Paragraph:
    """A paragraph of plain text (escaped; newlines kept) or, with markup=True, ReportLab markup."""
    style = getattr(styles(), style) if isinstance(style, str) else style
    text = "" if text is None else str(text)
    if not markup:
        text = escape(text).replace("\n", "<br/>")
    return Paragraph(text, style)


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    register_fonts()
    return pdfmetrics.stringWidth(text, FONT_BOLD if bold else FONT, size)


def wrap_text(text, width: float, size: float, *, bold: bool = False, max_lines: int | None = None) -> list[str]:
    """Lines of `text` that fit `width` points: breaks at spaces (a non-breaking space holds,
    as in "4 350,00 zł"), splits words longer than a line, ends a cut text with "…"."""
    lines: list[str] = []
    for raw in ("" if text is None else str(text)).splitlines() or [""]:
        current = ""
        for word in raw.split(" "):
            candidate = f"{current} {word}" if current else word
            if text_width(candidate, size, bold=bold) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            while text_width(word, size, bold=bold) > width and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and text_width(word[:cut], size, bold=bold) > width:
                    cut -= 1
                # "UMG/KS/0001/22", "CN-0M2DFD-QDC00": break after a separator when one fits
                separator = max(word.rfind(mark, 0, cut) for mark in BREAK_AFTER) + 1
                cut = separator if separator > 0 else cut
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        lines.append(current)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and text_width(last + "…", size, bold=bold) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines


def dots(width: float, size: float) -> str:
    """A dotted line `width` points long, a place to write by hand."""
    return "." * int(width / text_width(".", size))


def share_widths(total: float, minimum: list[float], weights: list[float]) -> list[float]:
    """Column widths: each gets its minimum, what is left goes by weight (0 keeps the minimum);
    when even the minimums do not fit they shrink in proportion."""
    needed = sum(minimum)
    if needed >= total or not sum(weights):
        scale = total / needed if needed > total else 1
        return [m * scale for m in minimum]
    rest = total - needed
    return [m + rest * w / sum(weights) for m, w in zip(minimum, weights)]


def column_widths(header: list[str], rows: list[list[str]], total: float, weights: list[float], *,
                  font_size: float = 8, padding: float = 3, bold_rows: int = 0) -> list[float]:
    """Widths for a table of text filling `total` points. A column of weight 0 (numbers, dates,
    amounts) is as wide as its widest value, up to a quarter of the table, so it does not wrap;
    a text column is at least as wide as its longest word (up to a fifth) and shares the rest by
    weight. Header words are never split; the last `bold_rows` rows (totals) are measured bold."""
    extra = 2 * padding + 1.5
    measured = [(row, index >= len(rows) - bold_rows) for index, row in enumerate(rows)]
    minimum = []
    for index, label in enumerate(header):
        head = max((text_width(word, font_size, bold=True) for word in str(label).split()), default=0)
        values = [(str(row[index]), bold) for row, bold in measured if row[index] is not None]
        if weights[index]:
            longest = max((text_width(word, font_size, bold=bold) for value, bold in values
                           for word in value.split()), default=0)
            minimum.append(max(head, min(longest, total * 0.2)) + extra)
        else:
            natural = max((text_width(line, font_size, bold=bold) for value, bold in values
                           for line in value.splitlines()), default=0)
            minimum.append(max(head, min(natural, total * 0.25)) + extra)
    return share_widths(total, minimum, weights)


def fit_size(text: str, width: float, size: float, minimum: float, *, bold: bool = False) -> float:
    """The largest font size from `size` down to `minimum` at which `text` fits one line."""
    while size > minimum and text_width(text, size, bold=bold) > width:
        size -= 0.25
    return size


# --- Tables ----------------------------------------------------------------------------------

def table_style(*, header_rows: int = 1, font_size: float = 8, padding: float = 3,
                grid: bool = True) -> list:
    """Commands for a bordered table with a shaded bold header, text at the top of cells."""
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), font_size),
        ("LEADING", (0, 0), (-1, -1), font_size * 1.22),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), padding - 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
    ]
    if grid:
        commands.append(("GRID", (0, 0), (-1, -1), 0.4, GRID))
    if header_rows:
        commands += [
            ("FONTNAME", (0, 0), (-1, header_rows - 1), FONT_BOLD),
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL),
            ("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE"),
        ]
    return commands


def table(rows: list[list], col_widths: list[float], *, header_rows: int = 1, repeat_header: bool = True,
          font_size: float = 8, extra_style: list | None = None) -> Table:
    """A table in the house style; cells may be strings (one line each) or flowables."""
    register_fonts()
    result = Table(rows, colWidths=col_widths, repeatRows=header_rows if repeat_header else 0, hAlign="LEFT")
    result.setStyle(TableStyle(table_style(header_rows=header_rows, font_size=font_size) + (extra_style or [])))
    return result


def signature_block(left_caption: str, left_name: str, right_caption: str, right_name: str,
                    width: float) -> Table:
    """Two signature places: a dotted line, the role under it, the name in brackets."""
    s = styles()
    caption = ParagraphStyle("signature", parent=s.center, fontSize=8.5, leading=11, spaceAfter=0)
    line = dots(width * 0.34, caption.fontSize)

    def place(role, name):
        text = f"{line}<br/>{escape(role)}"
        if name:
            text += f"<br/><font color='#5b6570'>({escape(name)})</font>"
        return Paragraph(text, caption)

    block = Table([[place(left_caption, left_name), "", place(right_caption, right_name)]],
                  colWidths=[width * 0.42, width * 0.16, width * 0.42], hAlign="LEFT")
    block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return block


def qr_code(canvas: Canvas, value: str, x: float, y: float, size: float, *, border: int = 1) -> None:
    """A QR code of `value`, `size` points square, its lower left corner at (x, y)."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(value, barLevel="M", barBorder=border)
    left, bottom, right, upper = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (right - left), 0, 0, size / (upper - bottom), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x, y)


# --- Pages -----------------------------------------------------------------------------------

class _NumberedCanvas(Canvas):
    """Writes "3 / 12" without holding every page until the end: each page refers to a small
    form ("pageN") that save() defines once the total is known. `page_label` is the text,
    with {page} and {pages}."""

    page_label = "{page} / {pages}"

    def page_number(self, x: float, y: float) -> None:
        self.saveState()
        self.translate(x, y)
        self.doForm(f"magistratPage{self.getPageNumber()}")
        self.restoreState()

    def save(self):
        total = self.getPageNumber() - (0 if self._code else 1)
        for number in range(1, total + 1):
            self.beginForm(f"magistratPage{number}", lowerx=-200, lowery=-5, upperx=5, uppery=15)
            self.setFont(FONT, FOOTER_SIZE)
            self.setFillColor(MUTED)
            self.drawRightString(0, 0, self.page_label.format(page=number, pages=total))
            self.endForm()
        super().save()


class _Document(BaseDocTemplate):
    def __init__(self, handle, *, pagesize, margins, title, footer_text, running_header):
        top, right, bottom, left = (value * mm for value in margins)
        super().__init__(handle, pagesize=pagesize, topMargin=top, rightMargin=right, bottomMargin=bottom,
                         leftMargin=left, title=title, author=footer_text, creator="Magistrat",
                         subject=title)
        self.footer_text = footer_text
        self.running_header = running_header
        header_height = 0
        if running_header is not None:
            header_height = running_header.wrap(self.width, self.height)[1]
        plain = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        continued = Frame(self.leftMargin, self.bottomMargin, self.width, self.height - header_height,
                          id="continued", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate(id=PLAIN, frames=[plain], onPage=self._footer, pagesize=pagesize),
            PageTemplate(id=CONTINUED, frames=[continued], onPage=self._continued, pagesize=pagesize),
        ])

    def _footer(self, canvas, doc):
        canvas.saveState()
        y = self.bottomMargin - 9 * mm
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.4)
        canvas.line(self.leftMargin, y + 3.2 * mm, self.leftMargin + self.width, y + 3.2 * mm)
        canvas.setFont(FONT, FOOTER_SIZE)
        canvas.setFillColor(MUTED)
        footer = wrap_text(self.footer_text, self.width - 30 * mm, FOOTER_SIZE, max_lines=1)[0]
        canvas.drawString(self.leftMargin, y, footer)
        canvas.restoreState()
        if isinstance(canvas, _NumberedCanvas):
            canvas.page_number(self.leftMargin + self.width, y)

    def _continued(self, canvas, doc):
        self._footer(canvas, doc)
        height = self.running_header.wrap(self.width, self.height)[1]
        self.running_header.drawOn(canvas, self.leftMargin, self.bottomMargin + self.height - height)


class _LazyStory(list):
    """ReportLab's build() consumes a list; this one pulls flowables from an iterator as they are
    laid out, so a 100 000-row list never exists as a whole."""

    def __init__(self, source: Iterable, lookahead: int = 3):
        super().__init__()
        self._source = iter(source)
        self._lookahead = lookahead

    def _fill(self):
        while self._source is not None and list.__len__(self) < self._lookahead:
            try:
                self.append(next(self._source))
            except StopIteration:
                self._source = None

    def __len__(self):
        self._fill()
        return list.__len__(self)

    def __bool__(self):
        return len(self) > 0

    def __getitem__(self, index):
        self._fill()
        return list.__getitem__(self, index)


def page_size(*, landscape_orientation: bool = False) -> tuple[float, float]:
    return landscape(A4) if landscape_orientation else A4


def frame_width(*, landscape_orientation: bool = False, margins: tuple = (15, 15, 22, 15)) -> float:
    """The width flowables get between the side margins, in points."""
    return page_size(landscape_orientation=landscape_orientation)[0] - (margins[1] + margins[3]) * mm


def build(handle, story: Iterable, *, title: str, footer_text: str = "", landscape_orientation: bool = False,
          margins: tuple[float, float, float, float] = (15, 15, 22, 15), running_header=None,
          page_label: str = _NumberedCanvas.page_label) -> None:
    """Lay out `story` (a list, or any iterable consumed lazily) on A4 pages into `handle`
    (a path or a binary file-like object). Margins in mm: top, right, bottom, left; the footer
    (`footer_text` left, "page / pages" right) sits in the bottom margin. `running_header`
    (e.g. a table's header row) is drawn atop every page whose template is CONTINUED.
    `page_label` words the page number, e.g. "strona {page} z {pages}"."""
    register_fonts()
    document = _Document(handle, pagesize=page_size(landscape_orientation=landscape_orientation),
                         margins=margins, title=title, footer_text=footer_text, running_header=running_header)
    if not isinstance(story, list):
        story = _LazyStory(story)
    maker = _NumberedCanvas
    if page_label != _NumberedCanvas.page_label:
        maker = type("_LabelledCanvas", (_NumberedCanvas,), {"page_label": page_label})
    document.build(story, canvasmaker=maker)


def canvas(handle, *, title: str, author: str = "", landscape_orientation: bool = False,
           pagesize: tuple[float, float] | None = None) -> Canvas:
    """A bare canvas (A4 unless `pagesize`, e.g. A3) with the fonts registered, for free layouts
    (label sheets, posters); call save()."""
    register_fonts()
    result = Canvas(handle, pagesize=pagesize or page_size(landscape_orientation=landscape_orientation))
    result.setTitle(title)
    result.setAuthor(author)
    result.setCreator("Magistrat")
    return result


__all__ = ["A3", "A4", "CONTINUED", "FONT", "FONT_BOLD", "FONT_DIR_ENV", "PLAIN", "TA_LEFT", "Styles", "build",
           "canvas", "column_widths", "dots", "find_font_dir", "fit_size", "frame_width", "mm", "page_size",
           "paragraph", "qr_code", "register_fonts", "right_aligned", "share_widths", "signature_block", "styles",
           "table", "table_style", "text_width", "wrap_text"]
