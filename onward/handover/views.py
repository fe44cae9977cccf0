"""Handover pages: the jobcentre's inbox, a handover and its steps, sending one, escalations."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from onward.accounts.constants import Role
from onward.audit import services as audit
from onward.cases.selectors import case_get
from onward.estate import selectors as estate_selectors
from onward.handover import selectors, services
from onward.handover.constants import HandoverStatus
from onward.handover.deadlines import acceptance_is_late
from onward.handover.forms import CompleteForm, RejectForm, RevokeForm, SendForm


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
    return render(request, "handover/send.html", {"case": case, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def detail(request, handover_id):
    handover = selectors.handover_get(user=request.user, handover_id=handover_id)
    user = request.user
    receiver = selectors.is_receiver(user, handover)
    sender = selectors.is_sender(user, handover.case)
    forms = {
        "reject": RejectForm(prefix="reject") if receiver and handover.status == HandoverStatus.SENT else None,
        "complete": CompleteForm(prefix="complete")
        if receiver and handover.status == HandoverStatus.ACCEPTED
        else None,
        "revoke": RevokeForm(prefix="revoke")
        if sender and handover.status in (HandoverStatus.SENT, HandoverStatus.ACCEPTED)
        else None,
    }
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept" and receiver:
                services.handover_accept(actor=user, handover=handover)
                messages.success(request, _("Handover accepted"))
                return redirect("handover:detail", handover_id=handover.pk)
            if action in forms and forms[action] is not None:
                form = type(forms[action])(request.POST, prefix=action)
                forms[action] = form
                if form.is_valid():
                    if action == "reject":
                        services.handover_reject(actor=user, handover=handover, **form.cleaned_data)
                    elif action == "complete":
                        services.handover_complete(actor=user, handover=handover, **form.cleaned_data)
                    else:
                        services.handover_revoke(actor=user, handover=handover, **form.cleaned_data)
                    messages.success(request, _("Handover updated"))
                    return redirect("handover:detail", handover_id=handover.pk)
            elif action != "accept" or not receiver:
                raise PermissionDenied
        except ValidationError as error:
            target = forms.get(action)
            if target is None:
                raise PermissionDenied from error
            target.add_service_errors(error)
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
def escalations(request):
    if request.user.role != Role.PARTNERSHIP_MANAGER:
        raise PermissionDenied
    return render(request, "handover/escalations.html", {"escalations": selectors.escalations_visible_to(request.user)})
