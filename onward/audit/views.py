from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from onward.audit import selectors, services
from onward.audit.forms import AuditSearchForm


@login_required
def audit_list(request):
    """Administrators search the trail by person, user and date; the search is itself audited."""
    selectors.audit_events_visible_to(request.user)
    form = AuditSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = (
        selectors.audit_event_list(user=request.user, **filters)
        if not form.errors
        else selectors.audit_events_visible_to(request.user).none()
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    services.record(
        actor=request.user,
        action="audit.search",
        prison_number=filters.get("prison_number", ""),
        changes={"query": dict(request.GET.items()), "page": page.number},
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/audit_list.html",
        {
            "form": form,
            "page": page,
            "page_numbers": list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
            "query_without_page": query.urlencode(),
        },
    )
