"""Work pages: parse, call a selector or a service, render."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from onward.accounts.constants import PRISON_ROLES
from onward.concurrency import NOT_YET_RECORDED, StaleVersion
from onward.employment import selectors, services
from onward.employment.constants import CHECK_ROLES, DEFAULT_RADIUS_MILES, EmployerSector, ProfileStatus
from onward.employment.forms import (
    ApplicationForm,
    ApplicationUpdateForm,
    EmployerContactForm,
    EmployerForm,
    EmploymentCheckForm,
    EngagementForm,
    LabourMarketForm,
    MatchOptionsForm,
    OpportunityFilterForm,
    OpportunityForm,
    WorkProfileForm,
)
from onward.employment.models import Employer
from onward.employment.pipeline import next_statuses
from onward.estate.constants import OrganisationKind
from onward.estate.models import Organisation
from onward.pages.tables import paged, sortable_headers
from onward.pages.versioned_forms import VersionedForm

# How many of the opportunities that do not fit a person are shown, with their reasons.
NOT_FITTING_SHOWN = 20
# The prison-wide page: people a page, and the nearest opportunities explained for each (the rest are counted).
PEOPLE_PER_PAGE = 25
MATCHES_SHOWN_PER_PERSON = 3


def _form_page(request, form, *, title, perform, success, back_url, back_text, caption="", submit=None, current=None):
    """Render `form`; on a good POST call `perform`, which answers where to go next.

    A form that changes a record carries the version it was read at, and `current` reads the record again as
    `(values, version)`: when someone else saved first, their values are shown beside these.
    """
    if request.method == "POST" and form.is_valid():
        try:
            target = perform(form.service_values() if isinstance(form, VersionedForm) else form.cleaned_data)
        except StaleVersion:
            values, version = current()
            form.crossed(values, version=version)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, success)
            return redirect(target)
    return render(
        request,
        "employment/form.html",
        {
            "form": form,
            "title": title,
            "caption": caption,
            "back_url": back_url,
            "back_text": back_text,
            "submit": submit or _("Save"),
        },
    )


# The hub.


@login_required
@require_GET
def work_home(request):
    user = request.user
    if not (selectors.may_read_employers(user) or selectors.labour_market_districts_for(user).exists()):
        raise PermissionDenied
    checks_due = selectors.checks_due_for(user=user)
    selectors.checks_due_shown(user=user, shown=checks_due)
    return render(
        request,
        "employment/home.html",
        {
            "prison_staff": user.role in PRISON_ROLES and selectors.may_read_work(user),
            "shows_checks": user.role in CHECK_ROLES,
            "checks_due": checks_due,
            "may_read_employers": selectors.may_read_employers(user),
            "may_change_employers": selectors.may_change_employers(user),
            "labour_market_districts": selectors.labour_market_districts_for(user),
        },
    )


# A person's work.


def _radius(request):
    form = MatchOptionsForm(request.GET or None, with_weeks=False)
    radius, _weeks = form.options() if request.GET else (DEFAULT_RADIUS_MILES, None)
    return form, radius


@login_required
@require_GET
def case_work(request, case_id):
    case = selectors.work_case_get(user=request.user, case_id=case_id)
    selectors.work_read_audit(user=request.user, case=case, page="work")
    options, radius = _radius(request)
    profile = selectors.work_profile_get(case)
    looking = profile is None or profile.status not in (ProfileStatus.SUPPORT_DECLINED, ProfileStatus.NO_RIGHT_TO_WORK)
    fitting, not_fitting, not_fitting_count = selectors.matches_for_case(
        case=case, radius_miles=radius, not_fitting_limit=NOT_FITTING_SHOWN
    )
    district, labour_market = selectors.labour_market_for_area(case.release_area)
    return render(
        request,
        "employment/case_work.html",
        {
            "case": case,
            "person": case.person,
            "profile": profile,
            "looking": looking,
            "options": options,
            "form": options if options.errors else None,
            "radius": radius,
            "fitting": fitting,
            "not_fitting": not_fitting,
            "not_fitting_count": not_fitting_count,
            "applications": selectors.applications_for_case(case),
            "outcome": selectors.job_outcome(case),
            "district": district,
            "labour_market": labour_market,
            "may_change": selectors.may_change_work(request.user, case),
            "may_record_check": selectors.may_record_check(request.user, case),
        },
    )


def _changeable_case(request, case_id):
    case = selectors.work_case_get(user=request.user, case_id=case_id)
    if not selectors.may_change_work(request.user, case):
        raise PermissionDenied
    return case


def _person_caption(case):
    return f"{case.person.full_name} · {case.person.prison_number}"


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request, case_id):
    case = _changeable_case(request, case_id)
    initial, _version = _profile_values(selectors.work_profile_get(case))

    def perform(data):
        services.work_profile_save(actor=request.user, case=case, **data)
        return reverse("employment:case-work", args=[case.pk])

    return _form_page(
        request,
        WorkProfileForm(request.POST or None, initial=initial),
        title=_("Work readiness profile"),
        caption=_person_caption(case),
        perform=perform,
        success=_("Work readiness profile saved"),
        back_url=reverse("employment:case-work", args=[case.pk]),
        back_text=_("Back to work"),
        current=lambda: _profile_values(selectors.work_profile_get(case)),
    )


def _profile_values(profile):
    if profile is None:
        return {"version": NOT_YET_RECORDED}, NOT_YET_RECORDED
    values = {name: getattr(profile, name) for name in WorkProfileForm.base_fields if name != "version"}
    values["exclusion_zones"] = " ".join(profile.exclusion_zones)
    return values | {"version": profile.version}, profile.version


@login_required
@require_http_methods(["GET", "POST"])
def application_add(request, case_id):
    case = _changeable_case(request, case_id)
    opportunities = selectors.open_opportunities(today=date.today()).order_by("title", "id")
    initial = {}
    if request.method == "GET" and (chosen := request.GET.get("opportunity", "")).isdigit():
        initial["opportunity"] = int(chosen)

    def perform(data):
        services.application_create(actor=request.user, case=case, **data)
        return reverse("employment:case-work", args=[case.pk]) + "#applications"

    return _form_page(
        request,
        ApplicationForm(request.POST or None, initial=initial, opportunities=opportunities),
        title=_("Record an application"),
        caption=_person_caption(case),
        perform=perform,
        success=_("Application recorded"),
        back_url=reverse("employment:case-work", args=[case.pk]),
        back_text=_("Back to work"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_update(request, case_id, application_id):
    case = _changeable_case(request, case_id)
    application = selectors.application_get(case=case, application_id=application_id)
    statuses = next_statuses(application.status)
    if not statuses:
        raise Http404

    def perform(data):
        services.application_update(actor=request.user, application=application, **data)
        return reverse("employment:case-work", args=[case.pk]) + "#applications"

    return _form_page(
        request,
        ApplicationUpdateForm(request.POST or None, statuses=statuses),
        title=_("Update the application: %(title)s") % {"title": application.opportunity.title},
        caption=_person_caption(case),
        perform=perform,
        success=_("Application updated"),
        back_url=reverse("employment:case-work", args=[case.pk]),
        back_text=_("Back to work"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_record(request, case_id):
    case = selectors.work_case_get(user=request.user, case_id=case_id)
    if not selectors.may_record_check(request.user, case):
        raise PermissionDenied
    applications = selectors.applications_for_case(case)
    initial = {}
    if (check := request.GET.get("check")) in ("6-weeks", "6-months"):
        initial["check"] = check

    def perform(data):
        services.employment_check_record(actor=request.user, case=case, **data)
        return reverse("employment:case-work", args=[case.pk]) + "#checks"

    return _form_page(
        request,
        EmploymentCheckForm(request.POST or None, initial=initial, applications=applications),
        title=_("Record an employment check"),
        caption=_person_caption(case),
        perform=perform,
        success=_("Employment check recorded"),
        back_url=reverse("employment:case-work", args=[case.pk]),
        back_text=_("Back to work"),
    )


# Prison-wide matches.


@login_required
@require_GET
def leaving_matches(request):
    if request.user.role not in PRISON_ROLES or not selectors.may_read_work(request.user):
        raise PermissionDenied
    options = MatchOptionsForm(request.GET or None)
    radius, weeks = options.options()
    rows = selectors.prison_matches(user=request.user, weeks=weeks, radius_miles=radius, limit=MATCHES_SHOWN_PER_PERSON)
    page, _query = paged(request, rows, PEOPLE_PER_PAGE, count=len(rows))
    selectors.prison_matches_shown(user=request.user, shown=list(page["page"].object_list))
    return render(
        request,
        "employment/leaving.html",
        {
            **page,
            "options": options,
            "form": options if options.errors else None,
            "people_count": len(rows),
            "radius": radius,
            "weeks": weeks,
            "matched_people": sum(1 for _person, shortlist in rows if shortlist.total),
        },
    )


# Employers.


def _sort(request, sorts):
    """The column and direction asked for, if the list allows them ('' and 'asc' otherwise)."""
    sort = request.GET.get("sort", "")
    order = request.GET.get("order", "")
    return (sort if sort in sorts else ""), ("desc" if order == "desc" else "asc")


def _require_employer_reader(user):
    if not selectors.may_read_employers(user):
        raise PermissionDenied


def _require_employer_changer(user):
    if not selectors.may_change_employers(user):
        raise PermissionDenied


@login_required
@require_GET
def employer_list(request):
    _require_employer_reader(request.user)
    search = request.GET.get("q", "")[:100]
    sector = request.GET.get("sector", "")
    if sector not in EmployerSector.values:
        sector = ""
    sort, order = _sort(request, selectors.EMPLOYER_SORTS)
    page, query = paged(request, selectors.employer_list(search=search, sector=sector, sort=sort, order=order), 25)
    return render(
        request,
        "employment/employer_list.html",
        {
            **page,
            "search": search,
            "sector": sector,
            "sectors": EmployerSector.choices,
            "headers": sortable_headers(
                query, [("name", _("Employer")), ("tier", _("Tier"))], sort=sort or "name", order=order
            ),
            "may_change": selectors.may_change_employers(request.user),
        },
    )


def _employer_initial(employer):
    return {name: getattr(employer, name) for name in EmployerForm.base_fields}


def _employer_now(request, employer_id):
    employer = selectors.employer_get(user=request.user, employer_id=employer_id)
    return _employer_initial(employer), employer.version


@login_required
@require_http_methods(["GET", "POST"])
def employer_add(request):
    _require_employer_changer(request.user)

    def perform(data):
        employer = services.employer_save(actor=request.user, **data)
        return reverse("employment:employer-detail", args=[employer.pk])

    return _form_page(
        request,
        EmployerForm(request.POST or None, initial={"reach": "local"}),
        title=_("Add an employer"),
        perform=perform,
        success=_("Employer added"),
        back_url=reverse("employment:employer-list"),
        back_text=_("Back to employers"),
        submit=_("Add employer"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def employer_edit(request, employer_id):
    _require_employer_changer(request.user)
    employer = selectors.employer_get(user=request.user, employer_id=employer_id)

    def perform(data):
        services.employer_save(actor=request.user, employer=employer, **data)
        return reverse("employment:employer-detail", args=[employer.pk])

    return _form_page(
        request,
        EmployerForm(request.POST or None, initial=_employer_initial(employer)),
        title=_("Change %(name)s") % {"name": employer.name},
        current=lambda: _employer_now(request, employer_id),
        perform=perform,
        success=_("Employer saved"),
        back_url=reverse("employment:employer-detail", args=[employer.pk]),
        back_text=_("Back to the employer"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def employer_contact_add(request, employer_id):
    _require_employer_changer(request.user)
    employer = selectors.employer_get(user=request.user, employer_id=employer_id)

    def perform(data):
        services.employer_contact_add(actor=request.user, employer=employer, **data)
        return reverse("employment:employer-detail", args=[employer.pk]) + "#contacts"

    return _form_page(
        request,
        EmployerContactForm(request.POST or None),
        title=_("Add a contact"),
        caption=employer.name,
        perform=perform,
        success=_("Contact added"),
        back_url=reverse("employment:employer-detail", args=[employer.pk]),
        back_text=_("Back to the employer"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def employer_detail(request, employer_id):
    employer = selectors.employer_get(user=request.user, employer_id=employer_id)
    may_change = selectors.may_change_employers(request.user)
    form = EngagementForm(request.POST or None) if may_change else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.engagement_record(actor=request.user, employer=employer, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Engagement recorded"))
                return redirect("employment:employer-detail", employer_id=employer.pk)
    return render(
        request,
        "employment/employer_detail.html",
        {
            "employer": employer,
            "engagements": employer.engagements.all(),
            "contacts": employer.contacts.all(),
            "opportunities": employer.opportunities.filter(withdrawn=False).order_by("closing_date", "id"),
            "may_change": may_change,
            "engagement_form": form,
            "form": form if form is not None and form.errors else None,
        },
    )


# Opportunities.


@login_required
@require_GET
def opportunity_list(request):
    _require_employer_reader(request.user)
    filters = OpportunityFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    sort, order = _sort(request, selectors.OPPORTUNITY_SORTS)
    opportunities = selectors.opportunity_list(
        today=date.today(),
        kind=data.get("kind", ""),
        sector=data.get("sector", ""),
        area=data.get("area", ""),
        sort=sort,
        order=order,
    )
    page, query = paged(request, opportunities, 25)
    return render(
        request,
        "employment/opportunity_list.html",
        {
            **page,
            "filters": filters,
            "headers": sortable_headers(
                query,
                [("title", _("Opportunity")), ("closing_date", _("Closes"))],
                sort=sort or "closing_date",
                order=order,
            ),
            "form": filters if filters.errors else None,
            "may_change": selectors.may_change_employers(request.user),
        },
    )


def _opportunity_form(request, *, initial=None, editing=False):
    return OpportunityForm(
        request.POST or None,
        initial=initial or {},
        employers=Employer.objects.order_by("name", "id"),
        prisons=Organisation.objects.filter(kind=OrganisationKind.PRISON, active=True).order_by("name"),
        editing=editing,
    )


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_add(request):
    _require_employer_changer(request.user)
    initial = {"kind": "vacancy"}
    if (employer := request.GET.get("employer", "")).isdigit():
        initial["employer"] = int(employer)

    def perform(data):
        opportunity = services.opportunity_save(actor=request.user, **data)
        return reverse("employment:opportunity-detail", args=[opportunity.pk])

    return _form_page(
        request,
        _opportunity_form(request, initial=initial),
        title=_("Add an opportunity"),
        perform=perform,
        success=_("Opportunity added"),
        back_url=reverse("employment:opportunity-list"),
        back_text=_("Back to opportunities"),
        submit=_("Add opportunity"),
    )


def _opportunity_values(opportunity):
    return {name: getattr(opportunity, name) for name in OpportunityForm.base_fields}


def _opportunity_now(request, opportunity_id):
    opportunity = selectors.opportunity_get(user=request.user, opportunity_id=opportunity_id)
    return _opportunity_values(opportunity), opportunity.version


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_edit(request, opportunity_id):
    _require_employer_changer(request.user)
    opportunity = selectors.opportunity_get(user=request.user, opportunity_id=opportunity_id)
    initial = _opportunity_values(opportunity)

    def perform(data):
        services.opportunity_save(actor=request.user, opportunity=opportunity, **data)
        return reverse("employment:opportunity-detail", args=[opportunity.pk])

    return _form_page(
        request,
        _opportunity_form(request, initial=initial, editing=True),
        title=_("Change %(title)s") % {"title": opportunity.title},
        current=lambda: _opportunity_now(request, opportunity_id),
        perform=perform,
        success=_("Opportunity saved"),
        back_url=reverse("employment:opportunity-detail", args=[opportunity.pk]),
        back_text=_("Back to the opportunity"),
    )


@login_required
@require_GET
def opportunity_detail(request, opportunity_id):
    opportunity = selectors.opportunity_get(user=request.user, opportunity_id=opportunity_id)
    return render(
        request,
        "employment/opportunity_detail.html",
        {
            "opportunity": opportunity,
            "may_change": selectors.may_change_employers(request.user),
            "may_see_matches": selectors.may_see_matches(request.user),
        },
    )


@login_required
@require_GET
def opportunity_matches(request, opportunity_id):
    opportunity = selectors.opportunity_get(user=request.user, opportunity_id=opportunity_id)
    if not selectors.may_see_matches(request.user):
        raise PermissionDenied
    options = MatchOptionsForm(request.GET or None)
    radius, weeks = options.options()
    result = selectors.matches_for_opportunity(
        user=request.user, opportunity=opportunity, weeks=weeks, radius_miles=radius
    )
    return render(
        request,
        "employment/opportunity_matches.html",
        {
            "opportunity": opportunity,
            "options": options,
            "form": options if options.errors else None,
            "radius": radius,
            "weeks": weeks,
            "result": result,
            "may_change_work": selectors.may_read_work(request.user) and request.user.role in PRISON_ROLES,
        },
    )


# Local labour market information.


def _labour_market_values(record):
    if record is None:
        return {"as_of": date.today(), "version": NOT_YET_RECORDED}, NOT_YET_RECORDED
    values = {name: getattr(record, name) for name in ("summary", "growing_sectors", "source", "as_of")}
    return values | {"version": record.version}, record.version


@login_required
@require_http_methods(["GET", "POST"])
def labour_market_edit(request, district_id):
    districts = selectors.labour_market_districts_for(request.user)
    if not districts.exists():
        raise PermissionDenied
    try:
        district = districts.get(pk=int(district_id))
    except (Organisation.DoesNotExist, ValueError, OverflowError) as error:
        raise Http404 from error
    initial, _version = _labour_market_values(selectors.labour_market_get(district))

    def perform(data):
        services.labour_market_save(actor=request.user, district=district, **data)
        return reverse("employment:home")

    return _form_page(
        request,
        LabourMarketForm(request.POST or None, initial=initial),
        title=_("Local labour market information"),
        caption=district.name,
        current=lambda: _labour_market_values(selectors.labour_market_get(district)),
        perform=perform,
        success=_("Labour market information saved"),
        back_url=reverse("employment:home"),
        back_text=_("Back to work"),
    )
