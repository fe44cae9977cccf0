"""Partnership pages: read through the selectors, write through the services, render."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onward.audit import services as audit
from onward.concurrency import StaleVersion
from onward.estate.constants import OrganisationKind
from onward.estate.models import Organisation
from onward.handover import selectors as handover_selectors
from onward.insights.periods import Quarter
from onward.partnerships import national, scheduling, selectors, services
from onward.partnerships.constants import ActionStatus, EscalationStatus, MeetingStatus
from onward.partnerships.exports import meeting_pack_workbook
from onward.partnerships.forms import (
    ActionForm,
    ContactForm,
    EscalationForm,
    EscalationNoteForm,
    InForceOnForm,
    LocalAgreementForm,
    MeetingForm,
    MeetingRecordForm,
    NationalDecisionForm,
    PackQuarterForm,
    RemoveContactForm,
)
from onward.partnerships.models import LocalAgreement, MeetingAction
from onward.partnerships.service_levels import describe_timing, open_timings


def _reader(request):
    if not selectors.may_read_agreements(request.user):
        raise PermissionDenied


def _agreement(prison):
    return LocalAgreement.objects.filter(prison=prison).first()


# --- lists and the national agreement ------------------------------------------------------


@login_required
@require_GET
def agreement_list(request):
    _reader(request)
    today = date.today()
    return render(
        request,
        "partnerships/list.html",
        {
            "national": selectors.national_current(today=today),
            "national_warnings": [selectors.national_warning(today=today)],
            "rows": selectors.local_agreement_list(user=request.user, today=today),
            "without": selectors.prisons_without_agreement(user=request.user),
            "may_read_board": selectors.may_read_board(request.user),
            "may_read_escalations": selectors.may_read_escalations(request.user),
            "may_raise": selectors.may_raise_escalation(request.user),
            "may_view_late_handovers": handover_selectors.may_view_late_handovers(request.user),
        },
    )


@login_required
@require_GET
def national_detail(request):
    _reader(request)
    today = date.today()
    current = selectors.national_current(today=today)
    catalogue = selectors.catalogue_for(current) if current else national.CATALOGUE
    return render(
        request,
        "partnerships/national.html",
        {
            "current": current,
            "versions": selectors.national_versions(),
            "warnings": [selectors.national_warning(today=today)],
            "partners": national.PARTNERS,
            "governance": national.GOVERNANCE,
            "signatories": national.SIGNATORIES,
            "commitments": [(c, national.touchpoints_for(c, catalogue)) for c in national.COMMITMENTS],
            "obligations": [(o, national.touchpoints_for(o, catalogue)) for o in national.OBLIGATIONS],
            "progress": selectors.uc_claims_in_custody_progress(),
            "may_decide": selectors.may_decide_national(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def national_decide(request):
    if not selectors.may_decide_national(request.user):
        raise PermissionDenied
    form = NationalDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.national_agreement_decide(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Decision recorded as a new version of the national agreement"))
            return redirect("partnerships:national")
    current = selectors.national_current(today=date.today())
    return render(request, "partnerships/national_decide.html", {"form": form, "current": current})


# --- local agreements -----------------------------------------------------------------------


@login_required
@require_GET
def local_detail(request, prison_code):
    prison = selectors.prison_get(user=request.user, prison_code=prison_code)
    agreement = _agreement(prison)
    today = date.today()
    on_form = InForceOnForm(request.GET if any(key.startswith("on_") for key in request.GET) else None)
    on_day, asked = today, False
    if on_form.is_bound and on_form.is_valid():
        on_day, asked = on_form.cleaned_data["on"], True
    views = selectors.versions_with_status(agreement, on=today) if agreement else []
    version = selectors.version_in_force(agreement, on=on_day) if agreement else None
    shown = version or (None if asked else (selectors.latest_version(agreement) if agreement else None))
    context = {
        "prison": prison,
        "agreement": agreement,
        "versions": views,
        "version": shown,
        "in_force": version,
        "on_day": on_day,
        "asked": asked,
        "form": on_form,
        "may_manage": selectors.may_manage_prison(request.user, prison),
        "may_raise": selectors.may_raise_escalation(request.user) and request.user.organisation_id == prison.pk,
        "journey_behind": selectors.journey_behind(agreement, today=today),
        "warnings": [selectors.national_warning(today=today)]
        + (selectors.local_warnings(shown, today=today) if shown and not asked else []),
        "status": next((v.status for v in views if shown and v.version.pk == shown.pk), None),
    }
    if shown:
        context.update(selectors.version_contents(shown))
        context["service_level_rows"] = _service_level_rows(shown)
    return render(request, "partnerships/local.html", context, status=400 if on_form.errors else 200)


def _service_level_rows(version):
    titles = {t.key: t for t in open_timings()}
    rows = []
    for level in version.service_levels.all():
        timing = titles.get(f"{level.code}:{level.which}")
        rows.append(
            {
                "title": timing.title if timing else level.code,
                "which": _("Opens") if level.which == "opens" else _("Due"),
                "local": describe_timing(level.anchor, level.months, level.weeks, level.working_days),
                "national": timing.national.describe() if timing else "",
            }
        )
    return rows


@login_required
@require_GET
def version_detail(request, prison_code, number):
    prison = selectors.prison_get(user=request.user, prison_code=prison_code)
    agreement = _agreement(prison)
    if agreement is None:
        raise Http404
    version = selectors.version_get(agreement, number)
    views = selectors.versions_with_status(agreement, on=date.today())
    return render(
        request,
        "partnerships/version.html",
        {
            "prison": prison,
            "agreement": agreement,
            "version": version,
            "status": next(v.status for v in views if v.version.pk == version.pk),
            "service_level_rows": _service_level_rows(version),
            **selectors.version_contents(version),
        },
    )


def _managed_prison(request, prison_code):
    prison = selectors.prison_get(user=request.user, prison_code=prison_code)
    if not selectors.may_manage_prison(request.user, prison):
        raise PermissionDenied
    return prison


def _pdu_choices(values):
    regions = {o.parent_id for o in values.get("pdus", ()) if o.parent_id}
    pdus = Organisation.objects.filter(kind=OrganisationKind.PDU, active=True)
    return pdus.filter(parent__in=regions) if regions else pdus


@login_required
@require_http_methods(["GET", "POST"])
def local_edit(request, prison_code):
    prison = _managed_prison(request, prison_code)
    agreement = _agreement(prison)
    latest = selectors.latest_version(agreement) if agreement else None
    values = services.version_values(latest) if latest else {}
    form = LocalAgreementForm(
        request.POST or None, initial=LocalAgreementForm.initial_from(values), pdu_choices=_pdu_choices(values)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {
            name: data[name]
            for name in (
                "recorded_status",
                "jobcentre_district",
                "signatories",
                "signed_on",
                "effective_from",
                "ends_on",
                "review_on",
                "handover_accept_working_days",
                "facilities",
                "service_levels",
            )
        }
        changes["pdus"] = list(data["pdus"])
        changes["crs_providers"] = list(data["crs_providers"])
        try:
            if agreement is None:
                version = services.local_agreement_version_create(
                    actor=request.user,
                    prison=prison,
                    values={**changes, "contacts": [], "change_reason": data["change_reason"]},
                )
            else:
                version = services.local_agreement_revise(
                    actor=request.user, agreement=agreement, changes=changes, change_reason=data["change_reason"]
                )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Version %(n)s recorded") % {"n": version.number})
            return redirect("partnerships:local", prison_code=prison.code)
    return render(
        request, "partnerships/local_edit.html", {"prison": prison, "form": form, "latest": latest, "values": values}
    )


@login_required
@require_http_methods(["GET", "POST"])
def contacts_edit(request, prison_code):
    prison = _managed_prison(request, prison_code)
    agreement = _agreement(prison)
    latest = selectors.latest_version(agreement) if agreement else None
    if latest is None:
        raise Http404
    values = services.version_values(latest)
    organisations = Organisation.objects.filter(
        pk__in=[prison.pk, latest.jobcentre_district_id]
        + [o.pk for o in values["pdus"]]
        + [o.pk for o in values["crs_providers"]]
    )
    form = ContactForm(
        request.POST or None if request.POST.get("action") != "remove" else None, organisations=organisations
    )
    remove_form = RemoveContactForm(request.POST if request.POST.get("action") == "remove" else None, prefix="remove")
    remove_index = None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "remove":
                index = remove_index = _contact_index(request.POST.get("contact"), values["contacts"])
                if remove_form.is_valid():
                    contacts = [c for i, c in enumerate(values["contacts"]) if i != index]
                    services.local_agreement_revise(
                        actor=request.user,
                        agreement=agreement,
                        changes={"contacts": contacts},
                        change_reason=remove_form.cleaned_data["change_reason"],
                    )
                    messages.success(request, _("Contact removed in a new version"))
                    return redirect("partnerships:contacts", prison_code=prison.code)
            elif form.is_valid():
                data = form.cleaned_data
                contact = {k: data[k] for k in ("name", "role", "organisation", "email", "phone", "escalation_order")}
                services.local_agreement_revise(
                    actor=request.user,
                    agreement=agreement,
                    changes={"contacts": [*values["contacts"], contact]},
                    change_reason=data["change_reason"],
                )
                messages.success(request, _("Contact added in a new version"))
                return redirect("partnerships:contacts", prison_code=prison.code)
        except ValidationError as error:
            (remove_form if request.POST.get("action") == "remove" else form).add_service_errors(error)
    return render(
        request,
        "partnerships/contacts.html",
        {
            "prison": prison,
            "version": latest,
            "contacts": list(latest.contacts.select_related("organisation")),
            "form": form if form.errors or not remove_form.errors else remove_form,
            "add_form": form,
            "remove_form": remove_form,
            "remove_index": remove_index,
            "remove_error": next(iter(m for errors in remove_form.errors.values() for m in errors), ""),
        },
    )


def _contact_index(raw, contacts):
    try:
        index = int(raw)
    except (TypeError, ValueError) as error:
        raise Http404 from error
    if not 0 <= index < len(contacts):
        raise Http404
    return index


# --- meetings ---------------------------------------------------------------------------


def _meeting_target(request, prison_code):
    """(prison or None, agreement or None) for a local agreement's meetings or the board's."""
    if prison_code is None:
        if not selectors.may_read_board(request.user):
            raise PermissionDenied
        return None, None
    prison = selectors.prison_get(user=request.user, prison_code=prison_code)
    agreement = _agreement(prison)
    if agreement is None:
        raise Http404
    return prison, agreement


@login_required
@require_GET
def meeting_list(request, prison_code=None):
    prison, agreement = _meeting_target(request, prison_code)
    today = date.today()
    may_manage = (
        selectors.may_manage_prison(request.user, prison)
        if prison
        else selectors.may_manage_board_meetings(request.user)
    )
    return render(
        request,
        "partnerships/meetings.html",
        {
            "prison": prison,
            "today": today,
            "may_manage": may_manage,
            **selectors.meeting_overview(agreement, today=today),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_schedule(request, prison_code=None):
    prison, agreement = _meeting_target(request, prison_code)
    allowed = (
        selectors.may_manage_prison(request.user, prison)
        if prison
        else selectors.may_manage_board_meetings(request.user)
    )
    if not allowed:
        raise PermissionDenied
    today = date.today()
    suggestion = selectors.meeting_overview(agreement, today=today)["suggestion"]
    form = MeetingForm(
        request.POST or None,
        initial={"quarter": str(suggestion.quarter), "scheduled_for": suggestion.on},
        first_quarter=Quarter.containing(today),
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_schedule(actor=request.user, agreement=agreement, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, _("Meeting scheduled for %(quarter)s") % {"quarter": Quarter.parse(meeting.quarter).label}
            )
            return redirect("partnerships:meeting", meeting_id=meeting.pk)
    return render(
        request, "partnerships/meeting_schedule.html", {"prison": prison, "form": form, "suggestion": suggestion}
    )


def _meeting_record_values(meeting):
    fields = ("status", "attendees", "minutes", "decisions")
    return {name: getattr(meeting, name) for name in fields} | {"version": meeting.version}


@login_required
@require_http_methods(["GET", "POST"])
def meeting_detail(request, meeting_id):
    meeting = selectors.meeting_get(user=request.user, meeting_id=meeting_id)
    may_manage = selectors.may_manage_meeting(request.user, meeting)
    action = request.POST.get("action")
    record_form = MeetingRecordForm(
        request.POST if action == "record" else None,
        prefix="record",
        initial=_meeting_record_values(meeting),
    )
    action_form = ActionForm(request.POST if action == "add-action" else None, prefix="action")
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        try:
            if action == "record" and record_form.is_valid():
                try:
                    services.meeting_record(actor=request.user, meeting=meeting, **record_form.service_values())
                except StaleVersion:
                    now = selectors.meeting_get(user=request.user, meeting_id=meeting_id)
                    record_form.crossed(_meeting_record_values(now), version=now.version)
                else:
                    messages.success(request, _("Meeting record saved"))
                    return redirect("partnerships:meeting", meeting_id=meeting.pk)
            if action == "add-action" and action_form.is_valid():
                services.action_add(actor=request.user, meeting=meeting, **action_form.cleaned_data)
                messages.success(request, _("Action added"))
                return redirect("partnerships:meeting", meeting_id=meeting.pk)
            if action == "close-action":
                item = _meeting_action(meeting, request.POST.get("item"))
                if request.POST.get("status") not in ActionStatus.values:
                    raise BadRequest(_("Choose done, no longer needed, or open"))
                services.action_close(actor=request.user, action=item, status=request.POST.get("status"))
                messages.success(request, _("Action updated"))
                return redirect("partnerships:meeting", meeting_id=meeting.pk)
            if action not in ("record", "add-action"):
                raise PermissionDenied
        except ValidationError as error:
            (record_form if action == "record" else action_form).add_service_errors(error)
    today = date.today()
    error_form = next((f for f in (record_form, action_form) if f.errors), None)
    return render(
        request,
        "partnerships/meeting.html",
        {
            "meeting": meeting,
            "quarter": Quarter.parse(meeting.quarter),
            "actions": [
                {"action": a, "overdue": scheduling.action_overdue(status=a.status, due_on=a.due_on, today=today)}
                for a in meeting.actions.all()
            ],
            "may_manage": may_manage,
            "record_form": record_form,
            "action_form": action_form,
            "form": error_form,
            "statuses": MeetingStatus,
        },
    )


def _meeting_action(meeting, raw):
    try:
        return meeting.actions.get(pk=int(raw))
    except (MeetingAction.DoesNotExist, TypeError, ValueError, OverflowError) as error:
        raise Http404 from error


# --- the meeting pack -------------------------------------------------------------------


def _pack(request, prison_code):
    prison = selectors.prison_get(user=request.user, prison_code=prison_code)
    agreement = _agreement(prison)
    if agreement is None:
        raise Http404
    today = date.today()
    latest = Quarter.containing(today)
    form = PackQuarterForm(request.GET if "quarter" in request.GET else None, latest=latest)
    quarter = latest.previous()
    if form.is_bound and form.is_valid():
        quarter = form.cleaned_data["quarter"]
    elif not form.is_bound:
        form = PackQuarterForm(initial={"quarter": str(quarter)}, latest=latest)
    return prison, agreement, form, quarter, today


@login_required
@require_GET
def meeting_pack(request, prison_code):
    prison, agreement, form, quarter, today = _pack(request, prison_code)
    pack = (
        selectors.meeting_pack(user=request.user, agreement=agreement, quarter=quarter, today=today)
        if not form.errors
        else None
    )
    status = 400 if form.errors else 200
    return render(
        request,
        "partnerships/pack.html",
        {"prison": prison, "form": form, "pack": pack, "quarter": quarter},
        status=status,
    )


@login_required
@require_GET
def meeting_pack_download(request, prison_code):
    prison, agreement, form, quarter, today = _pack(request, prison_code)
    if form.errors:
        return HttpResponse(_("Choose a quarter from the list"), status=400, content_type="text/plain; charset=utf-8")
    pack = selectors.meeting_pack(user=request.user, agreement=agreement, quarter=quarter, today=today)
    audit.record(
        actor=request.user, action="partnership.pack.download", subject=agreement, changes={"quarter": str(quarter)}
    )
    response = HttpResponse(
        meeting_pack_workbook(pack),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-pack-{prison.code}-{quarter}.xlsx"'
    return response


# --- escalations --------------------------------------------------------------------------


@login_required
@require_GET
def escalation_list(request):
    if not selectors.may_read_escalations(request.user):
        raise PermissionDenied
    escalations = selectors.escalations_visible_to(request.user)
    prison = (request.GET.get("prison") or "").strip().upper()[:10]
    if prison:
        escalations = escalations.filter(prison__code=prison)
    return render(
        request,
        "partnerships/escalations.html",
        {
            "open": escalations.exclude(status=EscalationStatus.RESOLVED).order_by("raised_at"),
            "resolved": escalations.filter(status=EscalationStatus.RESOLVED)[:20],
            "may_raise": selectors.may_raise_escalation(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def escalation_raise(request):
    if not selectors.may_raise_escalation(request.user):
        raise PermissionDenied
    form = EscalationForm(
        request.POST or None,
        prisons=selectors.prisons_to_raise_about(request.user),
        names_a_person=selectors.may_name_a_person_in_escalation(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            escalation = services.escalation_raise(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Escalation sent to %(name)s") % {"name": escalation.routed_to_name})
            return redirect("partnerships:escalation", escalation_id=escalation.pk)
    return render(request, "partnerships/escalation_raise.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def escalation_detail(request, escalation_id):
    escalation = selectors.escalation_get(user=request.user, escalation_id=escalation_id)
    may_handle = selectors.may_handle_escalation(request.user, escalation)
    form = EscalationNoteForm(request.POST or None)
    if request.method == "POST":
        if not may_handle:
            raise PermissionDenied
        action = request.POST.get("action")
        if form.is_valid():
            try:
                if action == "acknowledge":
                    services.escalation_acknowledge(actor=request.user, escalation=escalation, **form.cleaned_data)
                elif action == "resolve":
                    services.escalation_resolve(actor=request.user, escalation=escalation, **form.cleaned_data)
                else:
                    raise PermissionDenied
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Escalation updated"))
                return redirect("partnerships:escalation", escalation_id=escalation.pk)
    return render(
        request,
        "partnerships/escalation.html",
        {
            "escalation": escalation,
            "events": list(escalation.events.all()),
            "case": selectors.escalation_case_for(request.user, escalation),
            "may_handle": may_handle,
            "form": form,
            "statuses": EscalationStatus,
        },
    )


@login_required
@require_POST
def apply_now(request, prison_code):
    """Make the journey follow the version in force today, without waiting for the nightly run."""
    prison = _managed_prison(request, prison_code)
    agreement = _agreement(prison)
    if agreement is None:
        raise Http404
    services.local_agreement_apply(actor=request.user, agreement=agreement)
    messages.success(request, _("The journey now follows the version in force today"))
    return redirect("partnerships:local", prison_code=prison.code)
