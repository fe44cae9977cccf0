"""Synthetic lives, played through the services: the demo and the national data set obey every rule Onward does.

Each planned episode (people.py) is lived day by day, as it would be in the
real service: the NOMIS feed opens the case on the day of reception; the
prison work coach closes the benefit claim, interviews at 12 weeks, books the
appointment, starts the claim and hands over; the ID and banking administrator
applies for ID and a bank account; probation shares the release plan and
checks on work; the jobcentre accepts, pays the advance and sees the person.
Every step is a service call as on its own day (`today=`), by a member of
staff of the organisation that does it, so the records, the touchpoints that
read them, the audit trail and the timeline all agree. Some work is late,
some never done, some declined: as in life.

Steps a service refuses (a release moved under an appointment, say) are
skipped and counted, as a worker would find the form refusing them.
"""

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from onward import events
from onward.accounts.constants import Role
from onward.accounts.models import User
from onward.accounts.services import user_save
from onward.accounts.system import NOMIS_FEED
from onward.cases import services as case_services
from onward.cases.constants import LegalStatus
from onward.employment import services as employment_services
from onward.employment.constants import (
    AlreadyInPlace,
    Barrier,
    CheckPoint,
    EmploymentOutcome,
    JobSector,
    ProfileStatus,
    Qualification,
    SupportDeclinedReason,
)
from onward.estate.models import Organisation
from onward.estate.selectors import jobcentres_for_area
from onward.handover import services as handover_services
from onward.handover.constants import CrsService, ReferralKind
from onward.journey import services as journey_services
from onward.journey.calendar import add_working_days, is_working_day
from onward.journey.constants import NotDoneReason, Outcome, PreReleaseChecklist
from onward.readiness import selectors as readiness_selectors
from onward.readiness import services as readiness_services
from onward.readiness.constants import (
    AccommodationStatus,
    BankStatus,
    ClaimPreparation,
    DocumentType,
    IdStatus,
    NiStatus,
)
from onward.synthetic.people import Planner

BANKS = ("Barclays", "Lloyds Bank", "NatWest", "Santander", "HSBC UK", "Halifax", "Co-operative Bank")
# The demo's CRS providers, by the postcode areas of the release areas they take referrals for (synthetic).
CRS_AREAS = {"CRSEAST": {"NR", "IP", "CB", "PE", "CO", "CM", "SS"}, "CRSKENT": {"ME", "CT", "TN", "DA", "BR"}}
CRS_REFERRAL_SHARE = 0.06
PROBATION_REFERRAL_SHARE = 0.06
EMPLOYMENT_OUTCOMES = (
    (EmploymentOutcome.EMPLOYED, 22),
    (EmploymentOutcome.SELF_EMPLOYED, 3),
    (EmploymentOutcome.TRAINING_OR_EDUCATION, 8),
    (EmploymentOutcome.NOT_EMPLOYED, 50),
    (EmploymentOutcome.UNKNOWN, 17),
)
ACCOMMODATION = (
    (AccommodationStatus.SETTLED, 30),
    (AccommodationStatus.FAMILY_OR_FRIENDS, 30),
    (AccommodationStatus.APPROVED_PREMISES, 10),
    (AccommodationStatus.TEMPORARY, 15),
    (AccommodationStatus.NO_FIXED_ABODE, 10),
    (AccommodationStatus.NOT_KNOWN, 5),
)
# Where the demo's accounts work, so the demo's records read as theirs.
STAFF_NAMES = {
    Role.PRISON_WORK_COACH: "Prison work coach",
    Role.PRISON_EMPLOYMENT_LEAD: "Prison employment lead",
    Role.ID_BANKING_ADMIN: "ID and banking administrator",
    Role.PROBATION_PRACTITIONER: "Probation practitioner",
    Role.JOBCENTRE_WORK_COACH: "Jobcentre work coach",
    Role.CRS_PROVIDER: "CRS caseworker",
}


