"""Synthetic handovers for generated cases already pointed at a jobcentre, so inboxes and measures have data."""

from onward.cases.constants import CaseStatus
from onward.handover.constants import HandoverStatus
from onward.handover.deadlines import handover_deadlines
from onward.handover.models import Handover


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
