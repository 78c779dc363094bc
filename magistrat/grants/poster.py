"""The public A3 poster as PDF, drawn on a reportlab canvas with magistrat.core.pdf: Polish
whatever the interface language (documents.py switches it); amounts through core.formatting."""

import math
import re

from reportlab.lib import colors

from magistrat.core import pdf
from magistrat.core.formatting import money
from magistrat.core.pdf import mm

from . import selectors
from .selectors import project_value
from .signs import NOTE as SIGNS_NOTE
from .signs import strip

POSTER_MARGIN = 18 * mm
EU_BLUE = colors.HexColor("#003399")
EU_YELLOW = colors.HexColor("#ffcc00")
PL_RED = colors.HexColor("#dc143c")
# A single-letter word never ends a line on the poster (Polish typesetting).
SINGLE_LETTER = re.compile(r"(?<!\S)([aiouwzAIOUWZ]) ")


def poster_pdf(project, handle, *, url: str = "") -> None:
    """Plakat A3 (297 × 420 mm), one page whatever the lengths: the signs strip, the
    beneficiary, the title (smaller when long), the aim, the value and the EU contribution,
    the programme's required sentence and the address of the public page."""
    canvas = pdf.canvas(handle, title=f"Plakat: {project.title}", author=project.organization.name,
                        pagesize=pdf.A3)
    Poster(canvas, project, url).draw()
    canvas.showPage()
    canvas.save()


