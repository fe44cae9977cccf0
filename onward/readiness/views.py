"""Ready on day one pages: read through `case_get`, write through the readiness services, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from onward.audit import services as audit
from onward.cases import selectors as case_selectors
from onward.concurrency import NOT_YET_RECORDED, StaleVersion
from onward.estate import selectors as estate_selectors
from onward.pages.tables import paged
from onward.pages.versioned_forms import VersionedForm
from onward.readiness import selectors, services
from onward.readiness.constants import JOBCENTRE_APPOINTMENT_TARGET_WORKING_DAYS, RETURNED_STATUSES
from onward.readiness.forms import (
    AccommodationForm,
    AppointmentForm,
    BankApplicationForm,
    BankResponseForm,
    BankResubmitForm,
    IdApplicationForm,
    IdApplicationStatusForm,
    NiNumberForm,
    UcAdvanceForm,
    UcClaimForm,
    UcEntryForm,
    UcPreparationForm,
)
from onward.readiness.summary import RIGHT_TO_WORK_RULE

LIST_PAGE_SIZE = 25


@login_required
@require_GET
def readiness_overview(request, case_id):
    case = case_selectors.case_get(user=request.user, case_id=case_id)
    return render(
        request,
        "readiness/overview.html",
        {
            "case": case,
            "person": case.person,
            "summary": selectors.readiness_summary(case),
            "id_applications": selectors.id_application_list(case),
            "bank_applications": selectors.bank_application_list(case),
            "ni_record": selectors.ni_number_record_get(case),
            "accommodation": selectors.accommodation_record_get(case),
            "may_change": selectors.readiness_may_change(request.user, case),
            "right_to_work_rule": RIGHT_TO_WORK_RULE,
            "returned_statuses": RETURNED_STATUSES,
            **_appointment_context(request, case),
            "uc": selectors.uc_record_get(case),
            "starts_uc_claims_in_custody": selectors.starts_uc_claims_in_custody(case),
            "may_record_claim": selectors.uc_claim_may_record(request.user, case),
            "may_record_advance": selectors.advance_may_record(request.user, case),
        },
    )


def _changeable_case(request, case_id):
    """The case, if the user may see it (404) and change its readiness (403)."""
    case = case_selectors.case_get(user=request.user, case_id=case_id)
    if not selectors.readiness_may_change(request.user, case):
        raise PermissionDenied
    return case


def _form_page(request, case, form, *, title, perform, success, about=None, current=None):
    """Render `form`; on a good POST call `perform` with what it parsed.

    A form that changes a record (a VersionedForm) carries the version it was read at, and `current` reads the
    record again as `(values, version)`: when someone else saved first, their values are shown beside these.
    """
    if request.method == "POST" and form.is_valid():
        try:
            perform(form.service_values() if isinstance(form, VersionedForm) else form.cleaned_data)
        except StaleVersion:
            values, version = current()
            form.crossed(values, version=version)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, success)
            return redirect("readiness:overview", case_id=case.pk)
    return render(
        request,
        "readiness/form.html",
        {"form": form, "case": case, "person": case.person, "title": title, "about": about},
    )


@login_required
@require_http_methods(["GET", "POST"])
def id_application_add(request, case_id):
    case = _changeable_case(request, case_id)
    return _form_page(
        request,
        case,
        IdApplicationForm(request.POST or None),
        title=_("Add an ID application"),
        perform=lambda data: services.id_application_add(actor=request.user, case=case, **data),
        success=_("ID application added"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def id_application_update(request, case_id, application_id):
    case = _changeable_case(request, case_id)
    application = selectors.id_application_get(case=case, application_id=application_id)
    initial = {
        "status": application.status,
        "received_on": application.received_on,
        "stored_in_property": "yes" if application.stored_in_property else "no",
        "refund": application.refund if application.refund is not None else "",
        "notes": application.notes,
        "version": application.version,
    }

    def current():
        now = selectors.id_application_get(case=case, application_id=application_id)
        fields = ("status", "received_on", "stored_in_property", "refund", "notes")
        return {name: getattr(now, name) for name in fields}, now.version

    return _form_page(
        request,
        case,
        IdApplicationStatusForm(request.POST or None, initial=initial),
        title=_("Update the ID application"),
        perform=lambda data: services.id_application_update(actor=request.user, application=application, **data),
        success=_("ID application updated"),
        about=application,
        current=current,
    )


@login_required
@require_http_methods(["GET", "POST"])
def bank_application_add(request, case_id):
    case = _changeable_case(request, case_id)
    return _form_page(
        request,
        case,
        BankApplicationForm(request.POST or None),
        title=_("Add a bank application"),
        perform=lambda data: services.bank_application_add(actor=request.user, case=case, **data),
        success=_("Bank application added"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def bank_application_respond(request, case_id, application_id):
    case = _changeable_case(request, case_id)
    application = selectors.bank_application_get(case=case, application_id=application_id)

    def current():
        now = selectors.bank_application_get(case=case, application_id=application_id)
        return {"status": now.status, "response_on": now.response_on}, now.version

    return _form_page(
        request,
        case,
        BankResponseForm(request.POST or None, initial={"version": application.version}),
        title=_("Record the bank’s response"),
        perform=lambda data: services.bank_application_respond(actor=request.user, application=application, **data),
        success=_("Bank response recorded"),
        about=application,
        current=current,
    )


@login_required
@require_http_methods(["GET", "POST"])
def bank_application_resubmit(request, case_id, application_id):
    case = _changeable_case(request, case_id)
    application = selectors.bank_application_get(case=case, application_id=application_id)

    def current():
        now = selectors.bank_application_get(case=case, application_id=application_id)
        return {"bank_name": now.bank_name}, now.version

    return _form_page(
        request,
        case,
        BankResubmitForm(
            request.POST or None, initial={"bank_name": application.bank_name, "version": application.version}
        ),
        title=_("Resubmit the bank application"),
        perform=lambda data: services.bank_application_resubmit(actor=request.user, application=application, **data),
        success=_("Bank application resubmitted"),
        about=application,
        current=current,
    )


@login_required
@require_http_methods(["GET", "POST"])
def ni_number_record(request, case_id):
    case = _changeable_case(request, case_id)
    initial, _version = _ni_number_values(case)

    def current():
        return _ni_number_values(case_selectors.case_get(user=request.user, case_id=case_id))

    return _form_page(
        request,
        case,
        NiNumberForm(request.POST or None, initial=initial),
        title=_("Record the National Insurance number"),
        perform=lambda data: services.ni_number_record(actor=request.user, case=case, **data),
        success=_("National Insurance number recorded"),
        current=current,
    )


def _ni_number_values(case):
    record = selectors.ni_number_record_get(case)
    values = {"ni_number": case.person.ni_number}
    if record is not None:
        values |= {"status": record.status, "applied_on": record.applied_on, "received_on": record.received_on}
    version = record.version if record else NOT_YET_RECORDED
    return values | {"version": version}, version


@login_required
@require_http_methods(["GET", "POST"])
def accommodation_record(request, case_id):
    case = _changeable_case(request, case_id)
    initial, _version = _accommodation_values(case)

    def current():
        return _accommodation_values(case_selectors.case_get(user=request.user, case_id=case_id))

    return _form_page(
        request,
        case,
        AccommodationForm(request.POST or None, initial=initial),
        title=_("Record accommodation on release"),
        perform=lambda data: services.accommodation_record(actor=request.user, case=case, **data),
        success=_("Accommodation recorded"),
        current=current,
    )


def _accommodation_values(case):
    record = selectors.accommodation_record_get(case)
    version = record.version if record else NOT_YET_RECORDED
    return {"release_area": case.release_area, "status": record.status if record else None, "version": version}, (
        version
    )


# --- jobcentre appointment ----------------------------------------------------------------


def _appointment_context(request, case):
    appointment = selectors.jobcentre_appointment_get(case)
    return {
        "appointment": appointment,
        "appointments": selectors.jobcentre_appointment_list(case),
        "appointment_late": selectors.appointment_is_late(case, appointment),
        "appointment_before_release": selectors.appointment_before_release(case, appointment),
        "appointment_target": selectors.appointment_target_date(case.discharge_date),
        "appointment_target_days": JOBCENTRE_APPOINTMENT_TARGET_WORKING_DAYS,
        "may_book": selectors.appointment_may_book(request.user, case),
    }


@login_required
@require_http_methods(["GET", "POST"])
def appointment_book(request, case_id):
    case = case_selectors.case_get(user=request.user, case_id=case_id)
    if not selectors.appointment_may_book(request.user, case):
        raise PermissionDenied
    booked = selectors.jobcentre_appointment_get(case)
    initial = {"version": NOT_YET_RECORDED}
    if booked is not None:
        initial = {
            "jobcentre": str(booked.jobcentre_id),
            "appointment_on": booked.appointment_on,
            "appointment_time": booked.appointment_time.strftime("%H:%M"),
            "version": booked.version,
        }
    form = AppointmentForm(
        request.POST or None,
        initial=initial,
        choice=estate_selectors.jobcentres_for_area(case.release_area),
        release_area=case.release_area,
        rebooking=booked is not None,
    )

    def current():
        now = selectors.jobcentre_appointment_get(case)
        if now is None:
            return {}, NOT_YET_RECORDED
        values = {"jobcentre": now.jobcentre, "appointment_on": now.appointment_on}
        return values | {"appointment_time": now.appointment_time}, now.version

    return _form_page(
        request,
        case,
        form,
        title=_("Rebook the jobcentre appointment") if booked else _("Book a jobcentre appointment"),
        perform=lambda data: services.appointment_book(actor=request.user, case=case, **data),
        success=_("Jobcentre appointment booked"),
        current=current,
    )


@login_required
@require_GET
def appointment_letter(request, case_id):
    """A letter for the person: where and when, what to bring, what happens. Printed from the browser."""
    case = case_selectors.case_get(user=request.user, case_id=case_id)
    appointment = selectors.jobcentre_appointment_get(case)
    if appointment is None:
        raise Http404
    return render(
        request,
        "readiness/appointment_letter.html",
        {
            "case": case,
            "person": case.person,
            "appointment": appointment,
            "jobcentre": appointment.jobcentre,
            "things_to_bring": selectors.letter_things_to_bring(case),
        },
    )


# --- Universal Credit ---------------------------------------------------------------------


def _uc_initial(record, names):
    if record is None:
        return {"version": NOT_YET_RECORDED}
    return {name: getattr(record, name) for name in names} | {"version": record.version}


def _uc_current(case, names):
    """The Universal Credit record's `names` as they stand now, and its version, for a save that crossed another."""

    def current():
        record = selectors.uc_record_get(case)
        return _uc_initial(record, names), record.version if record else NOT_YET_RECORDED

    return current


