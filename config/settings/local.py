"""Development and demo: runs on a laptop with SQLite and no configuration."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env_bool, env_list

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "local-development-only-not-secret"  # noqa: F405
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
DEMO_MODE = env_bool("DEMO_MODE", True)
# In development a failing subscriber stops the request, to be seen and fixed (see onward/events.py).
ONWARD_RAISE_SUBSCRIBER_ERRORS = env_bool("ONWARD_RAISE_SUBSCRIBER_ERRORS", True)
