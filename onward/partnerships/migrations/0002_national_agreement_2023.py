"""The National Partnership Agreement 2023 to 2026, version 1, as signed: every database has it."""

from datetime import date

from django.db import migrations


def add_version_one(apps, schema_editor):
    NationalAgreementVersion = apps.get_model("partnerships", "NationalAgreementVersion")
    NationalAgreementVersion.objects.get_or_create(
        number=1,
        defaults={
            "title": "National Partnership Agreement for supporting prisoners to access employment and welfare support",
            "starts_on": date(2023, 1, 1),
            "ends_on": date(2026, 12, 31),
            "decision": "original",
            "catalogue": "npa-2023",
            "reason": "",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]

    operations = [migrations.RunPython(add_version_one, migrations.RunPython.noop)]
