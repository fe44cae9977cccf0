"""The demo's partnership records: the four signed Local Partnership Agreements and their meetings.

The announcement (../seeds/000) lists HMP Wayland, HMP YOI Hollesley Bay,
HMP YOI Norwich and HMP Rochester as signed with DWP, quoted by the East
Anglia District Manager, and gives no signing dates: the dates here are made
up. It names no other district, so all four are recorded as signed with
DWP East Anglia (DWPEAN), although Rochester is in Kent and the demo
directory's Kent jobcentres (DWPKEN) serve its release areas. Every contact
is a made-up member of staff with an example.gov.uk address.

`load_demo` is safe to run again: a prison that already has an agreement is left alone.
"""

from datetime import date

from onward.accounts.models import User
from onward.estate.models import Organisation
from onward.insights.periods import Quarter
from onward.partnerships import services
from onward.partnerships.constants import (
    ActionStatus,
    AgreementStatus,
    ContactRole,
    Facility,
    MeetingStatus,
)
from onward.partnerships.models import LocalAgreement, Meeting, PartnershipEscalation

DISTRICT = "DWPEAN"

# prison, PDUs, CRS providers, signed, in force from, synthetic contacts (name, role, organisation code, phone)
SIGNED = {
    "NWI": {
        "pdus": ["N56NOSU", "N56SUFF"],
        "crs": ["CRSEAST"],
        "signed_on": date(2023, 3, 14),
        "effective_from": date(2023, 4, 1),
        "contacts": [
            ("Maya Ellison", ContactRole.PRISON_WORK_COACH_LEAD, "NWI", "01603 000 101"),
            ("Owen Radcliffe", ContactRole.HEAD_OF_REDUCING_REOFFENDING, "NWI", "01603 000 102"),
            ("Julia Knight", ContactRole.PARTNERSHIP_MANAGER, "DWPEAN", "01603 000 103"),
            ("Harriet Bloom", ContactRole.PRISON_EMPLOYMENT_LEAD, "NWI", "01603 000 104"),
            ("Kwame Asante", ContactRole.PROBATION_LEAD, "N56NOSU", "01603 000 105"),
        ],
    },
    "WLI": {
        "pdus": ["N56NOSU"],
        "crs": ["CRSEAST"],
        "signed_on": date(2023, 3, 21),
        "effective_from": date(2023, 4, 1),
        "contacts": [
            ("Leon Partridge", ContactRole.PRISON_WORK_COACH_LEAD, "WLI", "01953 000 201"),
            ("Sofia Marsh", ContactRole.GOVERNOR, "WLI", "01953 000 202"),
            ("Julia Knight", ContactRole.PARTNERSHIP_MANAGER, "DWPEAN", "01603 000 103"),
        ],
    },
    "HBI": {
        "pdus": ["N56SUFF"],
        "crs": ["CRSEAST"],
        "signed_on": date(2023, 4, 4),
        "effective_from": date(2023, 5, 1),
        "contacts": [
            ("Nadia Greaves", ContactRole.PRISON_WORK_COACH_LEAD, "HBI", "01394 000 301"),
            ("Peter Quill", ContactRole.HEAD_OF_REDUCING_REOFFENDING, "HBI", "01394 000 302"),
            ("Julia Knight", ContactRole.PARTNERSHIP_MANAGER, "DWPEAN", "01603 000 103"),
        ],
    },
    "RCI": {
        "pdus": ["N57KECL", "N57EKNT"],
        "crs": ["CRSKENT"],
        "signed_on": date(2023, 4, 18),
        "effective_from": date(2023, 5, 1),
        "contacts": [
            ("Ravi Chandran", ContactRole.PRISON_WORK_COACH_LEAD, "RCI", "01634 000 401"),
            ("Erin Talbot", ContactRole.GOVERNOR, "RCI", "01634 000 402"),
            ("Julia Knight", ContactRole.PARTNERSHIP_MANAGER, "DWPEAN", "01603 000 103"),
        ],
    },
}

# Norwich's second version, after its first review: its own service levels where the national agreement leaves them open.
NORWICH_REVIEWED = {
    "effective_from": date(2025, 4, 1),
    "signed_on": date(2025, 3, 20),
    "review_on": date(2026, 12, 15),
    "handover_accept_working_days": 1,
    "service_levels": [
        {"code": "release-plan-shared", "which": "due", "anchor": "D", "months": 0, "weeks": -14, "working_days": 0},
        {"code": "warm-handover", "which": "opens", "anchor": "D", "months": 0, "weeks": 0, "working_days": -15},
    ],
}


def _org(code):
    return Organisation.objects.get(code=code)


def _email(name):
    return f"{name.lower().replace(' ', '.')}@example.gov.uk"


