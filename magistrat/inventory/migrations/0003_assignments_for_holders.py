"""Assets given a holder without a protocol (the old edit form, the API, imports) had no
assignment, so the Assignments tab said nobody held them. Open one, without a protocol, from the
day the asset was put to use (or bought, or registered)."""

from django.db import migrations
from django.db.models import Exists, OuterRef

BATCH = 2000


def open_missing_assignments(apps, schema_editor):
    Asset = apps.get_model("inventory", "Asset")
    Assignment = apps.get_model("inventory", "Assignment")
    recorded = Assignment.objects.filter(asset_id=OuterRef("pk"), person_id=OuterRef("person_id"),
                                         end_date__isnull=True)
    missing = Asset.objects.filter(person__isnull=False).filter(~Exists(recorded)).order_by("pk")
    batch = []
    for asset in missing.iterator(chunk_size=BATCH):
        start = asset.commissioning_date or asset.purchase_date or asset.created_at.date()
        batch.append(Assignment(organization_id=asset.organization_id, asset_id=asset.pk,
                                person_id=asset.person_id, start_date=start))
        if len(batch) >= BATCH:
            Assignment.objects.bulk_create(batch)
            batch = []
    Assignment.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [("inventory", "0002_defaults")]
    operations = [migrations.RunPython(open_missing_assignments, migrations.RunPython.noop)]
