"""Handover and referral pages: the receivers' inboxes, a handover or referral and its steps,
sending one, escalations."""

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from onward.accounts.constants import Role
from onward.audit import services as audit
from onward.cases.selectors import case_get
from onward.estate import selectors as estate_selectors
from onward.handover import selectors, services
from onward.handover.constants import OPEN_STATUSES, HandoverStatus, ReferralKind
from onward.handover.deadlines import acceptance_is_late
from onward.handover.forms import (
    CompleteForm,
    ReferralCompleteForm,
    ReferralRejectForm,
    ReferralRevokeForm,
    ReferralSendForm,
    RejectForm,
    RevokeForm,
    SendForm,
)
from onward.journey import selectors as journey_selectors
from onward.pages.tables import paged

INBOX_PAGE_SIZE = 25


def _inbox_tabs(request, shows, list_for):
    """One tab per view of an inbox, each with its count: the count is the length of the list it opens."""
    tabs = []
    for value, label in selectors.InboxShows.choices:
        tabs.append(
            {
                "label": label,
                "count": list_for(value).count(),
                "href": request.path if value == selectors.InboxShows.OPEN else f"{request.path}?shows={value}",
                "current": value == shows,
            }
        )
    return tabs


def _shows(request):
    shows = request.GET.get("shows", selectors.InboxShows.OPEN)
    return shows if shows in selectors.InboxShows.values else selectors.InboxShows.OPEN


@login_required
def inbox(request):
    if request.user.role != Role.JOBCENTRE_WORK_COACH:
        raise PermissionDenied
    shows, today = _shows(request), date.today()

    def list_for(value):
        return selectors.handover_inbox(request.user, shows=value, today=today)

    paging, _query = paged(request, list_for(shows), INBOX_PAGE_SIZE)
    handovers = list(paging["page"].object_list)
    audit.record(
        actor=request.user,
        action="handover.inbox",
        changes={"cases": [h.case_id for h in handovers]},
        people=[h.case.person.prison_number for h in handovers],
    )
    return render(
        request,
        "handover/inbox.html",
        {"handovers": handovers, "tabs": _inbox_tabs(request, shows, list_for), "shows": shows, **paging},
    )