def _facilities(prison_code, effective_from):
    lines = []
    for facility in Facility:
        in_place = not (facility == Facility.BROADBAND and prison_code in ("WLI", "HBI"))
        lines.append(
            {
                "facility": facility.value,
                "in_place": in_place,
                "evidenced_on": effective_from if in_place else None,
                "notes": "" if in_place else "The estate does not allow broadband in the work coach office yet",
            }
        )
    return lines


def _first_version(code, plan):
    return {
        "recorded_status": AgreementStatus.SIGNED,
        "jobcentre_district": _org(DISTRICT),
        "pdus": [_org(c) for c in plan["pdus"]],
        "crs_providers": [_org(c) for c in plan["crs"]],
        "signatories": "Governor, for HMPPS; District Manager, DWP East Anglia",
        "signed_on": plan["signed_on"],
        "effective_from": plan["effective_from"],
        "ends_on": None,
        # Norwich's first review was in 2024 (its second version); the others review in spring 2027.
        "review_on": date(2024, 4, 1) if code == "NWI" else date(2027, plan["effective_from"].month, 1),
        "handover_accept_working_days": None,
        "change_reason": "Signed Local Partnership Agreement, as announced",
        "contacts": [
            {
                "name": name,
                "role": role,
                "organisation": _org(org),
                "email": _email(name),
                "phone": phone,
                "escalation_order": index + 1 if index < 3 else None,
            }
            for index, (name, role, org, phone) in enumerate(plan["contacts"])
        ],
        "facilities": _facilities(code, plan["effective_from"]),
        "service_levels": [],
    }


# Norwich missed one quarter, so the flag shows; the board met every quarter.
MISSED = {Quarter(2025, 4)}
LAST_HELD = Quarter(2026, 3)


def _meetings(actor, agreement, today, *, since):
    """Past quarters held (bar the missed one), with actions open, overdue and done after the last."""
    quarter = Quarter.containing(since)
    while quarter <= LAST_HELD:
        if agreement is not None and quarter in MISSED:
            quarter = quarter.next()
            continue
        _held(actor, agreement, quarter, today)
        quarter = quarter.next()


def _held(actor, agreement, quarter, today):
    meeting = Meeting.objects.create(
        agreement=agreement,
        quarter=str(quarter),
        scheduled_for=quarter.start.replace(day=15),
        location="Prison work coach office" if agreement else "Online",
        status=MeetingStatus.HELD,
        attendees="Prison work coach lead; head of reducing reoffending; DWP partnership manager"
        if agreement
        else "Co-chairs for MoJ/HMPPS and DWP; partnership managers",
        minutes="Went through the quarter's measures and the open escalations.",
        decisions="Keep the weekly release list shared with the jobcentre." if agreement else "",
        created_by=actor,
    )
    if agreement is not None and quarter == LAST_HELD:
        services.action_add(
            actor=actor,
            meeting=meeting,
            description="Confirm the interview room phone line is fixed",
            owner="Head of reducing reoffending",
            due_on=date(2026, 9, 30),
        )
        done = services.action_add(
            actor=actor,
            meeting=meeting,
            description="Share the release list with Norwich Jobcentre weekly",
            owner="Prison work coach lead",
            due_on=date(2026, 12, 31),
        )
        services.action_close(actor=actor, action=done, status=ActionStatus.DONE, today=today)


def load_demo(*, stdout):
    admin = User.objects.filter(username="demo.admin").first()
    services.national_agreement_seed(actor=admin)
    if admin is None:
        stdout.write("Partnership demo skipped: no demo administrator.")
        return
    today = date.today()
    created = 0
    for code, plan in SIGNED.items():
        prison = _org(code)
        if LocalAgreement.objects.filter(prison=prison).exists():
            continue
        version = services.local_agreement_version_create(
            actor=admin, prison=prison, values=_first_version(code, plan), today=today
        )
        created += 1
        if code == "NWI":
            services.local_agreement_revise(
                actor=admin,
                agreement=version.agreement,
                changes=NORWICH_REVIEWED,
                change_reason="First annual review: release plans shared two weeks earlier; handovers accepted within 1 working day",
                today=today,
            )
            _meetings(admin, version.agreement, today, since=plan["effective_from"])
            coach = User.objects.filter(username="demo.pwc").first()
            if coach is not None and not PartnershipEscalation.objects.filter(prison=prison).exists():
                services.escalation_raise(
                    actor=coach,
                    subject="No telephone in the interview room this week",
                    description="The interview room phone has been out of order since Monday, so UC claims are being made from the office.",
                    today=today,
                )
                resolved = services.escalation_raise(
                    actor=coach,
                    subject="Release lists arriving late",
                    description="Release lists reached the work coaches on the day of release twice this month.",
                    today=today,
                )
                services.escalation_resolve(
                    actor=admin, escalation=resolved, note="The custody office now sends the list every Monday."
                )
    if not Meeting.objects.filter(agreement__isnull=True).exists():
        _meetings(admin, None, today, since=date(2023, 1, 1))
    stdout.write(f"Partnership agreements: {created} local agreements added.")
