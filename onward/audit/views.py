from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from onward.audit import selectors, services
from onward.audit.forms import AuditSearchForm
from onward.pages.tables import paged


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
    paging, _query = paged(request, events, 50)
    page = paging["page"]
    # Read the page before this search's own event is written, so the count and the rows agree.
    page.object_list = list(page.object_list)
    services.record(
        actor=request.user,
        action="audit.search",
        prison_number=filters.get("prison_number", ""),
        changes={"query": dict(request.GET.items()), "page": page.number},
    )
    return render(
        request,
        "audit/audit_list.html",
        {
            "form": form,
            **paging,
        },
    )
