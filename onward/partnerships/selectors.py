"""Reading partnership agreements, meetings and escalations: the one place their scoping lives.

Who may read which prison's agreement, and who may change it, is decided
here and nowhere else; anything not granted below is denied. Cases hanging
off an escalation are scoped by onward.cases.selectors, never here.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from onward.accounts.constants import PRISON_ROLES, Role
from onward.audit import services as audit
from onward.cases.selectors import cases_visible_to
from onward.disclosure import figures_along
from onward.estate.constants import OrganisationKind
from onward.estate.models import JobcentreArea, Organisation
from onward.handover import selectors as handover_selectors
from onward.insights.periods import Quarter
from onward.insights.selectors import measures_for, prison_figures
from onward.journey.models import PlannedTouchpoint, PrisonJourneySettings
from onward.journey.selectors import work_to_do
from onward.journey.touchpoints import AGREEMENTS
from onward.partnerships import lifecycle, scheduling
from onward.partnerships.constants import (
    UC_CLAIMS_IN_CUSTODY_TARGET,
    ActionStatus,
    AgreementStatus,
    EscalationStatus,
    Facility,
    MeetingStatus,
)
from onward.partnerships.models import (
    LocalAgreement,
    LocalAgreementVersion,
    Meeting,
    MeetingAction,
    NationalAgreementVersion,
    PartnershipEscalation,
)

READER_ROLES = PRISON_ROLES | {Role.PARTNERSHIP_MANAGER, Role.PARTNERSHIP_BOARD, Role.ADMINISTRATOR}


def _active(user):
    return bool(user.is_authenticated and user.is_active and user.organisation_id)


def may_read_agreements(user):
    return _active(user) and user.role in READER_ROLES


def may_decide_national(user):
    """Rolling over or replacing the national agreement: administrators and national partnership managers."""
    if not _active(user):
        return False
    if user.role == Role.ADMINISTRATOR:
        return True
    return user.role == Role.PARTNERSHIP_MANAGER and user.organisation.kind == OrganisationKind.NATIONAL


def may_manage_board_meetings(user):
    return may_decide_national(user)


def prisons_visible_to(user):
    """The prisons whose local agreements a user may read (deny by default)."""
    prisons = Organisation.objects.filter(kind=OrganisationKind.PRISON)
    if not may_read_agreements(user):
        return prisons.none()
    organisation = user.organisation
    if user.role in (Role.ADMINISTRATOR, Role.PARTNERSHIP_BOARD):
        return prisons
    if user.role in PRISON_ROLES:
        return prisons.filter(pk=organisation.pk)
    # Partnership managers, by the kind of organisation they work for.
    return prisons_of(organisation)


def prisons_of(organisation):
    """The prisons an organisation's partnership work covers: all (national), itself, or its agreements'."""
    prisons = Organisation.objects.filter(kind=OrganisationKind.PRISON)
    if organisation is None or organisation.kind == OrganisationKind.NATIONAL:
        return prisons
    if organisation.kind == OrganisationKind.PRISON:
        return prisons.filter(pk=organisation.pk)
    if organisation.kind == OrganisationKind.JOBCENTRE_DISTRICT:
        # The district's signed prisons, and prisons in the area its jobcentres serve (to start one).
        signed = LocalAgreementVersion.objects.filter(jobcentre_district=organisation).values("agreement__prison")
        outcodes = set(
            JobcentreArea.objects.filter(
                jobcentre__kind=OrganisationKind.JOBCENTRE, jobcentre__parent=organisation
            ).values_list("district_id", flat=True)
        )
        local = [p.pk for p in prisons.exclude(postcode="") if p.outcode in outcodes]
        return prisons.filter(Q(pk__in=signed) | Q(pk__in=local))
    if organisation.kind == OrganisationKind.PROBATION_REGION:
        return prisons.filter(
            pk__in=LocalAgreementVersion.objects.filter(pdus__parent=organisation).values("agreement__prison")
        )
    return prisons.none()


def may_manage_prison(user, prison):
    """Writing a prison's agreement, meetings and actions: its partnership managers and administrators."""
    if not _active(user) or user.role not in (Role.PARTNERSHIP_MANAGER, Role.ADMINISTRATOR):
        return False
    return prisons_visible_to(user).filter(pk=prison.pk).exists()


