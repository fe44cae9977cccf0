"""The agreement as code: what each partner owes a person, and when.

One readable catalogue per agreement (touchpoints.md): each row says who
does what, when it opens and falls due, when it applies, and the agreement's
own words. `evaluate` turns a case's plain facts and a date into touchpoints
with a derived status. No database and no clock: the date is an argument.
"""

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache

from dateutil.relativedelta import relativedelta
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from onward.accounts.constants import Role
from onward.journey.calendar import add_working_days
from onward.journey.constants import Stage, TouchpointStatus
from onward.journey.release_days import long_date

CATCH_UP_WORKING_DAYS = 5


# --- the facts a rule can look at --------------------------------------------


@dataclass(frozen=True)
class CaseFacts:
    """Everything the rules need to know about one custody episode, as plain values.

    Whether a touchpoint applies is judged on what the person arrived with (the
    flags at reception): ID obtained later completes `id-documents`, it does
    not make it vanish. What the records behind touchpoints say comes in
    `evidence`, by touchpoint code.
    """

    reception_date: date
    discharge_date: date | None = None
    sentenced: bool = True
    released_to_community: bool = True
    claiming_benefits: bool = False
    uc_housing_costs: bool = False
    employed_at_reception: bool = False
    has_right_to_work_id: bool = False
    has_bank_account: bool = False
    has_ni_number: bool = False
    # From the Universal Credit record: None until the person is asked.
    advance_requested: bool | None = None
    # The jobcentre appointment in force, when it is on or after the discharge date.
    appointment_date: date | None = None
    starts_uc_claims_in_custody: bool = False


@dataclass(frozen=True)
class Recorded:
    """What a worker recorded against a touchpoint (the latest record not undone)."""

    outcome: str
    on: date
    by: str = ""


@dataclass(frozen=True)
class Evidence:
    """What the record behind a touchpoint says: its duty was done on `on`, by `by`, in a few words; or, where
    the record says the person did not take it up (they did not attend), declined on that day."""

    on: date
    by: str = ""
    what: str = ""
    outcome: str = TouchpointStatus.DONE


# --- dates ---------------------------------------------------------------------


@dataclass(frozen=True)
class When:
    """A date relative to reception (R), discharge (D) or the booked appointment."""

    anchor: str
    months: int = 0
    weeks: int = 0
    working_days: int = 0
    fixed: bool = False  # the agreement itself fixes this timing: no local override

    def on(self, facts):
        base = {"R": facts.reception_date, "D": facts.discharge_date, "appointment": facts.appointment_date}[
            self.anchor
        ]
        if base is None:
            return None
        return _offset(base, self.months, self.weeks, self.working_days)

    def describe(self):
        anchor = {"R": "R", "D": "D", "appointment": _("the booked appointment")}[self.anchor]
        parts = [anchor]
        for amount, singular, plural in (
            (self.months, _("month"), _("months")),
            (self.weeks, _("week"), _("weeks")),
            (self.working_days, _("wd"), _("wd")),
        ):
            if amount:
                parts.append(f"{'+' if amount > 0 else '-'} {abs(amount)} {singular if abs(amount) == 1 else plural}")
        return " ".join(parts)


@lru_cache(maxsize=1 << 16)
def _offset(base, months, weeks, working_days):
    """The day a timing gives from its anchor's day: remembered, since a caseload asks the same few timings of
    the same days over and over (a pure function of its arguments)."""
    day = base + relativedelta(months=months) + timedelta(weeks=weeks)
    return add_working_days(day, working_days) if working_days else day


R = When("R")
D = When("D")


def r(**offset):
    return When("R", **offset)


def d(**offset):
    return When("D", **offset)


# --- conditions ----------------------------------------------------------------


@dataclass(frozen=True)
class Condition:
    """A yes/no question about the case, with the words to explain it."""

    test: object
    words: str

    def __call__(self, facts):
        return bool(self.test(facts))

    def __and__(self, other):
        return Condition(lambda facts: self(facts) and other(facts), f"{self.words} {_('and')} {other.words}")


