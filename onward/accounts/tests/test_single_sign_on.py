"""Signing in through a real OpenID Connect provider on localhost: the whole redirect dance, with Django's client."""

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.urls import reverse

from onward.accounts.constants import Role
from onward.accounts.models import User
from onward.accounts.tests.conftest import prison_work_coach_claims, sign_in_through
from onward.accounts.tests.factories import user_for
from onward.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def signed_in_user(client):
    return client.get(reverse("pages:home")).wsgi_request.user


def last_event(action):
    return AuditEvent.objects.filter(action=action).order_by("-id").first()


# --- the sign-in page ---


def test_with_no_provider_the_sign_in_page_is_the_password_page_alone(client, settings):
    settings.OIDC_PROVIDERS = {}
    content = client.get(reverse("accounts:sign-in")).content.decode()
    assert 'name="password"' in content
    assert "Sign in with" not in content


def test_the_sign_in_page_offers_each_provider_beside_the_password_form(client, hmpps_auth):
    content = client.get(reverse("accounts:sign-in")).content.decode()
    assert "Sign in with HMPPS Auth" in content
    assert "Sign in with DWP" in content
    assert 'href="/sign-in/hmpps/"' in content
    assert 'name="password"' in content


def test_without_password_sign_in_the_page_offers_providers_only_and_refuses_a_password(client, hmpps_auth, settings):
    settings.ALLOW_PASSWORD_SIGN_IN = False
    user_for(Role.PRISON_WORK_COACH, "NWI", username="local.user")
    content = client.get(reverse("accounts:sign-in")).content.decode()
    assert 'name="password"' not in content
    response = client.post(reverse("accounts:sign-in"), {"username": "local.user", "password": "a-long-test-password"})
    assert response.status_code == 403
    assert not signed_in_user(client).is_authenticated


def test_an_unknown_provider_is_not_found(client, hmpps_auth):
    assert client.get("/sign-in/nowhere/").status_code == 404


# --- the flow ---


def test_the_provider_is_asked_for_a_code_with_pkce_state_and_nonce(client, hmpps_auth):
    response = client.get(reverse("accounts:sign-in-provider", args=["hmpps"]))
    location = urlsplit(response["Location"])
    query = {name: values[0] for name, values in parse_qs(location.query).items()}
    assert f"{location.scheme}://{location.netloc}" == hmpps_auth.url
    assert query["response_type"] == "code"
    assert query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) >= 43
    assert query["state"] and query["nonce"]
    assert query["client_id"] == "onward-hmpps"
    assert query["redirect_uri"] == "http://testserver/sign-in/hmpps/callback/"


def test_a_prison_work_coach_signs_in_first_time_and_gets_an_account_at_her_active_caseload(client, hmpps_auth):
    hmpps_auth.sign_in_as(**prison_work_coach_claims())

    response = sign_in_through(client, "hmpps")

    assert response.status_code == 302
    assert response["Location"] == reverse("pages:home")
    user = signed_in_user(client)
    assert user.is_authenticated
    assert user.username == "PSHARMA_GEN@hmpps"
    assert (user.role, user.organisation.code) == (Role.PRISON_WORK_COACH, "NWI")
    assert user.caseloads == ["NWI", "WLI"]
    assert (user.first_name, user.last_name) == ("Priya", "Sharma")
    assert not user.has_usable_password()
    assert (user.identity_provider, user.identity_subject) == ("hmpps", "G123456")
    created = last_event("user.create")
    assert created.actor_username == "identity-provider:hmpps"
    assert created.object_id == str(user.pk)
    assert created.changes["organisation"] == [None, "NWI"]
    home = client.get(reverse("pages:home"))
    assert home.status_code == 200
    assert "Priya" in home.content.decode()


def test_each_sign_in_refreshes_role_and_organisation_from_the_token(client, hmpps_auth):
    hmpps_auth.sign_in_as(**prison_work_coach_claims())
    sign_in_through(client, "hmpps")
    client.logout()
    hmpps_auth.sign_in_as(
        **prison_work_coach_claims(authorities=["ROLE_ONWARD_PRISON_EMPLOYMENT_LEAD"], active_caseload="WLI")
    )

    sign_in_through(client, "hmpps")

    user = User.objects.get(identity_provider="hmpps", identity_subject="G123456")
    assert (user.role, user.organisation.code) == (Role.PRISON_EMPLOYMENT_LEAD, "WLI")
    assert User.objects.filter(identity_subject="G123456").count() == 1
    refreshed = last_event("user.sign_in")
    assert refreshed.changes["role"] == [Role.PRISON_WORK_COACH, Role.PRISON_EMPLOYMENT_LEAD]
    assert refreshed.changes["organisation"] == ["NWI", "WLI"]


