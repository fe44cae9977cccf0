"""Synthetic people and custody episodes, at any size, never real: who they are and when they come and go.

Names are random pairings from lists of common given names and family
names; prison numbers are made up in the NOMIS shape; every date, flag and
place follows rough national rates so that worklists, dashboards and
benchmarks look like the real thing. A seed makes a run repeatable.

This module only plans: `lives.py` plays each episode through the services.
The people in custody today are sampled as a prison holds them (long
sentences weigh more: they stay longer), and the releases of past years come
at the steady rate that population gives, month after month, in proportion
to the prison's size.
"""

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from onward.cases.constants import LegalStatus, ReleaseType
from onward.cases.models import Person
from onward.estate.constants import OrganisationKind
from onward.estate.models import JobcentreArea, Organisation, PostcodeDistrict
from onward.journey.release_days import discharge_day

GIVEN_NAMES_MEN = [
    "Aaron",
    "Adam",
    "Ahmed",
    "Alan",
    "Alex",
    "Ali",
    "Andrew",
    "Anthony",
    "Ashley",
    "Ben",
    "Bilal",
    "Brandon",
    "Callum",
    "Carl",
    "Chris",
    "Connor",
    "Craig",
    "Daniel",
    "Darren",
    "Dean",
    "Dylan",
    "Ethan",
    "Gareth",
    "Harry",
    "Imran",
    "Jack",
    "Jake",
    "Jamal",
    "James",
    "Jason",
    "Jordan",
    "Josh",
    "Kai",
    "Kieran",
    "Kyle",
    "Lee",
    "Liam",
    "Luke",
    "Marcus",
    "Mark",
    "Martin",
    "Matthew",
    "Michael",
    "Mohammed",
    "Nathan",
    "Oliver",
    "Paul",
    "Reece",
    "Rhys",
    "Ricky",
    "Ryan",
    "Sam",
    "Scott",
    "Sean",
    "Shane",
    "Stephen",
    "Steven",
    "Thomas",
    "Tyler",
    "Wayne",
    "Zak",
]
GIVEN_NAMES_WOMEN = [
    "Aisha",
    "Amy",
    "Bethany",
    "Chantelle",
    "Charlotte",
    "Chloe",
    "Claire",
    "Danielle",
    "Emma",
    "Fatima",
    "Gemma",
    "Hannah",
    "Jade",
    "Jasmine",
    "Jessica",
    "Joanne",
    "Kayleigh",
    "Kelly",
    "Kirsty",
    "Laura",
    "Leanne",
    "Lisa",
    "Louise",
    "Lucy",
    "Megan",
    "Michelle",
    "Nadia",
    "Natalie",
    "Nicola",
    "Rachel",
    "Rebecca",
    "Samantha",
    "Sarah",
    "Shannon",
    "Sophie",
    "Stacey",
    "Tanya",
    "Tracey",
    "Vicky",
    "Zoe",
]
FAMILY_NAMES = [
    "Adams",
    "Ahmed",
    "Ali",
    "Allen",
    "Bailey",
    "Baker",
    "Barnes",
    "Bell",
    "Bennett",
    "Brown",
    "Butler",
    "Campbell",
    "Carter",
    "Clarke",
    "Collins",
    "Cook",
    "Cooper",
    "Cox",
    "Davies",
    "Davis",
    "Edwards",
    "Evans",
    "Fisher",
    "Foster",
    "Green",
    "Griffiths",
    "Hall",
    "Harris",
    "Harrison",
    "Hill",
    "Hughes",
    "Hussain",
    "Jackson",
    "James",
    "Jenkins",
    "Johnson",
    "Jones",
    "Kaur",
    "Kelly",
    "Khan",
    "King",
    "Lee",
    "Lewis",
    "Lloyd",
    "Marshall",
    "Martin",
    "Mason",
    "Mitchell",
    "Moore",
    "Morgan",
    "Morris",
    "Murphy",
    "Murray",
    "Nowak",
    "Owen",
    "Palmer",
    "Parker",
    "Patel",
    "Phillips",
    "Powell",
    "Price",
    "Richards",
    "Roberts",
    "Robinson",
    "Rogers",
    "Russell",
    "Scott",
    "Shaw",
    "Simpson",
    "Singh",
    "Smith",
    "Stewart",
    "Taylor",
    "Thomas",
    "Thompson",
    "Turner",
    "Walker",
    "Ward",
    "Watson",
    "White",
    "Williams",
    "Wilson",
    "Wood",
    "Wright",
    "Young",
]

