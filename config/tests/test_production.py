"""Production settings, run as production runs them: with Redis as the cache every web process shares.

The API's throttling and the sign-in lockout keep their counters in that cache, so a production process that
cannot reach it (or lacks the client library) answers 500 to every API call. This starts a real process under
`config.settings.production` against the local Redis.
"""

import os
import subprocess
import sys

from django.conf import settings

CHECK = """
import types
import django
django.setup()
from django.core.cache import cache, caches
from rest_framework.throttling import UserRateThrottle

cache.set("onward-production-check", "ok", 30)
assert cache.get("onward-production-check") == "ok", "the cache did not keep a value"
request = types.SimpleNamespace(user=types.SimpleNamespace(is_authenticated=True, pk=1), META={})
assert UserRateThrottle().allow_request(request, view=None), "the API throttle could not count a request"
print(type(caches["default"]).__name__)
"""


def test_production_settings_keep_the_cache_and_the_api_throttle_in_redis():
    environment = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "a-production-like-secret-key-" + "0123456789abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "onward.example.gov.uk",
        "REDIS_URL": "redis://127.0.0.1:6379/15",
        "DEMO_MODE": "false",
        "DEBUG": "false",
    }
    result = subprocess.run(  # noqa: S603 - our own check script, run by our own interpreter
        [sys.executable, "-c", CHECK],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "RedisCache"
