"""Grant programmes (data) and the projects offices run under them, up to settlement."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from magistrat.core import formatting
from magistrat.core.collation import polish
from magistrat.core.identifiers import NIPField
from magistrat.core.models import TenantModel, TimestampedModel

from .validators import SENSIBLE_DATE

MONEY = {"max_digits": 14, "decimal_places": 2}
NON_NEGATIVE = [MinValueValidator(Decimal("0"))]


class CostArea(models.TextChoices):
    HARDWARE = "hardware", _("hardware")
    SOFTWARE = "software", _("software and licences")
    SERVICES = "services", _("services")
    TRAINING = "training", _("training")
    DIAGNOSIS = "diagnosis", _("diagnosis / audit")
    PROMOTION = "promotion", _("promotion")
    OTHER = "other", _("other")


class Program(TimestampedModel):
    """A grant programme (Cyfrowa Gmina, …): loaded from programmes/*.yaml, editable."""

    class DurabilityFrom(models.TextChoices):
        FINAL_PAYMENT = "final_payment", _("final payment")
        SETTLEMENT_ACCEPTED = "settlement_accepted", _("acceptance of the settlement")
        PROJECT_END = "project_end", _("end of the project")

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    operator = models.CharField(_("operator"), max_length=200, blank=True)
    fund = models.CharField(_("fund and measure"), max_length=255, blank=True)
    eligibility_start = models.DateField(_("expenses eligible from"), null=True, blank=True, validators=SENSIBLE_DATE)
    eligibility_end = models.DateField(_("expenses eligible until"), null=True, blank=True, validators=SENSIBLE_DATE)
    max_duration_months = models.PositiveIntegerField(_("maximum duration [months]"), null=True, blank=True)
    min_amount = models.DecimalField(_("minimum grant"), null=True, blank=True, **MONEY)
    max_amount = models.DecimalField(_("maximum grant"), null=True, blank=True, **MONEY)
    settlement_due_days = models.PositiveIntegerField(
        _("settlement due [days after the end]"), null=True, blank=True,
        help_text=_("When set, each project gets a “settlement due” deadline this many days after its end."))
    cost_areas = models.JSONField(_("cost areas"), default=list, blank=True)
    funding_pattern = models.JSONField(_("funding sources"), default=list, blank=True,
                                       help_text=_('E.g. [{"kind": "eu", "share": "81"}, '
                                                   '{"kind": "state", "share": "19"}]'))
    tranche_pattern = models.JSONField(_("tranches [%]"), default=list, blank=True)
    durability_years = models.PositiveIntegerField(_("durability [years]"), null=True, blank=True)
    durability_from = models.CharField(_("durability counted from"), max_length=32,
                                       choices=DurabilityFrom.choices, blank=True)
    durability_note = models.CharField(_("durability rule"), max_length=255, blank=True)
    indicator_templates = models.JSONField(_("indicator templates"), default=list, blank=True)
    promotion_templates = models.JSONField(_("promotion duties"), default=list, blank=True)
    public_wording = models.TextField(_("required public wording"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = [polish("name"), "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("grants:program_detail", args=[self.pk])

    def eligibility_window(self) -> str:
        """The window in which expenses are eligible, as warnings name it: "01.06.2023–30.06.2026",
        "from 01.02.2020", "until 30.09.2023" ("" when the programme sets none)."""
        start, end = formatting.date(self.eligibility_start), formatting.date(self.eligibility_end)
        if start and end:
            return f"{start}–{end}"
        if start:
            return pgettext("eligibility window", "from %(date)s") % {"date": start}
        return pgettext("eligibility window", "until %(date)s") % {"date": end} if end else ""

    def clean(self):
        from .patterns import clean_program

        clean_program(self)


class GrantProject(TenantModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        APPLIED = "applied", _("applied")
        SIGNED = "signed", _("agreement signed")
        IN_PROGRESS = "in_progress", _("in progress")
        SETTLEMENT_SUBMITTED = "settlement_submitted", _("settlement submitted")
        SETTLED = "settled", _("settled")
        DURABILITY = "durability", _("in durability")
        CLOSED = "closed", _("closed")

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="projects",
                                verbose_name=_("programme"))
    title = models.CharField(_("title"), max_length=255)
    umbrella_number = models.CharField(
        _("umbrella project number"), max_length=100, blank=True,
        help_text=_("The programme's national project number, e.g. POPC.05.01.00-00-0001/21-00."))
    agreement_number = models.CharField(_("agreement number"), max_length=100, blank=True)
    agreement_date = models.DateField(_("agreement date"), null=True, blank=True, validators=SENSIBLE_DATE)
    start_date = models.DateField(_("start"), null=True, blank=True, validators=SENSIBLE_DATE)
    end_date = models.DateField(_("end"), null=True, blank=True, validators=SENSIBLE_DATE,
                                help_text=_("Computed from the programme's duration when empty."))
    status = models.CharField(_("status"), max_length=32, choices=Status.choices, default=Status.PLANNED)
    granted_amount = models.DecimalField(_("grant amount"), validators=NON_NEGATIVE, **MONEY)
    durability_end = models.DateField(_("durability until"), null=True, blank=True, validators=SENSIBLE_DATE)
    coordinator = models.ForeignKey("organizations.Person", on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="coordinated_projects",
                                    verbose_name=_("coordinator"))
    published = models.BooleanField(_("public page published"), default=False)
    public_summary = models.TextField(_("description for residents"), blank=True)

    class Meta:
        verbose_name = _("grant project")
        verbose_name_plural = _("grant projects")
        # Newest agreement first; projects without one yet (planned, applied) before them on both
        # databases (PostgreSQL and SQLite place NULLs differently by default).
        ordering = [F("agreement_date").desc(nulls_first=True), polish("title"), "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("grants:grantproject_detail", args=[self.pk])

    def title_link(self):
        """The title, which list screens show as a link to the project and exports as text."""
        from .tables import Linked

        return Linked(self.title, self)

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end cannot be before the start.")
        if self.coordinator_id and self.coordinator.organization_id != self.organization_id:
            errors["coordinator"] = _("The coordinator works in another organization.")
        if errors:
            raise ValidationError(errors)

    def under_durability(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return bool(self.durability_end and on <= self.durability_end)


class FundingSource(models.Model):
    class Kind(models.TextChoices):
        EU = "eu", _("EU funds")
        STATE = "state", _("state budget")
        OWN = "own", _("own contribution")
        OTHER = "other", _("other")

    project = models.ForeignKey(GrantProject, on_delete=models.CASCADE, related_name="funding_sources",
                                verbose_name=_("project"))
    kind = models.CharField(_("source"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount"), validators=NON_NEGATIVE, **MONEY)

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["id"]

    def __str__(self):
        return self.name or self.get_kind_display()


class Tranche(models.Model):
    project = models.ForeignKey(GrantProject, on_delete=models.CASCADE, related_name="tranches",
                                verbose_name=_("project"))
    number = models.PositiveIntegerField(_("number"), validators=[MinValueValidator(1)])
    share = models.DecimalField(_("share [%]"), max_digits=5, decimal_places=2,
                                validators=[MinValueValidator(0), MaxValueValidator(100)])
    expected_amount = models.DecimalField(_("expected amount"), validators=NON_NEGATIVE, **MONEY)
    condition = models.CharField(pgettext_lazy("tranche", "condition"), max_length=255, blank=True)
    request_due = models.DateField(_("request due by"), null=True, blank=True, validators=SENSIBLE_DATE,
                                   help_text=_("When set, the deadlines list the request until it is made."))
    requested_on = models.DateField(_("requested on"), null=True, blank=True, validators=SENSIBLE_DATE)
    received_on = models.DateField(_("received on"), null=True, blank=True, validators=SENSIBLE_DATE)
    received_amount = models.DecimalField(_("received amount"), null=True, blank=True, validators=NON_NEGATIVE,
                                          **MONEY)

    class Meta:
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="tranche_unique_number")]

    def __str__(self):
        return f"{self.number}"

    def clean(self):
        # Named after the field, not "project and number must be unique".
        if self.project_id and self.number and Tranche.objects.filter(
                project_id=self.project_id, number=self.number).exclude(pk=self.pk).exists():
            raise ValidationError({"number": _("The project already has a tranche number %(number)s.")
                                   % {"number": self.number}})


class BudgetLine(models.Model):
    project = models.ForeignKey(GrantProject, on_delete=models.CASCADE, related_name="budget_lines",
                                verbose_name=_("project"))
    area = models.CharField(_("cost area"), max_length=16, choices=CostArea.choices)
    name = models.CharField(_("name"), max_length=200)
    planned_amount = models.DecimalField(_("planned amount"), validators=NON_NEGATIVE, **MONEY)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["id"]

    def __str__(self):
        return self.name


ABOVE_GROSS = _("The eligible amount is above the gross amount: only the gross amount counts towards the "
                "settlement.")
OUTSIDE_WINDOW = _("The document date %(date)s is outside the programme's eligibility window (%(window)s): the "
                   "document does not count towards the settlement.")


def counted_amount(path: str = "") -> Case:
    """The amount of an expenditure that counts towards the settlement — the one rule every total
    uses (budget, warnings, indicators, settlement report, API): its eligible amount, but never
    more than its gross amount, and nothing when the document date is outside the programme's
    eligibility window (such a document stays listed, with its warning, but does not count).

    `path` leads from the queried model to the expenditure: "" on expenditures,
    "expenditures" on budget lines and projects."""
    at = f"{path}__" if path else ""
    program = f"{at}project__program__"
    outside = (Q(**{f"{at}document_date__lt": F(f"{program}eligibility_start")})
               | Q(**{f"{at}document_date__gt": F(f"{program}eligibility_end")}))
    money = models.DecimalField(**MONEY)
    return Case(When(outside, then=Value(Decimal("0.00"), output_field=money)),
                When(**{f"{at}eligible_amount__gt": F(f"{at}gross_amount")}, then=F(f"{at}gross_amount")),
                default=F(f"{at}eligible_amount"), output_field=money)


class Expenditure(TenantModel):
    project = models.ForeignKey(GrantProject, on_delete=models.CASCADE, related_name="expenditures",
                                verbose_name=_("project"))
    budget_line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="expenditures",
                                    verbose_name=_("budget line"))
    document_number = models.CharField(_("document number"), max_length=100)
    document_date = models.DateField(_("document date"), validators=SENSIBLE_DATE)
    supplier_name = models.CharField(_("supplier"), max_length=200)
    supplier_nip = NIPField(_("supplier NIP"), blank=True)
    description = models.CharField(_("description"), max_length=255)
    net_amount = models.DecimalField(_("net"), validators=NON_NEGATIVE, **MONEY)
    vat_amount = models.DecimalField(_("VAT"), validators=NON_NEGATIVE, **MONEY)
    gross_amount = models.DecimalField(_("gross"), validators=NON_NEGATIVE, **MONEY)
    eligible_amount = models.DecimalField(_("eligible amount"), validators=NON_NEGATIVE, **MONEY)
    payment_date = models.DateField(_("payment date"), null=True, blank=True, validators=SENSIBLE_DATE)
    assets = models.ManyToManyField("inventory.Asset", blank=True, related_name="expenditures",
                                    verbose_name=_("equipment bought"))
    # What a document without equipment from the register paid for, for the public page and the
    # poster: "14 licencji", "18 os.", "1 diagnoza".
    quantity = models.PositiveIntegerField(
        _("quantity"), null=True, blank=True, validators=[MinValueValidator(1)],
        help_text=_("What the document paid for, counted for the public page and the poster (e.g. 14 with the "
                    "unit “licencji”). Equipment linked from the register is counted by category without it."))
    unit = models.CharField(_("unit"), max_length=30, blank=True,
                            help_text=_("As the count should read: licencji, os., szt., diagnoza…"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditures")
        ordering = ["document_date", "id"]
        # One document per supplier: by NIP, or by name for suppliers entered without a NIP.
        constraints = [
            models.UniqueConstraint(
                fields=["project", "supplier_nip", "document_number"], condition=~Q(supplier_nip=""),
                name="expenditure_unique_document",
                violation_error_message=_("This supplier's document is already in the project.")),
            models.UniqueConstraint(
                fields=["project", "supplier_name", "document_number"], condition=Q(supplier_nip=""),
                name="expenditure_unique_document_no_nip",
                violation_error_message=_("This supplier's document is already in the project.")),
        ]

    def __str__(self):
        return f"{self.document_number} {self.supplier_name}"

    @property
    def counted(self) -> str:
        """"14 licencji": the quantity and unit, as the public page counts them."""
        return f"{self.quantity} {self.unit}".strip() if self.quantity else ""

    @property
    def supplier_nip_display(self) -> str:
        """526-000-12-46, as NIPs are written."""
        from magistrat.core.identifiers import format_nip

        return format_nip(self.supplier_nip)

    def get_absolute_url(self):
        return reverse("grants:expenditure_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.budget_line_id and self.project_id and self.budget_line.project_id != self.project_id:
            errors["budget_line"] = _("The budget line belongs to another project.")
        if None not in (self.net_amount, self.vat_amount, self.gross_amount) and \
                self.net_amount + self.vat_amount != self.gross_amount:
            errors["gross_amount"] = _("Gross must equal net plus VAT: %(net)s + %(vat)s = %(sum)s.") % {
                "net": formatting.money(self.net_amount), "vat": formatting.money(self.vat_amount),
                "sum": formatting.money(self.net_amount + self.vat_amount)}
        if self.payment_date and self.document_date and self.payment_date < self.document_date:
            errors["payment_date"] = _("Payment cannot be before the document date.")
        if self.unit and not self.quantity:
            errors["quantity"] = _("Give the quantity the unit counts.")
        if errors:
            raise ValidationError(errors)

    def outside_eligibility(self) -> bool:
        program = self.project.program
        return bool(self.document_date and (
            (program.eligibility_start and self.document_date < program.eligibility_start)
            or (program.eligibility_end and self.document_date > program.eligibility_end)))

    def amount_counted(self) -> Decimal:
        """counted_amount() for a record not saved yet (a row being imported); saved records are
        summed by the database with counted_amount() itself. A test keeps the two the same."""
        if self.outside_eligibility():
            return Decimal("0.00")
        return min(self.eligible_amount or Decimal("0.00"), self.gross_amount or Decimal("0.00"))

    def warnings(self) -> list[str]:
        """Rules a coordinator must know about but may have reasons to keep."""
        found = []
        if self.gross_amount is not None and self.eligible_amount is not None \
                and self.eligible_amount > self.gross_amount:
            found.append(ABOVE_GROSS)
        if self.outside_eligibility():
            found.append(OUTSIDE_WINDOW % {"date": formatting.date(self.document_date),
                                           "window": self.project.program.eligibility_window()})
        return found


class Indicator(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", _("entered by hand")
        ASSETS = "assets", _("count of equipment bought (by category)")
        EXPENDITURE_AREA = "area", _("sum of eligible expenditure (by cost area)")

    project = models.ForeignKey(GrantProject, on_delete=models.CASCADE, related_name="indicators",
                                verbose_name=_("project"))
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=255)
    unit = models.CharField(_("unit"), max_length=30, default="szt.")
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, validators=NON_NEGATIVE)
    achieved_manual = models.DecimalField(_("achieved (entered)"), max_digits=14, decimal_places=2,
                                          null=True, blank=True, validators=NON_NEGATIVE)
    source = models.CharField(_("computed from"), max_length=16, choices=Source.choices,
                              default=Source.MANUAL)
    source_filter = models.CharField(_("category or area"), max_length=200, blank=True,
                                     help_text=_("Category names separated by commas, or a cost area."))

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["id"]

    def __str__(self):
        return f"{self.code} {self.name}"


class Milestone(models.Model):
    class Kind(models.TextChoices):
        ELIGIBILITY_END = "eligibility_end", _("end of eligibility")
        PROJECT_END = "project_end", _("end of the project")
        SETTLEMENT_DUE = "settlement_due", _("settlement due")
        TRANCHE_REQUEST = "tranche_request", _("tranche request")
        DURABILITY_END = "durability_end", _("end of durability")
        OTHER = "other", _("other")

    project = models.ForeignKey(GrantProject, on_delete=models.CASCADE, related_name="milestones",
                                verbose_name=_("project"))
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    name = models.CharField(_("name"), max_length=255)
    due_date = models.DateField(_("due"), validators=SENSIBLE_DATE)
    done_on = models.DateField(_("done on"), null=True, blank=True, validators=SENSIBLE_DATE)
    # Set for the deadlines that follow the project's dates (deadlines.py); editing the date,
    # name or kind by hand clears it, and the project's changes no longer move the deadline.
    automatic = models.BooleanField(_("follows the project's dates"), default=False)
    tranche = models.ForeignKey(Tranche, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="milestones", verbose_name=_("tranche"))

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_date", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{self.project.get_absolute_url()}?tab=deadlines"

    @property
    def overdue(self) -> bool:
        return self.done_on is None and self.due_date < timezone.localdate()

    def state(self) -> str:
        """"done", "overdue" or "open" (not done, not yet due), as the deadlines list says it."""
        if self.done_on:
            return str(_("done"))
        return str(_("overdue")) if self.overdue else str(_("ahead"))


class PromotionItem(models.Model):
    """A promotion duty of a project; done when it has a date (services: evidence recorded
    without one dates it today)."""

    project = models.ForeignKey(GrantProject, on_delete=models.CASCADE, related_name="promotion_items",
                                verbose_name=_("project"))
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("duty"), max_length=255)
    done_on = models.DateField(
        _("done on"), null=True, blank=True, validators=SENSIBLE_DATE,
        help_text=_("A duty with a date is done. Evidence recorded without a date (an address, a description or "
                    "a file) dates it today; remove the date while the duty is not done."))
    evidence_url = models.URLField(_("evidence (address)"), blank=True)
    evidence_note = models.CharField(_("evidence (description)"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("promotion duty")
        verbose_name_plural = _("promotion duties")
        ordering = ["id"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.done_on and self.done_on > timezone.localdate():
            raise ValidationError({"done_on": _("A duty cannot be done in the future: give the day it was done, "
                                                "or leave the date empty until then.")})


def document_path(instance, filename):
    # Only the name: a "/" in a document's name ("Faktura FV/1/2022") makes no folders.
    return f"attachments/{instance.organization_id}/grants/{instance.project_id}/{filename.replace('/', '-')}"


class ProjectDocument(TenantModel):
    """A file kept with a project: an expenditure's invoice, proof of payment or acceptance
    protocol, or the evidence (a photo, a scan) that a promotion duty was done."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("invoice")
        PAYMENT = "payment", _("proof of payment")
        ACCEPTANCE = "acceptance", _("acceptance protocol")
        PHOTO = "photo", _("photo")
        OTHER = "other", _("other")

    project = models.ForeignKey(GrantProject, on_delete=models.CASCADE, related_name="documents",
                                verbose_name=_("project"))
    expenditure = models.ForeignKey(Expenditure, on_delete=models.CASCADE, null=True, blank=True,
                                    related_name="documents", verbose_name=_("expenditure"))
    promotion_item = models.ForeignKey(PromotionItem, on_delete=models.CASCADE, null=True, blank=True,
                                       related_name="documents", verbose_name=_("promotion duty"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=document_path, max_length=255)
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size [bytes]"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+", verbose_name=_("uploaded by"))

    class Meta:
        verbose_name = _("project document")
        verbose_name_plural = _("project documents")
        ordering = ["created_at", "id"]
        constraints = [models.CheckConstraint(
            condition=Q(expenditure__isnull=True) | Q(promotion_item__isnull=True),
            name="project_document_one_target")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("grants:document_download", args=[self.pk])

    def clean(self):
        errors = {}
        if self.expenditure_id and self.project_id and self.expenditure.project_id != self.project_id:
            errors["expenditure"] = _("The expenditure belongs to another project.")
        if self.promotion_item_id and self.project_id and self.promotion_item.project_id != self.project_id:
            errors["promotion_item"] = _("The promotion duty belongs to another project.")
        if self.expenditure_id and self.promotion_item_id:
            errors["promotion_item"] = _("A document belongs to an expenditure or to a promotion duty, "
                                         "not to both.")
        if errors:
            raise ValidationError(errors)