# Postcode areas outside England and Wales: nobody from an E&W prison is released there in this data.
NOT_ENGLAND_OR_WALES = {
    "AB", "BT", "DD", "DG", "EH", "FK", "G", "GY", "HS", "IM", "IV", "JE", "KA", "KW", "KY",
    "ML", "PA", "PH", "TD", "ZE",
}  # fmt: skip

# Rough county-to-probation-region lookup for placing synthetic releases;
# a real allocation comes from probation, not from this table.
COUNTY_REGION = {
    "Greater London": "N07", "Middlesex": "N07", "Greater Manchester": "N50", "Lancashire": "N51",
    "Merseyside": "N51", "Cheshire": "N51", "Cumbria": "N51", "West Midlands": "N52", "Staffordshire": "N52",
    "Shropshire": "N52", "Worcestershire": "N52", "Warwickshire": "N52", "Herefordshire": "N52",
    "Derbyshire": "N53", "Nottinghamshire": "N53", "Nottingham": "N53", "Leicestershire": "N53",
    "Lincolnshire": "N53", "Rutland": "N53", "County Durham": "N54", "Northumberland": "N54",
    "Tyne and Wear": "N54", "South Yorkshire": "N55", "West Yorkshire": "N55", "North Yorkshire": "N55",
    "East Yorkshire": "N55", "East Riding of Yorkshire": "N55", "Norfolk": "N56", "Suffolk": "N56",
    "Cambridgeshire": "N56", "Essex": "N56", "Hertfordshire": "N56", "Bedfordshire": "N56",
    "Northamptonshire": "N56", "Kent": "N57", "Surrey": "N57", "East Sussex": "N57", "West Sussex": "N57",
    "Devon": "N58", "Dorset": "N58", "Gloucestershire": "N58", "Somerset": "N58", "Wiltshire": "N58",
    "Cornwall": "N58", "Bristol": "N58", "Buckinghamshire": "N59", "Oxfordshire": "N59",
    "Hampshire": "N59", "Berkshire": "N59", "Isle of Wight": "N59", "South Wales": "N03",
    "Monmouthshire": "N03", "Powys": "N03", "Gwent": "N03",
}  # fmt: skip
# Where the demo's release areas are, the PDU that covers them.
AREA_PDU = [
    (
        ("NR", "IP24", "IP25", "IP26", "IP27", "PE30", "PE31", "PE32", "PE33", "PE34", "PE35", "PE36", "PE37", "PE38"),
        "N56NOSU",
    ),
    (("IP",), "N56SUFF"),
    (("PE", "CB"), "N56CAMB"),
    (("CO", "CM"), "N56ESXN"),
    (("SS",), "N56ESXS"),
    (("ME", "DA", "TN"), "N57KECL"),
    (("CT",), "N57EKNT"),
]
NON_GEOGRAPHIC_PDU_WORDS = ("Unpaid Work", "Public Protection", "UPW", "Personality Disorder", "Courts and Centralised")

DEMO_PRISONS = {"WLI": 900, "NWI": 750, "HBI": 400, "RCI": 650, "PFI": 180, "HPI": 250, "CDI": 250}


def _outcode_area(outcode):
    return outcode.rstrip("0123456789").rstrip("0123456789")


def _distance_km(a, b):
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


# Custodial terms (days) of the sentences passed, with their shares; a person serves about half in custody
# (four tenths for some), the rest on licence.
TERMS = ((0.25, 14, 182), (0.20, 183, 365), (0.33, 366, 4 * 365), (0.22, 4 * 365 + 1, 12 * 365))
SHARE_SERVED = ((0.3, 0.4), (0.7, 0.5))
MEAN_CUSTODY_DAYS = sum(share * (low + high) / 2 for share, low, high in TERMS) * sum(
    weight * served for weight, served in SHARE_SERVED
)
# In a steady state each place releases one person every mean stay: this many a year per person held.
RELEASES_A_YEAR_PER_PERSON = 365 / MEAN_CUSTODY_DAYS
LONGEST_CUSTODY_DAYS = TERMS[-1][2]
REMAND_SHARE = 0.12
RECALL_SHARE = 0.08


@dataclass
class PrisonPlan:
    prison: Organisation
    people: int
    release_areas: list
    area_weights: list
    pdus_by_area: dict
    women_only: bool


@dataclass
class Episode:
    """One custody episode to play through the services: the person, the case as received, and its dates."""

    prison: Organisation
    prison_number: str
    person: dict
    case: dict
    discharge_date: date | None
    released: bool
    # The random stream this episode's life draws from, so one life never shifts another.
    seed: int = 0
    extra: dict = field(default_factory=dict)


