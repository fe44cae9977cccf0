"""Reading handovers: the receiving jobcentre's inbox, a case's handovers, the escalations list."""

from onward.accounts.constants import Role
from onward.estate.constants import OrganisationKind
from onward.handover.constants import OPEN_STATUSES
from onward.handover.models import Escalation, Handover


def is_sender(user, case):
    """A prison work coach in the person's prison sends (and may revoke) the handover."""
    from onward.cases.selectors import prisons_where_user_may_create_cases

    return user.role == Role.PRISON_WORK_COACH and case.prison_id in prisons_where_user_may_create_cases(user)


def is_receiver(user, handover):
    """A jobcentre work coach at the receiving jobcentre accepts, rejects and completes it."""
    return user.role == Role.JOBCENTRE_WORK_COACH and user.organisation_id == handover.jobcentre_id


def handover_inbox(user):
    """Handovers sent to the user's jobcentre that are still open, most urgent first."""
    if not (user.is_authenticated and user.role == Role.JOBCENTRE_WORK_COACH and user.organisation_id):
        return Handover.objects.none()
    return (
        Handover.objects.filter(jobcentre_id=user.organisation_id, status__in=OPEN_STATUSES)
        .select_related("case__person", "case__prison")
        .order_by("accept_by", "id")
    )


def handovers_for_case(case):
    """Every handover of a case the caller already has from `case_get`."""
    return Handover.objects.filter(case=case).select_related("jobcentre")


def escalations_visible_to(user):
    """Partnership managers see breached handovers for their prison or district: no names, just the facts."""
    if not (user.is_authenticated and user.role == Role.PARTNERSHIP_MANAGER and user.organisation):
        return Escalation.objects.none()
    escalations = Escalation.objects.filter(resolved_at__isnull=True).select_related(
        "handover__jobcentre", "handover__case__prison"
    )
    organisation = user.organisation
    if organisation.kind == OrganisationKind.PRISON:
        return escalations.filter(handover__case__prison=organisation)
    if organisation.kind == OrganisationKind.JOBCENTRE_DISTRICT:
        return escalations.filter(handover__jobcentre__parent=organisation)
    if organisation.kind == OrganisationKind.NATIONAL:
        return escalations
    return Escalation.objects.none()


def handover_get(*, user, handover_id):
    """A handover whose case the user may see (Http404 otherwise); reading it is an audited case read."""
    from django.http import Http404

    from onward.cases.selectors import case_get

    try:
        handover = Handover.objects.select_related("jobcentre", "case").get(pk=int(handover_id))
    except (Handover.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise Http404 from error
    case_get(user=user, case_id=handover.case_id)
    return handover


def may_send(user, case):
    from onward.cases.constants import CaseStatus

    return (
        is_sender(user, case)
        and case.status == CaseStatus.IN_CUSTODY
        and not case.handovers.filter(status__in=OPEN_STATUSES).exists()
    )