ALWAYS = Condition(lambda f: True, gettext_lazy("always"))
SENTENCED = Condition(lambda f: f.sentenced, gettext_lazy("the person is sentenced"))
RELEASED_TO_COMMUNITY = Condition(lambda f: f.released_to_community, gettext_lazy("released to the community"))
CLAIMING_BENEFITS = Condition(lambda f: f.claiming_benefits, gettext_lazy("claiming DWP benefits at reception"))
EMPLOYED = Condition(lambda f: f.employed_at_reception, gettext_lazy("employed at reception"))
HOUSING_COSTS_FOR_A_SHORT_STAY = Condition(
    lambda f: (
        f.uc_housing_costs
        and (
            not f.sentenced
            or (f.discharge_date is not None and f.discharge_date <= f.reception_date + relativedelta(months=6))
        )
    ),
    gettext_lazy(
        "receiving Universal Credit housing costs at reception, and on remand or with 6 months or less expected "
        "in custody"
    ),
)
NO_BANK_ACCOUNT = Condition(lambda f: not f.has_bank_account, gettext_lazy("no bank account at reception"))
NO_RIGHT_TO_WORK_ID = Condition(
    lambda f: not f.has_right_to_work_id, gettext_lazy("no ID that shows right to work at reception")
)
NO_NI_NUMBER = Condition(lambda f: not f.has_ni_number, gettext_lazy("no National Insurance number at reception"))
ADVANCE_REQUESTED = Condition(
    lambda f: bool(f.advance_requested), gettext_lazy("a Universal Credit claim is made and an advance is requested")
)
APPOINTMENT_BOOKED = Condition(
    lambda f: f.appointment_date is not None, gettext_lazy("a jobcentre appointment is booked")
)


# --- the catalogue ---------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    stage: str
    owner: str
    opens: When
    due: When
    applies: Condition
    says: str
    # uc-claim falls due earlier where the prison starts claims in custody.
    due_in_custody_claims: When | None = None
    accept_by: When | None = None
    # Where the duty is a record, the record whose word the status takes (touchpoints.md):
    # "done" comes from it, never from a tick in a second place.
    record: str = ""
    # The public source of a timing or condition the agreement itself does not give.
    source: str = ""

    @property
    def is_a_record(self):
        return bool(self.record)


@dataclass(frozen=True)
class Agreement:
    code: str
    title: str
    starts: date
    ends: date | None
    rules: tuple = field(default_factory=tuple)

    def rule(self, code):
        return next((rule for rule in self.rules if rule.code == code), None)


SENTENCED_TO_THE_COMMUNITY = SENTENCED & RELEASED_TO_COMMUNITY

