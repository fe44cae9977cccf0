from datetime import date

import pytest

from onward.cases.synthetic import Generator
from onward.employment.models import EmploymentCheck
from onward.journey.models import TouchpointRecord

pytestmark = pytest.mark.django_db


def test_generated_check_touchpoints_have_their_employment_check_records():
    generator = Generator(seed=11, today=date(2026, 8, 24), history_years=1)
    generator.run(generator.plan({"NWI": 60}))
    done = TouchpointRecord.objects.filter(
        code__in=["employment-check-6-weeks", "employment-check-6-months"], outcome="done"
    )
    assert done.exists()
    assert EmploymentCheck.objects.count() == done.count()
    spelled = {"self-employed": "self_employed", "training": "training_or_education", "not-employed": "not_employed"}
    for record in done:
        check = EmploymentCheck.objects.get(
            case_id=record.case_id, checkpoint=record.code.removeprefix("employment-check-")
        )
        outcome = record.details["employment_outcome"]
        assert check.outcome == spelled.get(outcome, outcome)
        assert check.recorded_on == record.completed_on
