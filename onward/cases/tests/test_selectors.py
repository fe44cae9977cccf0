"""Who sees what (touchpoints.md): one table, every role, every kind of case."""

from datetime import date, timedelta

import pytest
from django.http import Http404

from onward.accounts.constants import Role
from onward.accounts.tests.factories import user_for
from onward.audit.models import AuditEvent
from onward.cases import selectors
from onward.cases.constants import CaseStatus
from onward.cases.tests.factories import CaseFactory
from onward.estate.models import Organisation

TODAY = date.today()


def org(code):
    return Organisation.objects.get(code=code)


@pytest.fixture
def caseload(db):
    norfolk = org("N56NOSU")
    return {
        "norwich_in_custody": CaseFactory(pdu=norfolk, discharge_date=TODAY + timedelta(days=40)),
        "wayland_handed_over": CaseFactory(
            prison=org("WLI"), pdu=norfolk, handed_over_to=org("JCNORW"), discharge_date=TODAY + timedelta(days=5)
        ),
        "norwich_recently_released": CaseFactory(
            status=CaseStatus.RELEASED,
            pdu=norfolk,
            handed_over_to=org("JCNORW"),
            discharge_date=TODAY - timedelta(days=30),
            actual_discharge_date=TODAY - timedelta(days=30),
        ),
        "norwich_released_long_ago": CaseFactory(
            status=CaseStatus.RELEASED,
            pdu=norfolk,
            discharge_date=TODAY - timedelta(days=300),
            actual_discharge_date=TODAY - timedelta(days=300),
        ),
        "rochester_in_custody": CaseFactory(prison=org("RCI"), pdu=org("N57KECL")),
    }


# role, organisation, the cases that role may see
PERMISSION_MATRIX = [
    (Role.PRISON_WORK_COACH, "NWI", {"norwich_in_custody", "norwich_recently_released"}),
    (Role.PRISON_EMPLOYMENT_LEAD, "NWI", {"norwich_in_custody", "norwich_recently_released"}),
    (Role.ID_BANKING_ADMIN, "WLI", {"wayland_handed_over"}),
    (
        Role.PROBATION_PRACTITIONER,
        "N56NOSU",
        {"norwich_in_custody", "wayland_handed_over", "norwich_recently_released", "norwich_released_long_ago"},
    ),
    (Role.PROBATION_PRACTITIONER, "N57KECL", {"rochester_in_custody"}),
    (Role.CRS_PROVIDER, "CRSEAST", set()),
    (Role.JOBCENTRE_WORK_COACH, "JCNORW", {"wayland_handed_over", "norwich_recently_released"}),
    (Role.JOBCENTRE_WORK_COACH, "JCIPSW", set()),
    (Role.EMPLOYER_ENGAGEMENT, "national", set()),
    (Role.PARTNERSHIP_MANAGER, "DWPEAN", set()),
    (Role.PARTNERSHIP_MANAGER, "NWI", set()),
    (Role.PARTNERSHIP_BOARD, "national", set()),
    (Role.ADMINISTRATOR, "national", set()),
]


def test_matrix_covers_every_role():
    assert {role for role, _, _ in PERMISSION_MATRIX} == set(Role.values)


@pytest.mark.parametrize(("role", "org_code", "visible"), PERMISSION_MATRIX)
def test_each_role_sees_exactly_its_cases(caseload, role, org_code, visible):
    user = user_for(role, org_code)
    seen = set(
        selectors.cases_visible_to(user).filter(pk__in=[c.pk for c in caseload.values()]).values_list("pk", flat=True)
    )
    assert seen == {caseload[name].pk for name in visible}


@pytest.mark.parametrize(("role", "org_code", "visible"), PERMISSION_MATRIX)
def test_case_get_answers_404_outside_scope_and_audits_reads_inside(caseload, role, org_code, visible):
    user = user_for(role, org_code)
    for name, case in caseload.items():
        if name in visible:
            assert selectors.case_get(user=user, case_id=case.pk) == case
            assert AuditEvent.objects.filter(action="case.read", object_id=str(case.pk), actor=user).exists()
        else:
            with pytest.raises(Http404):
                selectors.case_get(user=user, case_id=case.pk)


@pytest.mark.parametrize(("role", "org_code", "visible"), PERMISSION_MATRIX)
def test_pages_and_api_follow_the_same_scope(client, caseload, role, org_code, visible):
    user = user_for(role, org_code)
    client.force_login(user)
    for name, case in caseload.items():
        page = client.get(f"/cases/{case.pk}/")
        api = client.get(f"/api/v1/cases/{case.pk}/")
        if name in visible:
            assert (page.status_code, api.status_code) == (200, 200)
        elif selectors.may_work_with_cases(user):
            assert (page.status_code, api.status_code) == (404, 404)
        else:
            # Roles that never open a named case are refused the case API outright.
            assert page.status_code == 404
            assert api.status_code == 403


def test_inactive_user_sees_nothing(caseload):
    user = user_for(Role.PRISON_WORK_COACH, "NWI", is_active=False)
    assert not selectors.cases_visible_to(user).exists()


def test_user_without_organisation_sees_nothing(caseload):
    user = user_for(Role.PRISON_WORK_COACH, "NWI")
    user.organisation = None
    assert not selectors.cases_visible_to(user).exists()


@pytest.mark.parametrize("bad_id", ["abc", "-1", "99999999999999999999999", ""])
def test_case_get_treats_nonsense_ids_as_not_found(caseload, bad_id):
    user = user_for(Role.PRISON_WORK_COACH, "NWI")
    with pytest.raises(Http404):
        selectors.case_get(user=user, case_id=bad_id)


def test_probation_can_change_only_the_extra_day_and_release_area(caseload):
    user = user_for(Role.PROBATION_PRACTITIONER, "N56NOSU")
    assert selectors.case_editable_fields(user=user, case=caseload["norwich_in_custody"]) == {
        "extra_day_requested",
        "release_area",
    }


def test_prison_staff_cannot_edit_a_released_case(caseload):
    user = user_for(Role.PRISON_WORK_COACH, "NWI")
    assert selectors.case_editable_fields(user=user, case=caseload["norwich_recently_released"]) == frozenset()
