"""Handover and referral pages: the receivers' inboxes, a handover or referral and its steps,
sending one, escalations."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
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


@login_required
def inbox(request):
    if request.user.role != Role.JOBCENTRE_WORK_COACH:
        raise PermissionDenied
    handovers = list(selectors.handover_inbox(request.user))
    audit.record(actor=request.user, action="handover.inbox", changes={"cases": [h.case_id for h in handovers]})
    return render(request, "handover/inbox.html", {"handovers": handovers})


@login_required
@require_http_methods(["GET", "POST"])
def send(request, case_id):
    case = case_get(user=request.user, case_id=case_id)
    if not selectors.may_send(request.user, case):
        raise PermissionDenied
    form = SendForm(request.POST or None, jobcentres=estate_selectors.jobcentres_serving(case.release_area))
    if request.method == "POST" and form.is_valid():
        try:
            handover = services.handover_send(
                actor=request.user,
                case=case,
                jobcentre=form.cleaned_data["jobcentre"],
                needs=form.cleaned_data["needs"],
                shared_notes=form.cleaned_data["shared_notes"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Warm handover sent to %(jobcentre)s") % {"jobcentre": handover.jobcentre.name})
            return redirect("handover:detail", handover_id=handover.pk)
    return render(
        request,
        "handover/send.html",
        {"case": case, "form": form, "accept_within": selectors.accept_within(case, date.today())},
    )


def _step_forms(record, *, receiver, sender, reject_form, complete_form, revoke_form):
    """The forms for the steps this user may take now; the receiver's accept needs no form."""
    return {
        "reject": reject_form(prefix="reject") if receiver and record.status == HandoverStatus.SENT else None,
        "complete": complete_form(prefix="complete") if receiver and record.status == HandoverStatus.ACCEPTED else None,
        "revoke": revoke_form(prefix="revoke") if sender and record.status in OPEN_STATUSES else None,
    }


def _take_step(request, record, *, forms, receiver, steps):
    """Run the posted step through its service. The step taken, or None: then its form carries the errors.

    `steps` maps each action to the service that takes it: accept(actor, record),
    reject/complete/revoke(actor, record, **cleaned_data).
    """
    action = request.POST.get("action")
    try:
        if action == "accept" and receiver:
            steps["accept"](request.user, record)
            return action
        if action not in forms or forms[action] is None:
            raise PermissionDenied
        form = type(forms[action])(request.POST, prefix=action)
        forms[action] = form
        if form.is_valid():
            steps[action](request.user, record, **form.cleaned_data)
            return action
    except ValidationError as error:
        if forms.get(action) is None:
            raise PermissionDenied from error
        forms[action].add_service_errors(error)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def detail(request, handover_id):
    handover = selectors.handover_get(user=request.user, handover_id=handover_id)
    receiver = selectors.is_receiver(request.user, handover)
    forms = _step_forms(
        handover,
        receiver=receiver,
        sender=selectors.is_sender(request.user, handover.case),
        reject_form=RejectForm,
        complete_form=CompleteForm,
        revoke_form=RevokeForm,
    )
    if request.method == "POST":
        steps = {
            "accept": lambda user, h: services.handover_accept(actor=user, handover=h),
            "reject": lambda user, h, **step: services.handover_reject(actor=user, handover=h, **step),
            "complete": lambda user, h, **step: services.handover_complete(actor=user, handover=h, **step),
            "revoke": lambda user, h, **step: services.handover_revoke(actor=user, handover=h, **step),
        }
        taken = _take_step(request, handover, forms=forms, receiver=receiver, steps=steps)
        if taken:
            messages.success(request, _("Handover accepted") if taken == "accept" else _("Handover updated"))
            return redirect("handover:detail", handover_id=handover.pk)
    error_form = next((f for f in forms.values() if f is not None and f.errors), None)
    return render(
        request,
        "handover/detail.html",
        {
            "handover": handover,
            "case": handover.case,
            "receiver": receiver,
            "forms": forms,
            "form": error_form,
            "late": acceptance_is_late(
                accept_by=handover.accept_by,
                accepted_on=handover.accepted_at.date() if handover.accepted_at else None,
                today=date.today(),
            ),
        },
    )


@login_required
def referral_inbox(request):
    if request.user.role not in selectors.REFERRAL_RECEIVER_ROLES.values():
        raise PermissionDenied
    referrals = list(selectors.referral_inbox(request.user))
    audit.record(actor=request.user, action="referral.inbox", changes={"cases": [r.case_id for r in referrals]})
    return render(request, "handover/referral_inbox.html", {"referrals": referrals})


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
    forms = _step_forms(
        referral,
        receiver=receiver,
        sender=selectors.is_sender(request.user, referral.case),
        reject_form=ReferralRejectForm,
        complete_form=ReferralCompleteForm,
        revoke_form=ReferralRevokeForm,
    )
    if request.method == "POST":
        steps = {
            "accept": lambda user, r: services.referral_accept(actor=user, referral=r),
            "reject": lambda user, r, **step: services.referral_reject(actor=user, referral=r, **step),
            "complete": lambda user, r, **step: services.referral_complete(actor=user, referral=r, **step),
            "revoke": lambda user, r, **step: services.referral_revoke(actor=user, referral=r, **step),
        }
        taken = _take_step(request, referral, forms=forms, receiver=receiver, steps=steps)
        if taken:
            messages.success(request, _("Referral accepted") if taken == "accept" else _("Referral updated"))
            return redirect("handover:referral", referral_id=referral.pk)
    error_form = next((f for f in forms.values() if f is not None and f.errors), None)
    return render(
        request,
        "handover/referral_detail.html",
        {
            "referral": referral,
            "case": referral.case,
            "receiver": receiver,
            "forms": forms,
            "form": error_form,
            "late": acceptance_is_late(
                accept_by=referral.respond_by,
                accepted_on=referral.accepted_at.date() if referral.accepted_at else None,
                today=date.today(),
            ),
        },
    )


@login_required
def escalations(request):
    if request.user.role != Role.PARTNERSHIP_MANAGER:
        raise PermissionDenied
    return render(request, "handover/escalations.html", {"escalations": selectors.escalations_visible_to(request.user)})
