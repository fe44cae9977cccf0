"""Partner systems' client-credentials JWTs, checked against their provider's JWKS (docs/adr/0018).

A JWT is accepted only from an issuer in settings.OIDC_PROVIDERS, signed by
a key in that provider's JWKS (an unknown `kid` fetches the JWKS once more),
unexpired within the bounded skew, for a client an administrator has made
an Onward user (`createuser --client provider:client_id`), and carrying a
provider role that maps to that user's role: the account says what the
client may see, the token that the provider still lets it.
"""

import base64
import json

from django.conf import settings
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry
from requests import RequestException

from onward.accounts.claims import identity_from_claims
from onward.accounts.identity_providers import provider_client, provider_mapping
from onward.accounts.models import User

ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "ES384", "PS256"]


class InvalidClientToken(Exception):
    """The JWT is not one Onward accepts; the message says why, for the log, never the caller."""


def looks_like_jwt(key):
    return key.count(".") == 2


def _unverified_issuer(key):
    try:
        payload = key.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (ValueError, IndexError) as error:
        raise InvalidClientToken("not a JWT") from error
    issuer = claims.get("iss") if isinstance(claims, dict) else None
    if not isinstance(issuer, str):
        raise InvalidClientToken("no issuer")
    return issuer.rstrip("/")


def _provider_for_issuer(issuer):
    for name, config in settings.OIDC_PROVIDERS.items():
        if config["issuer"] == issuer:
            return name
    raise InvalidClientToken(f"issuer {issuer!r} is not a configured provider")


def _decode(name, key):
    client = provider_client(name)
    registry = JWSRegistry(algorithms=ALGORITHMS)
    try:
        try:
            return jwt.decode(key, KeySet.import_key_set(client.fetch_jwk_set()), registry=registry)
        except InvalidKeyIdError:
            # The provider may have rotated its keys since we last fetched them: once more, no further.
            return jwt.decode(key, KeySet.import_key_set(client.fetch_jwk_set(force=True)), registry=registry)
    except (JoseError, ValueError) as error:
        raise InvalidClientToken(f"signature: {error}") from error
    except RequestException as error:
        raise InvalidClientToken(f"JWKS unavailable: {error}") from error


def client_user_for_jwt(key):
    """The active Onward user this valid client-credentials JWT acts as; InvalidClientToken otherwise."""
    name = _provider_for_issuer(_unverified_issuer(key))
    token = _decode(name, key)
    issuer = settings.OIDC_PROVIDERS[name]["issuer"]
    try:
        jwt.JWTClaimsRegistry(
            leeway=settings.OIDC_CLOCK_SKEW_SECONDS,
            iss={"essential": True, "value": issuer},
            exp={"essential": True},
        ).validate(token.claims)
    except JoseError as error:
        raise InvalidClientToken(f"claims: {error}") from error
    client_id = token.claims.get("client_id") or token.claims.get("sub")
    user = (
        User.objects.select_related("organisation")
        .filter(identity_provider=name, identity_subject=str(client_id or ""), is_active=True)
        .first()
    )
    if user is None:
        raise InvalidClientToken(f"client {client_id!r} of {name} is not an active Onward user")
    identity = identity_from_claims(provider=name, claims=token.claims, mapping=provider_mapping(name))
    if identity.role != user.role:
        raise InvalidClientToken(f"client {client_id!r} carries no role that maps to {user.role}")
    return user
