"""Actors that are not people.

The NOMIS feed opens, moves and releases cases through the same services as
staff, so it obeys every rule they do and leaves the same audit trail. It
never signs in: it has no password, no session and no organisation, and it
acts for every prison because NOMIS is the truth for all of them.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class SystemActor:
    username: str
    display_name: str
    role: str = ""
    organisation = None
    organisation_id = None
    is_authenticated = False
    is_active = True
    acts_for_every_prison = True


NOMIS_FEED = SystemActor(username="nomis-feed", display_name="NOMIS (HMPPS Prisoner Search)")


def identity_provider_actor(name):
    """The identity provider, as the actor that vouched for a sign-in (docs/adr/0018)."""
    return SystemActor(username=f"identity-provider:{name}"[:150], display_name=name)


NIGHTLY = SystemActor(username="onward-nightly", display_name="Onward's nightly jobs")
