"""Readiness records carry a version, bumped on every change, so an edit made on a stale read is refused.

A case's jobcentre appointments number their versions along the case's
bookings (a superseded booking was changed once more, by being superseded), so
the version of an earlier booking never matches the booking in force.
"""

from django.db import migrations, models

BATCH = 2000


def number_each_cases_bookings(apps, schema_editor):
    JobcentreAppointment = apps.get_model("readiness", "JobcentreAppointment")
    rebooked = (
        JobcentreAppointment.objects.filter(superseded_at__isnull=False).values_list("case_id", flat=True).distinct()
    )
    changed = []
    version, case_id = 0, None
    for appointment in JobcentreAppointment.objects.filter(case_id__in=rebooked).order_by("case_id", "booked_at", "id"):
        if appointment.case_id != case_id:
            version, case_id = 0, appointment.case_id
        version += 2 if appointment.superseded_at else 1
        appointment.version = version
        changed.append(appointment)
        if len(changed) >= BATCH:
            JobcentreAppointment.objects.bulk_update(changed, ["version"])
            changed = []
    JobcentreAppointment.objects.bulk_update(changed, ["version"])


class Migration(migrations.Migration):
    dependencies = [
        ("readiness", "0005_steps_stamped_on_their_day"),
    ]

    operations = [
        migrations.AddField(
            model_name="accommodationrecord",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="bankapplication",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="idapplication",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="jobcentreappointment",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="ninumberrecord",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="universalcreditrecord",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.RunPython(number_each_cases_bookings, migrations.RunPython.noop),
    ]
