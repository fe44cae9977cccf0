"""CRS providers see a person through an access grant now, not by cases reading referrals: one grant per
referral a provider can still see (sent, accepted or completed)."""

from django.db import migrations


def grant_for_open_referrals(apps, schema_editor):
    Referral = apps.get_model("handover", "Referral")
    CaseAccess = apps.get_model("cases", "CaseAccess")
    visible = Referral.objects.filter(kind="crs", status__in=["sent", "accepted", "completed"])
    CaseAccess.objects.bulk_create(
        [
            CaseAccess(case_id=referral.case_id, organisation_id=referral.receiver_id, reason=f"referral {referral.pk}")
            for referral in visible
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_case_access"),
        ("handover", "0002_referrals"),
    ]

    operations = [migrations.RunPython(grant_for_open_referrals, migrations.RunPython.noop)]