@login_required
@require_http_methods(["GET", "POST"])
def send(request, case_id):
    case = case_get(user=request.user, case_id=case_id)
    if not selectors.may_send(request.user, case):
        raise PermissionDenied
    form = SendForm(request.POST or None, choice=estate_selectors.jobcentres_for_area(case.release_area))
    if request.method == "POST" and form.is_valid():
        try:
            handover = services.handover_send(
                actor=request.user,
                case=case,
                jobcentre=form.cleaned_data["jobcentre"],
                needs=form.cleaned_data["needs"],
                shared_notes=form.cleaned_data["shared_notes"],
                person_agreed_to_share=form.cleaned_data["person_agreed_to_share"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Warm handover sent to %(jobcentre)s") % {"jobcentre": handover.jobcentre.name})
            return redirect("handover:detail", handover_id=handover.pk)
    return render(
        request,
        "handover/send.html",
        {"case": case, "form": form, "touchpoint": journey_selectors.case_touchpoint(case, "warm-handover")},
    )


@dataclass(frozen=True)
class ClosedLoop:
    """What differs between a handover's page and a referral's: the rest of the loop is the same."""

    template: str
    url_name: str
    forms: tuple  # reject, complete and revoke form classes
    steps: dict  # action -> service(actor, record, **cleaned_data)
    accepted: str
    updated: str
    deadline: str  # the record's field holding the date it should be accepted by


HANDOVER_LOOP = ClosedLoop(
    template="handover/detail.html",
    url_name="handover:detail",
    forms=(RejectForm, CompleteForm, RevokeForm),
    steps={
        "accept": lambda actor, record: services.handover_accept(actor=actor, handover=record),
        "reject": lambda actor, record, **step: services.handover_reject(actor=actor, handover=record, **step),
        "complete": lambda actor, record, **step: services.handover_complete(actor=actor, handover=record, **step),
        "revoke": lambda actor, record, **step: services.handover_revoke(actor=actor, handover=record, **step),
    },
    accepted=gettext_lazy("Handover accepted"),
    updated=gettext_lazy("Handover updated"),
    deadline="accept_by",
)
REFERRAL_LOOP = ClosedLoop(
    template="handover/referral_detail.html",
    url_name="handover:referral",
    forms=(ReferralRejectForm, ReferralCompleteForm, ReferralRevokeForm),
    steps={
        "accept": lambda actor, record: services.referral_accept(actor=actor, referral=record),
        "reject": lambda actor, record, **step: services.referral_reject(actor=actor, referral=record, **step),
        "complete": lambda actor, record, **step: services.referral_complete(actor=actor, referral=record, **step),
        "revoke": lambda actor, record, **step: services.referral_revoke(actor=actor, referral=record, **step),
    },
    accepted=gettext_lazy("Referral accepted"),
    updated=gettext_lazy("Referral updated"),
    deadline="respond_by",
)


def _closed_loop_page(request, record, loop, *, receiver, context_name):
    """A handover or referral and the steps this user may take on it now."""
    sender = selectors.is_sender(request.user, record.case)
    reject_form, complete_form, revoke_form = loop.forms
    forms = {
        "reject": reject_form(prefix="reject") if receiver and record.status == HandoverStatus.SENT else None,
        "complete": complete_form(prefix="complete") if receiver and record.status == HandoverStatus.ACCEPTED else None,
        "revoke": revoke_form(prefix="revoke") if sender and record.status in OPEN_STATUSES else None,
    }
    if request.method == "POST":
        taken = _take_step(request, record, forms=forms, receiver=receiver, steps=loop.steps)
        if taken:
            messages.success(
                request,
                loop.accepted if taken == "accept" else _("Checked: still right") if taken == "check" else loop.updated,
            )
            return redirect(loop.url_name, record.pk)
    return render(
        request,
        loop.template,
        {
            context_name: record,
            "case": record.case,
            "receiver": receiver,
            "may_check": bool(record.flagged_reason) and selectors.may_check_flag(request.user, record),
            "forms": forms,
            "form": next((f for f in forms.values() if f is not None and f.errors), None),
            "late": acceptance_is_late(
                accept_by=getattr(record, loop.deadline),
                accepted_on=record.accepted_at.date() if record.accepted_at else None,
                today=date.today(),
            ),
        },
    )


def _take_step(request, record, *, forms, receiver, steps):
    """Run the posted step through its service. The step taken, or None: then its form carries the errors."""
    action = request.POST.get("action")
    try:
        if action == "accept" and receiver:
            steps["accept"](request.user, record)
            return action
        if action == "check":
            services.handover_flag_check(actor=request.user, record=record)
            return action
        if action not in forms or forms[action] is None:
            raise PermissionDenied
        form = type(forms[action])(request.POST, prefix=action)
        forms[action] = form
        if form.is_valid():
            steps[action](request.user, record, **form.cleaned_data)
            return action
    except ValidationError as error:
        if action == "check":
            return None  # checked in another tab meanwhile: the page shows it so
        if forms.get(action) is None:
            raise PermissionDenied from error
        forms[action].add_service_errors(error)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def detail(request, handover_id):
    handover = selectors.handover_get(user=request.user, handover_id=handover_id)
    receiver = selectors.is_receiver(request.user, handover)
    return _closed_loop_page(request, handover, HANDOVER_LOOP, receiver=receiver, context_name="handover")


@login_required
def referral_inbox(request):
    if request.user.role not in selectors.REFERRAL_RECEIVER_ROLES.values():
        raise PermissionDenied
    shows, today = _shows(request), date.today()

    def list_for(value):
        return selectors.referral_inbox(request.user, shows=value, today=today)

    paging, _query = paged(request, list_for(shows), INBOX_PAGE_SIZE)
    referrals = list(paging["page"].object_list)
    audit.record(
        actor=request.user,
        action="referral.inbox",
        changes={"cases": [r.case_id for r in referrals]},
        people=[r.case.person.prison_number for r in referrals],
    )
    return render(
        request,
        "handover/referral_inbox.html",
        {"referrals": referrals, "tabs": _inbox_tabs(request, shows, list_for), "shows": shows, **paging},
    )


@login_required
def needs_action(request):
    """Every open handover and referral a case changed under, on cases the user sees: newest flag first."""
    flagged = selectors.flagged_for(request.user, limit=None)
    audit.record(
        actor=request.user,
        action="handover.needs_action",
        changes={"cases": [r.case_id for r in flagged]},
        people=[r.case.person.prison_number for r in flagged],
    )
    return render(request, "handover/needs_action.html", {"flagged": flagged})


@login_required
@require_http_methods(["GET", "POST"])
def referral_send(request, case_id, kind):
    if kind not in ReferralKind.values:
        raise Http404
    case = case_get(user=request.user, case_id=case_id)
    if not selectors.may_refer(request.user, case):
        raise PermissionDenied
    form = ReferralSendForm(
        request.POST or None,
        receivers=selectors.referral_receivers(case, kind),
        with_service=kind == ReferralKind.CRS,
    )
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_send(
                actor=request.user,
                case=case,
                kind=kind,
                receiver=form.cleaned_data["receiver"],
                service=form.cleaned_data.get("service", ""),
                reason=form.cleaned_data["reason"],
                shared_notes=form.cleaned_data["shared_notes"],
                person_agreed_to_share=form.cleaned_data["person_agreed_to_share"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Referral sent to %(receiver)s") % {"receiver": referral.receiver.name})
            return redirect("handover:referral", referral_id=referral.pk)
    return render(request, "handover/referral_send.html", {"case": case, "form": form, "kind": ReferralKind(kind)})


@login_required
@require_http_methods(["GET", "POST"])
def referral_detail(request, referral_id):
    referral = selectors.referral_get(user=request.user, referral_id=referral_id)
    receiver = selectors.is_referral_receiver(request.user, referral)
    return _closed_loop_page(request, referral, REFERRAL_LOOP, receiver=receiver, context_name="referral")


@login_required
def escalations(request):
    if not selectors.may_view_late_handovers(request.user):
        raise PermissionDenied
    escalations = selectors.escalations_visible_to(request.user)
    prison = (request.GET.get("prison") or "").strip().upper()[:10]
    if prison:
        escalations = escalations.filter(handover__case__prison__code=prison)
    return render(request, "handover/escalations.html", {"escalations": escalations, "prison": prison})