@login_required
@require_http_methods(["GET", "POST"])
def uc_entry_record(request, case_id):
    case = _changeable_case(request, case_id)
    names = ["benefit_claim_closed_on", "housing_costs_continued_on"]
    initial = _uc_initial(selectors.uc_record_get(case), names)
    return _form_page(
        request,
        case,
        UcEntryForm(request.POST or None, initial=initial),
        title=_("Universal Credit on entry to custody"),
        perform=lambda data: services.uc_entry_record(actor=request.user, case=case, **data),
        success=_("Universal Credit on entry recorded"),
        current=_uc_current(case, names),
    )


@login_required
@require_http_methods(["GET", "POST"])
def uc_preparation_record(request, case_id):
    case = _changeable_case(request, case_id)
    initial = _uc_initial(selectors.uc_record_get(case), ["checklist"])
    return _form_page(
        request,
        case,
        UcPreparationForm(request.POST or None, initial=initial),
        title=_("Prepare the Universal Credit claim"),
        perform=lambda data: services.uc_preparation_record(actor=request.user, case=case, **data),
        success=_("Claim preparation recorded"),
        current=_uc_current(case, ["checklist"]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def uc_claim_record(request, case_id):
    case = case_selectors.case_get(user=request.user, case_id=case_id)
    if not selectors.uc_claim_may_record(request.user, case):
        raise PermissionDenied
    record = selectors.uc_record_get(case)
    initial = _uc_initial(record, ["claim_started_in_custody_on", "claim_made_on"])
    if record is not None and record.advance_requested is not None:
        initial["advance_requested"] = "yes" if record.advance_requested else "no"
    return _form_page(
        request,
        case,
        UcClaimForm(
            request.POST or None, initial=initial, starts_in_custody=selectors.starts_uc_claims_in_custody(case)
        ),
        title=_("Record the Universal Credit claim"),
        perform=lambda data: services.uc_claim_record(actor=request.user, case=case, **data),
        success=_("Universal Credit claim recorded"),
        current=_uc_current(case, ["claim_started_in_custody_on", "claim_made_on", "advance_requested"]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def uc_advance_record(request, case_id):
    case = case_selectors.case_get(user=request.user, case_id=case_id)
    if not selectors.advance_may_record(request.user, case):
        raise PermissionDenied
    names = ["advance_paid_amount", "advance_paid_on"]
    initial = _uc_initial(selectors.uc_record_get(case), names)
    return _form_page(
        request,
        case,
        UcAdvanceForm(request.POST or None, initial=initial),
        title=_("Record the advance payment"),
        perform=lambda data: services.uc_advance_record(actor=request.user, case=case, **data),
        success=_("Advance payment recorded"),
        current=_uc_current(case, names),
    )


@login_required
@require_GET
def appointments_to_rebook(request):
    """Every booked appointment a moved release has overtaken, for the prison work coach to rebook."""
    appointments = selectors.appointments_to_rebook(request.user)
    paging, _query = paged(request, appointments, LIST_PAGE_SIZE)
    shown = list(paging["page"].object_list)
    audit.record(
        actor=request.user,
        action="readiness.to_rebook.list",
        changes={"cases": [a.case_id for a in shown]},
        people=[a.case.person.prison_number for a in shown],
    )
    return render(request, "readiness/to_rebook.html", {"appointments": shown, **paging})


@login_required
@require_GET
def bank_applications_waiting(request):
    """Bank applications with no reply yet, the longest waiting first, marking those to chase."""
    applications = selectors.bank_applications_waiting(request.user)
    paging, _query = paged(request, applications, LIST_PAGE_SIZE)
    shown = list(paging["page"].object_list)
    audit.record(
        actor=request.user,
        action="readiness.bank_waiting.list",
        changes={"cases": [a.case_id for a in shown]},
        people=[a.case.person.prison_number for a in shown],
    )
    return render(
        request,
        "readiness/bank_waiting.html",
        {"applications": shown, "expected_days": selectors.BANK_REPLY_EXPECTED_WITHIN_DAYS, **paging},
    )
