"""Reading handovers: the receiving jobcentre's inbox, a case's handovers, the escalations list."""

from onward.accounts.constants import Role
from onward.estate.constants import OrganisationKind
from onward.handover.constants import OPEN_STATUSES
from onward.handover.models import Escalation, Handover


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


def jobcentres_for_release_area(case):
    """The jobcentres that serve the case's release area (all active ones when it is not known)."""
    from onward.estate.models import Organisation

    jobcentres = Organisation.objects.filter(kind=OrganisationKind.JOBCENTRE, active=True).order_by("name")
    if case.release_area:
        return jobcentres.filter(jobcentre_areas__district_id=case.release_area)
    return jobcentres


def may_send(user, case):
    from onward.cases.constants import CaseStatus
    from onward.cases.selectors import prisons_where_user_may_create_cases

    return (
        user.role == Role.PRISON_WORK_COACH
        and case.status == CaseStatus.IN_CUSTODY
        and case.prison_id in prisons_where_user_may_create_cases(user)
        and not case.handovers.filter(status__in=OPEN_STATUSES).exists()
    )
