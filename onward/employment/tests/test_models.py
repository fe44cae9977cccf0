from datetime import date

import pytest
from django.core import checks
from django.db import IntegrityError

from onward.employment.models import EmploymentCheck
from onward.employment.tests.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


def test_an_employment_check_is_counted_by_its_check_field(released_case):
    EmploymentCheck.objects.create(case=released_case, check="6-weeks", outcome="employed", recorded_on=date.today())
    assert EmploymentCheck.objects.filter(check="6-weeks", outcome="employed").count() == 1
    assert list(EmploymentCheck.objects.values_list("check", flat=True)) == ["6-weeks"]
    row = EmploymentCheck.objects.get()
    assert row.check == "6-weeks"
    assert row.get_check_display() == "6 weeks after release"
    deferred = EmploymentCheck.objects.only("id").get()
    assert deferred.check == "6-weeks"
    assert released_case.employment_checks.get() == row


def test_the_check_field_leaves_djangos_system_checks_working():
    assert callable(EmploymentCheck.check)
    assert not [error for error in EmploymentCheck.check() if isinstance(error, checks.Error)]


def test_one_live_check_per_case_and_point(released_case):
    EmploymentCheck.objects.create(case=released_case, check="6-weeks", outcome="employed", recorded_on=date.today())
    EmploymentCheck.objects.create(case=released_case, check="6-months", outcome="employed", recorded_on=date.today())
    with pytest.raises(IntegrityError):
        EmploymentCheck.objects.create(case=released_case, check="6-weeks", outcome="unknown", recorded_on=date.today())


def test_an_opportunity_can_be_national_with_no_place():
    opportunity = OpportunityFactory(national=True, postcode="", outcode="")
    assert str(opportunity) == opportunity.title
