from django.db import migrations


def load_programmes(apps, schema_editor):
    from magistrat.grants import catalogue

    catalogue.load(apps.get_model("grants", "Program"))


class Migration(migrations.Migration):
    dependencies = [("grants", "0001_initial")]
    operations = [migrations.RunPython(load_programmes, migrations.RunPython.noop)]
