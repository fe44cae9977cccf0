"""Reading the estate."""

import math
from dataclasses import dataclass, field

from onward.estate.constants import OrganisationKind
from onward.estate.models import JobcentreArea, Organisation, PostcodeDistrict

# How many jobcentres to offer, nearest first, for a release area no jobcentre lists.
NEAREST_OFFERED = 3


def jobcentres_serving(release_area):
    """The active jobcentres whose areas include this postcode district, by name (none without an area)."""
    if not release_area:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        kind=OrganisationKind.JOBCENTRE, active=True, jobcentre_areas__district_id=release_area
    ).order_by("name")


@dataclass(frozen=True)
class JobcentreChoice:
    """The jobcentres a release area's person may be booked at or handed over to."""

    release_area: str
    jobcentres: list = field(default_factory=list)
    # False when no jobcentre lists the area: these are the nearest, offered with a warning to check.
    serving: bool = True
    # For the nearest: how far each is from the release area, in kilometres, by jobcentre id.
    distances: dict = field(default_factory=dict)

    def allows(self, jobcentre):
        return jobcentre is not None and any(choice.pk == jobcentre.pk for choice in self.jobcentres)


def _km(a, b):
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def jobcentres_for_area(release_area, *, nearest=NEAREST_OFFERED):
    """The jobcentres serving the release area; where none is listed for it, the nearest few, to use with a
    warning (a jobcentre's place is the middle of the districts it serves)."""
    serving = list(jobcentres_serving(release_area))
    if serving or not release_area:
        return JobcentreChoice(release_area=release_area, jobcentres=serving, serving=True)
    home = PostcodeDistrict.objects.filter(outcode=release_area).values_list("latitude", "longitude").first()
    if home is None:
        return JobcentreChoice(release_area=release_area, jobcentres=[], serving=False)
    spots = {}
    for jobcentre_id, latitude, longitude in JobcentreArea.objects.filter(
        jobcentre__active=True, jobcentre__kind=OrganisationKind.JOBCENTRE
    ).values_list("jobcentre_id", "district__latitude", "district__longitude"):
        spots.setdefault(jobcentre_id, []).append((latitude, longitude))
    places = {
        jobcentre_id: (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
        for jobcentre_id, points in spots.items()
    }
    distances = {jobcentre_id: round(_km(home, place)) for jobcentre_id, place in places.items()}
    closest = sorted(distances, key=lambda jobcentre_id: (distances[jobcentre_id], jobcentre_id))[:nearest]
    found = Organisation.objects.in_bulk(closest)
    return JobcentreChoice(
        release_area=release_area,
        jobcentres=[found[jobcentre_id] for jobcentre_id in closest],
        serving=False,
        distances={jobcentre_id: distances[jobcentre_id] for jobcentre_id in closest},
    )
