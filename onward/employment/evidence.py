"""What the Work records say about the touchpoints they stand behind (see journey/evidence.py).

The first work readiness profile is the employment assessment; the 6-week
and 6-month employment checks are their touchpoints' records.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from onward.employment import services
from onward.employment.constants import CHECK_TOUCHPOINTS, JOURNEY_OUTCOMES, EmploymentOutcome
from onward.employment.models import EmploymentCheck, WorkProfile
from onward.journey.evidence import CaseEvidence, in_touchpoint_words
from onward.journey.touchpoints import Evidence

CODES = ("employment-assessment", *CHECK_TOUCHPOINTS.values())
CHECK_FOR_TOUCHPOINT = {code: check for check, code in CHECK_TOUCHPOINTS.items()}
OUTCOME_FOR_JOURNEY_WORD = {word: outcome for outcome, word in JOURNEY_OUTCOMES.items()}


def for_cases(cases):
    ids = [case.pk for case in cases]
    done = {}
    for case_id, assessed_on in WorkProfile.objects.filter(case_id__in=ids, assessed_on__isnull=False).values_list(
        "case_id", "assessed_on"
    ):
        done.setdefault(case_id, {})["employment-assessment"] = Evidence(on=assessed_on, what=_("Assessed"))
    for case_id, checkpoint, outcome, recorded_on in EmploymentCheck.objects.filter(case_id__in=ids).values_list(
        "case_id", "checkpoint", "outcome", "recorded_on"
    ):
        done.setdefault(case_id, {})[CHECK_TOUCHPOINTS[checkpoint]] = Evidence(
            on=recorded_on, what=str(EmploymentOutcome(outcome).label)
        )
    return {case_id: CaseEvidence(done=found) for case_id, found in done.items()}


def fulfil(*, actor, case, code, completed_on, details, today):
    if code in CHECK_FOR_TOUCHPOINT:
        try:
            return services.employment_check_record(
                actor=actor,
                case=case,
                check=CHECK_FOR_TOUCHPOINT[code],
                outcome=OUTCOME_FOR_JOURNEY_WORD.get(details.get("employment_outcome"), ""),
                recorded_on=completed_on,
                employer_name=details.get("job", ""),
                today=today,
            )
        except ValidationError as error:
            raise in_touchpoint_words(
                error,
                {
                    "recorded_on": "completed_on",
                    "outcome": "employment_outcome",
                    "employer_name": "job",
                    "check": "code",
                },
            ) from error
    if code == "employment-assessment":
        raise ValidationError(
            {
                "outcome": [
                    _("The employment assessment is the person's work readiness profile: record it on their Work page")
                ]
            }
        )
    raise LookupError(code)
