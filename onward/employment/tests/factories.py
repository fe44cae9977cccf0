"""Employers, opportunities and profiles for the work tests: invented names, Norwich postcodes."""

from datetime import date

import factory

from onward.employment.constants import EmployerSector, JobSector, OpportunityKind, ProfileStatus
from onward.employment.models import Employer, Opportunity, WorkProfile


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"Wensum Test Bakery {n}")
    sector = EmployerSector.HOSPITALITY_CATERING
    postcode = "NR3 1AB"


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity

    kind = OpportunityKind.VACANCY
    employer = factory.SubFactory(EmployerFactory)
    title = factory.Sequence(lambda n: f"Kitchen assistant {n}")
    sector = JobSector.HOSPITALITY
    postcode = "NR3 1AB"
    outcode = "NR3"
    closing_date = date(2030, 1, 31)


class WorkProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkProfile

    status = ProfileStatus.SUPPORT_NEEDED
    sector_interests = factory.LazyFunction(lambda: [JobSector.HOSPITALITY])