RULES_2023 = (
    Rule(
        code="benefit-claim-closure",
        title=gettext_lazy("Close benefit claims on entry"),
        stage=Stage.INDUCTION,
        owner=Role.PRISON_WORK_COACH,
        opens=R,
        due=r(working_days=5),
        applies=CLAIMING_BENEFITS,
        says=gettext_lazy(
            "Ensure benefit claim closure activity is completed where appropriate when prisoner enters prison"
        ),
        record=gettext_lazy("the date the benefit claim was closed, on the Universal Credit record"),
    ),
    Rule(
        code="uc-housing-costs",
        title=gettext_lazy("Keep Universal Credit housing costs"),
        stage=Stage.INDUCTION,
        owner=Role.PRISON_WORK_COACH,
        opens=R,
        due=r(working_days=5),
        applies=HOUSING_COSTS_FOR_A_SHORT_STAY,
        says=gettext_lazy(
            "Support continuation of Universal Credit housing costs, for those serving 6 months or less, to protect tenancies"
        ),
        record=gettext_lazy("the date housing costs continuation was arranged, on the Universal Credit record"),
        source=gettext_lazy(
            "The Universal Credit Regulations 2013, regulation 19: a prisoner's housing costs element continues "
            "for at most 6 months, and for a person on remand while they await sentence"
        ),
    ),
    Rule(
        code="employer-liaison",
        title=gettext_lazy("Liaise with the employer"),
        stage=Stage.INDUCTION,
        owner=Role.PRISON_WORK_COACH,
        opens=R,
        due=r(working_days=10),
        applies=EMPLOYED,
        says=gettext_lazy("Liaise with the prisoner's employer, where appropriate, to preserve employment"),
    ),
    Rule(
        code="employment-assessment",
        title=gettext_lazy("Employment assessment"),
        stage=Stage.INDUCTION,
        owner=Role.PRISON_EMPLOYMENT_LEAD,
        opens=R,
        due=r(working_days=10),
        applies=ALWAYS,
        says=gettext_lazy(
            "The assessment and identification of prisoners for signposting to the relevant work programmes in the "
            "community and to in-custody services; Employment Hubs that act as a form of jobcentre within prisons"
        ),
        record=gettext_lazy("the person's work readiness profile, on their Work page"),
    ),
    Rule(
        code="bank-account",
        title=gettext_lazy("Basic bank account"),
        stage=Stage.DURING_SENTENCE,
        owner=Role.ID_BANKING_ADMIN,
        opens=When("D", months=-6, fixed=True),
        due=When("D", weeks=-6, fixed=True),
        applies=SENTENCED_TO_THE_COMMUNITY & NO_BANK_ACCOUNT,
        says=gettext_lazy(
            "Through the Prisoner Banking Programme enable them to apply whilst in custody for a basic bank account "
            "on release"
        ),
        record=gettext_lazy("a bank application recorded as account opened"),
        source=gettext_lazy(
            "HMPPS Prisoner Banking Programme (run by New Futures Network with partner banks): sentenced prisoners "
            "apply in custody with no more than six months and no less than six weeks to serve"
        ),
    ),
    Rule(
        code="id-documents",
        title=gettext_lazy("ID that shows right to work"),
        stage=Stage.PRE_RELEASE,
        owner=Role.ID_BANKING_ADMIN,
        opens=When("D", weeks=-12, fixed=True),
        due=d(weeks=-8),
        applies=SENTENCED_TO_THE_COMMUNITY & NO_RIGHT_TO_WORK_ID,
        says=gettext_lazy("Ensure prison leavers where appropriate have ID that demonstrates right to work"),
        record=gettext_lazy(
            "ID applications: documents accepted and received that show right to work (a UK passport, an eVisa "
            "share code, or a UK birth or adoption certificate with the National Insurance number)"
        ),
        source=gettext_lazy(
            "HMPPS Prisoner ID programme: ID is funded for people with twelve weeks or less to serve; due by eight "
            "weeks before release so a bank application can follow inside the Prisoner Banking Programme's window. "
            "What shows right to work: Home Office, Right to work checks: an employer's guide (GOV.UK), list A"
        ),
    ),
    Rule(
        code="ni-number",
        title=gettext_lazy("National Insurance number"),
        stage=Stage.PRE_RELEASE,
        owner=Role.PRISON_WORK_COACH,
        opens=d(weeks=-12),
        due=d(weeks=-6),
        applies=SENTENCED_TO_THE_COMMUNITY & NO_NI_NUMBER,
        says=gettext_lazy(
            "Provide necessary support to enable prisoners to be equipped with the elements to enter employment such "
            "as a basic bank account, ID, National Insurance number, and accommodation on release"
        ),
        record=gettext_lazy("the National Insurance number record: the number known or received from DWP"),
    ),
    Rule(
        code="release-plan-shared",
        title=gettext_lazy("Share release plans with DWP"),
        stage=Stage.PRE_RELEASE,
        owner=Role.PROBATION_PRACTITIONER,
        opens=d(weeks=-16),
        due=d(weeks=-12),
        applies=SENTENCED,
        says=gettext_lazy(
            "Ensure any relevant information and/or plans for release are shared with DWP in a timely way"
        ),
    ),
    Rule(
        code="pre-release-support",
        title=gettext_lazy("12-week pre-release interview"),
        stage=Stage.PRE_RELEASE,
        owner=Role.PRISON_WORK_COACH,
        opens=d(weeks=-14),
        due=When("D", weeks=-12, fixed=True),
        applies=SENTENCED_TO_THE_COMMUNITY,
        says=gettext_lazy(
            "12 weeks before release, offer a range of support to prisoners such as preparing them to make a claim for "
            "UC, telling them about the documentation/information needed to make a claim and booking an advance "
            "appointment at the local jobcentre; promote Going Forward into Employment (GFIE) opportunities; day one "
            "access to DWP employment programmes, benefits and DWP services"
        ),
    ),
    Rule(
        code="jobcentre-appointment",
        title=gettext_lazy("Book the jobcentre appointment"),
        stage=Stage.PRE_RELEASE,
        owner=Role.PRISON_WORK_COACH,
        opens=When("D", weeks=-12, fixed=True),
        due=d(working_days=-1),
        applies=SENTENCED_TO_THE_COMMUNITY,
        says=gettext_lazy(
            "Booking an advance appointment at the local jobcentre (on or after the day of release, at a jobcentre "
            "serving the release area)"
        ),
        record=gettext_lazy("a jobcentre appointment booked on or after the discharge date"),
    ),
    Rule(
        code="uc-claim",
        title=gettext_lazy("Universal Credit claim"),
        stage=Stage.RELEASE,
        owner=Role.PRISON_WORK_COACH,
        opens=d(weeks=-12),
        due=D,
        due_in_custody_claims=d(working_days=-5),
        applies=SENTENCED_TO_THE_COMMUNITY,
        says=gettext_lazy(
            "Test new ways to start a UC claim in custody; prison leavers supported to claim Universal Credit through "
            "the phone line on release"
        ),
        record=gettext_lazy("the claim made (or started in custody), on the Universal Credit record"),
    ),
    Rule(
        code="advance-payment",
        title=gettext_lazy("Advance payment on the day"),
        stage=Stage.RELEASE,
        owner=Role.JOBCENTRE_WORK_COACH,
        opens=d(working_days=-5),
        due=When("D", fixed=True),
        applies=ADVANCE_REQUESTED,
        says=gettext_lazy("Provide access to benefits on release including any advance payment"),
        record=gettext_lazy("the advance paid, on the Universal Credit record"),
    ),
    Rule(
        code="warm-handover",
        title=gettext_lazy("Warm handover to the jobcentre"),
        stage=Stage.RELEASE,
        owner=Role.PRISON_WORK_COACH,
        opens=d(working_days=-10),
        due=D,
        accept_by=d(working_days=2),
        applies=RELEASED_TO_COMMUNITY,
        says=gettext_lazy(
            "Liaise with jobcentre work coaches to ensure continuous support as people leave prison – warm handover "
            "to jobcentre colleagues"
        ),
        record=gettext_lazy("a warm handover sent to the jobcentre (and not rejected or revoked)"),
    ),
    Rule(
        code="first-jobcentre-attendance",
        title=gettext_lazy("First jobcentre appointment"),
        stage=Stage.COMMUNITY,
        owner=Role.JOBCENTRE_WORK_COACH,
        opens=D,
        due=When("appointment", fixed=True),
        applies=APPOINTMENT_BOOKED,
        says=gettext_lazy("Continuous support as people leave prison"),
        record=gettext_lazy("the warm handover completed with the first appointment attended"),
    ),
    Rule(
        code="employment-check-6-weeks",
        title=gettext_lazy("Employment check at 6 weeks"),
        stage=Stage.COMMUNITY,
        owner=Role.PROBATION_PRACTITIONER,
        opens=d(weeks=6),
        due=d(weeks=8),
        applies=RELEASED_TO_COMMUNITY,
        says=gettext_lazy("The partners' shared aim: support prison leavers in securing stable employment"),
        record=gettext_lazy("the employment check at 6 weeks"),
    ),
    Rule(
        code="employment-check-6-months",
        title=gettext_lazy("Employment check at 6 months"),
        stage=Stage.COMMUNITY,
        owner=Role.PROBATION_PRACTITIONER,
        opens=d(months=6),
        due=d(months=6, weeks=2),
        applies=RELEASED_TO_COMMUNITY,
        says=gettext_lazy("The partners' shared aim: support prison leavers in securing stable employment"),
        record=gettext_lazy("the employment check at 6 months"),
    ),
)

