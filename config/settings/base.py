"""Settings shared by every environment.

Environment-specific files (local, test, production) import from here and
override only what differs. Anything secret or deployment-specific comes from
the environment, never from the repository.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "")

# Demo mode lists the demo accounts, with their shared password, on the
# sign-in page. It must never be switched on where real people work.
DEMO_MODE = env_bool("DEMO_MODE", False)
DEMO_PASSWORD = "onward-demo-2026"
# True only under config.settings.production: the demo loader refuses to run there, even with --force.
PRODUCTION = False

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks_db",
    "axes",
    "onward.audit",
    "onward.estate",
    "onward.accounts",
    "onward.cases",
    "onward.journey",
    "onward.readiness",
    "onward.handover",
    "onward.employment",
    "onward.partnerships",
    "onward.insights",
    "onward.feed",
    "onward.synthetic",
    "onward.pages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # No-store for every answer holding personal data, and a Permissions-Policy (onward/pages/middleware.py).
    "onward.pages.middleware.ResponseHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "onward.audit.middleware.RequestIdMiddleware",
    # A cookie no field could hold is dropped before the session reads it (onward/inputs.py).
    "onward.inputs.CookieGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Refuses, before any view, input no field may hold (onward/inputs.py).
    "onward.inputs.InputGuardMiddleware",
    # The loser of two requests doing the same at once: 409 with the service's message.
    "onward.pages.middleware.ConflictMiddleware",
    # Axes must come last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
# Widgets render from our templates, so the GOV.UK date input can be ours.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "onward" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "onward.pages.context_processors.service",
            ],
        },
    },
]

# SQLite is the embedded default for trying Onward out; production sets
# DATABASE_URL to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web requests and the task worker share the file: wait for locks rather
    # than failing, and take the write lock up front to avoid upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# On PostgreSQL the web and worker processes connect (DATABASE_URL) as an app role, e.g. onward_app, that owns
# no table and may only add to and read the audit trail. Migrations run with DATABASE_URL set to the owner's
# URL and DATABASE_APP_ROLE naming the app role: after migrating, the owner grants it its rights
# (docs/adr/0017, onward/audit/roles.py, README "Database roles").
DATABASE_APP_ROLE = os.environ.get("DATABASE_APP_ROLE", "")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "pages:home"
LOGOUT_REDIRECT_URL = "accounts:signed-out"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions end after 30 minutes without a request; every request renews them.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Five failed sign-ins for one username from one address lock it for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Lockouts are keyed on the client's own address: behind TRUSTED_PROXY_COUNT proxies (the load balancer), the
# entry of X-Forwarded-For that many from the right (onward/accounts/addresses.py). 0: the connection's address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "onward.accounts.addresses.client_address"

LANGUAGE_CODE = "en-gb"
# Only languages the service is translated into: a browser asking for Welsh would otherwise get lang="cy" on
# English words (WCAG 3.1.1). Welsh joins when its translations do (issue 14).
LANGUAGES = [("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "onward" / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "onward" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "onward.accounts.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON bodies pass the same guard as every other input (onward/inputs.py).
    "DEFAULT_PARSER_CLASSES": [
        "onward.inputs.GuardedJSONParser",
        "onward.inputs.GuardedFormParser",
        "onward.inputs.GuardedMultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Every operation's schema names the answers every operation can give (onward/openapi.py).
    "DEFAULT_SCHEMA_CLASS": "onward.openapi.OnwardSchema",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": os.environ.get("API_RATE", "6000/hour")},
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Onward API",
    "DESCRIPTION": "Cases and touchpoints for the prison, probation and jobcentre partnership.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its pages are for signed-in people and API callers only, in every environment.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    }
}
if os.environ.get("REDIS_URL"):
    # Axes and throttling keep counters in the cache: several web processes
    # must share one, so production points this at Redis.
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }

MAILERS = {
    "default": {"BACKEND": os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")},
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "onward@example.gov.uk")
# The address people reach the service at, for links in e-mails.
SERVICE_URL = os.environ.get("SERVICE_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "config.logging.JsonFormatter"},
    },
    "filters": {
        "request_id": {"()": "onward.audit.middleware.RequestIdLogFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Replace Django's own console handler, so every line is JSON once.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# --- The feed from HMPPS (onward.feed; docs/adr/0012-fed-by-nomis.md) -------------
# HMPPS Auth gives a client-credentials token; Prisoner Search answers the
# Prisoner document. Unset, the feed keeps every message that needs Prisoner
# Search until they are set.
HMPPS_AUTH_URL = os.environ.get("HMPPS_AUTH_URL", "")
PRISONER_SEARCH_URL = os.environ.get("PRISONER_SEARCH_URL", "")
HMPPS_CLIENT_ID = os.environ.get("HMPPS_CLIENT_ID", "")
HMPPS_CLIENT_SECRET = os.environ.get("HMPPS_CLIENT_SECRET", "")
# The SQS queue subscribed to the HMPPS domain events topic (filtered by event
# type); credentials come from the usual AWS chain. The endpoint is only for
# an SQS-compatible server other than AWS's own.
FEED_QUEUE_URL = os.environ.get("FEED_QUEUE_URL", "")
FEED_QUEUE_REGION = os.environ.get("FEED_QUEUE_REGION", "eu-west-2")
FEED_SQS_ENDPOINT_URL = os.environ.get("FEED_SQS_ENDPOINT_URL", "") or None
FEED_HTTP_TIMEOUT = float(os.environ.get("FEED_HTTP_TIMEOUT", "10"))
# Prisoner Search calls made ahead of the writes, at once; and on PostgreSQL,
# how many people's messages are written side by side (each person's in order).
FEED_CONCURRENCY = int(os.environ.get("FEED_CONCURRENCY", "16"))
FEED_WRITERS = int(os.environ.get("FEED_WRITERS", "4"))
# A message Prisoner Search could not answer for is tried again after 1, 2, 4 ...
# minutes (at most an hour apart), and is a dead letter after this many tries.
FEED_MAX_ATTEMPTS = int(os.environ.get("FEED_MAX_ATTEMPTS", "8"))
FEED_RETRY_BASE_SECONDS = 60
FEED_RETRY_MAX_SECONDS = 3600
# --- end of the feed from HMPPS ---------------------------------------------------

# --- Sign-in through OpenID Connect (onward.accounts; docs/adr/0018) ---------------
# Each OIDC_<NAME>_ISSUER in the environment names an identity provider; with
# none, the sign-in page is the password page alone (the demo, `make run`).
OIDC_SCOPES_DEFAULT = "openid profile email"


def oidc_providers_from_env(environ):
    """{name: {...}} for every OIDC_<NAME>_ISSUER set, in name order."""
    providers = {}
    for key in sorted(environ):
        if not (key.startswith("OIDC_") and key.endswith("_ISSUER")) or not environ[key].strip():
            continue
        prefix = key[: -len("ISSUER")]
        name = prefix[len("OIDC_") : -1].lower()
        if not name:
            continue
        issuer = environ[key].strip().rstrip("/")
        providers[name] = {
            "issuer": issuer,
            "client_id": environ.get(f"{prefix}CLIENT_ID", ""),
            "client_secret": environ.get(f"{prefix}CLIENT_SECRET", ""),
            "scopes": environ.get(f"{prefix}SCOPES", "") or OIDC_SCOPES_DEFAULT,
            "label": environ.get(f"{prefix}LABEL", "") or name.upper(),
            "claims": (environ.get(f"{prefix}CLAIMS", "") or name).lower(),
            "discovery_url": environ.get(f"{prefix}DISCOVERY_URL", "") or f"{issuer}/.well-known/openid-configuration",
        }
    return providers


OIDC_PROVIDERS = oidc_providers_from_env(os.environ)
# Signing out goes on to the provider's end-session page (RP-initiated logout),
# a redirect from the sign-out form that form-action must allow.
SECURE_CSP["form-action"] += sorted(
    {"{0.scheme}://{0.netloc}".format(urlsplit(config["issuer"])) for config in OIDC_PROVIDERS.values()}
)
# Tokens are checked with this much leeway on `exp`, `iat` and `nbf`, and no more.
OIDC_CLOCK_SKEW_SECONDS = int(os.environ.get("OIDC_CLOCK_SKEW_SECONDS", "60"))
# Discovery, JWKS and token calls give up after this long: a provider that does
# not answer is a page saying so, not a hung worker.
OIDC_HTTP_TIMEOUT = float(os.environ.get("OIDC_HTTP_TIMEOUT", "10"))
# Password sign-in is for the demo and development; production turns it off
# unless told otherwise (config/settings/production.py).
ALLOW_PASSWORD_SIGN_IN = env_bool("ALLOW_PASSWORD_SIGN_IN", True)
# Accounts nobody has signed in to, nor used the API token of, for this long
# are switched off by `disable_dormant_accounts`.
DORMANT_ACCOUNT_DAYS = int(os.environ.get("DORMANT_ACCOUNT_DAYS", "90"))

# How each kind of provider says who someone is and what they do. In `roles`,
# the first provider role (an HMPPS authority, a DWP group) the token carries
# decides the Onward role, and `organisation` says where its organisation
# comes from:
#   "active_caseload"   the prison the user is working in (the `active_caseload` claim)
#   "claim:NAME"        the code in claim NAME
#   "group:PREFIX"      the rest of the first group (in the `roles` claim) that starts with PREFIX
#   "code:CODE"         always CODE, e.g. code:national
OIDC_CLAIM_MAPPINGS = {
    "hmpps": {
        "username": "user_name",
        "first_name": "given_name",
        "last_name": "family_name",
        "email": "email",
        "roles_claim": "authorities",
        "caseloads_claim": "caseloads",
        "active_caseload_claim": "active_caseload",
        "roles": [
            ("ROLE_ONWARD_ADMINISTRATOR", "administrator", "code:national"),
            ("ROLE_ONWARD_PRISON_EMPLOYMENT_LEAD", "prison_employment_lead", "active_caseload"),
            ("ROLE_ONWARD_PRISON_WORK_COACH", "prison_work_coach", "active_caseload"),
            ("ROLE_ONWARD_ID_BANKING_ADMIN", "id_banking_admin", "active_caseload"),
            ("ROLE_ONWARD_PROBATION_PRACTITIONER", "probation_practitioner", "claim:probation_delivery_unit"),
            ("ROLE_ONWARD_CRS_PROVIDER", "crs_provider", "claim:crs_provider"),
            # Partner systems (client credentials), e.g. DWP reading handovers for its jobcentres.
            ("ROLE_ONWARD_JOBCENTRE_WORK_COACH", "jobcentre_work_coach", "claim:jobcentre"),
            ("ROLE_ONWARD_EMPLOYER_ENGAGEMENT", "employer_engagement", "code:national"),
            ("ROLE_ONWARD_PARTNERSHIP_BOARD", "partnership_board", "code:national"),
        ],
    },
    "dwp": {
        "username": "preferred_username",
        "first_name": "given_name",
        "last_name": "family_name",
        "email": "email",
        "roles_claim": "groups",
        "roles": [
            ("onward-role-partnership-manager", "partnership_manager", "group:onward-district-"),
            ("onward-role-jobcentre-work-coach", "jobcentre_work_coach", "group:onward-jobcentre-"),
            ("onward-role-employer-engagement", "employer_engagement", "code:national"),
        ],
    },
}
# --- end of sign-in through OpenID Connect -----------------------------------------
