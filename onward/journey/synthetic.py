"""Synthetic journey history for generated cases: what workers would have recorded.

Touchpoints already due are mostly done, some not applicable or declined, a
few left overdue; open ones are partly done. Live cases get their plan, so
worklists and measures have realistic data at any scale.
"""

from datetime import timedelta

from onward.journey.constants import EmploymentOutcome, NotDoneReason, Outcome, PreReleaseChecklist
from onward.journey.models import PlannedTouchpoint, TouchpointRecord
from onward.journey.selectors import case_facts
from onward.journey.services import is_live
from onward.journey.touchpoints import Recorded, evaluate

RECORDED_BY = "Synthetic record"
EMPLOYMENT_OUTCOMES = [
    (EmploymentOutcome.EMPLOYED, 22),
    (EmploymentOutcome.SELF_EMPLOYED, 3),
    (EmploymentOutcome.TRAINING, 8),
    (EmploymentOutcome.NOT_EMPLOYED, 50),
    (EmploymentOutcome.UNKNOWN, 17),
]
# Recorded first, because what they record changes which other touchpoints apply.
FIRST_PASS = ("uc-claim", "jobcentre-appointment")


def _outcome_for(touchpoint, today, rng):
    if touchpoint.due_on < today:
        roll = rng.random()
        if roll < 0.82:
            return Outcome.DONE
        if roll < 0.87:
            return Outcome.NOT_APPLICABLE
        if roll < 0.91:
            return Outcome.DECLINED
        return None
    if touchpoint.opens_on <= today and rng.random() < 0.35:
        return Outcome.DONE
    return None


def _record(case, touchpoint, outcome, today, rng):
    latest = min(touchpoint.due_on + timedelta(days=3), today)
    span = max(0, (latest - touchpoint.opens_on).days)
    completed_on = touchpoint.opens_on + timedelta(days=rng.randint(0, span))
    record = TouchpointRecord(
        case=case,
        code=touchpoint.code,
        outcome=outcome,
        completed_on=min(completed_on, today),
        recorded_by_name=RECORDED_BY,
        details={},
        checklist=[],
    )
    if outcome != Outcome.DONE:
        record.reason = (
            NotDoneReason.PERSON_DECLINED
            if outcome == Outcome.DECLINED
            else rng.choice(
                [NotDoneReason.ALREADY_IN_PLACE, NotDoneReason.NO_LONGER_RELEVANT, NotDoneReason.DONE_ELSEWHERE]
            )
        )
    elif touchpoint.code == "pre-release-support":
        record.checklist = sorted(rng.sample(list(PreReleaseChecklist.values), rng.randint(2, 5)))
    elif touchpoint.code == "jobcentre-appointment" and case.discharge_date:
        record.details = {
            "appointment_date": (case.discharge_date + timedelta(days=rng.choice((0, 1, 1, 2, 3, 6)))).isoformat()
        }
    elif touchpoint.code == "uc-claim":
        record.details = {"advance_requested": rng.random() < 0.6}
    elif touchpoint.code in ("employment-check-6-weeks", "employment-check-6-months"):
        outcomes, weights = zip(*EMPLOYMENT_OUTCOMES, strict=True)
        record.details = {"employment_outcome": rng.choices(outcomes, weights)[0]}
    return record


def simulate(cases, *, today, rng, claims_in_custody=frozenset()):
    """Write plausible records for `cases` (already saved) and plans for the live ones."""
    records, plans = [], []
    for case in cases:
        made = {}
        for passes in (FIRST_PASS, None):
            facts = case_facts(case, made, starts_uc_claims_in_custody=case.prison_id in claims_in_custody)
            recorded = {code: Recorded(outcome=r.outcome, on=r.completed_on) for code, r in made.items()}
            touchpoints = evaluate(facts, as_of=today, recorded=recorded)
            for touchpoint in touchpoints:
                if touchpoint.code in made or (passes is not None and touchpoint.code not in passes):
                    continue
                outcome = _outcome_for(touchpoint, today, rng)
                if outcome:
                    made[touchpoint.code] = _record(case, touchpoint, outcome, today, rng)
        records.extend(made.values())
        if is_live(case, today):
            plans.extend(
                PlannedTouchpoint(
                    case=case,
                    code=t.code,
                    stage=t.stage,
                    owner_role=t.owner_role,
                    opens_on=t.opens_on,
                    due_on=t.due_on,
                    outcome=made[t.code].outcome if t.code in made else "",
                    agreement=t.agreement.code,
                )
                for t in touchpoints
            )
    TouchpointRecord.objects.bulk_create(records, batch_size=5000)
    PlannedTouchpoint.objects.bulk_create(plans, batch_size=5000)
    # The checks' own records, as recording one on its touchpoint page makes (see employment.services).
    from onward.employment.synthetic import checks_from_touchpoint_records

    checks_from_touchpoint_records(records)
    return len(records), len(plans)