NATIONAL_AGREEMENT_2023 = Agreement(
    code="npa-2023",
    title=gettext_lazy("National Partnership Agreement 2023 to 2026"),
    starts=date(2023, 1, 1),
    ends=date(2026, 12, 31),
    rules=RULES_2023,
)

# In force, oldest first. When an agreement ends with no successor here, the
# last one stays in force ("rolled over") until a successor is added.
AGREEMENTS = (NATIONAL_AGREEMENT_2023,)

CODES = tuple(dict.fromkeys(rule.code for agreement in AGREEMENTS for rule in agreement.rules))
# The touchpoints whose status comes from a record kept elsewhere (readiness, handover, employment).
RECORD_CODES = frozenset(rule.code for agreement in AGREEMENTS for rule in agreement.rules if rule.is_a_record)
# Touchpoints the catalogue no longer has, and the ones that replaced them (for old records and links).
REPLACED = {"id-and-banking": ("bank-account", "id-documents", "ni-number")}


# --- evaluation --------------------------------------------------------------------


@dataclass(frozen=True)
class Touchpoint:
    code: str
    title: str
    stage: str
    owner_role: str
    opens_on: date
    due_on: date
    status: str
    agreement: Agreement
    rule: Rule
    facts: CaseFacts
    as_of: date
    accept_by: date | None = None
    # What was recorded, whether by a worker on the touchpoint or by the record behind it.
    recorded: Recorded | None = None
    evidence: Evidence | None = None
    local_timing: bool = False

    @property
    def closes_on(self):
        """After this day unrecorded custody work is missed: the person has left (None for the community stage)."""
        return None if self.stage == Stage.COMMUNITY else self.facts.discharge_date

    @property
    def is_work_to_do(self):
        """Whether it belongs on a worklist: not recorded, not missed."""
        return self.status in (TouchpointStatus.UPCOMING, TouchpointStatus.OPEN, TouchpointStatus.OVERDUE)

    @property
    def why(self):
        """'Why am I seeing this?': the rule, the dates it used, the record it reads and the agreement's words."""
        rule, facts = self.rule, self.facts
        used = []
        if facts.discharge_date and "D" in (rule.opens.anchor, rule.due.anchor):
            used.append(_("discharge date (D) %(day)s") % {"day": long_date(facts.discharge_date)})
        if "R" in (rule.opens.anchor, rule.due.anchor):
            used.append(_("reception date (R) %(day)s") % {"day": long_date(facts.reception_date)})
        if facts.appointment_date and rule.due.anchor == "appointment":
            used.append(_("appointment %(day)s") % {"day": long_date(facts.appointment_date)})
        text = _(
            "%(title)s is for the %(owner)s. It applies when %(applies)s. It opens %(opens)s (%(opens_on)s) and is due "
            "%(due)s (%(due_on)s)%(local)s. Dates used: %(used)s. %(agreement)s says: “%(says)s”."
        ) % {
            "title": self.title,
            "owner": Role(self.owner_role).label.lower(),
            "applies": rule.applies.words,
            "opens": rule.opens.describe(),
            "opens_on": long_date(self.opens_on),
            "due": self.due_rule_describe(),
            "due_on": long_date(self.due_on),
            "local": _(", as set by this prison's local agreement") if self.local_timing else "",
            "used": "; ".join(used),
            "agreement": self.agreement.title,
            "says": rule.says,
        }
        if rule.record:
            text += " " + _("It is done when the record says so: %(record)s.") % {"record": rule.record}
        if self.closes_on is not None:
            text += " " + _(
                "Not done by the day the person leaves (%(day)s), it is missed: it leaves the worklists and counts "
                "as not done."
            ) % {"day": long_date(self.closes_on)}
        if self.accept_by:
            text += " " + _("The receiving jobcentre accepts the handover by %(day)s.") % {
                "day": long_date(self.accept_by)
            }
        if rule.source:
            text += " " + _("Source: %(source)s.") % {"source": rule.source}
        return text

    def due_rule_describe(self):
        if self.rule.due_in_custody_claims and self.facts.starts_uc_claims_in_custody:
            return self.rule.due_in_custody_claims.describe() + " " + _("(this prison starts claims in custody)")
        return self.rule.due.describe()


