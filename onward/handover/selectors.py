"""Reading handovers and referrals: the receivers' inboxes, a case's handovers, the escalations list."""

from datetime import date

from django.db import models
from django.db.models import BooleanField, DateField, F, IntegerField, Q, Value, When
from django.db.models import Case as DjangoCase
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onward.accounts.constants import Role
from onward.cases.constants import CaseStatus
from onward.cases.selectors import case_get, case_scope, prisons_where_user_may_create_cases
from onward.estate.constants import OrganisationKind
from onward.estate.models import Organisation
from onward.handover.constants import OPEN_STATUSES, HandoverStatus, ReferralKind
from onward.handover.models import Escalation, Handover, Referral

# Who receives each kind of referral, in the receiving organisation.
REFERRAL_RECEIVER_ROLES = {
    ReferralKind.PROBATION: Role.PROBATION_PRACTITIONER,
    ReferralKind.CRS: Role.CRS_PROVIDER,
}


def is_sender(user, case):
    """A prison work coach in the person's prison sends (and may revoke) the handover."""
    return user.role == Role.PRISON_WORK_COACH and case.prison_id in prisons_where_user_may_create_cases(user)


def is_receiver(user, handover):
    """A jobcentre work coach at the receiving jobcentre accepts, rejects and completes it."""
    return user.role == Role.JOBCENTRE_WORK_COACH and user.organisation_id == handover.jobcentre_id


class InboxShows(models.TextChoices):
    """What an inbox lists: by default what is still open, most urgent first."""

    OPEN = "open", _("Open")
    WAITING = "waiting", _("Waiting for you to accept")
    ACCEPTED = "accepted", _("Accepted")
    CLOSED = "closed", _("Completed, rejected or revoked")


INBOX_STATUSES = {
    InboxShows.OPEN: OPEN_STATUSES,
    InboxShows.WAITING: (HandoverStatus.SENT,),
    InboxShows.ACCEPTED: (HandoverStatus.ACCEPTED,),
    InboxShows.CLOSED: (HandoverStatus.COMPLETED, HandoverStatus.REJECTED, HandoverStatus.REVOKED),
}


def _by_urgency(records, deadline, today):
    """Most urgent first: waiting past its deadline, waiting (nearest deadline first), accepted with the
    release ahead (soonest first), accepted with the person released (most recent first), then closed ones
    (newest first). `late` marks what waits past its deadline."""
    waiting = Q(status=HandoverStatus.SENT)
    past_deadline = waiting & Q(**{f"{deadline}__lt": today})
    accepted = Q(status=HandoverStatus.ACCEPTED)
    released = Q(case__discharge_date__lt=today)
    return records.annotate(
        urgency=DjangoCase(
            When(past_deadline, then=Value(0)),
            When(waiting, then=Value(1)),
            When(accepted & ~released, then=Value(2)),
            When(accepted, then=Value(3)),
            default=Value(4),
            output_field=IntegerField(),
        ),
        late=DjangoCase(When(past_deadline, then=Value(True)), default=Value(False), output_field=BooleanField()),
        soonest=DjangoCase(
            When(waiting, then=F(deadline)),
            When(accepted & ~released, then=F("case__discharge_date")),
            default=None,
            output_field=DateField(),
        ),
        latest=DjangoCase(
            When(accepted & released, then=F("case__discharge_date")),
            default=None,
            output_field=DateField(),
        ),
    ).order_by("urgency", "soonest", F("latest").desc(nulls_last=True), "-sent_at", "id")


def handover_inbox(user, *, shows=InboxShows.OPEN, today=None):
    """Handovers sent to the user's jobcentre: by default those still open, most urgent first."""
    if not (user.is_authenticated and user.role == Role.JOBCENTRE_WORK_COACH and user.organisation_id):
        return Handover.objects.none()
    today = today or date.today()
    records = Handover.objects.filter(jobcentre_id=user.organisation_id, status__in=INBOX_STATUSES[shows])
    return _by_urgency(records, "accept_by", today).select_related("case__person", "case__prison")


def handovers_for_case(case):
    """Every handover of a case the caller already has from `case_get`."""
    return Handover.objects.filter(case=case).select_related("jobcentre")


def may_view_late_handovers(user):
    return user.is_authenticated and user.role == Role.PARTNERSHIP_MANAGER and user.organisation_id is not None


