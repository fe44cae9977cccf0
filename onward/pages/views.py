from datetime import date

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from onward.accounts.constants import CASEWORK_ROLES, Role
from onward.cases import selectors as case_selectors
from onward.estate.constants import OrganisationKind
from onward.insights import selectors as insight_selectors
from onward.journey.selectors import WORKLIST_ROLES
from onward.journey.views import worklist_page
from onward.pages.today import today_for
from onward.partnerships import selectors as partnership_selectors


@login_required
def home(request):
    """Each role's starting point: its own organisation, at a glance."""
    user = request.user
    if user.role in WORKLIST_ROLES and case_selectors.may_work_with_cases(user):
        # A caseworker's day starts with what waits on them today, then their worklist.
        return worklist_page(request, home=True, today_for=today_for)
    context = {"organisation": user.organisation}
    if user.role in CASEWORK_ROLES:
        context["caseload"] = case_selectors.caseload_summary(user=user)
        context["waiting"] = today_for(user, today=date.today())
        template = "pages/home_casework.html"
    elif user.role == Role.ADMINISTRATOR:
        context["estate"] = insight_selectors.estate_summary()
        template = "pages/home_administrator.html"
    else:
        context["figures"] = insight_selectors.organisation_figures(user=user)
        if user.role in (Role.PARTNERSHIP_MANAGER, Role.PARTNERSHIP_BOARD):
            # The agreement they are accountable for ends soon: say so where they start.
            context["agreement_warning"] = partnership_selectors.national_warning(today=date.today())
        national = user.organisation and user.organisation.kind == OrganisationKind.NATIONAL
        if user.role == Role.PARTNERSHIP_MANAGER and not national:
            # Her prisons, each with what waits on the partnership there today.
            context["glance"], context["glance_totals"] = partnership_selectors.prisons_at_a_glance(
                user=user, today=date.today()
            )
            context["may_raise"] = partnership_selectors.may_raise_escalation(user)
        elif national:
            context["prisons"] = insight_selectors.prisons_by_releases(limit=20)
        template = "pages/home_aggregate.html"
    return render(request, template, context)


@require_GET
@never_cache
def health(request):
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def static_page(template):
    def view(request):
        return render(request, template)

    return view


# A partner system calling the API reads JSON, even for an address no view answers (a case id that is not a
# number, say): the same {"detail": ...} shape DRF gives every other refusal, and the schema promises.
API_PREFIX = "/api/"


def _for_api(request, status, detail):
    return JsonResponse({"detail": str(detail)}, status=status) if request.path.startswith(API_PREFIX) else None


def permission_denied(request, exception=None):
    return _for_api(request, 403, _("You do not have permission to perform this action.")) or render(
        request, "errors/403.html", status=403
    )


def page_not_found(request, exception=None):
    return _for_api(request, 404, _("Not found.")) or render(request, "errors/404.html", status=404)


def server_error(request):
    return _for_api(request, 500, _("Something went wrong on our side.")) or render(
        request, "errors/500.html", status=500
    )