def test_the_page_asked_for_before_signing_in_is_shown_after_it(client, hmpps_auth):
    hmpps_auth.sign_in_as(**prison_work_coach_claims())
    response = sign_in_through(client, "hmpps", next_url="/cases/")
    assert response["Location"] == "/cases/"


def test_a_next_address_on_another_site_is_ignored(client, hmpps_auth):
    hmpps_auth.sign_in_as(**prison_work_coach_claims())
    response = sign_in_through(client, "hmpps", next_url="https://evil.example/")
    assert response["Location"] == reverse("pages:home")


def test_a_jobcentre_work_coach_from_the_second_provider_works_in_their_jobcentre(client, dwp_idp):
    dwp_idp.sign_in_as(
        sub="3f2c-oid",
        preferred_username="alex.jones@dwp.example",
        given_name="Alex",
        family_name="Jones",
        groups=["onward-role-jobcentre-work-coach", "onward-jobcentre-JCNORW"],
    )

    sign_in_through(client, "dwp")

    user = signed_in_user(client)
    assert (user.role, user.organisation.code) == (Role.JOBCENTRE_WORK_COACH, "JCNORW")
    assert user.username == "alex.jones@dwp.example@dwp"


def test_the_same_subject_at_two_providers_is_two_people(client, hmpps_auth, dwp_idp):
    hmpps_auth.sign_in_as(**prison_work_coach_claims(sub="same"))
    sign_in_through(client, "hmpps")
    client.logout()
    dwp_idp.sign_in_as(
        sub="same", preferred_username="x", groups=["onward-role-jobcentre-work-coach", "onward-jobcentre-JCNORW"]
    )
    sign_in_through(client, "dwp")
    assert User.objects.filter(identity_subject="same").count() == 2


def test_a_password_account_with_the_same_name_is_left_alone(client, hmpps_auth):
    local = user_for(Role.PRISON_WORK_COACH, "NWI", username="PSHARMA_GEN@hmpps")
    hmpps_auth.sign_in_as(**prison_work_coach_claims())
    sign_in_through(client, "hmpps")
    user = signed_in_user(client)
    assert user.pk != local.pk
    assert user.username.startswith("PSHARMA_GEN@hmpps.")


# --- no access ---


def test_a_token_with_no_mapped_role_lands_on_the_no_access_page_signed_out(client, hmpps_auth):
    hmpps_auth.sign_in_as(**prison_work_coach_claims(authorities=["ROLE_PRISON"]))

    response = sign_in_through(client, "hmpps")

    assert response.status_code == 403
    assert "You do not have access to Onward yet" in response.content.decode()
    assert not signed_in_user(client).is_authenticated
    assert not User.objects.filter(identity_subject="G123456").exists()
    refused = last_event("sign_in.refused")
    assert refused.changes["reason"] == "no_role"
    assert refused.changes["provider_roles"] == ["ROLE_PRISON"]


def test_a_caseload_onward_does_not_have_is_no_access(client, hmpps_auth):
    hmpps_auth.sign_in_as(**prison_work_coach_claims(active_caseload="ZZZ", caseloads=["ZZZ"]))
    response = sign_in_through(client, "hmpps")
    assert response.status_code == 403
    assert last_event("sign_in.refused").changes["reason"] == "unknown_organisation"


def test_an_organisation_that_does_not_fit_the_role_is_no_access(client, dwp_idp):
    dwp_idp.sign_in_as(sub="d1", groups=["onward-role-jobcentre-work-coach", "onward-jobcentre-NWI"])
    response = sign_in_through(client, "dwp")
    assert response.status_code == 403
    assert last_event("sign_in.refused").changes["reason"] == "organisation_does_not_fit"


def test_a_user_whose_role_was_removed_at_the_provider_is_not_signed_in_and_keeps_no_new_role(client, hmpps_auth):
    hmpps_auth.sign_in_as(**prison_work_coach_claims())
    sign_in_through(client, "hmpps")
    client.logout()
    hmpps_auth.sign_in_as(**prison_work_coach_claims(authorities=["ROLE_PRISON"]))

    response = sign_in_through(client, "hmpps")

    assert response.status_code == 403
    assert "You do not have access to Onward yet" in response.content.decode()
    assert not signed_in_user(client).is_authenticated
    refused = last_event("sign_in.refused")
    assert refused.object_id == str(User.objects.get(identity_subject="G123456").pk)


def test_an_account_an_administrator_switched_off_is_refused_whatever_the_token_says(client, hmpps_auth):
    hmpps_auth.sign_in_as(**prison_work_coach_claims())
    sign_in_through(client, "hmpps")
    client.logout()
    User.objects.filter(identity_subject="G123456").update(is_active=False)

    response = sign_in_through(client, "hmpps")

    assert response.status_code == 403
    assert "switched off" in response.content.decode()
    assert not signed_in_user(client).is_authenticated
    assert last_event("sign_in.refused").changes["reason"] == "switched_off"