def escalations_visible_to(user):
    """Partnership managers see breached handovers for their prison or district: no names, just the facts."""
    if not may_view_late_handovers(user):
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
    try:
        handover = Handover.objects.select_related("jobcentre", "case").get(pk=int(handover_id))
    except (Handover.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise Http404 from error
    case_get(user=user, case_id=handover.case_id)
    return handover


def may_send(user, case):
    return (
        is_sender(user, case)
        and case.status == CaseStatus.IN_CUSTODY
        and not case.handovers.filter(status__in=OPEN_STATUSES).exists()
    )


def is_referral_receiver(user, referral):
    """A practitioner in the receiving PDU, or a CRS provider's worker, accepts, rejects and completes it."""
    return (
        user.is_authenticated
        and user.role == REFERRAL_RECEIVER_ROLES.get(referral.kind)
        and user.organisation_id == referral.receiver_id
    )


def referral_inbox(user, *, shows=InboxShows.OPEN, today=None):
    """Referrals sent to the user's PDU or CRS provider: by default those still open, most urgent first."""
    if not (user.is_authenticated and user.role in REFERRAL_RECEIVER_ROLES.values() and user.organisation_id):
        return Referral.objects.none()
    today = today or date.today()
    kinds = [kind for kind, role in REFERRAL_RECEIVER_ROLES.items() if role == user.role]
    records = Referral.objects.filter(
        receiver_id=user.organisation_id, kind__in=kinds, status__in=INBOX_STATUSES[shows]
    )
    return _by_urgency(records, "respond_by", today).select_related("case__person", "case__prison", "receiver")


def referrals_for_case(case):
    """Every referral of a case the caller already has from `case_get`."""
    return Referral.objects.filter(case=case).select_related("receiver")


def referral_get(*, user, referral_id):
    """A referral whose case the user may see (Http404 otherwise); reading it is an audited case read."""
    try:
        referral = Referral.objects.select_related("receiver", "case").get(pk=int(referral_id))
    except (Referral.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise Http404 from error
    case_get(user=user, case_id=referral.case_id)
    return referral


def may_refer(user, case):
    return is_sender(user, case) and case.status == CaseStatus.IN_CUSTODY and case.discharge_date is not None


def referral_receivers(case, kind):
    """The organisations a case may be referred to: its own PDU, or any active CRS provider."""
    if kind == ReferralKind.PROBATION:
        return Organisation.objects.filter(pk=case.pdu_id, active=True)
    if kind == ReferralKind.CRS:
        return Organisation.objects.filter(kind=OrganisationKind.CRS_PROVIDER, active=True).order_by("name")
    return Organisation.objects.none()


NEEDS_ACTION_LIMIT = 20


def _flagged(user, today):
    """The open handovers and referrals the case changed under, on cases the user sees (two querysets).

    The sender's side and the receiver's side both need to act, so scoping is the
    case's own: whoever may see the person sees the flag, until one of them checks it.
    """
    scope = case_scope(user, today=today, prefix="case__")
    if scope is None:
        return []
    return [
        model.objects.filter(scope, status__in=OPEN_STATUSES)
        .exclude(flagged_reason="")
        .select_related("case__person", related)
        .order_by("-flagged_at")
        for model, related in ((Handover, "jobcentre"), (Referral, "receiver"))
    ]


def flagged_for(user, *, today=None, limit=NEEDS_ACTION_LIMIT):
    """Newest flag first, `limit` of them (None for all)."""
    flagged = []
    for records in _flagged(user, today):
        flagged += list(records if limit is None else records[:limit])
    flagged.sort(key=lambda record: record.flagged_at, reverse=True)
    return flagged if limit is None else flagged[:limit]


def flagged_count(user, *, today=None):
    return sum(records.count() for records in _flagged(user, today))


def may_check_flag(user, record):
    """Either side of an open handover or referral checks a flag and says it is still right."""
    if isinstance(record, Handover):
        return is_sender(user, record.case) or is_receiver(user, record)
    return is_sender(user, record.case) or is_referral_receiver(user, record)


def late_releases_by_jobcentre(*, prison, start, end, today):
    """Releases from `prison` discharged from `start` to `end` whose warm handover was not accepted in time,
    per jobcentre: the same count as the "accepted on time" measure's sent minus on time.

    A release is late when none of its handovers (revoked ones left out) was accepted by its accept-by date and
    at least one was accepted late or is past its accept-by date; it is put against the jobcentre of its latest
    such handover. `still_waiting` counts those with a handover still not accepted today.
    """
    handovers = (
        Handover.objects.filter(
            case__prison=prison,
            case__status__in=(CaseStatus.RELEASED, CaseStatus.RECALLED),
            case__discharge_date__gte=start,
            case__discharge_date__lte=end,
        )
        .exclude(status=HandoverStatus.REVOKED)
        .select_related("jobcentre")
        .order_by("case_id", "sent_at", "id")
    )
    by_case = {}
    for handover in handovers:
        by_case.setdefault(handover.case_id, []).append(handover)
    late = {}
    for case_handovers in by_case.values():
        accepted_on = [(h, timezone.localdate(h.accepted_at) if h.accepted_at else None) for h in case_handovers]
        if any(on is not None and on <= h.accept_by for h, on in accepted_on):
            continue
        breached = [h for h, on in accepted_on if on is not None or h.accept_by < today]
        if not breached:
            continue
        latest = breached[-1]
        row = late.setdefault(latest.jobcentre.name, {"late": 0, "still_waiting": 0})
        row["late"] += 1
        row["still_waiting"] += latest.accepted_at is None and latest.status == HandoverStatus.SENT
    return dict(sorted(late.items()))
