from django.db import migrations


def load_defaults(apps, schema_editor):
    from magistrat.inventory import defaults

    defaults.load(apps.get_model("inventory", "KstClass"), apps.get_model("inventory", "AssetCategory"))


class Migration(migrations.Migration):
    dependencies = [("inventory", "0001_initial")]
    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
