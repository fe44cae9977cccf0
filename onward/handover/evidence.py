"""What handovers say about the touchpoints they stand behind (see journey/evidence.py).

`warm-handover` is done once a handover is sent and stays done while it is
open or completed; a rejected or revoked one is not a handover. The first
jobcentre appointment is attended when the receiving jobcentre completes the
handover saying so, and declined when it completes it saying the person did
not come.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from onward.clock import day_of
from onward.handover import services
from onward.handover.constants import HandoverStatus
from onward.handover.models import Handover
from onward.journey.constants import TouchpointStatus
from onward.journey.evidence import CaseEvidence
from onward.journey.touchpoints import Evidence

CODES = ("warm-handover", "first-jobcentre-attendance")
STANDS = (HandoverStatus.SENT, HandoverStatus.ACCEPTED, HandoverStatus.COMPLETED)


def for_cases(cases):
    done = {}
    rows = (
        Handover.objects.filter(case__in=[case.pk for case in cases], status__in=STANDS)
        .order_by("sent_at", "id")
        .values_list("case_id", "sent_at", "status", "completed_at", "first_appointment_attended", "jobcentre__name")
    )
    for case_id, sent_at, status, completed_at, attended, jobcentre in rows:
        found = done.setdefault(case_id, {})
        found.setdefault(
            "warm-handover", Evidence(on=day_of(sent_at), what=_("Sent to %(jobcentre)s") % {"jobcentre": jobcentre})
        )
        if status == HandoverStatus.COMPLETED and attended:
            found["first-jobcentre-attendance"] = Evidence(on=day_of(completed_at), what=_("Attended"))
        elif status == HandoverStatus.COMPLETED and attended is False:
            # The jobcentre closed the loop: the person did not come. Recorded, so off the worklist; the
            # measures count it as not attended.
            found["first-jobcentre-attendance"] = Evidence(
                on=day_of(completed_at), what=_("Did not attend"), outcome=TouchpointStatus.DECLINED
            )
    return {case_id: CaseEvidence(done=found) for case_id, found in done.items()}


def fulfil(*, actor, case, code, completed_on, details, today):
    if code == "first-jobcentre-attendance":
        handover = Handover.objects.filter(case=case, status=HandoverStatus.ACCEPTED).first()
        if handover is None:
            raise ValidationError(
                {"outcome": [_("The first appointment is recorded on the accepted warm handover: accept it first")]}
            )
        try:
            return services.handover_complete(actor=actor, handover=handover, attended=True, today=today)
        except PermissionDenied as error:
            raise ValidationError({"outcome": [str(error)]}) from error
    if code == "warm-handover":
        raise ValidationError(
            {
                "outcome": [
                    _(
                        "A warm handover is done when it is sent: send it to the jobcentre serving the release area, "
                        "with the person's agreement"
                    )
                ]
            }
        )
    raise LookupError(code)
