"""The low-value flag is worked out from the organization's current threshold (no stored copy to
go stale); manufacturers and serial numbers tidied before 0005 makes serial numbers unique per
manufacturer whatever its case. (Two migrations: PostgreSQL will not alter a table with row
updates pending in the same transaction.)"""

from django.core.management.base import CommandError
from django.db import migrations


def tidy_makers(apps, schema_editor):
    """Single spaces in manufacturers, no spaces around serial numbers; refuse to go on while two
    assets of one organization would then share a manufacturer and serial number."""
    Asset = apps.get_model("inventory", "Asset")
    seen, clashes = {}, []
    for asset in Asset.objects.exclude(serial_number="").only(
            "pk", "organization_id", "inventory_number", "manufacturer", "serial_number").iterator():
        maker, serial = " ".join(asset.manufacturer.split()), asset.serial_number.strip()
        if (maker, serial) != (asset.manufacturer, asset.serial_number):
            Asset.objects.filter(pk=asset.pk).update(manufacturer=maker, serial_number=serial)
        key = (asset.organization_id, maker.casefold(), serial)
        if key in seen:
            clashes.append(f"{seen[key]} / {asset.inventory_number} ({maker} {serial})")
        else:
            seen[key] = asset.inventory_number
    if clashes:
        raise CommandError(
            "These assets share a manufacturer (differing only in case or spaces) and a serial "
            "number within their organization; correct one of each pair, then migrate again: "
            + "; ".join(clashes[:50]))


class Migration(migrations.Migration):

    dependencies = [
        ('inventory', '0003_assignments_for_holders'),
        ('organizations', '0004_padded_inventory_numbers'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='asset',
            name='asset_unique_serial',
        ),
        migrations.RemoveField(
            model_name='asset',
            name='low_value',
        ),
        migrations.RunPython(tidy_makers, migrations.RunPython.noop),
    ]