# --- bad input: a page, an audit row, no session ---


@pytest.mark.parametrize("spoil", ["expired", "wrong_audience", "alg_none", "forged", "wrong_nonce"])
def test_a_bad_id_token_signs_nobody_in(client, hmpps_auth, spoil):
    hmpps_auth.sign_in_as(**prison_work_coach_claims())
    hmpps_auth.spoil = spoil

    response = sign_in_through(client, "hmpps")

    assert response.status_code == 400
    assert "You have not been signed in" in response.content.decode()
    assert not signed_in_user(client).is_authenticated
    assert not User.objects.filter(identity_subject="G123456").exists()
    failed = last_event("sign_in.failed")
    assert failed.changes["reason"] == "invalid_token"
    assert failed.changes["provider"] == "hmpps"


def test_a_replayed_callback_is_refused(client, hmpps_auth):
    hmpps_auth.sign_in_as(**prison_work_coach_claims())
    start = client.get(reverse("accounts:sign-in-provider", args=["hmpps"]))
    callback = urlsplit(httpx.get(start["Location"]).headers["location"])
    assert client.get(f"{callback.path}?{callback.query}").status_code == 302
    client.logout()

    response = client.get(f"{callback.path}?{callback.query}")

    assert response.status_code == 400
    assert not signed_in_user(client).is_authenticated
    assert last_event("sign_in.failed").changes["reason"] == "state"


def test_a_replayed_code_in_a_new_sign_in_is_refused_by_the_provider(client, hmpps_auth):
    hmpps_auth.sign_in_as(**prison_work_coach_claims())
    start = client.get(reverse("accounts:sign-in-provider", args=["hmpps"]))
    callback = parse_qs(urlsplit(httpx.get(start["Location"]).headers["location"]).query)
    client.get(reverse("accounts:sign-in-callback", args=["hmpps"]), {k: v[0] for k, v in callback.items()})
    client.logout()
    # A new sign-in's state, with the old, spent code.
    fresh = parse_qs(urlsplit(client.get(reverse("accounts:sign-in-provider", args=["hmpps"]))["Location"]).query)

    response = client.get(
        reverse("accounts:sign-in-callback", args=["hmpps"]), {"code": callback["code"][0], "state": fresh["state"][0]}
    )

    assert response.status_code == 400
    assert not signed_in_user(client).is_authenticated
    assert last_event("sign_in.failed").changes["reason"] == "provider_error"


def test_a_mismatched_state_is_refused(client, hmpps_auth):
    hmpps_auth.sign_in_as(**prison_work_coach_claims())
    start = client.get(reverse("accounts:sign-in-provider", args=["hmpps"]))
    callback = parse_qs(urlsplit(httpx.get(start["Location"]).headers["location"]).query)

    response = client.get(
        reverse("accounts:sign-in-callback", args=["hmpps"]), {"code": callback["code"][0], "state": "forged-state"}
    )

    assert response.status_code == 400
    assert "You have not been signed in" in response.content.decode()
    assert not signed_in_user(client).is_authenticated
    assert last_event("sign_in.failed").changes["reason"] == "state"


def test_a_callback_with_no_sign_in_started_is_refused(client, hmpps_auth):
    response = client.get(reverse("accounts:sign-in-callback", args=["hmpps"]), {"code": "x", "state": "y"})
    assert response.status_code == 400
    assert last_event("sign_in.failed").changes["reason"] == "state"


def test_the_provider_saying_no_is_a_page(client, hmpps_auth):
    # Nobody signed in at the provider: it answers access_denied.
    response = sign_in_through(client, "hmpps")
    assert response.status_code == 400
    assert last_event("sign_in.failed").changes["reason"] == "provider_error"
    assert not signed_in_user(client).is_authenticated


def test_a_provider_that_is_down_at_the_start_is_a_page_not_a_500(client, hmpps_auth):
    hmpps_auth.outage = True
    response = client.get(reverse("accounts:sign-in-provider", args=["hmpps"]))
    assert response.status_code == 502
    assert "Sorry, you cannot sign in at the moment" in response.content.decode()
    assert "HMPPS Auth is not answering" in response.content.decode()
    assert last_event("sign_in.failed").changes["reason"] == "provider_down"


def test_a_provider_that_goes_down_during_sign_in_is_a_page_not_a_500(client, hmpps_auth):
    hmpps_auth.sign_in_as(**prison_work_coach_claims())
    start = client.get(reverse("accounts:sign-in-provider", args=["hmpps"]))
    callback = urlsplit(httpx.get(start["Location"]).headers["location"])
    hmpps_auth.outage = True

    response = client.get(f"{callback.path}?{callback.query}")

    assert response.status_code == 502
    assert not signed_in_user(client).is_authenticated
    assert last_event("sign_in.failed").changes["reason"] == "provider_down"


