from django.utils.translation import gettext_lazy as _

from magistrat.core.tables import Column

PATH_JOINER = " / "   # what the import reads back ("Budynek / Piętro / Pokój")


def location_paths():
    """A location's tree path ("/3/7/12/") as the names on the way: "Budynek A / Piętro 1 /
    Serwerownia" — so two rooms of one name on different floors are told apart in a file and the
    import finds each again. Names are read per organization, once per file."""
    from .models import Location

    names: dict[int, str] = {}

    def path(tree_path):
        if not tree_path:
            return None
        ids = [int(part) for part in tree_path.strip("/").split("/") if part]
        missing = [pk for pk in ids if pk not in names]
        if missing:
            organizations = Location.objects.filter(pk__in=missing).values("organization_id")
            names.update(Location.objects.filter(organization_id__in=organizations).values_list("pk", "name"))
        return PATH_JOINER.join(names.get(pk, "") for pk in ids)

    return path

ASSET_COLUMNS = [
    Column("inventory_number", _("Inventory number"), order_by="inventory_number", link=True, phone=True),
    Column("name", _("Name"), order_by="name", phone=True),
    Column("category.name", _("Category"), order_by="category", optional=True),
    Column("manufacturer", _("Manufacturer"), order_by="manufacturer", optional=True),
    Column("model", _("Model"), optional=True),
    # Serial numbers are found by the search and shown on the asset's page; a column of them
    # would push the price and durability off a 1280 px screen (the column chooser adds it).
    Column("serial_number", _("Serial number"), order_by="serial_number", optional=True),
    Column("status", _("Status"), order_by="status", phone=True),
    Column("location.name", _("Location"), order_by="location"),
    Column("person.full_name", _("Assigned to"), order_by="person", phone=True),
    Column("purchase_date", _("Purchase date"), order_by="purchase_date", kind="date", optional=True),
    Column("gross_price", _("Gross price"), order_by="gross_price", kind="money"),
    Column("warranty_end", _("Warranty until"), order_by="warranty_end", kind="date",
           optional=True),
    Column("organization.short_name", _("Organization"), order_by="organization", optional=True),
    Column("fixed_asset_number", _("Fixed-asset register number"), optional=True),
    Column("hostname", _("Hostname"), optional=True),
    Column("ip_addresses", _("IP addresses"), optional=True),
    Column("funding", _("Funding"), optional=True),
    Column("durability_until", _("Durability until"), kind="date"),
    Column("low_value", _("Low-value item"), kind="bool", optional=True),
]

# A printed hardware list ("wykaz sprzętu") unless the user chose columns: the list's own, and
# the serial numbers a stocktaking reads off the equipment (landscape A4 has room for them).
ASSET_PRINT_COLUMNS = [c for c in ASSET_COLUMNS if not c.optional or c.path == "serial_number"]

# Every field an import understands, in the import's own column names: an exported XLSX
# imports back unchanged (locations by their path, the asset it is part of by inventory number,
# withdrawal and disposal with their date, reason and protocol).
ASSET_EXPORT_COLUMNS = [
    Column("inventory_number", _("Inventory number")),
    Column("fixed_asset_number", _("Fixed-asset register number")),
    Column("name", _("Name")),
    Column("category.name", _("Category")),
    Column("manufacturer", _("Manufacturer")),
    Column("model", _("Model")),
    Column("serial_number", _("Serial number")),
    Column("status", _("Status")),
    Column("quantity", _("Quantity"), kind="number"),
    Column("location.tree_path", _("Location"), transform=location_paths),
    Column("person.full_name", _("Assigned to")),
    Column("parent.inventory_number", _("Part of")),
    Column("purchase_date", _("Purchase date"), kind="date"),
    Column("commissioning_date", _("Commissioning date"), kind="date"),
    Column("supplier_name", _("Supplier")),
    Column("supplier_nip", _("Supplier NIP")),
    Column("invoice_number", _("Invoice number")),
    Column("net_price", _("Net price"), kind="money"),
    Column("vat_rate", _("VAT rate [%]"), kind="number"),
    Column("gross_price", _("Gross price"), kind="money"),
    Column("funding", _("Funding")),
    Column("warranty_end", _("Warranty until"), kind="date"),
    Column("hostname", _("Hostname")),
    Column("os_name", _("Operating system")),
    Column("os_version", _("System version")),
    Column("cpu", _("Processor")),
    Column("ram", _("Memory (RAM)")),
    Column("disk", _("Disk")),
    Column("mac_addresses", _("MAC addresses")),
    Column("ip_addresses", _("IP addresses")),
    Column("firmware", _("Firmware")),
    Column("notes", _("Notes")),
    Column("retired_on", _("Withdrawal / disposal date"), kind="date"),
    Column("retirement_reason", _("Withdrawal / disposal reason")),
    Column("retirement_protocol", _("Disposal protocol number")),
    # Which unit a row is of (a gmina's export lists its schools' equipment too); an import
    # into that unit accepts it, an import into another names the row.
    Column("organization.short_name", _("Organization")),
]

CATEGORY_COLUMNS = [
    Column("name", _("Name"), order_by="name", link=True),
    Column("code", _("Code"), order_by="code"),
    Column("kst", _("KŚT class")),
    Column("tracking", _("Tracking")),
    Column("organization.short_name", _("Organization")),
]

LOCATION_COLUMNS = [
    Column("name", _("Name"), order_by="name", link=True),
    Column("kind", _("Kind")),
    Column("parent.name", _("Part of")),
    Column("organization.short_name", _("Organization")),
]
