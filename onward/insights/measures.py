"""The measures the board and partnerships see: a catalogue of plain data, and the rules as pure functions.

Each Measure names the counters its numerator and denominator are made of;
`counters_for_release` says, for one released person, which counters they add
to. The selectors count the same rules with grouped queries at national scale
(tests check the two agree), and the "how this is computed" pages are written
from this catalogue, so what a figure says and what it counts cannot drift.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy, gettext_noop
from django.utils.translation import gettext as _

from onward.disclosure import Figure, rate
from onward.insights.constants import PRE_RELEASE_SUPPORT_LEAD, UC_CLAIMS_IN_CUSTODY_COMMITMENT, Section


@dataclass(frozen=True)
class Measure:
    key: str
    title: str
    section: str
    how_computed: str
    numerator: str
    # Counter names (see COUNTERS) the figures are made of; no denominator means a plain count.
    numerator_counter: str
    denominator: str = ""
    denominator_counter: str = ""
    # Counts of organisations, not people, are not suppressed: they identify nobody.
    about_people: bool = True
    # Measured as of today over live cases, not over the releases of a period.
    as_of_today: bool = False
    # Split by the cohort flags on the person.
    by_cohort: bool = True
    notes: tuple = field(default=())

    @property
    def is_rate(self):
        return bool(self.denominator_counter)


def _filled(text, **values):
    """Translated, with the values put in, when it is shown rather than when this module is imported."""
    return lazy(lambda: gettext(text) % {name: str(value) for name, value in values.items()}, str)()


_RELEASED = gettext_lazy(
    "A release is a custody episode whose status is released (or released, then recalled) and whose discharge "
    "date falls in the period. It counts where the person was released from, and for a jobcentre district or a "
    "probation region where the case was handed over or allocated."
)
_ELIGIBLE = gettext_lazy(
    "Releases of people who were sentenced (not on remand) and released to the community: the people the "
    "pre-release touchpoints apply to."
)
_RECORDS = gettext_lazy(
    "Read from the touchpoints' plans, the one derivation the case page, worklists and readiness summary also "
    "read: a touchpoint whose duty is a record (the appointment booked, the claim, the advance, the handover) is "
    "done when that record says so. Work left undone by the day the person left (missed) counts as not done."
)
_EMPLOYED = gettext_lazy("Employed or self-employed; training or education is not counted as employment.")

CATALOGUE = (
    Measure(
        key="releases",
        title=gettext_lazy("Releases"),
        section=Section.RELEASES,
        how_computed=_RELEASED,
        numerator=gettext_lazy("Releases in the period"),
        numerator_counter="releases",
    ),
    Measure(
        key="pre-release-support",
        title=gettext_lazy("Pre-release support done by 12 weeks before release"),
        section=Section.READY,
        how_computed=gettext_lazy(
            "Of the releases the pre-release touchpoints apply to, how many had the 12-week pre-release interview "
            "(touchpoint “pre-release-support”) recorded as done on or before the day 12 weeks before their "
            "discharge date."
        ),
        numerator=gettext_lazy("Interview done on or before discharge date minus 12 weeks"),
        numerator_counter="pre_release_on_time",
        denominator=_ELIGIBLE,
        denominator_counter="eligible",
        notes=(_RECORDS,),
    ),
    Measure(
        key="id-at-release",
        title=gettext_lazy("ID that shows right to work at release"),
        section=Section.READY,
        how_computed=gettext_lazy(
            "Of the releases in the period, how many had ID that shows right to work on the day they left: they "
            "arrived with it, or their ID applications show it held (touchpoint “id-documents” done) on or before "
            "the discharge date."
        ),
        numerator=gettext_lazy("Releases with ID that shows right to work"),
        numerator_counter="with_id",
        denominator=gettext_lazy("Releases in the period"),
        denominator_counter="releases",
    ),
    Measure(
        key="bank-account-at-release",
        title=gettext_lazy("Bank account at release"),
        section=Section.READY,
        how_computed=gettext_lazy(
            "Of the releases in the period, how many had a bank account on the day they left: they arrived with "
            "one, or a bank application was opened (touchpoint “bank-account” done) on or before the discharge date."
        ),
        numerator=gettext_lazy("Releases with a bank account"),
        numerator_counter="with_bank",
        denominator=gettext_lazy("Releases in the period"),
        denominator_counter="releases",
    ),
    Measure(
        key="ni-number-at-release",
        title=gettext_lazy("National Insurance number at release"),
        section=Section.READY,
        how_computed=gettext_lazy(
            "Of the releases in the period, how many had a National Insurance number on the day they left: they "
            "arrived with one, or the National Insurance number record shows it known or received (touchpoint "
            "“ni-number” done) on or before the discharge date."
        ),
        numerator=gettext_lazy("Releases with a National Insurance number"),
        numerator_counter="with_ni",
        denominator=gettext_lazy("Releases in the period"),
        denominator_counter="releases",
    ),
    Measure(
        key="jobcentre-appointment-booked",
        title=gettext_lazy("Jobcentre appointment booked before release"),
        section=Section.JOBCENTRE,
        how_computed=gettext_lazy(
            "Of the releases the pre-release touchpoints apply to, how many had the jobcentre appointment "
            "touchpoint (“jobcentre-appointment”) recorded as done before their discharge date."
        ),
        numerator=gettext_lazy("Appointment booked before the discharge date"),
        numerator_counter="appointment_booked",
        denominator=_ELIGIBLE,
        denominator_counter="eligible",
        notes=(_RECORDS,),
    ),
    Measure(
        key="jobcentre-appointment-attended",
        title=gettext_lazy("Booked jobcentre appointment attended"),
        section=Section.JOBCENTRE,
        how_computed=gettext_lazy(
            "Of the releases with a jobcentre appointment booked before release, how many had the first jobcentre "
            "appointment (“first-jobcentre-attendance”) recorded as attended."
        ),
        numerator=gettext_lazy("First jobcentre appointment recorded as attended"),
        numerator_counter="appointment_attended",
        denominator=gettext_lazy("Releases with an appointment booked before release"),
        denominator_counter="appointment_booked",
        notes=(_RECORDS,),
    ),
    Measure(
        key="uc-claim-by-release",
        title=gettext_lazy("Universal Credit claim made by the day of release"),
        section=Section.JOBCENTRE,
        how_computed=gettext_lazy(
            "Of the releases the pre-release touchpoints apply to, how many had the Universal Credit claim "
            "(“uc-claim”) recorded as made on or before their discharge date."
        ),
        numerator=gettext_lazy("Claim made on or before the discharge date"),
        numerator_counter="uc_claim_by_release",
        denominator=_ELIGIBLE,
        denominator_counter="eligible",
        notes=(_RECORDS,),
    ),
    Measure(
        key="advance-on-the-day",
        title=gettext_lazy("Advance payment on the day of release"),
        section=Section.JOBCENTRE,
        how_computed=gettext_lazy(
            "Of the releases whose Universal Credit claim asked for an advance, how many had the advance "
            "(“advance-payment”) recorded as paid on the discharge date itself."
        ),
        numerator=gettext_lazy("Advance paid on the discharge date"),
        numerator_counter="advance_on_the_day",
        denominator=gettext_lazy("Releases whose claim asked for an advance"),
        denominator_counter="advance_requested",
        notes=(_RECORDS,),
    ),
    Measure(
        key="handover-accepted-on-time",
        title=gettext_lazy("Warm handovers accepted on time"),
        section=Section.HANDOVER,
        how_computed=gettext_lazy(
            "Of the releases with a warm handover sent to a jobcentre (revoked handovers left out), how many had "
            "one accepted by its accept-by date (the discharge date plus 2 working days, or the local agreement's "
            "own figure). A handover not yet accepted counts as late once its accept-by date has passed, as on the "
            "handover pages."
        ),
        numerator=gettext_lazy("Releases with a handover accepted on or before its accept-by date"),
        numerator_counter="handover_on_time",
        denominator=gettext_lazy("Releases with a warm handover sent"),
        denominator_counter="handed_over",
    ),
    Measure(
        key="overdue-touchpoints",
        title=gettext_lazy("Touchpoints overdue today"),
        section=Section.DELIVERY,
        how_computed=gettext_lazy(
            "As of today, not for the chosen period: how many touchpoints planned for live cases (people in "
            "custody, and people released until their 6-month employment check is due) are past their due date "
            "with no outcome recorded. A person can have more than one. It counts where the case is now: its "
            "prison, the jobcentre it was handed over to and the PDU it is allocated to."
        ),
        numerator=gettext_lazy("Planned touchpoints past their due date with no outcome"),
        numerator_counter="overdue",
        by_cohort=False,
        as_of_today=True,
    ),
    Measure(
        key="prisons-claiming-in-custody",
        title=gettext_lazy("Prisons starting Universal Credit claims in custody"),
        section=Section.DELIVERY,
        how_computed=_filled(
            gettext_noop(
                "The national agreement commits to %(target)s prisons starting Universal Credit claims in custody. "
                "This counts the prisons whose settings say they do, against that commitment, as of today. It "
                "counts prisons, not people, so it is never suppressed."
            ),
            target=UC_CLAIMS_IN_CUSTODY_COMMITMENT,
        ),
        numerator=gettext_lazy("Prisons starting claims in custody"),
        numerator_counter="prisons_claiming_in_custody",
        denominator=gettext_lazy("The agreement's commitment"),
        denominator_counter="commitment",
        about_people=False,
        as_of_today=True,
        by_cohort=False,
    ),
)

EMPLOYMENT_MEASURES = tuple(
    Measure(
        key=f"employment-{check}{suffix}",
        title=title,
        section=Section.WORK,
        how_computed=how,
        numerator=gettext_lazy("Checks recording employed or self-employed"),
        numerator_counter=f"employed_{counter}",
        denominator=denominator,
        denominator_counter=f"{denominator_counter}_{counter}",
        notes=(_EMPLOYED,),
    )
    for check, counter, when in (
        ("6-weeks", "6w", gettext_lazy("6 weeks")),
        ("6-months", "6m", gettext_lazy("6 months")),
    )
    for suffix, title, how, denominator, denominator_counter in (
        (
            "",
            _filled(gettext_noop("In work %(when)s after release (not known counted as not in work)"), when=when),
            _filled(
                gettext_noop(
                    "Of the releases in the period with an employment check at %(when)s recorded, how many were in "
                    "work. Checks whose outcome is “not known” stay in the denominator and count as not in work, "
                    "so this is the lower figure."
                ),
                when=when,
            ),
            gettext_lazy("Releases with a check recorded, including “not known”"),
            "checked",
        ),
        (
            "-known",
            _filled(gettext_noop("In work %(when)s after release (not known left out)"), when=when),
            _filled(
                gettext_noop(
                    "Of the releases in the period with an employment check at %(when)s recorded whose outcome is "
                    "known, how many were in work. Checks recording “not known” are left out of the denominator, "
                    "so this is the higher figure; the difference between the two denominators is the number not "
                    "known."
                ),
                when=when,
            ),
            gettext_lazy("Releases with a check recorded whose outcome is known"),
            "known",
        ),
    )
)

BY_KEY = {measure.key: measure for measure in CATALOGUE + EMPLOYMENT_MEASURES}


# --- the rules for one released person --------------------------------------------------


@dataclass(frozen=True)
class Recorded:
    """A current touchpoint record, as plain values."""

    outcome: str
    on: date
    details: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ReleaseFacts:
    """What the measures need about one release, as plain values (no database)."""

    discharge_date: date
    sentenced: bool = True
    released_to_community: bool = True
    has_right_to_work_id: bool = False
    has_bank_account: bool = False
    has_ni_number: bool = False
    records: dict = field(default_factory=dict)  # touchpoint code: Recorded, from its plan
    # The touchpoints that apply to the release (it has a plan for them), done or not.
    applies: frozenset = frozenset()
    # (accept_by, accepted_on or None) for each handover sent and not revoked
    handovers: tuple = ()
    employment: dict = field(default_factory=dict)  # "6-weeks"/"6-months": outcome


IN_WORK = frozenset({"employed", "self_employed"})
NOT_KNOWN = "unknown"


def _done(facts, code):
    record = facts.records.get(code)
    return record if record is not None and record.outcome == "done" else None


def counters_for_release(facts, *, today):
    """The counters one release adds to, by the catalogue's rules."""
    counters = {"releases"}
    eligible = facts.sentenced and facts.released_to_community
    for arrived_with, code, counter in (
        (facts.has_right_to_work_id, "id-documents", "with_id"),
        (facts.has_bank_account, "bank-account", "with_bank"),
        (facts.has_ni_number, "ni-number", "with_ni"),
    ):
        done = _done(facts, code)
        if arrived_with or (done and done.on <= facts.discharge_date):
            counters.add(counter)
    if eligible:
        counters.add("eligible")
        interview = _done(facts, "pre-release-support")
        if interview and interview.on <= facts.discharge_date - PRE_RELEASE_SUPPORT_LEAD:
            counters.add("pre_release_on_time")
        booking = _done(facts, "jobcentre-appointment")
        if booking and booking.on < facts.discharge_date:
            counters.add("appointment_booked")
            if _done(facts, "first-jobcentre-attendance"):
                counters.add("appointment_attended")
        claim = _done(facts, "uc-claim")
        if claim and claim.on <= facts.discharge_date:
            counters.add("uc_claim_by_release")
    if "advance-payment" in facts.applies:
        # The advance touchpoint applies only when the claim asked for one.
        counters.add("advance_requested")
        advance = _done(facts, "advance-payment")
        if advance and advance.on == facts.discharge_date:
            counters.add("advance_on_the_day")
    if facts.handovers:
        counters.add("handed_over")
        if any(accepted_on is not None and accepted_on <= accept_by for accept_by, accepted_on in facts.handovers):
            counters.add("handover_on_time")
    for check, counter in (("6-weeks", "6w"), ("6-months", "6m")):
        outcome = facts.employment.get(check)
        if outcome is None:
            continue
        counters.add(f"checked_{counter}")
        if outcome != NOT_KNOWN:
            counters.add(f"known_{counter}")
        if outcome in IN_WORK:
            counters.add(f"employed_{counter}")
    return counters


def rate_text(numerator, denominator):
    """How a rate reads: '43%' worked out from the rounded counts, or why none is given."""
    if denominator.suppressed:
        return _("fewer than 5")
    if denominator.value == 0:
        return _("none to count")
    if numerator.suppressed:
        return _("fewer than 5 of %(denominator)s") % {"denominator": denominator}
    return f"{round(100 * rate(numerator, denominator))}%"


def why_suppressed(cell=None):
    """Plain words for how counts are protected, for the 'why am I seeing this?' hint."""
    if cell is not None and (not isinstance(cell, Figure) or not cell.suppressed):
        return ""
    return _(
        "Counts of people are rounded to the nearest 5, and totals are the sums of the rounded counts, so a count "
        "from 1 to 4 is never shown and cannot be worked out by subtraction. “Fewer than 5” means from 0 to 4."
    )


def how_rates_are_worked_out():
    return _(
        "Rates are worked out from the rounded counts, not the exact ones, so they can differ from the exact rate "
        "by a few points where counts are small (and never go above 100%)."
    )
