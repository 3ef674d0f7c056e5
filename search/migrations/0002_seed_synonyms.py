from django.db import migrations


def seed(apps, schema_editor):
    from search.seed import load_seed

    load_seed(apps.get_model("sc_search", "SynonymGroup"))


class Migration(migrations.Migration):
    dependencies = [("sc_search", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
