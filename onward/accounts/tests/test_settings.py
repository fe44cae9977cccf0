"""What the settings files decide about signing in."""

import subprocess
import sys

from django.conf import settings

SAFE = {"PATH": "/usr/bin:/bin", "SECRET_KEY": "k" * 10 + "abcdefghij" * 5, "ALLOWED_HOSTS": "onward.example"}


def _production(env, expression):
    result = subprocess.run(  # noqa: S603 - our own interpreter on our own settings
        [sys.executable, "-c", f"import config.settings.production as s; print({expression})"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_refuses_password_sign_in_unless_told_otherwise():
    assert _production(SAFE, "s.ALLOW_PASSWORD_SIGN_IN") == "False"
    assert _production(SAFE | {"ALLOW_PASSWORD_SIGN_IN": "true"}, "s.ALLOW_PASSWORD_SIGN_IN") == "True"


def test_production_reads_its_providers_from_the_environment():
    env = SAFE | {"OIDC_HMPPS_ISSUER": "https://auth.example/auth/issuer", "OIDC_HMPPS_CLIENT_ID": "onward"}
    assert _production(env, "sorted(s.OIDC_PROVIDERS)") == "['hmpps']"


def test_the_demo_and_tests_keep_password_sign_in_and_no_provider():
    assert settings.ALLOW_PASSWORD_SIGN_IN
    assert settings.OIDC_PROVIDERS == {}
