"""What an import found and did: every error with its row and column, counts, a preview."""

from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

PREVIEW_ROWS = 50


@dataclass(frozen=True)
class RowError:
    row: int | None            # the spreadsheet's row number; None for the file as a whole
    column: str                # the column's header as written in the file ("" if none)
    message: str

    def __str__(self):
        if self.row is None:
            return self.message
        if self.column:
            return _("Row %(row)s, column “%(column)s”: %(message)s") % {
                "row": self.row, "column": self.column, "message": self.message}
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class ImportReport:
    """Built while reading and validating; filled with counts after writing."""

    kind: str = ""
    total_rows: int = 0
    to_create: int = 0
    to_update: int = 0
    unchanged: int = 0
    created: int = 0
    updated: int = 0
    written: bool = False
    dry_run: bool = False
    header_row: int | None = None
    columns: list = field(default_factory=list)        # [[header, field label]]
    unknown_columns: list = field(default_factory=list)
    errors: list = field(default_factory=list)         # [RowError]
    warnings: list = field(default_factory=list)       # [RowError] that do not stop the import
    preview: list = field(default_factory=list)        # [{"row", "action", "record", "changes"}]
    created_missing: dict = field(default_factory=dict)  # label -> [names] created on the way
    file_info: dict = field(default_factory=dict)      # kind, encoding, delimiter, sheet

    # --- collecting ---
    def error(self, row, column, message) -> None:
        self.errors.append(RowError(row, str(column or ""), str(message)))

    def warning(self, row, column, message) -> None:
        self.warnings.append(RowError(row, str(column or ""), str(message)))

    def add_preview(self, row: int, action: str, record: str, changes: dict | None = None, *,
                    pk: int | None = None) -> None:
        if len(self.preview) < PREVIEW_ROWS:
            self.preview.append({"row": row, "action": action, "record": record,
                                 "changes": changes or {}, "pk": pk, "url": ""})

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_rows(self) -> int:
        return len({e.row for e in self.errors if e.row is not None})

    # --- storing and answering ---
    def as_dict(self) -> dict:
        data = asdict(self)
        data["errors"] = [asdict(e) for e in self.errors]
        data["warnings"] = [asdict(e) for e in self.warnings]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "ImportReport":
        data = dict(data or {})
        data["errors"] = [RowError(**e) for e in data.get("errors", [])]
        data["warnings"] = [RowError(**e) for e in data.get("warnings", [])]
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in known})

    def summary(self) -> str:
        n = _grouped
        if self.errors and not self.error_rows:
            # Only the file as a whole is wrong: say what, not "1 error in 0 rows".
            return " ".join(e.message for e in self.errors) + " " + _("Nothing was saved.")
        if self.errors:
            errors = ngettext("%(count)s error", "%(count)s errors", len(self.errors)) % {"count": n(len(self.errors))}
            rows = ngettext("in %(rows)s of %(total)s row", "in %(rows)s of %(total)s rows", self.total_rows) % {
                "rows": n(self.error_rows), "total": n(self.total_rows)}
            return _("%(errors)s %(rows)s; nothing was saved.") % {"errors": errors, "rows": rows}
        if self.written:
            return _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged.") % {
                "created": n(self.created), "updated": n(self.updated), "unchanged": n(self.unchanged)}
        return ngettext("%(total)s row is valid: %(create)s to create, %(update)s to update, %(unchanged)s unchanged.",
                        "%(total)s rows are valid: %(create)s to create, %(update)s to update, "
                        "%(unchanged)s unchanged.", self.total_rows) % {
            "total": n(self.total_rows), "create": n(self.to_create), "update": n(self.to_update),
            "unchanged": n(self.unchanged)}


def _grouped(number: int) -> str:
    """60000 -> '60 000' (a non-breaking space between thousands, as Polish writes them)."""
    return f"{number:,}".replace(",", "\u00a0")
