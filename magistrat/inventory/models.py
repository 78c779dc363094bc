"""The hardware register (KRI §20 ust. 2 pkt 2): categories, locations, assets, handover."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from magistrat.core import formatting
from magistrat.core.collation import polish
from magistrat.core.identifiers import NIPField
from magistrat.core.models import TenantModel, TimestampedModel
from magistrat.core.search import SearchKey

from . import rules


class KstClass(models.Model):
    """A class of the fixed-asset classification (KŚT), with its edition."""

    class Edition(models.TextChoices):
        KST_2010 = "2010", "KŚT 2010"
        KST_2016 = "2016", "KŚT 2016"

    edition = models.CharField(_("edition"), max_length=4, choices=Edition.choices)
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=255)
    depreciation_rate = models.DecimalField(_("tax depreciation rate [%]"), max_digits=5,
                                            decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("KŚT class")
        verbose_name_plural = _("KŚT classes")
        ordering = ["-edition", "code"]
        constraints = [models.UniqueConstraint(fields=["edition", "code"], name="kst_unique_code")]

    def __str__(self):
        return f"{self.code} ({self.get_edition_display()}) {self.name}"

    def get_absolute_url(self):
        return reverse("inventory:kstclass_detail", args=[self.pk])


class AssetCategory(TimestampedModel):
    """A kind of equipment. Shared defaults have no organization; units may add their own."""

    class Tracking(models.TextChoices):
        INDIVIDUAL = "individual", _("individually")
        QUANTITY = "quantity", _("by quantity")

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, null=True, blank=True,
        related_name="asset_categories", verbose_name=_("organization"),
        help_text=_("Empty for the categories shared by every organization."),
    )
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=20,
                            help_text=_("Short code used in inventory numbers, e.g. KS."))
    kst = models.ForeignKey(KstClass, on_delete=models.PROTECT, null=True, blank=True,
                            verbose_name=_("KŚT class"))
    tracking = models.CharField(_("tracking"), max_length=16, choices=Tracking.choices,
                                default=Tracking.INDIVIDUAL)

    class Meta:
        verbose_name = _("asset category")
        verbose_name_plural = _("asset categories")
        ordering = [polish("name"), "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="category_unique_name"),
            models.UniqueConstraint(fields=["name"], condition=Q(organization__isnull=True),
                                    name="category_unique_shared_name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("inventory:assetcategory_detail", args=[self.pk])

    def clean(self):
        if self.pk and self.tracking == self.Tracking.INDIVIDUAL:
            counted = self.asset_set.filter(quantity__gt=1).order_by("inventory_number").first()
            if counted is not None:
                raise ValidationError({"tracking": _(
                    "%(asset)s is recorded with a quantity of %(quantity)s: items tracked individually "
                    "have one record each. Split such records first.") % {
                        "asset": counted, "quantity": counted.quantity}})


class Location(TenantModel):
    """Building → floor → room, as a tree per organization."""

    class Kind(models.TextChoices):
        BUILDING = "building", _("building")
        FLOOR = "floor", _("floor")
        ROOM = "room", _("room")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.ROOM)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="children", verbose_name=_("part of"))
    tree_path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    notes = models.TextField(_("notes"), blank=True)

    # What each kind may stand inside (any kind may also stand on its own, at the top).
    PARENT_KINDS = {
        Kind.BUILDING: {Kind.OTHER},
        Kind.FLOOR: {Kind.BUILDING},
        Kind.ROOM: {Kind.BUILDING, Kind.FLOOR},
        Kind.OTHER: {Kind.BUILDING, Kind.FLOOR, Kind.ROOM, Kind.OTHER},
    }

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["tree_path"]
        constraints = [models.UniqueConstraint(fields=["organization", "parent", "name"],
                                               name="location_unique_name")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("inventory:location_detail", args=[self.pk])

    def clean(self):
        if self.parent_id:
            if self.parent.organization_id != self.organization_id:
                raise ValidationError(
                    {"parent": _("The parent location belongs to another organization.")})
            inside = self.parent.tree_path.startswith(self.tree_path or "//")
            if self.pk and (self.parent_id == self.pk or inside):
                raise ValidationError({"parent": _("A location cannot be placed inside itself.")})
            if self.kind in self.PARENT_KINDS and self.parent.kind not in self.PARENT_KINDS[self.kind]:
                raise ValidationError({"parent": self.misplaced_message(self.kind, self.parent)})
        if self.pk and self.kind in self.PARENT_KINDS:
            child = next((c for c in self.children.all()
                          if self.kind not in self.PARENT_KINDS.get(c.kind, {self.kind})), None)
            if child is not None:
                raise ValidationError({"kind": _(
                    "%(child)s (%(child_kind)s) is inside it; a %(kind)s cannot hold a %(child_kind)s. "
                    "Move %(child)s first.") % {"child": child.name, "child_kind": child.get_kind_display(),
                                                 "kind": self.Kind(self.kind).label}})

    @classmethod
    def misplaced_message(cls, kind: str, parent: "Location") -> str:
        messages = {
            cls.Kind.BUILDING: _("A building stands on its own or inside an “other” location, not "
                                 "inside %(parent)s (%(parent_kind)s)."),
            cls.Kind.FLOOR: _("A floor belongs inside a building, not inside %(parent)s (%(parent_kind)s)."),
            cls.Kind.ROOM: _("A room belongs inside a building or on a floor, not inside %(parent)s "
                             "(%(parent_kind)s)."),
        }
        return messages[kind] % {"parent": parent.name, "parent_kind": parent.get_kind_display()}


# A price or rate below zero is a typing mistake: say so in words, not "greater than or equal to 0".
NOT_NEGATIVE = MinValueValidator(Decimal("0"), message=_("Cannot be negative."))


class Asset(TenantModel):
    class Status(models.TextChoices):
        ORDERED = "ordered", _("ordered")
        IN_STOCK = "in_stock", _("in stock")
        IN_USE = "in_use", _("in use")
        IN_REPAIR = "in_repair", _("in repair")
        LENT = "lent", _("lent")
        WITHDRAWN = "withdrawn", _("withdrawn")
        DISPOSED = "disposed", _("disposed")
        LOST = "lost", _("lost")

    RETIRED = (Status.WITHDRAWN, Status.DISPOSED, Status.LOST)

    inventory_number = models.CharField(_("inventory number"), max_length=60)
    fixed_asset_number = models.CharField(_("fixed-asset register number"), max_length=60, blank=True)
    name = models.CharField(_("name"), max_length=200)
    category = models.ForeignKey(AssetCategory, on_delete=models.PROTECT, verbose_name=_("category"))
    manufacturer = models.CharField(_("manufacturer"), max_length=100, blank=True)
    model = models.CharField(_("model"), max_length=100, blank=True)
    serial_number = models.CharField(_("serial number"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.IN_STOCK)
    quantity = models.PositiveIntegerField(_("quantity"), default=1, validators=[MinValueValidator(1)])
    location = models.ForeignKey(Location, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="assets", verbose_name=_("location"))
    person = models.ForeignKey("organizations.Person", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="assets", verbose_name=_("assigned to"))
    purchase_date = models.DateField(_("purchase date"), null=True, blank=True)
    commissioning_date = models.DateField(_("commissioning date"), null=True, blank=True)
    supplier_name = models.CharField(_("supplier"), max_length=200, blank=True)
    supplier_nip = NIPField(_("supplier NIP"), blank=True)
    invoice_number = models.CharField(_("invoice number"), max_length=100, blank=True)
    net_price = models.DecimalField(_("net price"), max_digits=12, decimal_places=2, null=True,
                                    blank=True, validators=[NOT_NEGATIVE])
    vat_rate = models.DecimalField(_("VAT rate [%]"), max_digits=5, decimal_places=2, null=True,
                                   blank=True, validators=[NOT_NEGATIVE])
    gross_price = models.DecimalField(_("gross price"), max_digits=12, decimal_places=2, null=True,
                                      blank=True, validators=[NOT_NEGATIVE])
    funding = models.CharField(_("funding"), max_length=200, blank=True)
    warranty_end = models.DateField(_("warranty until"), null=True, blank=True)
    # Configuration (what KRI calls "type and configuration")
    hostname = models.CharField(_("hostname"), max_length=100, blank=True)
    os_name = models.CharField(_("operating system"), max_length=100, blank=True)
    os_version = models.CharField(_("system version"), max_length=100, blank=True)
    cpu = models.CharField(_("processor"), max_length=150, blank=True)
    ram = models.CharField(_("memory (RAM)"), max_length=50, blank=True)
    disk = models.CharField(_("disk"), max_length=150, blank=True)
    mac_addresses = models.CharField(_("MAC addresses"), max_length=255, blank=True)
    ip_addresses = models.CharField(_("IP addresses"), max_length=255, blank=True)
    firmware = models.CharField(_("firmware"), max_length=100, blank=True)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="components", verbose_name=_("part of"))
    notes = models.TextField(_("notes"), blank=True)
    # Withdrawal / disposal (likwidacja)
    retired_on = models.DateField(_("withdrawn / disposed on"), null=True, blank=True)
    retirement_reason = models.CharField(_("reason"), max_length=255, blank=True)
    retirement_protocol = models.CharField(_("protocol number"), max_length=100, blank=True)
    # The spreadsheet import that created it (none when entered by hand or from the CLI).
    import_job = models.ForeignKey("core.ImportJob", on_delete=models.SET_NULL, null=True, blank=True,
                                   editable=False, related_name="+", verbose_name=_("imported by"))
    # What the search box looks in, folded by the database itself (core.search); the holder
    # is searched through the person's own key.
    search_key = models.GeneratedField(
        expression=SearchKey("inventory_number", "serial_number", "name", "manufacturer", "model",
                             "hostname", "fixed_asset_number"),
        output_field=models.TextField(), db_persist=True, editable=False,
    )

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        ordering = ["inventory_number"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "inventory_number"],
                                    name="asset_unique_inventory_number"),
            # The manufacturer whatever its case: "dell" and "Dell" are one maker (services keep
            # its spacing tidy; clean() also compares letters SQLite's lower() does not know).
            models.UniqueConstraint(F("organization"), Lower("manufacturer"), F("serial_number"),
                                    condition=~Q(serial_number=""), name="asset_unique_serial"),
        ]
        indexes = [
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["organization", "category"]),
            models.Index(fields=["organization", "serial_number"]),
            models.Index(fields=["organization", "warranty_end"]),
        ]

    def __str__(self):
        return f"{self.inventory_number} {self.name}"

    def get_absolute_url(self):
        return reverse("inventory:asset_detail", args=[self.pk])

    @property
    def low_value(self) -> bool:
        """Within the organization's current low-value threshold. Lists read it from the query
        (`selectors.asset_list` annotates it); a single asset works it out from its organization."""
        if "_low_value" in self.__dict__:
            return self.__dict__["_low_value"]
        return rules.is_low_value(gross_price=self.gross_price, net_price=self.net_price,
                                  threshold=self.organization.low_value_threshold)

    @low_value.setter
    def low_value(self, value) -> None:
        self.__dict__["_low_value"] = value

    def forget_low_value(self) -> None:
        self.__dict__.pop("_low_value", None)

    @property
    def is_retired(self) -> bool:
        return self.status in self.RETIRED

    @property
    def vat_rate_figure(self) -> str:
        """"23", "8,5": the rate as people write it (its label says it is in per cent)."""
        return formatting.quantity(self.vat_rate) if self.vat_rate is not None else ""

    def clean(self):
        errors = {}
        if self.category_id and self.category.organization_id not in (None, self.organization_id):
            errors["category"] = _("The category belongs to another organization.")
        if self.location_id and self.location.organization_id != self.organization_id:
            errors["location"] = _("The location belongs to another organization.")
        if self.person_id and self.person.organization_id != self.organization_id:
            errors["person"] = _("The person works in another organization.")
        foreign_parent = self.parent_id and self.parent.organization_id != self.organization_id
        if self.parent_id and (self.parent_id == self.pk or foreign_parent):
            errors["parent"] = _("Choose another asset of the same organization.")
        elif self.parent_id and self.pk and self._parent_cycle():
            errors["parent"] = _("%(parent)s is itself part of %(asset)s: an asset cannot be part of "
                                 "its own component.") % {"parent": self.parent, "asset": self}
        errors = {field: [message] for field, message in errors.items()}
        for field, messages in rules.asset_rule_errors(self).items():
            errors.setdefault(field, []).extend(messages)
        for field, message in self._duplicates().items():
            errors.setdefault(field, []).append(message)
        if errors:
            raise ValidationError(errors)

    def _parent_cycle(self) -> bool:
        """Whether the chosen parent is (a part of a part of …) this asset."""
        seen, current = {self.pk}, self.parent_id
        while current is not None:
            if current in seen:
                return True
            seen.add(current)
            current = Asset.objects.filter(pk=current).values_list("parent_id", flat=True).first()
        return False

    def _duplicates(self) -> dict:
        """Name the asset that already uses the number (the database constraint is the net).

        The manufacturer is compared whatever its case and spacing ("dell" is "Dell ")."""
        errors = {}
        others = Asset.objects.filter(organization_id=self.organization_id).exclude(pk=self.pk)
        if self.inventory_number:
            clash = others.filter(inventory_number=self.inventory_number).first()
            if clash:
                errors["inventory_number"] = _("Already used by %(asset)s.") % {"asset": clash}
        if self.serial_number:
            maker = rules.normalize_maker(self.manufacturer)
            clash = next((other for other in others.filter(serial_number=self.serial_number)
                          if rules.normalize_maker(other.manufacturer) == maker), None)
            if clash:
                errors["serial_number"] = _("%(asset)s has the same manufacturer and serial "
                                            "number.") % {"asset": clash}
        return errors

    def validate_constraints(self, exclude=None):
        # clean() has already named the clashing asset for both unique constraints.
        pass


def attachment_path(instance, filename):
    return f"attachments/{instance.organization_id}/assets/{instance.asset_id}/{filename}"


class AssetAttachment(TenantModel):
    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="attachments",
                              verbose_name=_("asset"))
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size [bytes]"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-created_at"]

    def __str__(self):
        return self.name


class HandoverProtocol(TenantModel):
    """Protokół przekazania (handover) or zwrotu (return): numbered, printable."""

    class Kind(models.TextChoices):
        HANDOVER = "handover", _("handover")
        RETURN = "return", _("return")

    number = models.CharField(_("number"), max_length=60)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    date = models.DateField(_("date"))
    person = models.ForeignKey("organizations.Person", on_delete=models.PROTECT,
                               related_name="protocols", verbose_name=_("employee"))
    # Who signs for the office; empty leaves a line to write the name on by hand.
    issued_by = models.CharField(_("handed over by"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("handover protocol")
        verbose_name_plural = _("handover protocols")
        ordering = ["-date", "-id"]
        constraints = [models.UniqueConstraint(fields=["organization", "number"],
                                               name="protocol_unique_number")]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("inventory:protocol_pdf", args=[self.pk])


class ProtocolItem(models.Model):
    # Where an item taken back goes: on the shelf, or to be repaired.
    RETURN_STATUSES = (Asset.Status.IN_STOCK, Asset.Status.IN_REPAIR)
    # What the condition field suggests (free text stays possible). The values are the
    # protocol's own words: it is printed in Polish whatever the interface language.
    CONDITION_SUGGESTIONS = (("nowy", _("new")), ("używany, sprawny", _("used, working")),
                             ("uszkodzony", _("damaged (add what is damaged)")))

    protocol = models.ForeignKey(HandoverProtocol, on_delete=models.CASCADE, related_name="items",
                                 verbose_name=_("protocol"))
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="protocol_items",
                              verbose_name=_("asset"))
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    condition = models.CharField(pgettext_lazy("state of an item", "condition"), max_length=100, blank=True)
    accessories = models.CharField(_("accessories"), max_length=255, blank=True)
    # A return only: the status the asset was given when it came back (in stock / in repair).
    status_after = models.CharField(_("status after the return"), max_length=16, blank=True,
                                    choices=[(Asset.Status.IN_STOCK.value, Asset.Status.IN_STOCK.label),
                                             (Asset.Status.IN_REPAIR.value, Asset.Status.IN_REPAIR.label)])

    class Meta:
        verbose_name = _("protocol item")
        verbose_name_plural = _("protocol items")
        ordering = ["id"]

    def __str__(self):
        return f"{self.protocol_id}: {self.asset_id}"


class Assignment(TenantModel):
    """Who held an asset and when; opened by a handover, closed by a return."""

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="assignments",
                              verbose_name=_("asset"))
    person = models.ForeignKey("organizations.Person", on_delete=models.PROTECT,
                               related_name="assignments", verbose_name=_("employee"))
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    handover = models.ForeignKey(HandoverProtocol, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("handover protocol"))
    return_protocol = models.ForeignKey(HandoverProtocol, on_delete=models.PROTECT, null=True,
                                        blank=True, related_name="+", verbose_name=_("return protocol"))

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-start_date", "-id"]

    def __str__(self):
        return f"{self.asset} → {self.person}"
