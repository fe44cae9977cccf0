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
from onward.estate import selectors as estate_selectors
from onward.pages.tables import paged
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


def _form_page(request, case, form, *, title, perform, success, about=None):
    if request.method == "POST" and form.is_valid():
        try:
            perform(form.cleaned_data)
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
    }
    return _form_page(
        request,
        case,
        IdApplicationStatusForm(request.POST or None, initial=initial),
        title=_("Update the ID application"),
        perform=lambda data: services.id_application_update(actor=request.user, application=application, **data),
        success=_("ID application updated"),
        about=application,
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
    return _form_page(
        request,
        case,
        BankResponseForm(request.POST or None),
        title=_("Record the bank’s response"),
        perform=lambda data: services.bank_application_respond(actor=request.user, application=application, **data),
        success=_("Bank response recorded"),
        about=application,
    )


@login_required
@require_http_methods(["GET", "POST"])
def bank_application_resubmit(request, case_id, application_id):
    case = _changeable_case(request, case_id)
    application = selectors.bank_application_get(case=case, application_id=application_id)
    return _form_page(
        request,
        case,
        BankResubmitForm(request.POST or None, initial={"bank_name": application.bank_name}),
        title=_("Resubmit the bank application"),
        perform=lambda data: services.bank_application_resubmit(actor=request.user, application=application, **data),
        success=_("Bank application resubmitted"),
        about=application,
    )


@login_required
@require_http_methods(["GET", "POST"])
def ni_number_record(request, case_id):
    case = _changeable_case(request, case_id)
    record = selectors.ni_number_record_get(case)
    initial = {"ni_number": case.person.ni_number}
    if record is not None:
        initial |= {"status": record.status, "applied_on": record.applied_on, "received_on": record.received_on}
    return _form_page(
        request,
        case,
        NiNumberForm(request.POST or None, initial=initial),
        title=_("Record the National Insurance number"),
        perform=lambda data: services.ni_number_record(actor=request.user, case=case, **data),
        success=_("National Insurance number recorded"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def accommodation_record(request, case_id):
    case = _changeable_case(request, case_id)
    record = selectors.accommodation_record_get(case)
    initial = {"release_area": case.release_area, "status": record.status if record else None}
    return _form_page(
        request,
        case,
        AccommodationForm(request.POST or None, initial=initial),
        title=_("Record accommodation on release"),
        perform=lambda data: services.accommodation_record(actor=request.user, case=case, **data),
        success=_("Accommodation recorded"),
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
    current = selectors.jobcentre_appointment_get(case)
    initial = {}
    if current is not None:
        initial = {
            "jobcentre": str(current.jobcentre_id),
            "appointment_on": current.appointment_on,
            "appointment_time": current.appointment_time.strftime("%H:%M"),
        }
    form = AppointmentForm(
        request.POST or None,
        initial=initial,
        choice=estate_selectors.jobcentres_for_area(case.release_area),
        release_area=case.release_area,
        rebooking=current is not None,
    )
    return _form_page(
        request,
        case,
        form,
        title=_("Rebook the jobcentre appointment") if current else _("Book a jobcentre appointment"),
        perform=lambda data: services.appointment_book(actor=request.user, case=case, **data),
        success=_("Jobcentre appointment booked"),
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
        return {}
    return {name: getattr(record, name) for name in names}


@login_required
@require_http_methods(["GET", "POST"])
def uc_entry_record(request, case_id):
    case = _changeable_case(request, case_id)
    initial = _uc_initial(selectors.uc_record_get(case), ["benefit_claim_closed_on", "housing_costs_continued_on"])
    return _form_page(
        request,
        case,
        UcEntryForm(request.POST or None, initial=initial),
        title=_("Universal Credit on entry to custody"),
        perform=lambda data: services.uc_entry_record(actor=request.user, case=case, **data),
        success=_("Universal Credit on entry recorded"),
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
    )


@login_required
@require_http_methods(["GET", "POST"])
def uc_advance_record(request, case_id):
    case = case_selectors.case_get(user=request.user, case_id=case_id)
    if not selectors.advance_may_record(request.user, case):
        raise PermissionDenied
    initial = _uc_initial(selectors.uc_record_get(case), ["advance_paid_amount", "advance_paid_on"])
    return _form_page(
        request,
        case,
        UcAdvanceForm(request.POST or None, initial=initial),
        title=_("Record the advance payment"),
        perform=lambda data: services.uc_advance_record(actor=request.user, case=case, **data),
        success=_("Advance payment recorded"),
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