class Staff:
    """One member of staff per role and organisation to act in the synthetic lives: a demo account where one
    works there, otherwise a synthetic account that cannot sign in."""

    def __init__(self):
        self.found = {}

    def of(self, role, organisation):
        key = (role, organisation.pk)
        if key not in self.found:
            user = (
                User.objects.filter(role=role, organisation=organisation, username__startswith="demo.").first()
                or User.objects.filter(role=role, organisation=organisation, username__startswith="synthetic.").first()
            )
            if user is None:
                user, _created = user_save(
                    actor=None,
                    username=f"synthetic.{role}.{organisation.code}".lower()[:150],
                    role=role,
                    organisation=organisation,
                    first_name=STAFF_NAMES[role],
                    last_name=f"({organisation.code}, synthetic)",
                    email="",
                )
            self.found[key] = user
        return self.found[key]


@dataclass
class Step:
    day: date
    order: int
    what: str
    act: object = None


class Life:
    """The steps of one episode, in the order of their days, each a service call as on that day."""

    def __init__(self, episode, *, staff, today):
        self.episode = episode
        self.staff = staff
        self.today = today
        self.rng = random.Random(episode.seed)
        self.case = None
        self.handover = None
        self.appointment_on = None
        self.steps = []
        self.planned = 0

    # --- helpers -------------------------------------------------------------------

    def on(self, day, what, act):
        if day is not None and day <= self.today:
            self.planned += 1
            self.steps.append(Step(day, self.planned, what, act))

    def chance(self, p):
        return self.rng.random() < p

    def between(self, start, end):
        """A day from `start` to `end` (or `start` itself when `end` comes first: a short stay does things as
        soon as it can), moved to the next working day: staff work weekdays."""
        day = start + timedelta(days=self.rng.randint(0, max(0, (end - start).days)))
        while not is_working_day(day):
            day += timedelta(days=1)
        return day

    def prison_staff(self, role):
        return self.staff.of(role, self.case.prison)

    def refresh(self):
        self.case.refresh_from_db()
        return self.case

    # --- the life --------------------------------------------------------------------

    def plan(self):
        episode = self.episode
        received = episode.case["reception_date"]
        self.on(received, "received", self.receive)
        self.plan_induction(received)
        D = episode.discharge_date
        if episode.case["legal_status"] == LegalStatus.REMAND or D is None:
            return self
        if episode.case["released_to_community"]:
            self.plan_readiness(received, D)
            self.plan_release(received, D)
        self.on(self.between(max(received, D - timedelta(weeks=16)), D - timedelta(weeks=11)), "plan", self.share_plan)
        if episode.released:
            self.on(D, "discharged", self.discharge)
            if episode.case["released_to_community"]:
                self.plan_community(D)
        return self

    def plan_induction(self, received):
        case = self.episode.case
        if case["claiming_benefits"]:
            self.on(self.in_time_or_caught_up(received, 9), "closure", self.close_claim)
        if case["employed_at_reception"]:
            self.on(self.between(received, received + timedelta(days=16)), "employer", self.liaise)
        self.on(self.in_time_or_caught_up(received + timedelta(days=1), 17, on_time=0.88), "assessed", self.assess)

    def in_time_or_caught_up(self, start, days, *, on_time=0.9):
        """Most induction work is done in time; what slips is caught up within weeks, as a worklist makes it."""
        if self.chance(on_time):
            return self.between(start, start + timedelta(days=days))
        return self.between(start + timedelta(days=days + 1), start + timedelta(days=days + 45))

    def plan_readiness(self, received, D):
        case = self.episode.case
        if not case["has_bank_account"] and self.chance(0.85):
            applied = self.between(max(received, D - timedelta(days=182)), D - timedelta(weeks=7))
            self.on(applied, "bank", lambda: self.bank(applied))
        if not case["has_right_to_work_id"] and self.chance(0.85):
            applied = self.between(max(received, D - timedelta(weeks=13)), D - timedelta(weeks=9))
            self.on(applied, "id", lambda: self.apply_for_id(applied))
        elif not case["has_ni_number"] and self.chance(0.8):
            applied = self.between(max(received, D - timedelta(weeks=12)), D - timedelta(weeks=8))
            self.on(applied, "ni", lambda: self.apply_for_ni(applied))
        if self.chance(0.85):
            self.on(self.between(max(received, D - timedelta(weeks=16)), D - timedelta(weeks=4)), "home", self.house)

    def plan_release(self, received, D):
        start = max(received, D - timedelta(weeks=14))
        if self.chance(0.85):
            on_time = self.chance(0.85)
            day = (
                self.between(start, D - timedelta(weeks=12)) if on_time else self.between(start, D - timedelta(weeks=6))
            )
            self.on(day, "interview", self.interview)
        if self.chance(0.85):
            self.on(self.between(max(received, D - timedelta(weeks=11)), D - timedelta(days=3)), "book", self.book)
        claim_day = add_working_days(D, -self.rng.randint(0, 4))
        if self.chance(0.82):
            self.on(max(received, claim_day), "claim", self.claim)
        if self.chance(0.8):
            self.on(max(received, add_working_days(D, -self.rng.randint(1, 9))), "handover", self.send_handover)
        if self.chance(PROBATION_REFERRAL_SHARE + CRS_REFERRAL_SHARE):
            self.on(self.between(max(received, D - timedelta(weeks=10)), D - timedelta(weeks=2)), "refer", self.refer)

    def plan_community(self, D):
        self.on(D, "advance", self.pay_advance)
        if self.chance(0.7):
            self.on(self.between(D + timedelta(weeks=6), D + timedelta(weeks=8)), "check6w", lambda: self.check("6w"))
        if self.chance(0.6):
            self.on(self.between(D + timedelta(days=183), D + timedelta(days=197)), "check6m", lambda: self.check("6m"))

    # --- the steps ---------------------------------------------------------------------

    def receive(self):
        episode = self.episode
        self.case = case_services.case_create(
            actor=NOMIS_FEED,
            prison=episode.prison,
            prison_number=episode.prison_number,
            today=self.day,
            **episode.person,
            **episode.case,
        )

    def close_claim(self):
        case = self.case
        short_stay = case.uc_housing_costs
        readiness_services.uc_entry_record(
            actor=self.prison_staff(Role.PRISON_WORK_COACH),
            case=case,
            benefit_claim_closed_on=self.day,
            housing_costs_continued_on=self.day if short_stay else None,
            today=self.day,
        )

    def liaise(self):
        done = self.chance(0.85)
        journey_services.touchpoint_record(
            actor=self.prison_staff(Role.PRISON_WORK_COACH),
            case=self.case,
            code="employer-liaison",
            outcome=Outcome.DONE if done else Outcome.NOT_APPLICABLE,
            reason="" if done else NotDoneReason.NO_LONGER_RELEVANT,
            completed_on=self.day,
            today=self.day,
        )

    def assess(self):
        status = self.rng.choices(
            (ProfileStatus.SUPPORT_NEEDED, ProfileStatus.READY_TO_WORK, ProfileStatus.SUPPORT_DECLINED), (60, 25, 15)
        )[0]
        declined = status == ProfileStatus.SUPPORT_DECLINED
        employment_services.work_profile_save(
            actor=self.prison_staff(Role.PRISON_EMPLOYMENT_LEAD),
            case=self.case,
            status=status,
            declined_reasons=[SupportDeclinedReason.LACKS_CONFIDENCE_OR_MOTIVATION] if declined else (),
            sector_interests=[] if declined else self.some(JobSector.values, 1, 3),
            barriers=self.some(Barrier.values, 0, 2),
            already_in_place=self.some(AlreadyInPlace.values, 0, 2),
            qualifications=self.some(Qualification.values, 0, 2),
            today=self.day,
        )

    def some(self, values, fewest, most):
        return self.rng.sample(list(values), self.rng.randint(fewest, most))

    def bank(self, applied):
        admin = self.prison_staff(Role.ID_BANKING_ADMIN)
        application = readiness_services.bank_application_add(
            actor=admin, case=self.case, bank_name=self.rng.choice(BANKS), submitted_on=applied, today=applied
        )
        answered = applied + timedelta(days=self.rng.randint(8, 25))
        roll = self.rng.random()
        if roll < 0.8:
            self.on(answered, "bank-opened", lambda: self.respond(application, BankStatus.ACCOUNT_OPENED, answered))
        elif roll < 0.95:
            self.on(answered, "bank-returned", lambda: self.return_and_resubmit(application, answered))
        else:
            self.on(answered, "bank-declined", lambda: self.respond(application, BankStatus.ACCOUNT_DECLINED, answered))

    def respond(self, application, status, on):
        readiness_services.bank_application_respond(
            actor=self.prison_staff(Role.ID_BANKING_ADMIN),
            application=application,
            status=status,
            response_on=on,
            today=on,
        )

    def return_and_resubmit(self, application, on):
        self.respond(application, BankStatus.RETURNED_INCOMPLETE, on)
        again = on + timedelta(days=self.rng.randint(2, 8))
        self.on(again, "bank-again", lambda: self.resubmit(application, again))

    def resubmit(self, application, on):
        application.refresh_from_db()
        resubmission = readiness_services.bank_application_resubmit(
            actor=self.prison_staff(Role.ID_BANKING_ADMIN), application=application, submitted_on=on, today=on
        )
        answered = on + timedelta(days=self.rng.randint(7, 20))
        self.on(answered, "bank-opened", lambda: self.respond(resubmission, BankStatus.ACCOUNT_OPENED, answered))

    def apply_for_id(self, applied):
        passport = self.chance(0.4)
        application = readiness_services.id_application_add(
            actor=self.prison_staff(Role.ID_BANKING_ADMIN),
            case=self.case,
            document_type=DocumentType.UK_PASSPORT if passport else DocumentType.BIRTH_CERTIFICATE,
            submitted_on=applied,
            cost=Decimal("88.50") if passport else Decimal("12.50"),
            today=applied,
        )
        received = applied + timedelta(days=self.rng.randint(10, 35))
        self.on(received, "id-received", lambda: self.receive_id(application, received))
        if not passport and not self.episode.case["has_ni_number"]:
            self.on(applied, "ni", lambda: self.apply_for_ni(applied))
        elif not passport:
            # A birth certificate shows right to work with the NI number beside it: ask DWP for the letter.
            self.on(applied, "ni-letter", lambda: self.apply_for_ni(applied))

    def receive_id(self, application, on):
        readiness_services.id_application_update(
            actor=self.prison_staff(Role.ID_BANKING_ADMIN),
            application=application,
            status=IdStatus.ACCEPTED,
            received_on=on,
            stored_in_property=True,
            today=on,
        )

    def apply_for_ni(self, applied):
        readiness_services.ni_number_record(
            actor=self.prison_staff(Role.PRISON_WORK_COACH),
            case=self.case,
            status=NiStatus.APPLIED,
            applied_on=applied,
            today=applied,
        )
        received = applied + timedelta(days=self.rng.randint(10, 30))
        self.on(received, "ni-received", lambda: self.receive_ni(applied, received))

    def receive_ni(self, applied, on):
        readiness_services.ni_number_record(
            actor=self.prison_staff(Role.PRISON_WORK_COACH),
            case=self.case,
            status=NiStatus.RECEIVED,
            ni_number=self.ni_number(),
            applied_on=applied,
            received_on=on,
            today=on,
        )

    def ni_number(self):
        letters = "ABCEGHJKLMNPRSTWXYZ"
        return f"{self.rng.choice(letters)}{self.rng.choice(letters)}{self.rng.randint(0, 999999):06d}{self.rng.choice('ABCD')}"

    def house(self):
        status = self.rng.choices(*zip(*ACCOMMODATION, strict=True))[0]
        readiness_services.accommodation_record(
            actor=self.prison_staff(Role.PRISON_WORK_COACH),
            case=self.case,
            status=status,
            release_area=self.case.release_area,
            today=self.day,
        )

    def share_plan(self):
        pdu = self.refresh().pdu
        if pdu is None:
            return
        journey_services.touchpoint_record(
            actor=self.staff.of(Role.PROBATION_PRACTITIONER, pdu),
            case=self.case,
            code="release-plan-shared",
            outcome=Outcome.DONE,
            completed_on=self.day,
            today=self.day,
        )

    def interview(self):
        coach = self.prison_staff(Role.PRISON_WORK_COACH)
        if self.chance(0.06):
            journey_services.touchpoint_record(
                actor=coach,
                case=self.case,
                code="pre-release-support",
                outcome=Outcome.DECLINED,
                reason=NotDoneReason.PERSON_DECLINED,
                completed_on=self.day,
                today=self.day,
            )
            return
        own = [
            PreReleaseChecklist.DOCUMENTS_DISCUSSED,
            PreReleaseChecklist.GFIE_OFFERED,
            PreReleaseChecklist.DAY_ONE_EXPLAINED,
        ]
        journey_services.touchpoint_record(
            actor=coach,
            case=self.case,
            code="pre-release-support",
            outcome=Outcome.DONE,
            completed_on=self.day,
            checklist=sorted(self.rng.sample(own, self.rng.randint(1, 3))),
            today=self.day,
        )
        ready = list(ClaimPreparation.values)
        readiness_services.uc_preparation_record(
            actor=coach,
            case=self.case,
            checklist=ready if self.chance(0.6) else self.rng.sample(ready, self.rng.randint(2, 6)),
            today=self.day,
        )

    def book(self):
        case = self.refresh()
        choice = jobcentres_for_area(case.release_area)
        if not choice.jobcentres or case.discharge_date is None:
            return
        on = add_working_days(case.discharge_date, self.rng.choice((0, 1, 1, 2, 3, 6)))
        if not is_working_day(case.discharge_date) and on == case.discharge_date:
            on = add_working_days(on, 1)
        self.appointment_on = on
        readiness_services.appointment_book(
            actor=self.prison_staff(Role.PRISON_WORK_COACH),
            case=case,
            jobcentre=choice.jobcentres[0],
            appointment_on=on,
            appointment_time=time(self.rng.choice((9, 10, 11, 13, 14, 15)), self.rng.choice((0, 15, 30, 45))),
            today=self.day,
        )

    def claim(self):
        readiness_services.uc_claim_record(
            actor=self.prison_staff(Role.PRISON_WORK_COACH),
            case=self.refresh(),
            advance_requested=self.chance(0.6),
            claim_made_on=self.day,
            today=self.day,
        )

    def send_handover(self):
        case = self.refresh()
        choice = jobcentres_for_area(case.release_area)
        if not choice.jobcentres:
            return
        self.handover = handover_services.handover_send(
            actor=self.prison_staff(Role.PRISON_WORK_COACH),
            case=case,
            jobcentre=choice.jobcentres[0],
            needs=self.rng.choice(("", "Needs a phone to make the claim", "Help with travel to the appointment")),
            today=self.day,
        )
        roll = self.rng.random()
        if roll < 0.8:
            accepted = self.between(self.day, self.handover.accept_by)
        elif roll < 0.95:
            accepted = self.handover.accept_by + timedelta(days=self.rng.randint(1, 5))
        else:
            # Accepted only once the nightly run has escalated it; the latest ones are still waiting today.
            accepted = self.handover.accept_by + timedelta(days=self.rng.randint(6, 20))
        if accepted > self.handover.accept_by:
            # The nightly run the morning after the deadline.
            self.on(self.handover.accept_by + timedelta(days=1), "escalated", self.escalate_handover)
        self.on(accepted, "accepted", self.accept_handover)

    def escalate_handover(self):
        handover_services.handover_escalate(handover=self.handover, today=self.day)

    def jobcentre_coach(self):
        return self.staff.of(Role.JOBCENTRE_WORK_COACH, self.handover.jobcentre)

    def accept_handover(self):
        self.handover = handover_services.handover_accept(
            actor=self.jobcentre_coach(), handover=self.handover, today=self.day
        )
        if self.episode.released:
            # The jobcentre sees the person at the booked appointment (or soon after release), once it has them.
            D = self.episode.discharge_date
            first = self.appointment_on or add_working_days(D, self.rng.randint(1, 6))
            self.on(max(self.day, first), "attended", self.see_first)

    def refer(self):
        case = self.refresh()
        area = "".join(ch for ch in case.release_area if ch.isalpha())
        provider_code = next((code for code, areas in CRS_AREAS.items() if area in areas), None)
        coach = self.prison_staff(Role.PRISON_WORK_COACH)
        if provider_code and self.chance(0.5):
            services = [service for service in CrsService.values if service != CrsService.WOMENS_SERVICES]
            if self.episode.person["female"]:
                services.append(CrsService.WOMENS_SERVICES)
            referral = handover_services.referral_send(
                actor=coach,
                case=case,
                kind=ReferralKind.CRS,
                receiver=Organisation.objects.get(code=provider_code),
                service=self.rng.choice(services),
                reason="Help with the service on release",
                today=self.day,
            )
        elif case.pdu_id:
            referral = handover_services.referral_send(
                actor=coach,
                case=case,
                kind=ReferralKind.PROBATION,
                receiver=case.pdu,
                reason="Release plan and work goals for DWP",
                today=self.day,
            )
        else:
            return
        answered = self.between(self.day, referral.respond_by + timedelta(days=2))
        self.on(answered, "referral-accepted", lambda: self.accept_referral(referral))

    def accept_referral(self, referral):
        receiver_role = Role.CRS_PROVIDER if referral.kind == ReferralKind.CRS else Role.PROBATION_PRACTITIONER
        worker = self.staff.of(receiver_role, referral.receiver)
        accepted = handover_services.referral_accept(actor=worker, referral=referral, today=self.day)
        if self.episode.released:
            engaged_on = add_working_days(self.episode.discharge_date, self.rng.randint(3, 15))
            self.on(
                engaged_on,
                "referral-complete",
                lambda: handover_services.referral_complete(
                    actor=worker, referral=accepted, engaged=self.chance(0.75), today=engaged_on
                ),
            )

    def discharge(self):
        case_services.case_record_discharge(
            actor=NOMIS_FEED, case=self.refresh(), actual_discharge_date=self.day, today=self.day
        )

    def pay_advance(self):
        if self.handover is None:
            return
        self.handover.refresh_from_db()
        case = self.refresh()
        uc = readiness_selectors.uc_record_get(case)
        if uc is None or not uc.advance_requested or case.handed_over_to_id is None:
            return
        paid_on = self.day if self.chance(0.75) else add_working_days(self.day, self.rng.randint(1, 4))
        if paid_on > self.today:
            return
        readiness_services.uc_advance_record(
            actor=self.jobcentre_coach(),
            case=case,
            advance_paid_amount=Decimal(self.rng.choice(("250.00", "300.00", "350.00", "400.00"))),
            advance_paid_on=paid_on,
            today=paid_on,
        )

    def see_first(self):
        if self.handover is None:
            return
        self.handover.refresh_from_db()
        if self.handover.status != "accepted":
            return
        handover_services.handover_complete(
            actor=self.jobcentre_coach(), handover=self.handover, attended=self.chance(0.75), today=self.day
        )

    def check(self, point):
        case = self.refresh()
        if case.pdu is None:
            return
        outcomes, weights = zip(*EMPLOYMENT_OUTCOMES, strict=True)
        employment_services.employment_check_record(
            actor=self.staff.of(Role.PROBATION_PRACTITIONER, case.pdu),
            case=case,
            check=CheckPoint.SIX_WEEKS if point == "6w" else CheckPoint.SIX_MONTHS,
            outcome=self.rng.choices(outcomes, weights)[0],
            recorded_on=self.day,
            today=self.day,
        )

    # --- living it ------------------------------------------------------------------------

    def live(self, refused):
        """Take every step in day order; steps planned by steps join the queue in their place."""
        taken = 0
        while self.steps:
            self.steps.sort(key=lambda step: (step.day, step.order))
            step = self.steps.pop(0)
            if self.case is None and step.what != "received":
                raise RuntimeError(f"{step.what} on {step.day} was planned before the case was received")
            self.day = step.day
            try:
                step.act()
                taken += 1
            except (ValidationError, PermissionDenied) as error:
                refused[step.what] += 1
                if step.what == "received":
                    raise RuntimeError(f"the service refused a planned case: {error}") from error
        if self.case is not None:
            # The history is written: the plan follows, as of today.
            events.announce(events.CaseChanged(case_id=self.case.pk, why="synthetic history", today=self.today))
        return taken


class Lives:
    """Plays planned episodes through the services, in batches that each commit once."""

    def __init__(self, *, seed=2026, today=None, history_years=1, progress=None):
        self.today = today or date.today()
        self.planner = Planner(seed=seed, today=self.today, history_years=history_years)
        self.staff = Staff()
        self.progress = progress or (lambda done, total: None)
        self.refused = Counter()
        self.steps = 0

    def plan(self, prison_sizes):
        return self.planner.plan(prison_sizes)

    def run(self, plans, *, batch_size=200):
        episodes = list(self.planner.episodes(plans))
        total = len(episodes)
        for start in range(0, total, batch_size):
            with events.coalesced(), transaction.atomic():
                for episode in episodes[start : start + batch_size]:
                    life = Life(episode, staff=self.staff, today=self.today)
                    self.steps += life.plan().live(self.refused)
            self.progress(min(start + batch_size, total), total)
        return total
