from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from magistrat.core.tables import Column


class Linked(str):
    """A cell's text that the list screen shows as a link to `target`'s page, while exports
    (which call str()) write the plain text. str() keeps it as it is, so the generic cell
    formatting passes it on, and the template renders it through __html__."""

    def __new__(cls, text: str, target):
        value = super().__new__(cls, text)
        value.target = target
        return value

    def __str__(self):
        return self

    def __html__(self):
        return format_html('<a href="{}">{}</a>', self.target.get_absolute_url(), str.__str__(self))


PROJECT_COLUMNS = [
    Column("title", _("Title"), order_by="title", link=True),
    Column("program.name", _("Programme"), order_by="program"),
    Column("organization.short_name", _("Organization"), order_by="organization"),
    Column("agreement_number", _("Agreement number")),
    Column("agreement_date", _("Agreement date"), order_by="agreement_date", kind="date"),
    Column("end_date", _("End"), order_by="end_date", kind="date"),
    Column("granted_amount", _("Grant amount"), order_by="granted_amount", kind="money"),
    Column("status", _("Status"), order_by="status"),
    Column("durability_end", _("Durability until"), kind="date", optional=True),
    Column("umbrella_number", _("Umbrella project number"), optional=True),
]

# The expenditure list in the import's own column names: an export imports back (the importer
# reports the project column as unknown and takes the project from the upload).
EXPENDITURE_COLUMNS = [
    Column("document_number", _("Document number"), order_by="document_number", link=True),
    Column("document_date", _("Document date"), order_by="document_date", kind="date"),
    # A path through the relation, so that exports join the project instead of one query a row.
    Column("project.title_link", _("Project"), order_by="project"),
    Column("supplier_name", _("Supplier"), order_by="supplier"),
    Column("supplier_nip_display", _("Supplier NIP"), optional=True),   # 526-000-12-46
    Column("description", _("Description")),
    Column("budget_line.name", _("Budget line"), order_by="budget_line"),
    Column("net_amount", _("Net"), kind="money"),
    Column("vat_amount", _("VAT"), kind="money"),
    Column("gross_amount", _("Gross"), order_by="gross_amount", kind="money"),
    Column("eligible_amount", _("Eligible amount"), order_by="eligible_amount", kind="money"),
    Column("payment_date", _("Payment date"), kind="date"),
    Column("quantity", _("Quantity"), optional=True),
    Column("unit", _("Unit"), optional=True),
]
# The screen has no room for the supplier's NIP (it is under "Columns");
# the files always carry what the import reads back.
EXPENDITURE_EXPORT_COLUMNS = [c for c in EXPENDITURE_COLUMNS if c.path not in ("quantity", "unit")]

DEADLINE_COLUMNS = [
    Column("due_date", _("Due"), order_by="due_date", kind="date", phone=True),
    Column("state", _("State"), phone=True),
    Column("name", _("What"), order_by="name", link=True, phone=True),
    Column("kind", _("Kind"), order_by="kind"),
    Column("project.title_link", _("Project"), order_by="project", phone=True),
    Column("project.organization.short_name", _("Organization")),
    Column("done_on", _("Done on"), order_by="done_on", kind="date", optional=True),
]
