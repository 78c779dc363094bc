"""The grid of a label sheet: common A4 sheets as presets, or columns, rows, margins and gaps of
one's own — one form, read alike from the labels screen, the API's query and the command line's
options, so a grid refused on one is refused on the others with the same message."""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from magistrat.core.filters_widgets import YesNoCheckboxField

A4_WIDTH_MM, A4_HEIGHT_MM = Decimal("210"), Decimal("297")
MIN_WIDTH_MM, MIN_HEIGHT_MM = Decimal("20"), Decimal("10")   # below that a QR code is not readable


@dataclass(frozen=True)
class Preset:
    label: str
    columns: int
    rows: int
    margin_top: str = "0"
    margin_right: str = "0"
    margin_bottom: str = "0"
    margin_left: str = "0"
    gap_x: str = "0"
    gap_y: str = "0"


# Sheets offices buy; each adds up to exactly 210 × 297 mm.
PRESETS = {
    "3x8": Preset("3 × 8 — 70 × 37 mm (Avery 3474, Herma 4453)", 3, 8, margin_top="0.5", margin_bottom="0.5"),
    "3x7": Preset("3 × 7 — 63,5 × 38,1 mm (Avery L7160)", 3, 7, margin_top="15.15", margin_bottom="15.15",
                  margin_left="7.25", margin_right="7.25", gap_x="2.5"),
    "2x7": Preset("2 × 7 — 99,1 × 38,1 mm (Avery L7163)", 2, 7, margin_top="15.15", margin_bottom="15.15",
                  margin_left="4.65", margin_right="4.65", gap_x="2.5"),
    "4x10": Preset("4 × 10 — 48,5 × 25,4 mm (Avery 3657)", 4, 10, margin_top="21.5", margin_bottom="21.5",
                   margin_left="8", margin_right="8"),
}
DEFAULT = "3x8"
# The query parameters and options that shape the grid (and nothing else).
PARAMETERS = ("preset", "columns", "rows", "margin_top", "margin_right", "margin_bottom", "margin_left",
              "gap_x", "gap_y", "outlines")
DIMENSIONS = PARAMETERS[1:-1]


class MillimetreField(forms.DecimalField):
    """Millimetres as people type them: "4,65" or "4.65"."""

    def __init__(self, *, maximum: int, **kwargs):
        super().__init__(min_value=0, max_value=maximum, max_digits=6, decimal_places=2, required=False,
                         widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}), **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".").removesuffix("mm").strip()
        return super().to_python(value)


class LabelSheetForm(forms.Form):
    """Each empty field takes the preset's value (3 × 8, 70 × 37 mm when no preset is named)."""

    preset = forms.ChoiceField(label=_("Label sheet"), required=False,
                               choices=[(key, p.label) for key, p in PRESETS.items()])
    columns = forms.IntegerField(label=_("Columns"), min_value=1, max_value=8, required=False,
                                 widget=forms.NumberInput(attrs={"size": 3}))
    rows = forms.IntegerField(label=_("Rows"), min_value=1, max_value=30, required=False,
                              widget=forms.NumberInput(attrs={"size": 3}))
    margin_top = MillimetreField(label=_("Top margin [mm]"), maximum=100)
    margin_right = MillimetreField(label=_("Right margin [mm]"), maximum=100)
    margin_bottom = MillimetreField(label=_("Bottom margin [mm]"), maximum=100)
    margin_left = MillimetreField(label=_("Left margin [mm]"), maximum=100)
    gap_x = MillimetreField(label=_("Gap between columns [mm]"), maximum=50)
    gap_y = MillimetreField(label=_("Gap between rows [mm]"), maximum=50)
    outlines = YesNoCheckboxField(label=_("Draw cut lines (for plain paper)"))

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        preset = PRESETS[data.get("preset") or DEFAULT]
        for name in DIMENSIONS:
            if data.get(name) is None:
                value = getattr(preset, name)
                data[name] = value if isinstance(value, int) else Decimal(value)
        width = (A4_WIDTH_MM - data["margin_left"] - data["margin_right"]
                 - data["gap_x"] * (data["columns"] - 1)) / data["columns"]
        height = (A4_HEIGHT_MM - data["margin_top"] - data["margin_bottom"]
                  - data["gap_y"] * (data["rows"] - 1)) / data["rows"]
        data["label_width"], data["label_height"] = width, height
        if width < MIN_WIDTH_MM or height < MIN_HEIGHT_MM:
            raise ValidationError(gettext(
                "These labels would be %(width)s × %(height)s mm; a readable QR code needs at least "
                "%(min_width)s × %(min_height)s mm. Use fewer columns or rows, or smaller margins and gaps.")
                % {"width": _mm(width), "height": _mm(height), "min_width": _mm(MIN_WIDTH_MM),
                   "min_height": _mm(MIN_HEIGHT_MM)})
        return data

    def grid(self) -> dict:
        """Keyword arguments for `documents.labels_pdf` (call after is_valid())."""
        data = self.cleaned_data
        return {"columns": data["columns"], "rows": data["rows"],
                "margin_top_mm": float(data["margin_top"]), "margin_right_mm": float(data["margin_right"]),
                "margin_bottom_mm": float(data["margin_bottom"]), "margin_left_mm": float(data["margin_left"]),
                "gap_x_mm": float(data["gap_x"]), "gap_y_mm": float(data["gap_y"]),
                "outlines": bool(data.get("outlines"))}

    def error_text(self) -> str:
        """Every problem on one line, each naming its field (for the API and the command line)."""
        parts = []
        for name, errors in self.errors.items():
            messages = " ".join(str(e) for e in errors)
            parts.append(messages if name == "__all__" else f"{name}: {messages}")
        return "; ".join(parts)

    @property
    def per_sheet(self) -> int:
        return self.cleaned_data["columns"] * self.cleaned_data["rows"]


def _mm(value: Decimal) -> str:
    return f"{value:.1f}".replace(".", ",")


def grid_data(source) -> dict:
    """The grid's parameters from a query (or options): only those given."""
    return {name: source.get(name) for name in PARAMETERS if source.get(name) not in (None, "")}


def default_grid() -> dict:
    form = LabelSheetForm({})
    form.is_valid()
    return form.grid()
