"""Synthetic employment checks: the generator records 6-week and 6-month checks on the journey's
touchpoints, and the Work pages and measures count the employment check records, so make both."""

from onward.employment.constants import CHECK_TOUCHPOINTS, JOURNEY_OUTCOMES
from onward.employment.models import EmploymentCheck
from onward.journey.constants import Outcome

CHECK_FOR_TOUCHPOINT = {touchpoint: check for check, touchpoint in CHECK_TOUCHPOINTS.items()}
OUTCOME_FOR_JOURNEY = {spelled: ours for ours, spelled in JOURNEY_OUTCOMES.items()}


def checks_from_touchpoint_records(records):
    """One employment check per done check touchpoint record (already saved) that names an outcome."""
    checks = [
        EmploymentCheck(
            case_id=record.case_id,
            checkpoint=CHECK_FOR_TOUCHPOINT[record.code],
            outcome=OUTCOME_FOR_JOURNEY[record.details["employment_outcome"]],
            recorded_on=record.completed_on,
        )
        for record in records
        if record.code in CHECK_FOR_TOUCHPOINT
        and record.outcome == Outcome.DONE
        and record.details.get("employment_outcome") in OUTCOME_FOR_JOURNEY
    ]
    EmploymentCheck.objects.bulk_create(checks, batch_size=5000)
    return len(checks)
