"""Seed the national MSME definitions of Appendix A, so a freshly migrated database has them.

Member states missing from servicecentre.Country are created minimally;
servicecentre.services.ensure_taxonomy() completes them later.
"""

from django.db import migrations


def seed(apps, schema_editor):
    from msme.services import load_definitions

    load_definitions(
        models={
            "Country": apps.get_model("servicecentre", "Country"),
            "SizeDefinition": apps.get_model("msme", "SizeDefinition"),
            "SizeThreshold": apps.get_model("msme", "SizeThreshold"),
        }
    )


def unseed(apps, schema_editor):
    # Countries stay: other apps' content may already point at them.
    apps.get_model("msme", "SizeDefinition").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("servicecentre", "0001_initial"),
        ("msme", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