class Planner:
    """Plans prisons' caseloads and their episodes; `lives.Lives` writes them."""

    def __init__(self, *, seed=2026, today=None, history_years=1):
        self.random = random.Random(seed)
        self.today = today or date.today()
        self.history_years = history_years
        self.used_prison_numbers = set(Person.objects.values_list("prison_number", flat=True))
        districts = PostcodeDistrict.objects.values_list("outcode", "latitude", "longitude")
        self.districts = [
            (code, lat, lon) for code, lat, lon in districts if _outcode_area(code) not in NOT_ENGLAND_OR_WALES
        ]
        self.district_position = {code: (lat, lon) for code, lat, lon in self.districts}
        self.pdus = {org.code: org for org in Organisation.objects.filter(kind=OrganisationKind.PDU, active=True)}
        self.served = set(
            JobcentreArea.objects.filter(jobcentre__active=True).values_list("district_id", flat=True).distinct()
        )

    # --- prisons ----------------------------------------------------------------------

    def plan(self, prison_sizes):
        plans = []
        prisons = Organisation.objects.filter(code__in=prison_sizes, kind=OrganisationKind.PRISON).select_related(
            "prison"
        )
        for prison in sorted(prisons, key=lambda p: p.code):
            areas = self._nearby_areas(prison)
            weights = [1 / (1 + distance / 10) for _, distance in areas]
            codes = [code for code, _ in areas]
            region = COUNTY_REGION.get(prison.county.strip())
            regional = [
                pdu for pdu in self.pdus.values()
                if (region is None or pdu.parent.code == region)
                and not any(word in pdu.name for word in NON_GEOGRAPHIC_PDU_WORDS)
            ]  # fmt: skip
            pdus_by_area = {code: self._pdu_for(code, regional) for code in codes}
            detail = getattr(prison, "prison", None)
            plans.append(
                PrisonPlan(
                    prison=prison,
                    people=prison_sizes[prison.code],
                    release_areas=codes,
                    area_weights=weights,
                    pdus_by_area=pdus_by_area,
                    women_only=bool(detail and detail.female and not detail.male),
                )
            )
        return plans

    def _nearby_areas(self, prison):
        """Release areas near the prison that a jobcentre serves, nearest weighing most (or, where none is
        served nearby, the nearest districts: the service offers their nearest jobcentres)."""
        home = self.district_position.get(prison.outcode)
        if home is None:
            return [(code, 0.0) for code, _, _ in self.random.sample(self.districts, 20)]
        scored = sorted(
            ((code, _distance_km(home, (lat, lon))) for code, lat, lon in self.districts), key=lambda x: x[1]
        )
        near = [(code, d) for code, d in scored if d <= 50]
        served = [(code, d) for code, d in near if code in self.served]
        if len(served) >= 5:
            return served
        return near if len(near) >= 10 else scored[:30]

    def _pdu_for(self, outcode, regional):
        for prefixes, code in AREA_PDU:
            if outcode in prefixes or _outcode_area(outcode) in prefixes:
                return self.pdus.get(code)
        if not regional:
            return None
        # The same area always maps to the same PDU within a run.
        return regional[sum(map(ord, outcode)) % len(regional)]

    def episodes(self, plans):
        """Every episode of `plans`, shuffled: those in custody now, and the releases of the history years."""
        work = []
        for plan in plans:
            work += [(plan, True)] * plan.people
            work += [(plan, False)] * round(plan.people * RELEASES_A_YEAR_PER_PERSON * self.history_years)
        self.random.shuffle(work)
        for plan, open_case in work:
            yield self.episode(plan, open_case=open_case)

    # --- people and episodes ----------------------------------------------------------------

    def _prison_number(self):
        letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
        while True:
            number = f"{self.random.choice(letters)}{self.random.randint(0, 9999):04d}{self.random.choice(letters)}{self.random.choice(letters)}"
            if number not in self.used_prison_numbers:
                self.used_prison_numbers.add(number)
                return number

    def _person(self, *, woman, age_at_reception, reception):
        r = self.random
        born = reception - timedelta(days=int(age_at_reception * 365.25) + r.randint(0, 364))
        return {
            "given_name": r.choice(GIVEN_NAMES_WOMEN if woman else GIVEN_NAMES_MEN),
            "family_name": r.choice(FAMILY_NAMES),
            "date_of_birth": born,
            "female": woman,
            "learning_difficulty_or_disability": r.random() < 0.29,
            "care_leaver": r.random() < 0.24,
            "veteran": r.random() < 0.04 and not woman,
        }

    def _term_days(self):
        roll, total = self.random.random(), 0
        for share, low, high in TERMS:
            total += share
            if roll < total:
                return self.random.randint(low, high)
        return self.random.randint(TERMS[-1][1], TERMS[-1][2])

    def _custody_days(self, term):
        share = 0.4 if self.random.random() < SHARE_SERVED[0][0] else 0.5
        return max(1, round(term * share))

    def _held_now(self):
        """A term and custody length as a prison holds them today: a stay's chance of being under way now
        grows with its length."""
        while True:
            term = self._term_days()
            custody = self._custody_days(term)
            if self.random.random() * LONGEST_CUSTODY_DAYS * 0.5 < custody:
                return term, custody

    def episode(self, plan, *, open_case):
        """An episode in custody now, or released in the history window."""
        r = self.random
        today = self.today
        woman = plan.women_only or r.random() < 0.01
        area = r.choices(plan.release_areas, plan.area_weights)[0]
        case = {
            "claiming_benefits": r.random() < 0.45,
            "employed_at_reception": r.random() < 0.2,
            "has_right_to_work_id": r.random() < 0.45,
            "has_bank_account": r.random() < 0.55,
            "has_ni_number": r.random() < 0.85,
            "released_to_community": r.random() < 0.97,
            "release_area": area,
            "pdu": plan.pdus_by_area.get(area),
        }
        case["uc_housing_costs"] = case["claiming_benefits"] and r.random() < 0.25
        discharge = None
        if open_case and r.random() < REMAND_SHARE:
            case["legal_status"] = LegalStatus.REMAND
            case["reception_date"] = today - timedelta(days=r.randint(0, 180))
            case["pdu"] = None
        else:
            case["legal_status"] = LegalStatus.RECALL if r.random() < RECALL_SHARE else LegalStatus.SENTENCED
            if open_case:
                term, custody = self._held_now()
                served = r.randint(0, custody - 1) if custody > 1 else 0
                sentenced = today - timedelta(days=served)
            else:
                term = self._term_days()
                custody = self._custody_days(term)
                released_on = today - timedelta(days=r.randint(1, 365 * self.history_years))
                sentenced = released_on - timedelta(days=custody)
            case["sentence_date"] = sentenced
            case["reception_date"] = min(today, sentenced - timedelta(days=r.choice((0, 0, 0, r.randint(1, 90)))))
            case["custodial_term_days"] = term
            case["release_date"] = sentenced + timedelta(days=custody)
            roll = r.random()
            case["release_type"] = (
                ReleaseType.HDC
                if roll < 0.1
                else ReleaseType.PAROLE
                if roll < 0.12 and term > 4 * 365
                else ReleaseType.STANDARD
            )
            case["indeterminate_sentence"] = term > 10 * 365 and r.random() < 0.2
            discharge = discharge_day(
                release_date=case["release_date"],
                custodial_term_days=term,
                sentence_date=sentenced,
                release_type=case["release_type"],
                indeterminate_sentence=case["indeterminate_sentence"],
            ).discharge_date
            if open_case and discharge <= today:
                # Brought forward to today or before by the release-day rules: leaving in the coming days.
                case["release_date"] = today + timedelta(days=r.randint(1, 21))
                discharge = discharge_day(
                    release_date=case["release_date"],
                    custodial_term_days=term,
                    sentence_date=sentenced,
                    release_type=case["release_type"],
                    indeterminate_sentence=case["indeterminate_sentence"],
                ).discharge_date
                discharge = max(discharge, today + timedelta(days=1))
        age = r.choices((19, 23, 28, 34, 42, 52, 63), (8, 14, 22, 22, 18, 11, 5))[0] + r.randint(0, 4)
        person = self._person(woman=woman, age_at_reception=age, reception=case["reception_date"])
        return Episode(
            prison=plan.prison,
            prison_number=self._prison_number(),
            person=person,
            case=case,
            discharge_date=discharge,
            released=not open_case and discharge is not None and discharge < today,
            seed=r.randrange(2**32),
        )


def national_prison_sizes(total_people, *, seed=2026):
    """Spread people over every active prison, bigger and smaller as real prisons are."""
    r = random.Random(seed)
    prisons = list(
        Organisation.objects.filter(kind=OrganisationKind.PRISON, active=True).select_related("prison").order_by("code")
    )
    weights = [(0.35 if p.prison.female and not p.prison.male else 1.0) * r.uniform(0.4, 1.6) for p in prisons]
    scale = total_people / sum(weights)
    sizes = {p.code: max(1, round(w * scale)) for p, w in zip(prisons, weights, strict=True)}
    # Make the total exact.
    difference = total_people - sum(sizes.values())
    biggest = max(sizes, key=sizes.get)
    sizes[biggest] += difference
    return sizes
