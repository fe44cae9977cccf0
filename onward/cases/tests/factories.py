from datetime import date

import factory

from onward.cases.constants import LegalStatus
from onward.cases.models import Case, Person
from onward.estate.models import Organisation


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    prison_number = factory.Sequence(lambda n: f"T{n % 10000:04d}{'ABCDEFGHJK'[n // 10000 % 10]}Z")
    given_name = "Jordan"
    family_name = factory.Sequence(lambda n: f"Testperson{n}")
    date_of_birth = date(1990, 5, 17)


class CaseFactory(factory.django.DjangoModelFactory):
    """A sentenced person at HMP Norwich, leaving on Wednesday 2 September 2026."""

    class Meta:
        model = Case

    person = factory.SubFactory(PersonFactory)
    prison = factory.LazyFunction(lambda: Organisation.objects.get(code="NWI"))
    reception_date = date(2026, 3, 2)
    legal_status = LegalStatus.SENTENCED
    sentence_date = date(2026, 3, 2)
    custodial_term_days = 365
    release_date = date(2026, 9, 2)
    expected_discharge_date = date(2026, 9, 2)
    discharge_date = date(2026, 9, 2)
