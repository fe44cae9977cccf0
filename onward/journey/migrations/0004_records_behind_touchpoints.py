"""The catalogue's fine print, and records behind touchpoints.

- `id-and-banking` becomes `bank-account`, `id-documents` and `ni-number`: a
  worker's "not applicable" or "declined" carries to each; "done" is now said
  by the ID, bank and National Insurance records themselves.
- A worker's "done" on a touchpoint whose duty is a record no longer counts:
  the record does. Where the old record holds what the new one needs (the
  claim, the advance, closure on entry, housing costs, an employment check),
  it is written there; either way the old tick is kept in history, undone.
- Plans of `id-and-banking` go; plans know when custody work closes. Run
  `python manage.py replan_touchpoints --history` after migrating to rebuild
  every plan from the records.
"""

from django.db import migrations
from django.db.models import OuterRef, Subquery
from django.utils import timezone

REPLACED = ("bank-account", "id-documents", "ni-number")
UC_FIELDS = {
    "uc-claim": "claim_made_on",
    "advance-payment": "advance_paid_on",
    "benefit-claim-closure": "benefit_claim_closed_on",
    "uc-housing-costs": "housing_costs_continued_on",
}
CHECKS = {"employment-check-6-weeks": "6-weeks", "employment-check-6-months": "6-months"}
OUTCOMES = {
    "employed": "employed",
    "self-employed": "self_employed",
    "training": "training_or_education",
    "not-employed": "not_employed",
    "unknown": "unknown",
}
RECORD_CODES = (
    "benefit-claim-closure",
    "uc-housing-costs",
    "employment-assessment",
    "jobcentre-appointment",
    "uc-claim",
    "advance-payment",
    "warm-handover",
    "first-jobcentre-attendance",
    *CHECKS,
)


def forward(apps, schema_editor):
    TouchpointRecord = apps.get_model("journey", "TouchpointRecord")
    PlannedTouchpoint = apps.get_model("journey", "PlannedTouchpoint")
    UniversalCreditRecord = apps.get_model("readiness", "UniversalCreditRecord")
    EmploymentCheck = apps.get_model("employment", "EmploymentCheck")
    Case = apps.get_model("cases", "Case")
    now = timezone.now()

    for old in TouchpointRecord.objects.filter(code="id-and-banking", undone_at__isnull=True):
        if old.outcome != "done":
            for code in REPLACED:
                TouchpointRecord.objects.create(
                    case_id=old.case_id,
                    code=code,
                    outcome=old.outcome,
                    completed_on=old.completed_on,
                    recorded_by_id=old.recorded_by_id,
                    recorded_by_name=old.recorded_by_name,
                    reason=old.reason,
                    notes=old.notes,
                )
    TouchpointRecord.objects.filter(code="id-and-banking", undone_at__isnull=True).update(undone_at=now)

    legacy = TouchpointRecord.objects.filter(code__in=RECORD_CODES, outcome="done", undone_at__isnull=True)
    for old in legacy:
        if old.code in UC_FIELDS:
            record, _created = UniversalCreditRecord.objects.get_or_create(case_id=old.case_id)
            name = UC_FIELDS[old.code]
            if getattr(record, name) is None:
                setattr(record, name, old.completed_on)
            if old.code == "uc-claim" and record.advance_requested is None and "advance_requested" in old.details:
                record.advance_requested = bool(old.details["advance_requested"])
            record.save()
        elif old.code in CHECKS:
            outcome = OUTCOMES.get((old.details or {}).get("employment_outcome"))
            if (
                outcome
                and not EmploymentCheck.objects.filter(case_id=old.case_id, checkpoint=CHECKS[old.code]).exists()
            ):
                EmploymentCheck.objects.create(
                    case_id=old.case_id,
                    checkpoint=CHECKS[old.code],
                    outcome=outcome,
                    recorded_on=old.completed_on,
                    employer_name=(old.details or {}).get("job", "")[:200],
                )
    legacy.update(undone_at=now)

    PlannedTouchpoint.objects.filter(code="id-and-banking").delete()
    discharge = Case.objects.filter(pk=OuterRef("case_id")).values("discharge_date")[:1]
    PlannedTouchpoint.objects.exclude(stage="community").update(closes_on=Subquery(discharge))


class Migration(migrations.Migration):
    dependencies = [
        ("journey", "0003_plans_for_every_case_and_the_new_catalogue"),
        ("readiness", "0004_flags_are_what_the_person_arrived_with"),
        ("employment", "0003_workprofile_assessed_on"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
