"""Case pages: parse the request, ask a selector or call a service, render."""

import csv
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from onward.audit import services as audit
from onward.cases import selectors, services
from onward.cases.forms import CaseForm, CaseSearchForm, DischargeForm, RecallForm, TransferForm
from onward.concurrency import StaleVersion
from onward.estate.models import Organisation
from onward.handover import selectors as handover_selectors
from onward.journey import selectors as journey_selectors
from onward.journey.release_days import discharge_explanation
from onward.journey.views import case_journey
from onward.pages import changes
from onward.pages.tables import paged, sortable_headers
from onward.readiness import selectors as readiness_selectors
from onward.spreadsheets import csv_cell

PAGE_SIZE = 25
CASE_COLUMNS = (
    ("name", gettext_lazy("Name")),
    ("prison_number", gettext_lazy("Prison number")),
    ("reception_date", gettext_lazy("Reception date")),
    ("discharge_date", gettext_lazy("Discharge date")),
)


def _searched_cases(request, form):
    """The cases a search form asks for, within the user's scope."""
    if form.is_bound and not form.is_valid():
        return selectors.case_list(user=request.user).none()
    values = form.cleaned_data if form.is_bound else {}
    return selectors.case_list(
        user=request.user,
        search=values.get("q", ""),
        statuses=values.get("status") or (),
        flags=values.get("flags") or (),
        release_from=values.get("release_from"),
        release_to=values.get("release_to"),
    ).order_by(*(form.ordering() if form.is_bound else ["discharge_date"]), "id")


@login_required
def case_list(request):
    if not selectors.may_work_with_cases(request.user):
        raise PermissionDenied
    form = CaseSearchForm(request.GET or None)
    cases = _searched_cases(request, form)
    paging, query = paged(request, cases, PAGE_SIZE)
    page = paging["page"]
    audit.record(
        actor=request.user,
        action="case.search",
        changes={"query": dict(request.GET.lists()), "results": page.paginator.count, "page": page.number},
        people=[case.person.prison_number for case in page.object_list],
    )
    valid = form.is_bound and form.is_valid()
    sort = form.cleaned_data.get("sort") if valid else ""
    order = form.cleaned_data.get("order") if valid else ""
    headers = sortable_headers(query, CASE_COLUMNS, sort=sort or "discharge_date", order=order)
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            **paging,
            "headers": headers,
            "filtered": any(request.GET.get(k) for k in ("q", "status", "flags", "release_from_0", "release_to_0")),
        },
    )


EXPORT_LIMIT = 10_000


@login_required
def case_export(request):
    """The searched cases as CSV for a spreadsheet; the export is audited with every case in it."""
    if not selectors.may_work_with_cases(request.user):
        raise PermissionDenied
    form = CaseSearchForm(request.GET or None)
    cases = list(_searched_cases(request, form)[:EXPORT_LIMIT])
    audit.record(
        actor=request.user,
        action="case.export",
        changes={"query": dict(request.GET.lists()), "results": len(cases), "cases": [case.pk for case in cases]},
        people=[case.person.prison_number for case in cases],
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="onward-cases.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Prison number"),
            _("Given name"),
            _("Family name"),
            _("Prison"),
            _("Status"),
            _("Reception date"),
            _("Discharge date"),
            _("Release area"),
        ]
    )
    for case in cases:
        writer.writerow(
            [
                case.person.prison_number,
                csv_cell(case.person.given_name),
                csv_cell(case.person.family_name),
                case.prison.code,
                case.get_status_display(),
                case.reception_date.isoformat(),
                case.discharge_date.isoformat() if case.discharge_date else "",
                case.release_area,
            ]
        )
    return response


