from datetime import date

import pytest

from onward.cases.constants import CaseStatus, LegalStatus
from onward.cases.models import Case, Person
from onward.cases.synthetic import DEMO_PRISONS, Generator, national_prison_sizes
from onward.cases.validators import PRISON_NUMBER

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 22)


@pytest.fixture
def generated():
    generator = Generator(seed=7, today=TODAY, history_years=1)
    generator.run(generator.plan({"NWI": 300, "RCI": 100}))
    return Case.objects.select_related("person", "prison")


def test_open_cases_are_in_custody_with_a_future_discharge_or_on_remand(generated):
    open_cases = generated.filter(status=CaseStatus.IN_CUSTODY)
    assert open_cases.count() == 400
    for case in open_cases:
        assert case.reception_date <= TODAY
        if case.legal_status == LegalStatus.REMAND:
            assert case.discharge_date is None
        else:
            assert case.discharge_date >= TODAY
            assert case.discharge_date <= case.release_date


def test_history_is_released_in_the_past_year(generated):
    released = generated.filter(status=CaseStatus.RELEASED)
    assert 200 <= released.count() <= 280
    assert all(case.discharge_date < TODAY and case.actual_discharge_date == case.discharge_date for case in released)


def test_people_are_adults_with_made_up_nomis_numbers(generated):
    people = Person.objects.all()
    assert all(PRISON_NUMBER.match(p.prison_number) for p in people)
    assert len({p.prison_number for p in people}) == people.count()
    for case in generated:
        age = (case.reception_date - case.person.date_of_birth).days / 365.25
        assert age >= 18


def test_release_areas_are_near_the_prison(generated):
    norwich_areas = {c.release_area[:2] for c in generated.filter(prison__code="NWI")}
    assert norwich_areas <= {"NR", "IP", "PE"}  # Norfolk, north Suffolk, west Norfolk
    assert generated.filter(prison__code="NWI", pdu__code="N56NOSU").exists()


def test_the_same_seed_gives_the_same_people():
    first = Generator(seed=11, today=TODAY, history_years=0)
    first.run(first.plan({"WLI": 20}))
    names = list(Person.objects.order_by("id").values_list("prison_number", "given_name", "family_name"))
    Case.objects.all().delete()
    Person.objects.all().delete()
    second = Generator(seed=11, today=TODAY, history_years=0)
    second.run(second.plan({"WLI": 20}))
    assert list(Person.objects.order_by("id").values_list("prison_number", "given_name", "family_name")) == names


def test_national_sizes_cover_every_prison_and_add_up():
    sizes = national_prison_sizes(90_000)
    assert len(sizes) == 117
    assert sum(sizes.values()) == 90_000
    assert set(DEMO_PRISONS) <= set(sizes)


def test_generated_cases_come_with_a_journey(generated):
    from onward.journey.models import PlannedTouchpoint, TouchpointRecord

    live = generated.filter(status=CaseStatus.IN_CUSTODY)
    assert PlannedTouchpoint.objects.filter(case__in=live).values("case").distinct().count() == live.count()
    released_long_ago = generated.filter(status=CaseStatus.RELEASED, discharge_date__lt=date(2026, 4, 1))
    assert not PlannedTouchpoint.objects.filter(case__in=released_long_ago).exists()
    assert TouchpointRecord.objects.filter(case__in=released_long_ago, code="pre-release-support").exists()
    overdue = PlannedTouchpoint.objects.filter(outcome="", due_on__lt=TODAY).count()
    assert 0 < overdue < PlannedTouchpoint.objects.filter(due_on__lt=TODAY).count() * 0.3


def test_cases_pointed_at_a_jobcentre_have_a_handover(generated):
    from onward.handover.models import Handover

    handed = generated.filter(handed_over_to__isnull=False)
    assert handed.exists()
    assert Handover.objects.filter(case__in=handed).count() == handed.count()
    assert not Handover.objects.exclude(case__in=handed).exists()
