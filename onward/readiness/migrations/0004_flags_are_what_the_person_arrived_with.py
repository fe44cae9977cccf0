"""A case's ID, bank account and National Insurance number flags now say what the person arrived with.

Until now the readiness services also set them when a record showed the thing
in place. The records now speak for themselves (the touchpoints read them), so
a flag that a record explains is cleared: the touchpoint then applies and is
done by that record, instead of vanishing as if the person had arrived with it.
"""

from django.db import migrations

RIGHT_TO_WORK_ALONE = {"biometric-residence-permit"}
RIGHT_TO_WORK_WITH_NI = {"birth-certificate", "adoption-certificate"}


def clear_flags_the_records_explain(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    BankApplication = apps.get_model("readiness", "BankApplication")
    IdApplication = apps.get_model("readiness", "IdApplication")
    NiNumberRecord = apps.get_model("readiness", "NiNumberRecord")

    opened = BankApplication.objects.filter(status="account-opened").values("case_id")
    Case.objects.filter(has_bank_account=True, pk__in=opened).update(has_bank_account=False)

    known = NiNumberRecord.objects.filter(status__in=["known", "received"]).values("case_id")
    Case.objects.filter(has_ni_number=True, pk__in=known).update(has_ni_number=False)

    held = {}
    for case_id, kind in IdApplication.objects.filter(status="accepted", received_on__isnull=False).values_list(
        "case_id", "document_type"
    ):
        held.setdefault(case_id, set()).add(kind)
    received_ni = set(NiNumberRecord.objects.filter(status="received").values_list("case_id", flat=True))
    explained = [
        case_id
        for case_id, kinds in held.items()
        if kinds & RIGHT_TO_WORK_ALONE
        or (kinds & RIGHT_TO_WORK_WITH_NI and ("ni-number-letter" in kinds or case_id in received_ni))
    ]
    Case.objects.filter(has_right_to_work_id=True, pk__in=explained).update(has_right_to_work_id=False)


class Migration(migrations.Migration):
    dependencies = [
        ("readiness", "0003_right_to_work_documents"),
        ("cases", "0003_access_for_crs_referrals"),
    ]

    operations = [migrations.RunPython(clear_flags_the_records_explain, migrations.RunPython.noop)]
