"""Importing a grant project's expenditure documents (invoices) from CSV or XLSX, with the same
engine, rules and error reporting as the equipment import; `expenditure_import` is the service."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from magistrat.core import formatting
from magistrat.core.changelog import log_changes
from magistrat.core.ids import parse_id
from magistrat.core.imports import parsers
from magistrat.core.imports.bulk import build, bulk_insert
from magistrat.core.imports.columns import Field
from magistrat.core.imports.engine import Importer, run
from magistrat.core.imports.jobs import ImportKind
from magistrat.core.imports.parsers import normalize_name
from magistrat.core.models import ChangeLogEntry
from magistrat.organizations import access

from .models import ABOVE_GROSS, Expenditure, GrantProject, counted_amount
from .selectors import project_list

BATCH = 5000
MAX_AMOUNT = Decimal("999999999999.99")
TEXT = {"supplier_nip", "notes", "description", "supplier_name", "document_number", "unit"}


def _amount(value):
    return parsers.amount(value, maximum=MAX_AMOUNT)


def _quantity(value):
    result = parsers.integer(value)
    if result < 1:
        raise parsers.ParseError(_("At least 1."))
    return result


FIELDS = [
    Field("document_number", gettext_lazy("Document number"),
          ("nr dokumentu", "numer dokumentu", "nr faktury", "numer faktury", "faktura", "dokument",
           "nr", "nr dowodu księgowego", "numer dowodu",
           "invoice", "invoice number", "document no"),
          parsers.text_for(Expenditure, "document_number"), required=True),
    Field("document_date", gettext_lazy("Document date"),
          ("data", "data dokumentu", "data faktury", "data wystawienia", "data sprzedaży", "invoice date",
           "date"),
          parsers.date, required=True),
    Field("supplier_name", gettext_lazy("Supplier"),
          ("dostawca", "sprzedawca", "wykonawca", "kontrahent", "nazwa dostawcy", "supplier name",
           "vendor"), parsers.text_for(Expenditure, "supplier_name"), required=True),
    Field("supplier_nip", gettext_lazy("Supplier NIP"),
          ("nip", "nip dostawcy", "nip sprzedawcy", "nip wykonawcy", "nip kontrahenta", "supplier tax id",
           "vat id"), parsers.nip),
    Field("description", gettext_lazy("Description"),
          ("opis", "przedmiot", "opis wydatku", "nazwa towaru lub usługi", "item"),
          parsers.text_for(Expenditure, "description")),
    Field("net_amount", gettext_lazy("Net"), ("netto", "kwota netto", "wartość netto", "net amount"), _amount),
    Field("vat_amount", gettext_lazy("VAT"), ("vat", "kwota vat", "podatek vat", "vat amount"), _amount),
    Field("gross_amount", gettext_lazy("Gross"), ("brutto", "kwota brutto", "wartość brutto",
                                                  "gross amount", "kwota"), _amount),
    Field("eligible_amount", gettext_lazy("Eligible amount"),
          ("kwota kwalifikowalna", "wydatki kwalifikowalne", "kwalifikowalne", "wydatek kwalifikowalny",
           "kwota wydatków kwalifikowalnych", "eligible",
           "eligible costs"), _amount),
    Field("budget_line", gettext_lazy("Budget line"),
          ("pozycja budżetu", "pozycja budżetowa", "pozycja", "kategoria kosztów", "zadanie",
           "budget item"), parsers.text, required=True),
    Field("payment_date", gettext_lazy("Payment date"),
          ("data zapłaty", "data płatności", "zapłacono", "paid on"), parsers.date),
    Field("quantity", gettext_lazy("Quantity"), ("ilość", "liczba", "ilosc", "quantity"), _quantity),
    Field("unit", gettext_lazy("Unit"), ("jednostka", "j m", "jm", "jednostka miary", "unit"),
          parsers.text_for(Expenditure, "unit")),
    Field("notes", gettext_lazy("Notes"), ("uwagi", "comments", "remarks"), parsers.text),
]


def _document_key(nip, name, number) -> tuple:
    """A supplier's document, as the database keeps it unique: by NIP, or by name without one."""
    return ("nip", nip, number) if nip else ("name", name or "", number)


