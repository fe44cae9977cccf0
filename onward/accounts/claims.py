"""From an ID token's claims to who someone is in Onward: pure, no database.

The mapping is data (settings.OIDC_CLAIM_MAPPINGS, docs/adr/0018); this
applies it. Whether the organisation exists, and fits the role, is for the
service that makes the account.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

# What a username may hold (Django's username validator); anything else in a
# provider's name becomes a dot, so the account can be saved and read.
_USERNAME_UNSAFE = re.compile(r"[^\w.@+-]")


@dataclass(frozen=True)
class Identity:
    provider: str
    subject: str
    username: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    role: str = ""
    organisation_code: str = ""
    caseloads: tuple = field(default_factory=tuple)
    provider_roles: tuple = field(default_factory=tuple)

    @property
    def has_access(self):
        return bool(self.role and self.organisation_code)


def _as_list(value):
    if value is None:
        return []
    if isinstance(value, str):
        # Some providers send one space-separated string instead of a list.
        return value.split()
    if isinstance(value, list | tuple):
        return [str(item) for item in value if item is not None]
    return []


def _organisation_code(source, claims, provider_roles, active_caseload):
    kind, _, argument = source.partition(":")
    if kind == "active_caseload":
        return active_caseload
    if kind == "claim":
        value = claims.get(argument)
        return value.strip() if isinstance(value, str) else ""
    if kind == "group":
        prefix = argument.lower()
        for group in provider_roles:
            if group.lower().startswith(prefix) and len(group) > len(prefix):
                return group[len(prefix) :]
        return ""
    if kind == "code":
        return argument
    raise ValueError(f"Unknown organisation source {source!r} in OIDC_CLAIM_MAPPINGS")


def _email(value):
    # A provider's idea of an e-mail address is not always one: keep none rather than fail the sign-in.
    value = str(value or "").strip()[:254]
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value


def identity_from_claims(*, provider, claims, mapping):
    """The Identity these validated claims describe; no role if none maps."""
    subject = str(claims.get("sub") or "")
    name = str(claims.get(mapping.get("username", "")) or claims.get("preferred_username") or subject)
    username = _USERNAME_UNSAFE.sub(".", f"{name}@{provider}")[:150]
    provider_roles = tuple(_as_list(claims.get(mapping.get("roles_claim", ""))))
    caseloads = tuple(code.upper() for code in _as_list(claims.get(mapping.get("caseloads_claim", ""))))
    active = claims.get(mapping.get("active_caseload_claim", "")) or ""
    active = active.strip().upper() if isinstance(active, str) else ""
    if active and active not in caseloads:
        caseloads = (*caseloads, active)
    role = organisation_code = ""
    held = {value.lower() for value in provider_roles}
    for provider_role, onward_role, source in mapping.get("roles", ()):
        if provider_role.lower() in held:
            role = onward_role
            organisation_code = _organisation_code(source, claims, provider_roles, active)
            break
    return Identity(
        provider=provider,
        subject=subject,
        username=username,
        first_name=str(claims.get(mapping.get("first_name", "given_name")) or "")[:150],
        last_name=str(claims.get(mapping.get("last_name", "family_name")) or "")[:150],
        email=_email(claims.get(mapping.get("email", "email"))),
        role=role,
        organisation_code=organisation_code.strip(),
        caseloads=caseloads,
        provider_roles=provider_roles,
    )
