from django.conf import settings

from onward.journey.selectors import WORKLIST_ROLES, worklist_counts
from onward.pages.navigation import navigation_for


def _counts(request, user):
    """The worklist's overdue and due-this-week items, for the navigation."""
    if not (user.is_authenticated and user.role in WORKLIST_ROLES):
        return {}
    counts = getattr(request, "worklist_counts", None) or worklist_counts(user=user)
    return {"worklist": (counts["overdue"] or 0) + (counts["due-soon"] or 0)}


def service(request):
    user = getattr(request, "user", None)
    return {
        "service_name": "Onward",
        "demo_mode": settings.DEMO_MODE,
        "navigation": navigation_for(user, request.path, counts=_counts(request, user)) if user is not None else [],
    }
