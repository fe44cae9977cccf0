"""The OpenID Connect providers staff sign in through (docs/adr/0018).

One Authlib client per provider in settings.OIDC_PROVIDERS, made on first
use and kept for the process: each holds its provider's discovery document
and JWKS once fetched. Changing the settings (as tests do) starts afresh.
"""

import threading

from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

_lock = threading.Lock()
_registry = {}


def provider_list():
    """[(name, label)] for the sign-in page, in the order settings give them."""
    return [(name, config["label"]) for name, config in settings.OIDC_PROVIDERS.items()]


def provider_client(name):
    """The Authlib client for provider `name`; KeyError if there is none."""
    config = settings.OIDC_PROVIDERS[name]
    with _lock:
        client = _registry.get(name)
        if client is None:
            oauth = OAuth()
            client = oauth.register(
                name=name,
                client_id=config["client_id"],
                client_secret=config["client_secret"],
                server_metadata_url=config["discovery_url"],
                client_kwargs={
                    "scope": config["scopes"],
                    "code_challenge_method": "S256",
                    "default_timeout": settings.OIDC_HTTP_TIMEOUT,
                },
            )
            _registry[name] = client
        return client


def provider_mapping(name):
    config = settings.OIDC_PROVIDERS[name]
    return settings.OIDC_CLAIM_MAPPINGS[config["claims"]]


def provider_issuer(name):
    return settings.OIDC_PROVIDERS[name]["issuer"]


@receiver(setting_changed)
def _forget_clients(*, setting, **kwargs):
    if setting in {"OIDC_PROVIDERS", "OIDC_HTTP_TIMEOUT"}:
        with _lock:
            _registry.clear()
