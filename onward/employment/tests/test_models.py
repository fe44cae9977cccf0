from datetime import date

import pytest
from django.core import checks
from django.db import IntegrityError

from onward.employment.models import EmploymentCheck
from onward.employment.tests.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


def test_an_employment_check_leaves_djangos_system_checks_working(released_case):
    EmploymentCheck.objects.create(
        case=released_case, checkpoint="6-weeks", outcome="employed", recorded_on=date.today()
    )
    row = EmploymentCheck.objects.get(checkpoint="6-weeks", outcome="employed")
    assert row.get_checkpoint_display() == "6 weeks after release"
    assert released_case.employment_checks.get() == row
    # The field is not called `check`, which would hide the model's system checks.
    assert not [error for error in EmploymentCheck.check() if isinstance(error, checks.Error)]


def test_one_live_check_per_case_and_point(released_case):
    EmploymentCheck.objects.create(
        case=released_case, checkpoint="6-weeks", outcome="employed", recorded_on=date.today()
    )
    EmploymentCheck.objects.create(
        case=released_case, checkpoint="6-months", outcome="employed", recorded_on=date.today()
    )
    with pytest.raises(IntegrityError):
        EmploymentCheck.objects.create(
            case=released_case, checkpoint="6-weeks", outcome="unknown", recorded_on=date.today()
        )


def test_an_opportunity_can_be_national_with_no_place():
    opportunity = OpportunityFactory(national=True, postcode="", outcode="")
    assert str(opportunity) == opportunity.title
