import datetime
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command

from onward.accounts.constants import Role
from onward.accounts.tests.factories import PASSWORD, user_for
from onward.pages import views
from onward.pages.views import server_error

pytestmark = pytest.mark.django_db


def test_health_answers_ok_when_the_database_does(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_pages_need_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_not_found_page_is_the_service_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


@pytest.mark.parametrize("path", ["/api/v1/cases/-1/appointments/", "/api/v1/handovers/x/", "/api/v1/nothing/"])
def test_an_api_address_nothing_answers_is_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize("asking_for", ["cy", "cy-GB,cy;q=0.9,en;q=0.5", "fr", "en-GB"])
def test_the_page_says_the_language_its_words_are_in_whatever_the_browser_asks_for(client, asking_for):
    page = client.get("/sign-in/", HTTP_ACCEPT_LANGUAGE=asking_for)
    assert b'<html lang="en"' in page.content
    assert b"Sign in" in page.content


def test_content_security_policy_uses_a_nonce_for_each_page(client):
    first = client.get("/sign-in/")
    second = client.get("/sign-in/")
    policy = first["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "default-src 'self'" in policy
    assert policy != second["Content-Security-Policy"]
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"'.encode() in first.content


def test_security_headers(client):
    response = client.get("/sign-in/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("role, org", [(r, o) for r, o in [
    (Role.PRISON_WORK_COACH, "NWI"), (Role.PRISON_EMPLOYMENT_LEAD, "NWI"), (Role.ID_BANKING_ADMIN, "WLI"),
    (Role.PROBATION_PRACTITIONER, "N56NOSU"), (Role.CRS_PROVIDER, "CRSEAST"), (Role.JOBCENTRE_WORK_COACH, "JCNORW"),
    (Role.EMPLOYER_ENGAGEMENT, "national"), (Role.PARTNERSHIP_MANAGER, "DWPEAN"), (Role.PARTNERSHIP_BOARD, "national"),
    (Role.ADMINISTRATOR, "national"),
]])  # fmt: skip
def test_every_role_has_a_home_page(client, role, org):
    client.force_login(user_for(role, org))
    response = client.get("/")
    assert response.status_code == 200
    assert b"Sign out" in response.content


def test_sign_in_and_sign_out(client):
    user = user_for(Role.PRISON_WORK_COACH, "NWI", first_name="Priya")
    response = client.post("/sign-in/", {"username": user.username, "password": PASSWORD}, follow=True)
    assert b"Hello, Priya" in response.content
    response = client.post("/sign-out/", follow=True)
    assert b"You have signed out" in response.content


def test_wrong_password_shows_the_error_summary(client):
    user = user_for(Role.PRISON_WORK_COACH, "NWI")
    response = client.post("/sign-in/", {"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content


def test_five_failures_lock_the_account_even_for_the_right_password(client):
    user = user_for(Role.PRISON_WORK_COACH, "NWI")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/sign-in/", {"username": user.username, "password": "wrong"})
    response = client.post("/sign-in/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert b"Your account is locked" in response.content


def test_demo_accounts_are_listed_only_in_demo_mode(client, settings):

    settings.DEMO_MODE = False
    call_command("load_demo", "--force", "--scale", "0.001")
    assert b"onward-demo-2026" not in client.get("/sign-in/").content
    settings.DEMO_MODE = True
    content = client.get("/sign-in/").content
    assert b"onward-demo-2026" in content
    assert b"demo.pwc" in content


def test_sessions_end_after_thirty_minutes_of_inactivity():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SECRET_KEY": "short", "ALLOWED_HOSTS": "onward.example"}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 10 + "abcdefghij" * 5, "ALLOWED_HOSTS": "onward.example", "DEBUG": "1"}, "DEBUG"),
        ({"SECRET_KEY": "x" * 10 + "abcdefghij" * 5, "ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": "x" * 10 + "abcdefghij" * 5, "ALLOWED_HOSTS": "*"}, "not '*'"),
        ({"SECRET_KEY": "x" * 10 + "abcdefghij" * 5, "ALLOWED_HOSTS": "onward.example,*"}, "not '*'"),
    ],
)
def test_production_settings_refuse_to_start_unsafe(env, message):
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings.production"],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_production_settings_start_when_safe():
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings.production"],
        env={"PATH": "/usr/bin:/bin", "SECRET_KEY": "k" * 10 + "abcdefghij" * 5, "ALLOWED_HOSTS": "onward.example"},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_the_500_page_is_the_service_page_and_needs_no_context(rf):

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content


def test_the_403_page_is_the_service_page(client):
    client.force_login(user_for(Role.PRISON_WORK_COACH, "NWI"))
    response = client.get("/audit/")
    assert response.status_code == 403
    assert b"You cannot do that" in response.content


def test_managers_and_the_board_are_warned_at_home_before_the_agreement_ends(client, monkeypatch):

    class Today(datetime.date):
        @classmethod
        def today(cls):
            return cls(2026, 11, 22)

    monkeypatch.setattr(views, "date", Today)
    for role, org in ((Role.PARTNERSHIP_MANAGER, "DWPEAN"), (Role.PARTNERSHIP_BOARD, "national")):
        client.force_login(user_for(role, org))
        page = client.get("/").content.decode()
        assert "ends on 31 December 2026, in 39 days" in page
    Today.today = classmethod(lambda cls: cls(2026, 6, 1))
    assert 'id="agreement-warning"' not in client.get("/").content.decode()
    client.force_login(user_for(Role.EMPLOYER_ENGAGEMENT, "national"))
    Today.today = classmethod(lambda cls: cls(2026, 11, 22))
    assert 'id="agreement-warning"' not in client.get("/").content.decode()
