"""Production: everything from the environment, and refuse to start unsafe."""

import os

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.base import env_bool

if DEBUG:  # noqa: F405
    raise ImproperlyConfigured("DEBUG must be off in production.")
if (
    len(SECRET_KEY) < 50  # noqa: F405
    or len(set(SECRET_KEY)) < 5  # noqa: F405
    or SECRET_KEY.startswith(("django-insecure", "local-", "test-"))  # noqa: F405
):
    raise ImproperlyConfigured("SECRET_KEY must be set to a long random value in production.")
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the hosts Onward answers on.")
if any("*" in host or host == "." for host in ALLOWED_HOSTS):  # noqa: F405
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the hosts Onward answers on, not '*'.")
if DEMO_MODE:  # noqa: F405
    raise ImproperlyConfigured("DEMO_MODE must be off in production.")

# Commands that must never run where real people's records are (load_demo) ask this.
PRODUCTION = True
# Production runs behind one load balancer (README: Production): sign-in lockouts are keyed on the address it
# was reached from, never the balancer's own (onward/accounts/addresses.py).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# The health endpoint is probed over plain HTTP by the load balancer.
SECURE_REDIRECT_EXEMPT = [r"^health/?$"]
# Staff sign in through their own identity provider (docs/adr/0018); local
# passwords are for the demo and development unless this says otherwise.
ALLOW_PASSWORD_SIGN_IN = env_bool("ALLOW_PASSWORD_SIGN_IN", False)