class ExpenditureImporter(Importer):
    kind = "expenditures"
    fields = FIELDS

    def __init__(self, *, user, project: GrantProject):
        self.user, self.project = user, project
        self.rows, self.seen = [], {}

    def prepare(self, columns, report):
        self.lines = {}
        for line in self.project.budget_lines.all():
            self.lines.setdefault(normalize_name(line.name), []).append(line)
        self.existing = {_document_key(nip, name, number) for nip, name, number in
                         self.project.expenditures.values_list("supplier_nip", "supplier_name", "document_number")}
        self.program = self.project.program
        # What counts towards the settlement so far, by budget line and in total, for the plan and
        # grant warnings.
        self.line_eligible = {pk: total or Decimal("0") for pk, total in self.project.budget_lines.annotate(
            total=Sum(counted_amount("expenditures"))).values_list("pk", "total")}
        self.project_eligible = self.project.expenditures.aggregate(total=Sum(counted_amount()))["total"] \
            or Decimal("0")

    def check_row(self, row, report):
        values = row.values
        for name in ("document_number", "document_date", "supplier_name", "description", "budget_line"):
            if not values.get(name) and name not in row.invalid:    # a bad date is one error, not two
                row.error(name, _("Required."))
        line = None
        if values.get("budget_line"):
            found = self.lines.get(normalize_name(values["budget_line"]), [])
            if len(found) == 1:
                line = found[0]
            else:
                names = ", ".join(sorted(line.name for lines in self.lines.values() for line in lines))
                row.error("budget_line", _("No budget line “%(name)s” in this project; the lines are: "
                                           "%(lines)s.") % {"name": values["budget_line"],
                                                            "lines": names or "—"})
        self._amounts(row, values)
        document, date, paid = values.get("document_number"), values.get("document_date"), values.get("payment_date")
        if paid and date and paid < date:
            row.error("payment_date", _("Payment cannot be before the document date."))
        if values.get("unit") and not values.get("quantity") and "quantity" not in row.invalid:
            row.error("quantity", _("Give the quantity the unit counts."))
        key = _document_key(values.get("supplier_nip"), values.get("supplier_name"), document)
        if document:
            if key in self.seen:
                row.error("document_number", _("The same document of this supplier is in row %(row)s.")
                          % {"row": self.seen[key]})
            else:
                self.seen[key] = row.number
            if key in self.existing:
                row.error("document_number", _("This supplier's document is already in the project."))
        if row.failed:
            return
        values["budget_line"] = line
        expenditure = Expenditure(project=self.project, budget_line=line,
                                  **{k: v for k, v in values.items() if k != "budget_line"})
        for warning in expenditure.warnings():
            row.warning("eligible_amount" if warning == ABOVE_GROSS else "document_date", warning)
        self._budget_warnings(row, line, expenditure.amount_counted())
        self.rows.append(values)
        report.to_create += 1
        report.add_preview(row.number, "create", f"{document} {values.get('supplier_name')}")

    def _budget_warnings(self, row, line, eligible):
        """The form's and the API's warnings, counted with the rows above and what the project has:
        the budget line over its plan, the project's eligible expenditure over the grant."""
        self.line_eligible[line.pk] = self.line_eligible.get(line.pk, Decimal("0")) + eligible
        self.project_eligible += eligible
        if self.line_eligible[line.pk] > line.planned_amount:
            row.warning("budget_line", _("%(line)s: eligible expenditure is above the plan.") % {"line": line.name})
        if self.project_eligible > self.project.granted_amount:
            row.warning("eligible_amount", _("Eligible expenditure is above the grant amount."))

    def _amounts(self, row, values):
        net, vat, gross = values.get("net_amount"), values.get("vat_amount"), values.get("gross_amount")
        if gross is None and net is not None and vat is not None:
            gross = values["gross_amount"] = net + vat
        elif net is None and gross is not None and vat is not None:
            net = values["net_amount"] = gross - vat
        elif vat is None and gross is not None and net is not None:
            vat = values["vat_amount"] = gross - net
        if None in (net, vat, gross):
            row.error("gross_amount", _("Give two of net, VAT and gross."))
        elif net + vat != gross:
            row.error("gross_amount", _("Gross must equal net plus VAT: %(net)s + %(vat)s = %(sum)s.") % {
                "net": formatting.money(net), "vat": formatting.money(vat), "sum": formatting.money(net + vat)})
        if values.get("eligible_amount") is None:
            values["eligible_amount"] = gross
        if vat is not None and vat < 0:
            row.error("vat_amount", _("Cannot be negative."))

    def write(self, report, progress):
        organization = self.project.organization
        progress("writing", 0, len(self.rows))
        for start in range(0, len(self.rows), BATCH):
            records = [build(Expenditure, organization=organization, project=self.project,
                             **{k: ("" if v is None and k in TEXT else v) for k, v in values.items()})
                       for values in self.rows[start:start + BATCH]]
            bulk_insert(records)
            log_changes(user=self.user, items=((r, ChangeLogEntry.Action.CREATE, None) for r in records))
            progress("writing", start + len(records), len(self.rows))
        report.created = len(self.rows)


def expenditure_import(*, user, project: GrantProject, source, dry_run: bool = False,
                       mapping=None, sheet=None, progress=None):
    """Add a project's expenditure documents from a CSV or XLSX file; nothing is saved unless
    every row is valid. Eligibility warnings are reported but do not stop the import."""
    access.require(user, "grant.change", project.organization)
    importer = ExpenditureImporter(user=user, project=project)
    return run(importer, source, sheet=sheet, mapping=mapping, dry_run=dry_run, progress=progress)


def find_project(*, user, reference: str, within=None) -> GrantProject:
    """A project by id, agreement number or umbrella number that the user may see."""
    projects = project_list(user=user)
    if within is not None:
        projects = projects.filter(organization=within)
    match = Q(agreement_number=reference) | Q(umbrella_number=reference)
    pk = parse_id(str(reference))
    if pk is not None:
        match |= Q(pk=pk)
    found = list(projects.filter(match)[:10])
    if not found:
        raise ValidationError(_("No grant project “%(project)s” that you may see.") % {"project": reference})
    if len(found) > 1:
        raise ValidationError(_("“%(project)s” matches several projects (%(ids)s); give the organization "
                                "or the id.") % {"project": reference,
                                                 "ids": ", ".join(str(p.pk) for p in found)})
    return found[0]


def _run_job(*, user, job, source, dry_run, progress):
    project = GrantProject.objects.select_related("organization", "program").get(pk=job.target_id)
    return expenditure_import(user=user, project=project, source=source, dry_run=dry_run,
                              mapping=job.options.get("mapping") or None,
                              sheet=job.options.get("sheet") or None, progress=progress)


KIND = ImportKind(
    name="expenditures", label=gettext_lazy("expenditures"), permission="grant.change", run=_run_job,
    done_url=lambda job: reverse("grants:grantproject_detail", args=[job.target_id]) + "?tab=expenditures",
    back_url=lambda job: reverse("grants:grantproject_detail", args=[job.target_id]) + "?tab=expenditures",
    back_label=lambda job: GrantProject.objects.filter(pk=job.target_id).values_list("title", flat=True).first() or "",
)
