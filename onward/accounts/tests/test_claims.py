"""The claim mappings in settings, applied by claims.identity_from_claims: no database, no provider."""

import pytest
from django.conf import settings

from config.settings.base import oidc_providers_from_env
from onward.accounts.claims import identity_from_claims
from onward.accounts.constants import ROLE_ORGANISATION_KINDS, Role

HMPPS = settings.OIDC_CLAIM_MAPPINGS["hmpps"]
DWP = settings.OIDC_CLAIM_MAPPINGS["dwp"]


def hmpps(**claims):
    return identity_from_claims(
        provider="hmpps", claims={"sub": "U1", "user_name": "JSMITH_GEN"} | claims, mapping=HMPPS
    )


def dwp(**claims):
    return identity_from_claims(
        provider="dwp", claims={"sub": "oid-1", "preferred_username": "a.jones@dwp.example"} | claims, mapping=DWP
    )


def test_every_mapped_role_is_an_onward_role():
    for mapping in settings.OIDC_CLAIM_MAPPINGS.values():
        for _provider_role, role, source in mapping["roles"]:
            assert role in Role.values
            assert source.split(":")[0] in {"active_caseload", "claim", "group", "code"}


def test_a_prison_work_coach_works_in_her_active_caseload():
    identity = hmpps(authorities=["ROLE_ONWARD_PRISON_WORK_COACH"], caseloads=["NWI", "WLI"], active_caseload="wli")
    assert (identity.role, identity.organisation_code) == (Role.PRISON_WORK_COACH, "WLI")
    assert identity.caseloads == ("NWI", "WLI")
    assert identity.username == "JSMITH_GEN@hmpps"
    assert identity.has_access


def test_an_active_caseload_missing_from_the_list_is_added_to_it():
    assert hmpps(authorities=["ROLE_ONWARD_PRISON_WORK_COACH"], active_caseload="NWI").caseloads == ("NWI",)


def test_prison_staff_with_no_active_caseload_have_no_organisation_so_no_access():
    identity = hmpps(authorities=["ROLE_ONWARD_PRISON_WORK_COACH"], caseloads=["NWI"])
    assert identity.role == Role.PRISON_WORK_COACH
    assert not identity.has_access


def test_the_first_mapped_role_wins_whatever_order_the_token_lists_them():
    identity = hmpps(
        authorities=["ROLE_ONWARD_PRISON_WORK_COACH", "ROLE_ONWARD_PRISON_EMPLOYMENT_LEAD"], active_caseload="NWI"
    )
    assert identity.role == Role.PRISON_EMPLOYMENT_LEAD


def test_roles_match_whatever_their_case_and_a_space_separated_string_is_a_list():
    assert hmpps(authorities="role_prison role_onward_id_banking_admin", active_caseload="NWI").role == (
        Role.ID_BANKING_ADMIN
    )


def test_probation_practitioners_work_in_the_pdu_their_token_names():
    identity = hmpps(authorities=["ROLE_ONWARD_PROBATION_PRACTITIONER"], probation_delivery_unit="N56NOSU")
    assert (identity.role, identity.organisation_code) == (Role.PROBATION_PRACTITIONER, "N56NOSU")


def test_an_hmpps_administrator_is_national():
    identity = hmpps(authorities=["ROLE_ONWARD_ADMINISTRATOR", "ROLE_ONWARD_PRISON_WORK_COACH"], active_caseload="NWI")
    assert (identity.role, identity.organisation_code) == (Role.ADMINISTRATOR, "national")


def test_a_token_with_only_roles_onward_does_not_know_has_no_access():
    identity = hmpps(authorities=["ROLE_PRISON", "ROLE_GLOBAL_SEARCH"], active_caseload="NWI")
    assert identity.role == ""
    assert not identity.has_access
    assert identity.provider_roles == ("ROLE_PRISON", "ROLE_GLOBAL_SEARCH")


