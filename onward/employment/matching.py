"""Matching people and opportunities, with the reasons.

Pure: plain dataclasses in, plain dataclasses out, no database and no clock
(`today` is an argument), so a whole prison is matched in memory after the
selectors have loaded the facts in a few queries, and a hypothesis property
can try thousands of cases. Every rule explains itself: a match carries the
reasons it fits and the reasons it does not, in words a person can act on.

Distance is the straight line between the centres of two postcode districts
(see docs/adr/0007-matching-in-python-with-reasons.md for why not travel time).
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onward.employment.constants import JobSector, OffenceExclusion, OpportunityKind, ProfileStatus

EARTH_RADIUS_MILES = 3958.8

# Statuses that mean the person is not looking for work through us: no opportunity fits.
NOT_LOOKING = {
    ProfileStatus.NO_RIGHT_TO_WORK: gettext_lazy("has no right to work in the UK"),
    ProfileStatus.SUPPORT_DECLINED: gettext_lazy("said they do not want support"),
}
# Exclusions that do not name an offence.
NOT_AN_OFFENCE = frozenset({OffenceExclusion.NONE, OffenceExclusion.CASE_BY_CASE})


@dataclass(frozen=True)
class PersonFacts:
    """What matching needs to know about a person; `release_area` and `prison_outcode` are postcode districts."""

    case_id: int
    name: str = ""
    prison_number: str = ""
    release_area: str = ""
    discharge_date: date | None = None
    in_custody: bool = True
    prison_id: int | None = None
    prison_outcode: str = ""
    status: str = ProfileStatus.NOT_STARTED
    sector_interests: frozenset = frozenset()
    offence_categories: frozenset = frozenset()
    exclusion_zones: frozenset = frozenset()
    rotl_eligible: bool = False


@dataclass(frozen=True)
class OpportunityFacts:
    opportunity_id: int
    title: str = ""
    kind: str = OpportunityKind.VACANCY
    sector: str = JobSector.OTHER
    outcode: str = ""
    national: bool = False
    closing_date: date | None = None
    offence_exclusions: frozenset = frozenset()
    # A ROTL placement is offered to one prison's residents; None means any prison.
    prison_id: int | None = None


@dataclass(frozen=True)
class Reason:
    fits: bool
    rule: str
    text: str


@dataclass(frozen=True)
class Match:
    person: PersonFacts
    opportunity: OpportunityFacts
    reasons: tuple = field(default_factory=tuple)
    distance_miles: float | None = None

    @property
    def fits(self):
        return all(reason.fits for reason in self.reasons)

    @property
    def reasons_for(self):
        return [reason for reason in self.reasons if reason.fits]

    @property
    def reasons_against(self):
        return [reason for reason in self.reasons if not reason.fits]


@dataclass(frozen=True)
class Criteria:
    """What the user chose: how far the person would travel, and the day to judge closing dates by."""

    today: date
    radius_miles: float


def miles_between(a, b):
    """Great-circle distance in miles between two (latitude, longitude) points."""
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


class Distances:
    """Distances between postcode districts, each pair worked out once."""

    def __init__(self, coordinates: Mapping[str, tuple[float, float]]):
        self.coordinates = coordinates
        self.between = lru_cache(maxsize=65536)(self._between)

    def within(self, origin, outcodes, radius_miles):
        """Those of `outcodes` whose centre is within the radius of `origin`'s (none if `origin` is unknown)."""
        if origin not in self.coordinates:
            return set()
        lat, lon = self.coordinates[origin]
        # A box around the circle first: a degree of latitude is about 69 miles, and a degree of longitude
        # no less than 69 * cos(latitude) at the box's edge furthest from the equator.
        dlat = radius_miles / 69.0
        edge = min(89.0, abs(lat) + dlat)
        dlon = radius_miles / max(0.01, 69.0 * math.cos(math.radians(edge)))
        near = set()
        for outcode in outcodes:
            point = self.coordinates.get(outcode)
            if point is None or abs(point[0] - lat) > dlat or abs(point[1] - lon) > dlon:
                continue
            distance = self.between(origin, outcode)
            if distance is not None and distance <= radius_miles:
                near.add(outcode)
        return near

    def _between(self, a, b):
        if a == b and a in self.coordinates:
            return 0.0
        if a not in self.coordinates or b not in self.coordinates:
            return None
        return miles_between(self.coordinates[a], self.coordinates[b])


def _origin(person, opportunity):
    """Where the person travels from: the prison for a ROTL placement, the release area for anything else."""
    if opportunity.kind == OpportunityKind.ROTL_PLACEMENT:
        return person.prison_outcode
    return person.release_area


def _origin_words(opportunity):
    return _("the prison") if opportunity.kind == OpportunityKind.ROTL_PLACEMENT else _("the release area")


def _sector_label(code):
    try:
        return str(JobSector(code).label)
    except ValueError:
        return code


def _offence_label(code):
    try:
        return str(OffenceExclusion(code).label).lower()
    except ValueError:
        return code


