"""Local agreements for tests: a signed Norwich agreement with a route and facilities, made through the services."""

from datetime import date

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.estate.models import Organisation
from onward.partnerships import services
from onward.partnerships.constants import AgreementStatus, ContactRole, Facility


def org(code):
    return Organisation.objects.get(code=code)


def manager(code="DWPEAN", **kwargs):
    return user_for(Role.PARTNERSHIP_MANAGER, code, **kwargs)


def version_values(**changes):
    values = {
        "recorded_status": AgreementStatus.SIGNED,
        "jobcentre_district": org("DWPEAN"),
        "pdus": [org("N56NOSU")],
        "crs_providers": [org("CRSEAST")],
        "signatories": "Governor; District Manager",
        "signed_on": date(2025, 3, 1),
        "effective_from": date(2025, 4, 1),
        "ends_on": None,
        "review_on": date(2027, 4, 1),
        "handover_accept_working_days": None,
        "change_reason": "Signed",
        "contacts": [
            {
                "name": "Maya Ellison",
                "role": ContactRole.PRISON_WORK_COACH_LEAD,
                "organisation": org("NWI"),
                "email": "maya.ellison@example.gov.uk",
                "phone": "01603 000 101",
                "escalation_order": 1,
            },
            {
                "name": "Owen Radcliffe",
                "role": ContactRole.GOVERNOR,
                "organisation": org("NWI"),
                "email": "owen.radcliffe@example.gov.uk",
                "phone": "",
                "escalation_order": 2,
            },
        ],
        "facilities": [
            {"facility": f.value, "in_place": True, "evidenced_on": date(2025, 4, 1), "notes": ""} for f in Facility
        ],
        "service_levels": [],
    }
    values.update(changes)
    return values


def local_agreement(prison="NWI", *, actor=None, today=None, **changes):
    """A signed local agreement for `prison`, recorded by a district partnership manager; returns its version."""
    return services.local_agreement_version_create(
        actor=actor or manager(),
        prison=org(prison),
        values=version_values(**changes),
        today=today or date(2026, 11, 22),
    )