def prison_get(*, user, prison_code):
    """A prison whose agreement the user may read: 403 for roles that never may, 404 outside scope."""
    if not may_read_agreements(user):
        raise PermissionDenied
    try:
        return prisons_visible_to(user).get(code=str(prison_code).upper()[:20])
    except Organisation.DoesNotExist as error:
        raise Http404 from error


# --- versions ----------------------------------------------------------------------


def _version_dates(version, versions):
    """The plain values lifecycle.version_status needs for one version among its agreement's versions."""
    later = [
        v.effective_from
        for v in versions
        if v.number > version.number and v.recorded_status != AgreementStatus.DRAFT and v.effective_from
    ]
    return lifecycle.VersionDates(
        recorded_status=version.recorded_status,
        effective_from=version.effective_from,
        ends_on=version.ends_on,
        superseded_from=min(later) if later else None,
    )


@dataclass
class VersionView:
    version: LocalAgreementVersion
    status: lifecycle.StatusAnswer


def versions_with_status(agreement, *, on):
    # Sorted here, not by the database, so a prefetched list (the agreements list) costs no query.
    versions = sorted(agreement.versions.all(), key=lambda v: v.number)
    return [VersionView(v, lifecycle.version_status(_version_dates(v, versions), on=on)) for v in versions]


def version_in_force(agreement, *, on):
    """The version in force (or in force and under review) on a day, or None."""
    for view in reversed(versions_with_status(agreement, on=on)):
        if view.status.status in (AgreementStatus.IN_FORCE, AgreementStatus.UNDER_REVIEW):
            return view.version
    return None


def journey_behind(agreement, *, today):
    """Whether the journey still follows another version than the one in force (until tonight's run applies it)."""
    if agreement is None:
        return False
    version = version_in_force(agreement, on=today)
    return (version.pk if version else None) != agreement.applied_version_id


def latest_version(agreement):
    return agreement.versions.order_by("-number").first()


