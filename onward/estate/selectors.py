"""Reading the estate."""

from onward.estate.constants import OrganisationKind
from onward.estate.models import Organisation


def jobcentres_serving(release_area):
    """The active jobcentres whose areas include this postcode district, by name (none without an area)."""
    if not release_area:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        kind=OrganisationKind.JOBCENTRE, active=True, jobcentre_areas__district_id=release_area
    ).order_by("name")