def test_a_provider_that_does_not_answer_at_all_is_a_page(client, hmpps_auth, settings):
    settings.OIDC_PROVIDERS = {
        "hmpps": hmpps_auth.provider_settings()
        | {"discovery_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
    }
    response = client.get(reverse("accounts:sign-in-provider", args=["hmpps"]))
    assert response.status_code == 502
    assert last_event("sign_in.failed").changes["reason"] == "provider_down"


def test_a_rotated_key_is_fetched_once_and_the_sign_in_works(client, hmpps_auth):
    hmpps_auth.sign_in_as(**prison_work_coach_claims())
    sign_in_through(client, "hmpps")
    client.logout()
    assert hmpps_auth.requests["/jwks"] == 1
    hmpps_auth.rotate_key()

    sign_in_through(client, "hmpps")

    assert signed_in_user(client).is_authenticated
    assert hmpps_auth.requests["/jwks"] == 2
    assert hmpps_auth.requests["/.well-known/openid-configuration"] == 1


# --- caseloads ---


def test_a_user_with_several_caseloads_switches_prison_and_the_switch_is_audited(client, hmpps_auth):
    hmpps_auth.sign_in_as(**prison_work_coach_claims())
    sign_in_through(client, "hmpps")
    home = client.get(reverse("pages:home")).content.decode()
    assert 'href="/caseload/"' in home
    page = client.get(reverse("accounts:caseload")).content.decode()
    assert 'value="WLI"' in page and 'value="NWI" checked' in page

    response = client.post(reverse("accounts:caseload"), {"caseload": "WLI"})

    assert response.status_code == 302
    assert signed_in_user(client).organisation.code == "WLI"
    switched = last_event("user.caseload_switch")
    assert switched.changes["organisation"] == ["NWI", "WLI"]
    assert switched.actor_username == "PSHARMA_GEN@hmpps"


def test_a_prison_not_in_the_users_caseloads_is_refused(client, hmpps_auth):
    hmpps_auth.sign_in_as(**prison_work_coach_claims())
    sign_in_through(client, "hmpps")
    response = client.post(reverse("accounts:caseload"), {"caseload": "HBI"})
    assert response.status_code == 200
    assert "Choose one of your caseloads" in response.content.decode()
    assert signed_in_user(client).organisation.code == "NWI"
    assert not AuditEvent.objects.filter(action="user.caseload_switch").exists()


def test_someone_with_one_caseload_has_nothing_to_switch(client, hmpps_auth):
    hmpps_auth.sign_in_as(**prison_work_coach_claims(caseloads=["NWI"]))
    sign_in_through(client, "hmpps")
    assert 'href="/caseload/"' not in client.get(reverse("pages:home")).content.decode()
    assert client.get(reverse("accounts:caseload")).status_code == 404


def test_the_next_sign_in_sets_the_prison_to_the_active_caseload_again(client, hmpps_auth):
    hmpps_auth.sign_in_as(**prison_work_coach_claims())
    sign_in_through(client, "hmpps")
    client.post(reverse("accounts:caseload"), {"caseload": "WLI"})
    client.logout()
    sign_in_through(client, "hmpps")
    assert signed_in_user(client).organisation.code == "NWI"


# --- signing out ---


def test_signing_out_signs_out_of_the_provider_too(client, hmpps_auth):
    hmpps_auth.sign_in_as(**prison_work_coach_claims())
    sign_in_through(client, "hmpps")

    response = client.post(reverse("accounts:sign-out"))

    assert not signed_in_user(client).is_authenticated
    location = urlsplit(response["Location"])
    query = {name: values[0] for name, values in parse_qs(location.query).items()}
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{hmpps_auth.url}/logout"
    assert query["post_logout_redirect_uri"] == "http://testserver/signed-out/"
    assert query["id_token_hint"].count(".") == 2


def test_a_password_user_signs_out_as_before(client, hmpps_auth):
    user = user_for(Role.PRISON_WORK_COACH, "NWI", username="local.user")
    client.force_login(user)
    response = client.post(reverse("accounts:sign-out"))
    assert response["Location"] == reverse("accounts:signed-out")


def test_an_administrator_sees_where_a_user_signs_in_from_and_can_switch_them_off(client, hmpps_auth):
    hmpps_auth.sign_in_as(**prison_work_coach_claims())
    sign_in_through(client, "hmpps")
    user = signed_in_user(client)
    client.logout()
    client.force_login(user_for(Role.ADMINISTRATOR, "national", username="admin.user"))

    page = client.get(f"/admin/accounts/user/{user.pk}/change/").content.decode()

    assert "G123456" in page
    assert "Single sign-on" in page
    assert 'name="is_active"' in page