@login_required
def case_detail(request, case_id):
    case = selectors.case_get(user=request.user, case_id=case_id)
    today = date.today()
    # One evaluation feeds the touchpoints, the readiness summary and what a change did.
    touchpoints = journey_selectors.case_touchpoints(case, as_of=today)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "person": case.person,
            "discharge_explanation": discharge_explanation(case),
            "transfers": case.transfers.select_related("from_prison", "to_prison"),
            "editable": selectors.case_editable_fields(user=request.user, case=case),
            "may_act_as_prison": case.prison_id in selectors.prisons_where_user_may_create_cases(request.user),
            "readiness": readiness_selectors.readiness_summary(case, today=today, touchpoints=touchpoints),
            "handovers": handover_selectors.handovers_for_case(case),
            "may_send_handover": handover_selectors.may_send(request.user, case),
            "referrals": handover_selectors.referrals_for_case(case),
            "may_refer": handover_selectors.may_refer(request.user, case),
            "what_changed": changes.confirmation(request.session, case, today=today),
            **case_journey(case, touchpoints=touchpoints),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request):
    prisons = selectors.prisons_where_user_may_create_cases(request.user)
    if not prisons:
        raise PermissionDenied
    prison = Organisation.objects.get(pk=next(iter(prisons)))
    form = CaseForm(request.POST or None, initial={"released_to_community": True, "release_type": "standard"})
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(
                actor=request.user,
                prison=prison,
                prison_number=form.cleaned_data["prison_number"],
                **form.person_and_case_values(),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Case added for %(name)s") % {"name": case.person.full_name})
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/case_form.html", {"form": form, "prison": prison, "creating": True})


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request, case_id):
    case = selectors.case_get(user=request.user, case_id=case_id)
    editable = selectors.case_editable_fields(user=request.user, case=case)
    if not editable:
        raise PermissionDenied
    initial = {name: getattr(case.person, name, getattr(case, name, None)) for name in editable}
    initial["version"] = case.version
    form = CaseForm(request.POST or None, initial=initial, editable=editable)
    if request.method == "POST" and form.is_valid():
        before = changes.snapshot(case, today=date.today())
        try:
            updated = services.case_update(
                actor=request.user,
                case=case,
                changes={name: value for name, value in form.cleaned_data.items() if name != "version"},
                expected_version=form.cleaned_data.get("version"),
            )
        except StaleVersion:
            now = selectors.case_get(user=request.user, case_id=case_id)
            form.crossed(
                {name: getattr(now.person, name, getattr(now, name, None)) for name in editable}, version=now.version
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            changes.keep(request.session, updated, before, said=_("Case updated"))
            return redirect("cases:detail", case_id=case.pk)
    from_nomis = [
        str(field.label) for name, field in CaseForm().fields.items() if name in selectors.fields_owned_elsewhere(case)
    ]
    return render(
        request,
        "cases/case_form.html",
        {"form": form, "case": case, "prison": case.prison, "creating": False, "from_nomis": from_nomis},
    )


def _case_action(request, case_id, form_class, template, perform, success, *, confirm=True):
    case = selectors.case_get(user=request.user, case_id=case_id)
    form = form_class(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        before = changes.snapshot(case, today=date.today())
        try:
            result = perform(case, form.service_values())
        except StaleVersion:
            # A movement names no field of the case: what changed is on the case page, linked from the message.
            form.crossed({}, version=selectors.case_get(user=request.user, case_id=case_id).version)
        except ValidationError as error:
            form.add_service_errors(error)
        except PermissionDenied as error:
            raise Http404 from error
        else:
            if not selectors.may_see_case(request.user, result):
                # Transferred away: the case is the receiving prison's now, and its page is theirs.
                messages.success(
                    request,
                    _("%(success)s: %(name)s is now in %(prison)s's caseload")
                    % {"success": success, "name": result.person.full_name, "prison": result.prison.name},
                )
                return redirect("cases:list")
            if confirm:
                changes.keep(request.session, result, before, said=success)
            else:
                messages.success(request, success)
            return redirect("cases:detail", case_id=result.pk)
    return render(request, template, {"form": form, "case": case})


@login_required
@require_http_methods(["GET", "POST"])
def case_transfer(request, case_id):
    return _case_action(
        request,
        case_id,
        TransferForm,
        "cases/case_transfer.html",
        lambda case, data: services.case_transfer(actor=request.user, case=case, **data),
        _("Transfer recorded"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_discharge(request, case_id):
    return _case_action(
        request,
        case_id,
        DischargeForm,
        "cases/case_discharge.html",
        lambda case, data: services.case_record_discharge(actor=request.user, case=case, **data),
        _("Discharge recorded"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_recall(request, case_id):
    return _case_action(
        request,
        case_id,
        RecallForm,
        "cases/case_recall.html",
        lambda case, data: services.case_recall(actor=request.user, case=case, **data),
        _("Recall recorded: a new custody episode is open"),
        # A new episode with a plan of its own: its page shows all of it.
        confirm=False,
    )