def fits(person, opportunity, criteria, distances):
    """The quick yes or no, for matching a whole prison; `explain` gives the same answer with reasons."""
    if person.status in NOT_LOOKING:
        return False
    if opportunity.closing_date is not None and opportunity.closing_date < criteria.today:
        return False
    if person.sector_interests and opportunity.sector not in person.sector_interests:
        return False
    if person.offence_categories & (opportunity.offence_exclusions - NOT_AN_OFFENCE):
        return False
    if opportunity.kind == OpportunityKind.ROTL_PLACEMENT and not (
        person.in_custody
        and person.rotl_eligible
        and (opportunity.prison_id is None or opportunity.prison_id == person.prison_id)
    ):
        return False
    if opportunity.national:
        return True
    if opportunity.outcode in person.exclusion_zones:
        return False
    origin = _origin(person, opportunity)
    distance = distances.between(origin, opportunity.outcode) if origin else None
    return distance is not None and distance <= criteria.radius_miles


def explain(person, opportunity, criteria, distances):
    """Every rule's verdict on this person and this opportunity, in words."""
    reasons = []
    distance = None

    if person.status in NOT_LOOKING:
        reasons.append(Reason(False, "status", _("The person %(status)s") % {"status": NOT_LOOKING[person.status]}))

    if opportunity.closing_date is not None and opportunity.closing_date < criteria.today:
        reasons.append(
            Reason(False, "closing", _("Closed on %(day)s") % {"day": date_format(opportunity.closing_date, "j F Y")})
        )
    elif opportunity.closing_date is not None:
        reasons.append(
            Reason(True, "closing", _("Open until %(day)s") % {"day": date_format(opportunity.closing_date, "j F Y")})
        )

    sector = _sector_label(opportunity.sector)
    if not person.sector_interests:
        reasons.append(Reason(True, "sector", _("No work interests recorded yet, so every sector is shown")))
    elif opportunity.sector in person.sector_interests:
        reasons.append(Reason(True, "sector", _("Interested in %(sector)s") % {"sector": sector.lower()}))
    else:
        wanted = ", ".join(sorted(_sector_label(code).lower() for code in person.sector_interests))
        reasons.append(
            Reason(
                False,
                "sector",
                _("Interested in %(wanted)s, not %(sector)s") % {"wanted": wanted, "sector": sector.lower()},
            )
        )

    excluded = person.offence_categories & (opportunity.offence_exclusions - NOT_AN_OFFENCE)
    if excluded:
        names = ", ".join(sorted(_offence_label(code) for code in excluded))
        reasons.append(Reason(False, "offence", _("The employer cannot take %(offences)s") % {"offences": names}))
    elif person.offence_categories and OffenceExclusion.CASE_BY_CASE in opportunity.offence_exclusions:
        reasons.append(Reason(True, "offence", _("The employer considers offences case by case")))
    elif person.offence_categories:
        reasons.append(Reason(True, "offence", _("No offence exclusion applies")))

    if opportunity.kind == OpportunityKind.ROTL_PLACEMENT:
        if not person.in_custody:
            reasons.append(Reason(False, "rotl", _("A ROTL placement is for people still in custody")))
        elif not person.rotl_eligible:
            reasons.append(Reason(False, "rotl", _("Not eligible for release on temporary licence")))
        elif opportunity.prison_id is not None and opportunity.prison_id != person.prison_id:
            reasons.append(Reason(False, "rotl", _("The placement is offered to another prison")))
        else:
            reasons.append(Reason(True, "rotl", _("Eligible for release on temporary licence")))

    if opportunity.national:
        reasons.append(Reason(True, "distance", _("Open nationally")))
    else:
        if opportunity.outcode in person.exclusion_zones:
            reasons.append(
                Reason(
                    False,
                    "exclusion_zone",
                    _("%(area)s is an exclusion zone in the licence conditions") % {"area": opportunity.outcode},
                )
            )
        elif person.exclusion_zones:
            reasons.append(Reason(True, "exclusion_zone", _("Not in a licence exclusion zone")))
        origin, where = _origin(person, opportunity), _origin_words(opportunity)
        distance = distances.between(origin, opportunity.outcode) if origin else None
        if not origin:
            reasons.append(Reason(False, "distance", _("Record %(where)s to check the distance") % {"where": where}))
        elif distance is None:
            reasons.append(
                Reason(
                    False,
                    "distance",
                    _("The distance from %(origin)s to %(area)s is not known")
                    % {"origin": origin, "area": opportunity.outcode or _("an unknown place")},
                )
            )
        else:
            values = {
                "miles": f"{distance:.1f}",
                "origin": origin,
                "where": where,
                "radius": f"{criteria.radius_miles:g}",
            }
            if distance <= criteria.radius_miles:
                text = _("%(miles)s miles from %(where)s (%(origin)s), within %(radius)s") % values
            else:
                text = _("%(miles)s miles from %(where)s (%(origin)s), further than %(radius)s") % values
            reasons.append(Reason(distance <= criteria.radius_miles, "distance", text))

    return Match(person=person, opportunity=opportunity, reasons=tuple(reasons), distance_miles=distance)


