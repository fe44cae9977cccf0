"""Synthetic handovers and referrals for generated cases, so inboxes and measures have data."""

import re
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from onward.cases.constants import CaseStatus
from onward.estate.models import Organisation
from onward.handover.constants import CrsService, HandoverStatus, ReferralKind
from onward.handover.deadlines import handover_deadlines, referral_respond_by
from onward.handover.models import Handover, Referral

# The demo directory's CRS providers, by the postcode areas of the release
# areas they take referrals for (synthetic: no public list exists).
DEMO_CRS_AREAS = {
    "CRSEAST": {"NR", "IP", "CB", "PE", "CO", "CM", "SS"},
    "CRSKENT": {"ME", "CT", "TN", "DA", "BR"},
}
REFER_TO_CRS = 0.06
REFER_TO_PROBATION = 0.06


ACCEPTED_LATE = 0.15


def _accepted_at(accept_by, rng):
    """Most jobcentres accept by the deadline, some a few days late; never in the future."""
    if rng.random() < ACCEPTED_LATE:
        day = accept_by + timedelta(days=rng.randint(1, 5))
    else:
        day = accept_by - timedelta(days=rng.randint(0, 3))
    day = min(day, date.today())
    return timezone.make_aware(datetime.combine(day, time(10, rng.randint(0, 59))))


def simulate(cases, *, rng):
    """One handover per handed-over case: completed or accepted once released, sent or accepted before."""
    handovers = []
    for case in cases:
        if not (case.handed_over_to_id and case.discharge_date):
            continue
        deadlines = handover_deadlines(case.discharge_date)
        if case.status == CaseStatus.IN_CUSTODY:
            status = HandoverStatus.SENT if rng.random() < 0.6 else HandoverStatus.ACCEPTED
        else:
            status = HandoverStatus.COMPLETED if rng.random() < 0.85 else HandoverStatus.ACCEPTED
        handovers.append(
            Handover(
                case=case,
                jobcentre_id=case.handed_over_to_id,
                status=status,
                send_by=deadlines.send_by,
                accept_by=deadlines.accept_by,
                accepted_at=_accepted_at(deadlines.accept_by, rng) if status != HandoverStatus.SENT else None,
                first_appointment_attended=(rng.random() < 0.75) if status == HandoverStatus.COMPLETED else None,
                pack={
                    "discharge_date": case.discharge_date.isoformat(),
                    "release_area": case.release_area,
                    "has_right_to_work_id": case.has_right_to_work_id,
                    "has_bank_account": case.has_bank_account,
                    "has_ni_number": case.has_ni_number,
                    "needs": "",
                    "shared_notes": "",
                },
            )
        )
    Handover.objects.bulk_create(handovers, batch_size=5000)
    return len(handovers)


def _pack(case, reason):
    return {
        "discharge_date": case.discharge_date.isoformat(),
        "release_area": case.release_area,
        "has_right_to_work_id": case.has_right_to_work_id,
        "has_bank_account": case.has_bank_account,
        "has_ni_number": case.has_ni_number,
        "reason": reason,
        "shared_notes": "",
    }


def _status(case, rng):
    if case.status == CaseStatus.IN_CUSTODY:
        return HandoverStatus.SENT if rng.random() < 0.5 else HandoverStatus.ACCEPTED
    return HandoverStatus.COMPLETED if rng.random() < 0.8 else HandoverStatus.REJECTED


def simulate_referrals(cases, *, rng):
    """CRS referrals where a demo provider covers the release area, probation referrals where a PDU is allocated."""
    providers = dict(Organisation.objects.filter(code__in=DEMO_CRS_AREAS).values_list("code", "id"))
    provider_for_area = {
        area: providers[code] for code, areas in DEMO_CRS_AREAS.items() if code in providers for area in areas
    }
    services = list(CrsService.values)
    referrals = []
    for case in cases:
        if not (case.discharge_date and case.release_area):
            continue
        sent_on = case.discharge_date - timedelta(weeks=rng.randint(2, 10))
        area = re.match(r"[A-Z]+", case.release_area).group()
        if area in provider_for_area and rng.random() < REFER_TO_CRS:
            status = _status(case, rng)
            referrals.append(
                Referral(
                    case=case,
                    kind=ReferralKind.CRS,
                    receiver_id=provider_for_area[area],
                    service=rng.choice(services),
                    status=status,
                    respond_by=referral_respond_by(sent_on=sent_on, discharge_date=case.discharge_date),
                    engaged=(rng.random() < 0.7) if status == HandoverStatus.COMPLETED else None,
                    reject_reason="not-our-area" if status == HandoverStatus.REJECTED else "",
                    pack=_pack(case, "Help with the service on release"),
                )
            )
        if case.pdu_id and rng.random() < REFER_TO_PROBATION:
            status = _status(case, rng)
            referrals.append(
                Referral(
                    case=case,
                    kind=ReferralKind.PROBATION,
                    receiver_id=case.pdu_id,
                    status=status,
                    respond_by=referral_respond_by(sent_on=sent_on, discharge_date=case.discharge_date),
                    engaged=(rng.random() < 0.8) if status == HandoverStatus.COMPLETED else None,
                    reject_reason="other" if status == HandoverStatus.REJECTED else "",
                    reject_details="Allocated to another PDU" if status == HandoverStatus.REJECTED else "",
                    pack=_pack(case, "Release plan and work goals for DWP"),
                )
            )
    Referral.objects.bulk_create(referrals, batch_size=5000)
    return len(referrals)
