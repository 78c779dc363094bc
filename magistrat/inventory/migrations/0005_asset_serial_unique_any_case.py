"""Serial numbers are unique within the organization and manufacturer, whatever its case."""

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('inventory', '0004_asset_low_value_computed_tidy_makers'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='asset',
            constraint=models.UniqueConstraint(models.F('organization'), django.db.models.functions.text.Lower('manufacturer'), models.F('serial_number'), condition=models.Q(('serial_number', ''), _negated=True), name='asset_unique_serial'),
        ),
    ]
