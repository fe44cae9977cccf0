"""Ready on day one pages: read through `case_get`, write through the readiness services, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from onward.cases import selectors as case_selectors
from onward.readiness import selectors, services
from onward.readiness.constants import RETURNED_STATUSES
from onward.readiness.forms import (
    AccommodationForm,
    BankApplicationForm,
    BankResponseForm,
    BankResubmitForm,
    IdApplicationForm,
    IdApplicationStatusForm,
    NiNumberForm,
)
from onward.readiness.summary import RIGHT_TO_WORK_RULE


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
