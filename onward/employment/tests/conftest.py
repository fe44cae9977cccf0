"""Fixtures for the work tests: the demo's roles at HMP Norwich and its partners, and cases there."""

from datetime import date, timedelta

import pytest

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.cases.constants import CaseStatus
from onward.cases.tests.factories import CaseFactory
from onward.estate.models import Organisation
from onward.journey import services as journey_services


def org(code):
    return Organisation.objects.get(code=code)


@pytest.fixture
def lead():
    return user_for(Role.PRISON_EMPLOYMENT_LEAD, "NWI")


@pytest.fixture
def coach():
    return user_for(Role.PRISON_WORK_COACH, "NWI")


@pytest.fixture
def other_lead():
    return user_for(Role.PRISON_EMPLOYMENT_LEAD, "WLI")


@pytest.fixture
def id_admin():
    return user_for(Role.ID_BANKING_ADMIN, "NWI")


@pytest.fixture
def probation():
    return user_for(Role.PROBATION_PRACTITIONER, "N56NOSU")


@pytest.fixture
def jobcentre_coach():
    return user_for(Role.JOBCENTRE_WORK_COACH, "JCNORW")


@pytest.fixture
def nfn():
    return user_for(Role.EMPLOYER_ENGAGEMENT, "national")


@pytest.fixture
def manager():
    return user_for(Role.PARTNERSHIP_MANAGER, "DWPEAN")


@pytest.fixture
def board():
    return user_for(Role.PARTNERSHIP_BOARD, "national")


@pytest.fixture
def case():
    """In custody at HMP Norwich, leaving in four weeks, released to Norwich (NR3)."""
    return CaseFactory(
        release_area="NR3",
        pdu=org("N56NOSU"),
        discharge_date=_weeks_ahead(4),
        expected_discharge_date=_weeks_ahead(4),
        release_date=_weeks_ahead(4),
    )


@pytest.fixture
def released_case():
    """Left HMP Norwich seven weeks ago for Norwich, supervised by the Norfolk and Suffolk PDU."""
    left = _weeks_ahead(-7)
    case = CaseFactory(
        status=CaseStatus.RELEASED,
        release_area="NR3",
        pdu=org("N56NOSU"),
        reception_date=left.replace(year=left.year - 1),
        sentence_date=left.replace(year=left.year - 1),
        release_date=left,
        expected_discharge_date=left,
        actual_discharge_date=left,
        discharge_date=left,
    )
    # Made without the services: its plan is what the journey would have kept.
    journey_services.touchpoints_replan(actor=None, case=case, reason="test")
    return case


def _weeks_ahead(weeks):
    return date.today() + timedelta(weeks=weeks)