def test_a_token_with_no_roles_claim_at_all_has_no_access():
    assert not hmpps(active_caseload="NWI").has_access


def test_a_jobcentre_work_coach_works_in_the_jobcentre_her_group_names():
    identity = dwp(groups=["all-staff", "onward-role-jobcentre-work-coach", "onward-jobcentre-JCNORW"])
    assert (identity.role, identity.organisation_code) == (Role.JOBCENTRE_WORK_COACH, "JCNORW")
    assert identity.username == "a.jones@dwp.example@dwp"


def test_a_dwp_partnership_manager_works_in_the_district_their_group_names():
    identity = dwp(groups=["onward-role-partnership-manager", "onward-district-DWPEAN", "onward-jobcentre-JCNORW"])
    assert (identity.role, identity.organisation_code) == (Role.PARTNERSHIP_MANAGER, "DWPEAN")


def test_a_dwp_role_without_its_organisation_group_has_no_access():
    identity = dwp(groups=["onward-role-jobcentre-work-coach"])
    assert identity.role == Role.JOBCENTRE_WORK_COACH
    assert not identity.has_access


def test_the_mapped_roles_name_organisation_kinds_that_fit_them():
    # A fixed code is only ever national, and only for roles that may be national.
    for mapping in settings.OIDC_CLAIM_MAPPINGS.values():
        for _provider_role, role, source in mapping["roles"]:
            if source == "code:national":
                assert "national" in {str(kind) for kind in ROLE_ORGANISATION_KINDS[Role(role)]}


def test_a_username_keeps_only_characters_a_username_may_hold():
    assert hmpps(user_name="J Smith/GEN").username == "J.Smith.GEN@hmpps"


def test_a_token_with_no_username_claim_is_known_by_its_subject():
    identity = identity_from_claims(provider="hmpps", claims={"sub": "abc-123"}, mapping=HMPPS)
    assert identity.username == "abc-123@hmpps"


def test_providers_come_from_the_environment_one_per_issuer():
    providers = oidc_providers_from_env(
        {
            "OIDC_HMPPS_ISSUER": "https://sign-in.hmpps.service.justice.gov.uk/auth/issuer/",
            "OIDC_HMPPS_CLIENT_ID": "onward",
            "OIDC_HMPPS_CLIENT_SECRET": "s3cret",
            "OIDC_DWP_ISSUER": "https://login.microsoftonline.com/tenant/v2.0",
            "OIDC_DWP_SCOPES": "openid profile email",
            "OIDC_DWP_LABEL": "DWP",
            "OIDC_NOTHING_ISSUER": "  ",
            "OIDC_CLOCK_SKEW_SECONDS": "60",
        }
    )
    assert list(providers) == ["dwp", "hmpps"]
    hmpps_provider = providers["hmpps"]
    assert hmpps_provider["issuer"] == "https://sign-in.hmpps.service.justice.gov.uk/auth/issuer"
    assert hmpps_provider["discovery_url"] == (
        "https://sign-in.hmpps.service.justice.gov.uk/auth/issuer/.well-known/openid-configuration"
    )
    assert (hmpps_provider["client_id"], hmpps_provider["client_secret"]) == ("onward", "s3cret")
    assert hmpps_provider["scopes"] == "openid profile email"
    assert (hmpps_provider["label"], hmpps_provider["claims"]) == ("HMPPS", "hmpps")
    assert providers["dwp"]["label"] == "DWP"


def test_no_issuer_in_the_environment_is_no_provider():
    assert oidc_providers_from_env({"PATH": "/usr/bin"}) == {}


@pytest.mark.parametrize("name", ["hmpps", "dwp"])
def test_each_built_in_mapping_names_its_roles_claim(name):
    assert settings.OIDC_CLAIM_MAPPINGS[name]["roles_claim"]


def test_an_email_claim_that_is_not_an_address_is_dropped():
    assert hmpps(email="not an address").email == ""
    assert hmpps(email="j.smith@justice.example").email == "j.smith@justice.example"