def version_get(agreement, number):
    try:
        return agreement.versions.get(number=int(number))
    except (LocalAgreementVersion.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise Http404 from error


def version_contents(version):
    return {
        "contacts": list(version.contacts.select_related("organisation")),
        "route": [c for c in version.contacts.select_related("organisation") if c.escalation_order],
        "facilities": facility_checklist(version),
        "service_levels": list(version.service_levels.all()),
        "pdus": list(version.pdus.order_by("name")),
        "crs_providers": list(version.crs_providers.order_by("name")),
    }


def facility_checklist(version):
    """Every facility the national agreement requires, in its order, with this version's evidence."""
    lines = {line.facility: line for line in version.facilities.all()}
    return [{"facility": f, "line": lines.get(f.value)} for f in Facility]


def escalation_route_emails(prison, on_date):
    """E-mail addresses on the escalation route of the prison's local agreement in force on `on_date`, if any."""
    agreement = LocalAgreement.objects.filter(prison_id=getattr(prison, "pk", prison)).first()
    version = version_in_force(agreement, on=on_date) if agreement else None
    if version is None:
        return []
    return [contact.email for contact in version.contacts.all() if contact.escalation_order and contact.email]


@dataclass
class AgreementRow:
    prison: Organisation
    agreement: LocalAgreement | None
    version: LocalAgreementVersion | None
    status: lifecycle.StatusAnswer | None
    warnings: list = field(default_factory=list)


def local_agreement_list(*, user, today):
    """Each prison in scope that has an agreement, with the status of its latest version and any warnings."""
    prisons = prisons_visible_to(user)
    agreements = (
        LocalAgreement.objects.filter(prison__in=prisons)
        .select_related("prison")
        .prefetch_related("versions__jobcentre_district", "meetings__actions")
    )
    rows = []
    for agreement in agreements:
        views = versions_with_status(agreement, on=today)
        current = next(
            (
                v
                for v in reversed(views)
                if v.status.status
                in (
                    AgreementStatus.IN_FORCE,
                    AgreementStatus.UNDER_REVIEW,
                    AgreementStatus.SIGNED,
                    AgreementStatus.DRAFT,
                )
            ),
            views[-1] if views else None,
        )
        rows.append(
            AgreementRow(
                agreement.prison,
                agreement,
                current.version if current else None,
                current.status if current else None,
                local_warnings(current.version if current else None, today=today)
                + meeting_warnings(agreement, [v.version for v in views], today=today),
            )
        )
    return rows


def meeting_warnings(agreement, versions, *, today):
    """Missed quarters and overdue actions, from the agreement's prefetched meetings and versions."""
    meetings = list(agreement.meetings.all())
    started = [v.effective_from for v in versions if v.recorded_status != AgreementStatus.DRAFT and v.effective_from]
    missed = scheduling.missed_quarters(
        since=min(started) if started else None,
        today=today,
        quarters_held=quarters_with_meetings(meetings, held_only=True),
    )
    overdue = [
        a
        for m in meetings
        for a in m.actions.all()
        if scheduling.action_overdue(status=a.status, due_on=a.due_on, today=today)
    ]
    warnings = []
    if missed:
        warnings.append(
            lifecycle.Warning(
                "meetings",
                today,
                0,
                _("No meeting was held in: %(quarters)s.") % {"quarters": "; ".join(q.label for q in missed)},
            )
        )
    if overdue:
        warnings.append(
            lifecycle.Warning(
                "actions",
                today,
                0,
                ngettext("%(n)s action is overdue.", "%(n)s actions are overdue.", len(overdue)) % {"n": len(overdue)},
            )
        )
    return warnings


def local_warnings(version, *, today):
    """A local agreement's own end and review reminders (the national end is warned about on its own)."""
    if version is None:
        return []
    warnings = [
        lifecycle.expiry_warning(ends_on=version.ends_on, today=today),
        lifecycle.review_warning(review_on=version.review_on, today=today),
    ]
    return [w for w in warnings if w is not None]


def prisons_without_agreement(*, user):
    """Prisons in scope with no agreement yet, for those who may record one."""
    if not (_active(user) and user.role in (Role.PARTNERSHIP_MANAGER, Role.ADMINISTRATOR)):
        return Organisation.objects.none()
    return prisons_visible_to(user).filter(local_agreement__isnull=True).order_by("name")


# --- the national agreement --------------------------------------------------------


def national_versions():
    return list(NationalAgreementVersion.objects.order_by("number"))


def national_current(*, today):
    """The latest national version that has started by `today` (the last one stays in force until replaced)."""
    versions = national_versions()
    started = [v for v in versions if v.starts_on <= today]
    return (started or versions or [None])[-1]


def national_warning(*, today):
    versions = national_versions()
    if not versions:
        return None
    latest = versions[-1]
    return lifecycle.expiry_warning(ends_on=latest.ends_on, today=today, what=_("The National Partnership Agreement"))


def catalogue_for(version):
    return next((a for a in AGREEMENTS if a.code == version.catalogue), AGREEMENTS[-1])


@dataclass(frozen=True)
class Progress:
    done: int
    target: int
    why: str

    @property
    def met(self):
        return self.done >= self.target


def uc_claims_in_custody_progress():
    """Prisons starting UC claims in custody, against the 15 in the agreement (from the journey's prison settings)."""
    done = PrisonJourneySettings.objects.filter(starts_uc_claims_in_custody=True).count()
    return Progress(
        done,
        UC_CLAIMS_IN_CUSTODY_TARGET,
        _("Counted from each prison's journey settings: the prisons set to start Universal Credit claims in custody."),
    )


# --- meetings -----------------------------------------------------------------------


def meetings_for(agreement):
    """A local agreement's meetings, or the board's when `agreement` is None, newest first."""
    if agreement is None:
        return Meeting.objects.filter(agreement__isnull=True)
    return Meeting.objects.filter(agreement=agreement)


def meeting_get(*, user, meeting_id):
    """A meeting the user may read: the board's for national readers, a local one by its prison's scope."""
    if not may_read_agreements(user):
        raise PermissionDenied
    try:
        meeting = Meeting.objects.select_related("agreement__prison").get(pk=int(meeting_id))
    except (Meeting.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise Http404 from error
    if meeting.agreement is None:
        if not may_read_board(user):
            raise Http404
    elif not prisons_visible_to(user).filter(pk=meeting.agreement.prison_id).exists():
        raise Http404
    return meeting


def may_read_board(user):
    return _active(user) and (
        user.role in (Role.ADMINISTRATOR, Role.PARTNERSHIP_BOARD)
        or (user.role == Role.PARTNERSHIP_MANAGER and user.organisation.kind == OrganisationKind.NATIONAL)
    )


def may_manage_meeting(user, meeting):
    if meeting.agreement is None:
        return may_manage_board_meetings(user)
    return may_manage_prison(user, meeting.agreement.prison)


def quarters_with_meetings(meetings, *, held_only=False):
    quarters = set()
    for meeting in meetings:
        if meeting.status == MeetingStatus.CANCELLED or (held_only and meeting.status != MeetingStatus.HELD):
            continue
        try:
            quarters.add(Quarter.parse(meeting.quarter))
        except ValueError:
            continue
    return quarters


def meeting_overview(agreement, *, today):
    """Meetings with the suggestion for the next one and the quarters missed since the agreement took effect."""
    meetings = list(
        meetings_for(agreement)
        .annotate(open_action_count=Count("actions", filter=Q(actions__status=ActionStatus.OPEN)))
        .prefetch_related("actions")
    )
    first_day = None
    if agreement is not None:
        first_version = (
            agreement.versions.exclude(recorded_status=AgreementStatus.DRAFT)
            .exclude(effective_from__isnull=True)
            .order_by("effective_from")
            .first()
        )
        first_day = first_version.effective_from if first_version else None
    else:
        first = NationalAgreementVersion.objects.order_by("number").first()
        first_day = first.starts_on if first else None
    return {
        "meetings": meetings,
        "suggestion": scheduling.next_meeting(today=today, quarters_met=quarters_with_meetings(meetings)),
        "missed": scheduling.missed_quarters(
            since=first_day, today=today, quarters_held=quarters_with_meetings(meetings, held_only=True)
        ),
        "overdue_actions": [
            a
            for m in meetings
            for a in m.actions.all()
            if scheduling.action_overdue(status=a.status, due_on=a.due_on, today=today)
        ],
    }


def open_actions(agreement):
    return (
        MeetingAction.objects.filter(meeting__in=meetings_for(agreement), status=ActionStatus.OPEN)
        .select_related("meeting")
        .order_by("due_on", "id")
    )


# --- escalations --------------------------------------------------------------------


def may_raise_escalation(user):
    """A prison work coach raises a concern about their prison; a partnership manager about one of hers."""
    return _active(user) and user.role in (Role.PRISON_WORK_COACH, Role.PARTNERSHIP_MANAGER)


def prisons_to_raise_about(user):
    if not may_raise_escalation(user):
        return Organisation.objects.none()
    if user.role == Role.PRISON_WORK_COACH:
        return Organisation.objects.filter(pk=user.organisation_id)
    return prisons_visible_to(user).filter(active=True).order_by("name")


def may_name_a_person_in_escalation(user):
    """Only the prison's own work coach may name a case; a manager's role sees aggregates only."""
    return may_raise_escalation(user) and user.role == Role.PRISON_WORK_COACH


def may_read_escalations(user):
    """The board works with aggregates only: escalations are written by people about their work."""
    return may_read_agreements(user) and user.role != Role.PARTNERSHIP_BOARD


def escalations_visible_to(user):
    """Concerns raised under the agreements the user may read."""
    if not may_read_escalations(user):
        return PartnershipEscalation.objects.none()
    return PartnershipEscalation.objects.filter(prison__in=prisons_visible_to(user)).select_related("prison")


def escalation_get(*, user, escalation_id):
    if not may_read_escalations(user):
        raise PermissionDenied
    try:
        escalation = escalations_visible_to(user).get(pk=int(escalation_id))
    except (PartnershipEscalation.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise Http404 from error
    return escalation


def may_handle_escalation(user, escalation):
    return may_manage_prison(user, escalation.prison)


def escalation_case_for(user, escalation):
    """The escalation's case if this user may see it (the read audited), else None: never shown out of scope."""
    if escalation.case_id is None:
        return None
    case = cases_visible_to(user).filter(pk=escalation.case_id).first()
    if case is not None:
        audit.record(actor=user, action="case.read", subject=case, changes={"via": "partnership escalation"})
    return case


def open_escalations_for(prison):
    return PartnershipEscalation.objects.filter(prison=prison).exclude(status=EscalationStatus.RESOLVED)


# --- the meeting pack -----------------------------------------------------------------


@dataclass
class MeasureLine:
    key: str
    title: str
    how_computed: str
    this_quarter: str
    previous_quarter: str
    national: str


def _measure_lines(prison, quarter):
    """This prison's measures for the quarter beside the previous quarter and the national picture (suppressed)."""
    # The month counts are shared (cached) between the prison's and the national figures, as on the
    # measures pages: one national count per quarter, not three.
    now = measures_for(organisation=prison, start=quarter.start, end=quarter.end, cached=True)
    before = measures_for(organisation=prison, start=quarter.previous().start, end=quarter.previous().end, cached=True)
    country = measures_for(organisation=None, start=quarter.start, end=quarter.end, cached=True)
    before_by_key = {row.measure.key: row for row in before}
    country_by_key = {row.measure.key: row for row in country}
    return [
        MeasureLine(
            row.measure.key,
            str(row.measure.title),
            str(row.measure.how_computed),
            row.rate_text,
            before_by_key[row.measure.key].rate_text if row.measure.key in before_by_key else "",
            country_by_key[row.measure.key].rate_text if row.measure.key in country_by_key else "",
        )
        for row in now
    ]


def _overdue_touchpoints(prison, today):
    rows = (
        PlannedTouchpoint.objects.filter(work_to_do(today), case__prison=prison, due_on__lt=today)
        .values("code")
        .annotate(n=Count("id"))
        .order_by("code")
    )
    titles = {rule.code: str(rule.title) for agreement in AGREEMENTS for rule in agreement.rules}
    rows = list(rows)
    # Rounded along the codes' order (onward.disclosure). Codes reading "fewer than 5" are left out, so
    # which are listed says nothing the figures do not (a listed code would otherwise be at least 1).
    figures = figures_along([row["n"] for row in rows])
    return [
        {"code": row["code"], "title": titles.get(row["code"], row["code"]), "count": count}
        for row, count in zip(rows, figures, strict=True)
        if not count.suppressed
    ]


def _breached_handovers(prison, quarter, today):
    """Per jobcentre, this quarter's releases whose warm handover was not accepted in time, with how many still
    wait: each column rounded along the jobcentres' order (onward.disclosure), so no small count can be read off."""
    late = handover_selectors.late_releases_by_jobcentre(
        prison=prison, start=quarter.start, end=min(quarter.end, today), today=today
    )
    if not late:
        return []
    names = sorted(late)
    counts = figures_along([late[name]["late"] for name in names])
    waiting = figures_along([late[name]["still_waiting"] for name in names])
    # Jobcentres reading "fewer than 5" are left out, as for overdue touchpoints.
    return [
        {"jobcentre": name, "count": count, "open": still}
        for name, count, still in zip(names, counts, waiting, strict=True)
        if not count.suppressed
    ]


def meeting_pack(*, user, agreement, quarter, today):
    """What a quarterly meeting looks at, in plain words: no named person anywhere in it.

    The board sees how many escalations are open, not what they say (aggregates only).
    """
    prison = agreement.prison
    overview = meeting_overview(agreement, today=today)
    actions = list(open_actions(agreement))
    return {
        "prison": prison,
        "quarter": quarter,
        "today": today,
        "version": version_in_force(agreement, on=min(today, quarter.end)),
        "measures": _measure_lines(prison, quarter),
        "overdue_touchpoints": _overdue_touchpoints(prison, today),
        "breached_handovers": _breached_handovers(prison, quarter, today),
        "escalations": list(open_escalations_for(prison).order_by("raised_at")) if may_read_escalations(user) else None,
        "open_escalation_count": open_escalations_for(prison).count(),
        "actions": [
            {"action": a, "overdue": scheduling.action_overdue(status=a.status, due_on=a.due_on, today=today)}
            for a in actions
        ],
        "missed": overview["missed"],
    }


@dataclass(frozen=True)
class AgreementCoverage:
    """How far local agreements reach, and whether their quarterly meetings happen (counts of prisons)."""

    quarter: Quarter
    prisons: int
    in_force: int
    met: int

    how_computed = gettext_lazy(
        "Prisons: the open prisons the organisation's partnership work covers (every prison nationally; for a "
        "jobcentre district or probation region, the prisons whose agreements name it or whose area its "
        "jobcentres serve). In force: a version of the prison's local agreement is in force on the last day of "
        "the quarter (or today, if sooner). Met: of those, the agreements with a quarterly meeting recorded as "
        "held for the quarter. These count prisons, not people, so nothing is suppressed."
    )


def agreement_coverage(*, organisation, quarter, today):
    prisons = prisons_of(organisation).filter(active=True)
    on = min(quarter.end, today)
    agreements = LocalAgreement.objects.filter(prison__in=prisons).prefetch_related("versions", "meetings")
    in_force = met = 0
    for agreement in agreements:
        if version_in_force(agreement, on=on) is None:
            continue
        in_force += 1
        met += quarter in quarters_with_meetings(agreement.meetings.all(), held_only=True)
    return AgreementCoverage(quarter=quarter, prisons=prisons.count(), in_force=in_force, met=met)


@dataclass
class PrisonAtAGlance:
    prison: Organisation
    in_custody: object
    releasing_soon: object
    late_handovers: int
    open_concerns: int
    overdue_actions: int


def prisons_at_a_glance(*, user, today):
    """A partnership manager's own prisons: who is there and leaving, and what waits on the partnership.

    People are counted with disclosure control (her role sees no named person); the late handovers, open
    concerns and overdue actions are each the length of the list they link to, which she reads anyway.
    """
    if user.role != Role.PARTNERSHIP_MANAGER:
        return [], {}
    prisons = list(prisons_visible_to(user).filter(active=True).order_by("name"))
    rows, totals = prison_figures(prisons, today=today)
    late = dict(
        handover_selectors.escalations_visible_to(user)
        .filter(handover__case__prison__in=prisons)
        .values_list("handover__case__prison_id")
        .annotate(n=Count("id"))
        .values_list("handover__case__prison_id", "n")
    )
    concerns = dict(
        escalations_visible_to(user)
        .filter(prison__in=prisons)
        .exclude(status=EscalationStatus.RESOLVED)
        .values_list("prison_id")
        .annotate(n=Count("id"))
        .values_list("prison_id", "n")
    )
    overdue = dict(
        MeetingAction.objects.filter(meeting__agreement__prison__in=prisons, status=ActionStatus.OPEN, due_on__lt=today)
        .values_list("meeting__agreement__prison_id")
        .annotate(n=Count("id"))
        .values_list("meeting__agreement__prison_id", "n")
    )
    glance = [
        PrisonAtAGlance(
            prison=row["prison"],
            in_custody=row["in_custody"],
            releasing_soon=row["releasing_soon"],
            late_handovers=late.get(row["prison"].pk, 0),
            open_concerns=concerns.get(row["prison"].pk, 0),
            overdue_actions=overdue.get(row["prison"].pk, 0),
        )
        for row in rows
    ]
    return glance, totals
