"""Synthetic people and custody episodes, at any size, never real.

Names are random pairings from lists of common given names and family
names; prison numbers are made up in the NOMIS shape; every date, flag and
place follows rough national rates so that worklists, dashboards and
benchmarks look like the real thing. A seed makes a run repeatable.
"""

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from onward.cases.constants import CaseStatus, LegalStatus, ReleaseType
from onward.cases.models import Case, Person
from onward.estate.constants import OrganisationKind
from onward.estate.models import JobcentreArea, Organisation, PostcodeDistrict
from onward.handover import synthetic as handover_synthetic
from onward.journey import synthetic as journey_synthetic
from onward.journey.models import PrisonJourneySettings
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


@dataclass
class _PrisonPlan:
    prison: Organisation
    people: int
    release_areas: list
    area_weights: list
    pdus_by_area: dict
    women_only: bool


class Generator:
    """Builds people and cases; `run` writes them in batches and reports progress."""

    def __init__(self, *, seed=2026, today=None, history_years=1, progress=None):
        self.random = random.Random(seed)
        # Its own stream, so adding referrals left every other generated value as it was.
        self.referral_random = random.Random(seed + 1)
        self.today = today or date.today()
        self.history_years = history_years
        self.progress = progress or (lambda done, total: None)
        self.used_prison_numbers = set(Person.objects.values_list("prison_number", flat=True))
        districts = PostcodeDistrict.objects.values_list("outcode", "latitude", "longitude")
        self.districts = [
            (code, lat, lon) for code, lat, lon in districts if _outcode_area(code) not in NOT_ENGLAND_OR_WALES
        ]
        self.district_position = {code: (lat, lon) for code, lat, lon in self.districts}
        self.pdus = {org.code: org for org in Organisation.objects.filter(kind=OrganisationKind.PDU, active=True)}
        self.jobcentre_for_area = dict(JobcentreArea.objects.values_list("district_id", "jobcentre_id"))

    # --- planning -------------------------------------------------------

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
                _PrisonPlan(
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
        home = self.district_position.get(prison.outcode)
        if home is None:
            return [(code, 0.0) for code, _, _ in self.random.sample(self.districts, 20)]
        scored = sorted(
            ((code, _distance_km(home, (lat, lon))) for code, lat, lon in self.districts), key=lambda x: x[1]
        )
        near = [(code, d) for code, d in scored if d <= 50]
        return near if len(near) >= 10 else scored[:30]

    def _pdu_for(self, outcode, regional):
        for prefixes, code in AREA_PDU:
            if outcode in prefixes or _outcode_area(outcode) in prefixes:
                return self.pdus.get(code)
        if not regional:
            return None
        # The same area always maps to the same PDU within a run.
        return regional[sum(map(ord, outcode)) % len(regional)]

    # --- people and episodes ----------------------------------------------

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
        return Person(
            prison_number=self._prison_number(),
            given_name=r.choice(GIVEN_NAMES_WOMEN if woman else GIVEN_NAMES_MEN),
            family_name=r.choice(FAMILY_NAMES),
            date_of_birth=born,
            female=woman,
            learning_difficulty_or_disability=r.random() < 0.29,
            care_leaver=r.random() < 0.24,
            veteran=r.random() < 0.04 and not woman,
        )

    def _term_days(self):
        r = self.random.random()
        if r < 0.30:
            return self.random.randint(14, 182)
        if r < 0.50:
            return self.random.randint(183, 365)
        if r < 0.82:
            return self.random.randint(366, 4 * 365)
        return self.random.randint(4 * 365 + 1, 12 * 365)

    def _episode(self, plan, *, open_case):
        """A (person, case) pair: in custody now, or released in the history window."""
        r = self.random
        today = self.today
        woman = plan.women_only or r.random() < 0.01
        area = r.choices(plan.release_areas, plan.area_weights)[0]
        case = Case(
            prison=plan.prison,
            claiming_benefits=r.random() < 0.45,
            employed_at_reception=r.random() < 0.2,
            has_right_to_work_id=r.random() < 0.45,
            has_bank_account=r.random() < 0.55,
            has_ni_number=r.random() < 0.85,
            released_to_community=r.random() < 0.97,
            release_area=area,
            pdu=plan.pdus_by_area.get(area),
        )
        case.uc_housing_costs = case.claiming_benefits and r.random() < 0.25
        kind = r.random()
        if open_case and kind < 0.12:
            case.legal_status = LegalStatus.REMAND
            case.reception_date = today - timedelta(days=r.randint(0, 180))
            case.pdu = None
        else:
            case.legal_status = LegalStatus.RECALL if kind > 0.92 else LegalStatus.SENTENCED
            term = self._term_days()
            custody = max(1, round(term * (0.4 if r.random() < 0.3 else 0.5)))
            if open_case:
                # Some way through the custodial part; release still ahead.
                served = r.randint(0, custody - 1) if custody > 1 else 0
                sentenced = today - timedelta(days=served)
            else:
                released_on = today - timedelta(days=r.randint(1, 365 * self.history_years))
                sentenced = released_on - timedelta(days=custody)
            case.sentence_date = sentenced
            case.reception_date = sentenced - timedelta(days=r.choice((0, 0, 0, r.randint(1, 90))))
            if case.reception_date > today:
                case.reception_date = today
            case.custodial_term_days = term
            case.release_date = sentenced + timedelta(days=custody)
            roll = r.random()
            case.release_type = (
                ReleaseType.HDC
                if roll < 0.1
                else ReleaseType.PAROLE
                if roll < 0.12 and term > 4 * 365
                else ReleaseType.STANDARD
            )
            case.indeterminate_sentence = term > 10 * 365 and r.random() < 0.2
            case.expected_discharge_date = discharge_day(
                release_date=case.release_date,
                custodial_term_days=term,
                sentence_date=sentenced,
                release_type=case.release_type,
                indeterminate_sentence=case.indeterminate_sentence,
            ).discharge_date
            if open_case and case.expected_discharge_date < today:
                case.release_date = case.expected_discharge_date = today + timedelta(days=r.randint(1, 60))
                case.expected_discharge_date = discharge_day(
                    release_date=case.release_date,
                    custodial_term_days=term,
                    sentence_date=sentenced,
                    release_type=case.release_type,
                    indeterminate_sentence=case.indeterminate_sentence,
                ).discharge_date
            case.discharge_date = case.expected_discharge_date
            if not open_case:
                case.status = CaseStatus.RELEASED
                case.actual_discharge_date = case.expected_discharge_date
                case.discharge_date = case.actual_discharge_date
        age = r.choices((19, 23, 28, 34, 42, 52, 63), (8, 14, 22, 22, 18, 11, 5))[0] + r.randint(0, 4)
        person = self._person(woman=woman, age_at_reception=age, reception=case.reception_date)
        jobcentre = self.jobcentre_for_area.get(area)
        if jobcentre and case.released_to_community and case.discharge_date:
            days_to_release = (case.discharge_date - today).days
            # Handed over: most recent releases, and some of those leaving within two weeks.
            if (-200 <= days_to_release <= 0 and r.random() < 0.8) or (0 < days_to_release <= 14 and r.random() < 0.5):
                case.handed_over_to_id = jobcentre
        return person, case

    def run(self, plans, *, batch_size=2000):
        """Create open cases for every plan, plus released episodes for the history window."""
        work = []
        for plan in plans:
            work += [(plan, True)] * plan.people
            # About 0.6 releases a year per person held (55,000 releases from 87,000 places).
            work += [(plan, False)] * round(plan.people * 0.6 * self.history_years)
        total, done = len(work), 0
        self.random.shuffle(work)
        claims_in_custody = frozenset(
            PrisonJourneySettings.objects.filter(starts_uc_claims_in_custody=True).values_list("prison_id", flat=True)
        )
        for start in range(0, total, batch_size):
            chunk = work[start : start + batch_size]
            pairs = [self._episode(plan, open_case=open_case) for plan, open_case in chunk]
            with transaction.atomic():
                people = Person.objects.bulk_create([person for person, _ in pairs])
                for person, (_, case) in zip(people, pairs, strict=True):
                    case.person = person
                cases = Case.objects.bulk_create([case for _, case in pairs])
                journey_synthetic.simulate(
                    cases, today=self.today, rng=self.random, claims_in_custody=claims_in_custody
                )
                handover_synthetic.simulate(cases, rng=self.random)
                handover_synthetic.simulate_referrals(cases, rng=self.referral_random)
            done += len(chunk)
            self.progress(done, total)
        return total


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