# A rule's title in each language, translated once: (the lazy title it came from, the words).
_titles = {}


def title_of(rule):
    """The rule's title in the active language (translated once per language, not once per touchpoint)."""
    key = (get_language(), rule.code)
    kept = _titles.get(key)
    if kept is None or kept[0] is not rule.title:
        kept = _titles[key] = (rule.title, str(rule.title))
    return kept[1]


def agreements_in_force_by(as_of, agreements=AGREEMENTS):
    return [agreement for agreement in agreements if agreement.starts <= as_of]


def _plan(rule, facts, local):
    """Opening and due dates for one rule, after local timings and the catch-up rule; None if it cannot be dated."""
    opens_rule = local.get((rule.code, "opens"), rule.opens) if not rule.opens.fixed else rule.opens
    due_rule = rule.due
    if rule.due_in_custody_claims and facts.starts_uc_claims_in_custody:
        due_rule = rule.due_in_custody_claims
    due_rule = local.get((rule.code, "due"), due_rule) if not due_rule.fixed else due_rule
    opens_on, due_on = opens_rule.on(facts), due_rule.on(facts)
    if opens_on is None or due_on is None:
        return None
    # Catch-up (short sentences, late transfers): nothing opens before reception
    # or falls due within five working days of it, but nothing before the
    # community stage is ever due after the discharge date.
    opens_on = max(opens_on, facts.reception_date)
    due_on = max(due_on, add_working_days(facts.reception_date, CATCH_UP_WORKING_DAYS))
    if rule.stage != Stage.COMMUNITY and facts.discharge_date:
        due_on = min(due_on, facts.discharge_date)
    opens_on = min(opens_on, due_on)
    local_timing = (opens_rule is not rule.opens) or (due_rule not in (rule.due, rule.due_in_custody_claims))
    return opens_on, due_on, local_timing