def _order(match):
    return (match.distance_miles if match.distance_miles is not None else -1, match.opportunity.opportunity_id)


def opportunities_for(person, opportunities: Iterable[OpportunityFacts], criteria, distances):
    """For one person: the opportunities that fit (nearest first) and those that do not, each with reasons."""
    fitting, not_fitting = [], []
    for opportunity in opportunities:
        match = explain(person, opportunity, criteria, distances)
        (fitting if match.fits else not_fitting).append(match)
    return sorted(fitting, key=_order), sorted(not_fitting, key=_order)


def opportunities_for_page(
    person, opportunities: Iterable[OpportunityFacts], criteria, distances, *, not_fitting_limit
):
    """As `opportunities_for`, but only the nearest `not_fitting_limit` that do not fit are explained.

    Returns (fitting, not_fitting, how many do not fit in all): a person's page shows every fit and the reasons
    for a few of the rest, and explaining is most of the cost.
    """
    fitting, not_fitting = [], []
    for opportunity in opportunities:
        (fitting if fits(person, opportunity, criteria, distances) else not_fitting).append(opportunity)
    fitting.sort(key=lambda o: _nearest(person, o, distances))
    not_fitting.sort(key=lambda o: _nearest(person, o, distances))
    return (
        [explain(person, o, criteria, distances) for o in fitting],
        [explain(person, o, criteria, distances) for o in not_fitting[:not_fitting_limit]],
        len(not_fitting),
    )


def people_for(opportunity, people: Iterable[PersonFacts], criteria, distances):
    """For one opportunity: the people who fit (soonest release first) and those who do not, with reasons."""
    fitting, not_fitting = [], []
    for person in people:
        match = explain(person, opportunity, criteria, distances)
        (fitting if match.fits else not_fitting).append(match)

    def soonest(match):
        return (match.person.discharge_date or date.max, match.person.case_id)

    return sorted(fitting, key=soonest), sorted(not_fitting, key=soonest)


@dataclass(frozen=True)
class Shortlist:
    """One person's fitting opportunities: the nearest `limit` explained, and how many fit in all."""

    matches: list
    total: int

    @property
    def more(self):
        """How many fit beyond those explained."""
        return self.total - len(self.matches)


def match_all(
    people: Iterable[PersonFacts], opportunities: Iterable[OpportunityFacts], criteria, distances, *, limit=None
):
    """For many people at once (a whole prison): {case id: Shortlist} of the opportunities that fit.

    The field is narrowed first by what needs no per-pair work: closed opportunities are dropped once, and each
    person is tried only against the sectors they are interested in and the districts within the radius of
    their release area (worked out once per release area). The quick test runs on what is left, and only the
    nearest `limit` that fit (all when None) are explained, because explaining is most of the cost. The
    answers are those of `opportunities_for`.
    """
    still_open = [o for o in opportunities if o.closing_date is None or o.closing_date >= criteria.today]
    # Index what is left by sector and place: national opportunities and ROTL placements (measured from the
    # prison) by sector; everything else by sector and postcode district.
    anywhere, by_place = {}, {}
    for opportunity in still_open:
        if opportunity.national or opportunity.kind == OpportunityKind.ROTL_PLACEMENT:
            anywhere.setdefault(opportunity.sector, []).append(opportunity)
        elif opportunity.outcode:
            by_place.setdefault((opportunity.sector, opportunity.outcode), []).append(opportunity)
    places = {outcode for _sector, outcode in by_place}
    every_sector = {o.sector for o in still_open}
    near = {}
    results = {}
    for person in people:
        if person.status in NOT_LOOKING:
            results[person.case_id] = Shortlist(matches=[], total=0)
            continue
        if person.release_area not in near:
            near[person.release_area] = distances.within(person.release_area, places, criteria.radius_miles)
        sectors = person.sector_interests or every_sector
        candidates = [o for sector in sectors for o in anywhere.get(sector, ())]
        candidates += [
            o
            for sector in sectors
            for outcode in near[person.release_area]
            for o in by_place.get((sector, outcode), ())
        ]
        fitting = [o for o in candidates if fits(person, o, criteria, distances)]
        fitting.sort(key=lambda o: _nearest(person, o, distances))
        chosen = fitting if limit is None else fitting[:limit]
        results[person.case_id] = Shortlist(
            matches=[explain(person, o, criteria, distances) for o in chosen], total=len(fitting)
        )
    return results


def _nearest(person, opportunity, distances):
    # The same order as `_order` on an explained match: national (no distance) first, then nearest, then id.
    if opportunity.national:
        return (-1, opportunity.opportunity_id)
    if not opportunity.outcode:
        return (-1, opportunity.opportunity_id)
    origin = _origin(person, opportunity)
    distance = distances.between(origin, opportunity.outcode) if origin else None
    return (distance if distance is not None else -1, opportunity.opportunity_id)