class Poster:
    """Drawn top-down (signs, beneficiary, title, aim) towards what is drawn bottom-up
    (address, programme, required sentence, amounts); the title and the aim get the room between."""

    def __init__(self, canvas, project, url: str):
        self.c, self.project, self.program, self.url = canvas, project, project.program, url
        self.left, self.width = POSTER_MARGIN, pdf.A3[0] - 2 * POSTER_MARGIN
        self.eu = selectors.eu_contribution(project)
        self.total = project_value(project)

    def draw(self) -> None:
        bottom = self._bottom(POSTER_MARGIN)
        y = self._strip(pdf.A3[1] - POSTER_MARGIN) - 14 * mm
        y = self._text("Beneficjent", self.project.organization.name, y, 30, 20, 2 * 30 * 1.2)
        summary = SINGLE_LETTER.sub("\\1\xa0", self.project.public_summary.strip())
        # What was bought and done, as the public page lists it: after the required content, in
        # the room the title and the aim leave.
        bought = " · ".join(selectors.bought_and_done(self.project))
        extra = len([part for part in (summary, bought) if part])
        room = (y - bottom - 16 * mm) * {0: 1, 1: 0.55, 2: 0.45}[extra] - 12 * mm
        y = self._text("Tytuł projektu", SINGLE_LETTER.sub("\\1\xa0", self.project.title), y - 8 * mm, 56, 16, room)
        if summary:
            height = (y - 8 * mm - bottom - 12 * mm) * (0.55 if bought else 1)
            y = self._text("Cel projektu", summary, y - 8 * mm, 22, 14, height, bold=False)
        if bought:
            self._text("Co kupiono i zrobiono", bought, y - 8 * mm, 20, 11, y - 8 * mm - bottom - 12 * mm,
                       bold=False)

    def _text(self, label, text, y, size, minimum, height, *, bold=True) -> float:
        """A small label, then `text` at the largest size from `size` to `minimum` that fits
        `height` points (cut with "…" at the minimum); returns the y below it."""
        c = self.c
        c.setFont(pdf.FONT, 13)
        c.setFillColor(pdf.MUTED)
        c.drawString(self.left, y - 13, label.upper())
        y, height = y - 13 - 4 * mm, height - 13 - 4 * mm
        while size > minimum and len(pdf.wrap_text(text, self.width, size, bold=bold)) * size * 1.18 > height:
            size -= 1
        lines = pdf.wrap_text(text, self.width, size, bold=bold, max_lines=max(1, int(height // (size * 1.18))))
        c.setFont(pdf.FONT_BOLD if bold else pdf.FONT, size)
        c.setFillColor(colors.black)
        for line in lines:
            y -= size * 1.18
            c.drawString(self.left, y + size * 0.22, line)
        return y

    def _strip(self, top: float) -> float:
        """The signs strip: Fundusze Europejskie, Rzeczpospolita Polska, Unia Europejska —
        drawn as labelled simple shapes, never official logo files."""
        c, height = self.c, 34 * mm
        draw = {"fe": self._fe_sign, "pl": self._pl_flag, "eu": self._eu_flag}
        signs = [(draw[sign.kind], sign.name, sign.detail) for sign in strip(self.program)]
        box, sign_size, middle = self.width / 3, 22 * mm, top - height / 2 + 2 * mm
        for index, (sign, name, detail) in enumerate(signs):
            x = self.left + index * box
            sign(x, middle - sign_size / 2, sign_size)
            text_x, text_width = x + 39 * mm, box - 41 * mm
            size = 14 if len(pdf.wrap_text(name, text_width, 14, bold=True)) <= 2 else 11
            lines = [(n, pdf.FONT_BOLD, size, size * 1.2)
                     for n in pdf.wrap_text(name, text_width, size, bold=True, max_lines=3)]
            lines += [(d, pdf.FONT, 9, 11 + (3 if i == 0 else 0))
                      for i, d in enumerate(pdf.wrap_text(detail, text_width, 9, max_lines=3) if detail else [])]
            y = middle + sum(line[3] for line in lines) / 2
            c.setFillColor(colors.black)
            for text, font, font_size, leading in lines:
                y -= leading
                c.setFont(font, font_size)
                c.drawString(text_x, y + font_size * 0.25, text)
        c.setStrokeColor(pdf.GRID)
        c.setLineWidth(0.6)
        c.line(self.left, top - height, self.left + self.width, top - height)
        c.setFont(pdf.FONT, 7)
        c.setFillColor(pdf.MUTED)
        c.drawString(self.left, top - height - 9, SIGNS_NOTE)
        return top - height - 9

    def _fe_sign(self, x, y, size) -> None:
        self.c.setFillColor(EU_BLUE)
        self.c.roundRect(x, y, size * 1.6, size, 3 * mm, stroke=0, fill=1)
        self.c.setFillColor(colors.white)
        self.c.setFont(pdf.FONT_BOLD, size * 0.5)
        self.c.drawCentredString(x + size * 0.8, y + size * 0.32, "FE")

    def _pl_flag(self, x, y, size) -> None:
        self.c.setFillColor(PL_RED)
        self.c.rect(x, y, size * 1.6, size / 2, stroke=0, fill=1)
        self.c.setStrokeColor(pdf.GRID)
        self.c.setLineWidth(0.6)
        self.c.rect(x, y, size * 1.6, size, stroke=1, fill=0)

    def _eu_flag(self, x, y, size) -> None:
        """A blue field with twelve five-pointed yellow stars in a circle."""
        c, width = self.c, size * 1.5
        c.setFillColor(EU_BLUE)
        c.rect(x, y, width, size, stroke=0, fill=1)
        c.setFillColor(EU_YELLOW)
        for n in range(12):
            cx = x + width / 2 + size / 3 * math.cos(n * math.pi / 6)
            cy = y + size / 2 + size / 3 * math.sin(n * math.pi / 6)
            path = c.beginPath()
            for k in range(10):   # the points and the notches of the star, in turn
                r, angle = (size / 18 if k % 2 == 0 else size / 45), math.pi / 2 + k * math.pi / 5
                (path.lineTo if k else path.moveTo)(cx + r * math.cos(angle), cy + r * math.sin(angle))
            path.close()
            c.drawPath(path, stroke=0, fill=1)

    def _bottom(self, y: float) -> float:
        """From the bottom up: the address, the programme, the required sentence, the amounts;
        returns the top of what was drawn."""
        c = self.c
        if self.url:
            qr = 30 * mm
            pdf.qr_code(c, self.url, self.left + self.width - qr, y, qr)
            c.setFillColor(colors.black)
            c.setFont(pdf.FONT, 14)
            c.drawString(self.left, y + qr - 14, "Więcej o projekcie:")
            c.setFont(pdf.FONT_BOLD, pdf.fit_size(self.url, self.width - qr - 6 * mm, 20, 9, bold=True))
            c.drawString(self.left, y + qr - 16 - 8 * mm, self.url)
            c.linkURL(self.url, (self.left, y, self.left + self.width, y + qr), relative=0)
            y += qr + 8 * mm
        numbers = " · ".join(x for x in (self.program.name, self.project.umbrella_number) if x)
        c.setFont(pdf.FONT, 11)
        c.setFillColor(pdf.MUTED)
        c.drawString(self.left, y, pdf.wrap_text(numbers, self.width, 11, max_lines=1)[0])
        y += 11 + 6 * mm
        # The sentence each programme requires (REACT-EU: "Sfinansowano w ramach reakcji Unii…")
        # is data on the programme, editable when an operator changes it.
        wording = self.program.public_wording.strip()
        if wording:
            lines = pdf.wrap_text(wording, self.width - 16 * mm, 24, bold=True, max_lines=3)
            band = len(lines) * 30 + 12 * mm
            c.setFillColor(EU_BLUE)
            c.rect(self.left, y, self.width, band, stroke=0, fill=1)
            c.setFillColor(colors.white)
            c.setFont(pdf.FONT_BOLD, 24)
            for n, line in enumerate(lines):
                c.drawCentredString(self.left + self.width / 2, y + band - 6 * mm - (n + 1) * 30 + 6, line)
            y += band + 10 * mm
        amounts = [("Wartość projektu", self.total)] + ([("Wkład Funduszy Europejskich", self.eu)] if self.eu else [])
        for label, value in reversed(amounts):
            c.setFillColor(colors.black)
            c.setFont(pdf.FONT, 18)
            c.drawString(self.left, y + 8, label)
            room = self.width - pdf.text_width(label, 18) - 10 * mm
            c.setFont(pdf.FONT_BOLD, pdf.fit_size(money(value), room, 34, 18, bold=True))
            c.drawRightString(self.left + self.width, y + 4, money(value))
            c.setStrokeColor(pdf.GRID)
            c.line(self.left, y, self.left + self.width, y)
            y += 16 * mm
        return y