def _accept_by(rule, facts, local):
    """When the receiver accepts: the rule's own, or the prison's local agreement's where it sets one."""
    if rule.accept_by is None:
        return None
    return local.get((rule.code, "accept_by"), rule.accept_by).on(facts)


def _outcome(rule, recorded, evidence):
    """What has been recorded, from the record behind the touchpoint first, else from a worker.

    A record's word wins: an account opened after someone judged a bank account
    "not applicable" is an account. On a touchpoint whose duty is a record, a
    worker can say "not applicable" or "declined", never "done" without the record.
    """
    if evidence is not None:
        return Recorded(outcome=evidence.outcome, on=evidence.on, by=evidence.by)
    if recorded is not None and not (rule.is_a_record and recorded.outcome == TouchpointStatus.DONE):
        return recorded
    return None


def status_on(as_of, *, stage, opens_on, due_on, discharge_date, outcome=""):
    """A touchpoint's status on `as_of` from its dates and what was recorded (touchpoints.md)."""
    if outcome:
        return outcome
    if as_of < opens_on:
        return TouchpointStatus.UPCOMING
    if as_of > due_on:
        if stage != Stage.COMMUNITY and discharge_date is not None and as_of > discharge_date:
            return TouchpointStatus.MISSED
        return TouchpointStatus.OVERDUE
    return TouchpointStatus.OPEN


def evaluate(facts, *, as_of, recorded=None, evidence=None, local=None, agreements=AGREEMENTS):
    """The touchpoints that apply to a case, evaluated as on `as_of`.

    `recorded` is what workers recorded, by code; `evidence` what the records
    behind touchpoints say, by code. A successor agreement changes a rule only
    for touchpoints not already due before it started: what was due under the
    old agreement stays as it was.
    """
    recorded = recorded or {}
    evidence = evidence or {}
    local = local or {}
    in_force = agreements_in_force_by(as_of, agreements) or list(agreements[:1])
    codes = list(dict.fromkeys(rule.code for agreement in in_force for rule in agreement.rules))
    touchpoints = []
    for code in codes:
        chosen = None
        for agreement in in_force:
            rule = agreement.rule(code)
            if chosen is not None:
                planned = _plan(chosen[1], facts, local) if chosen[1] is not None else None
                if planned is not None and planned[1] < agreement.starts:
                    continue  # already due before this agreement began: the old rule stands
            chosen = (agreement, rule)
        agreement, rule = chosen
        if rule is None or not rule.applies(facts):
            continue
        planned = _plan(rule, facts, local)
        if planned is None:
            continue
        opens_on, due_on, local_timing = planned
        local_timing = local_timing or (rule.accept_by is not None and (code, "accept_by") in local)
        said = evidence.get(code) if rule.is_a_record else None
        outcome = _outcome(rule, recorded.get(code), said)
        touchpoints.append(
            Touchpoint(
                code=code,
                title=title_of(rule),
                stage=rule.stage,
                owner_role=rule.owner,
                opens_on=opens_on,
                due_on=due_on,
                status=status_on(
                    as_of,
                    stage=rule.stage,
                    opens_on=opens_on,
                    due_on=due_on,
                    discharge_date=facts.discharge_date,
                    outcome=outcome.outcome if outcome else "",
                ),
                agreement=agreement,
                rule=rule,
                facts=facts,
                as_of=as_of,
                accept_by=_accept_by(rule, facts, local),
                recorded=outcome,
                evidence=said,
                local_timing=local_timing,
            )
        )
    return touchpoints


def with_rule(agreement, code, **changes):
    """A copy of an agreement with one rule changed: how a successor is written."""
    return replace(
        agreement, rules=tuple(replace(rule, **changes) if rule.code == code else rule for rule in agreement.rules)
    )
