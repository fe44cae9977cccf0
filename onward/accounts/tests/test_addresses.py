"""Sign-in lockouts are keyed on the client's real address behind the load balancer (issue 12, section 6): no one
can lock a named user out from anywhere by failing as them through the same balancer."""

import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory

from onward.accounts.addresses import client_address
from onward.accounts.constants import Role
from onward.accounts.tests.factories import PASSWORD, user_for

BALANCER = "10.0.0.1"


@pytest.mark.parametrize(
    ("trusted", "forwarded", "address"),
    [
        (0, "203.0.113.5", BALANCER),
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "198.51.100.1, 203.0.113.5", "203.0.113.5"),  # the left entry is the client's own word
        (2, "198.51.100.1, 203.0.113.5, 10.0.0.9", "203.0.113.5"),
        (2, "203.0.113.5", BALANCER),  # fewer hops than proxies: nothing to believe
        (1, "", BALANCER),
        (1, "not-an-address", BALANCER),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_is_the_entry_the_trusted_proxies_wrote(settings, trusted, forwarded, address):
    settings.TRUSTED_PROXY_COUNT = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == address


def test_production_trusts_one_load_balancer_by_default():
    assert django_settings.AXES_CLIENT_IP_CALLABLE == "onward.accounts.addresses.client_address"
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings.production as p; print(p.TRUSTED_PROXY_COUNT)"],
        env={"PATH": "/usr/bin:/bin", "SECRET_KEY": "k" * 10 + "abcdefghij" * 5, "ALLOWED_HOSTS": "onward.example"},
        capture_output=True,
        text=True,
        cwd=django_settings.BASE_DIR,
        check=False,
    )
    assert result.stdout.strip() == "1", result.stderr


@pytest.mark.django_db
def test_failures_from_one_address_do_not_lock_the_user_out_from_another(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    user = user_for(Role.PRISON_WORK_COACH, "NWI")
    attacker = {"REMOTE_ADDR": BALANCER, "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    owner = {"REMOTE_ADDR": BALANCER, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/sign-in/", {"username": user.username, "password": "wrong"}, **attacker)
    locked = client.post("/sign-in/", {"username": user.username, "password": PASSWORD}, **attacker)
    assert locked.status_code == 429
    signed_in = client.post("/sign-in/", {"username": user.username, "password": PASSWORD}, **owner)
    assert signed_in.status_code == 302
