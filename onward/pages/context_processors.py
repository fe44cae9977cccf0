from django.conf import settings

from onward.journey.selectors import ALL, WORKLIST_ROLES, worklist_counts
from onward.pages.navigation import navigation_for


def _counts(request, user):
    """The worklist's items, for the navigation: the same number as the list it opens ("All")."""
    if not (user.is_authenticated and user.role in WORKLIST_ROLES):
        return {}
    counts = getattr(request, "worklist_counts", None) or worklist_counts(user=user)
    return {"worklist": counts[ALL] or 0}


def service(request):
    user = getattr(request, "user", None)
    return {
        "service_name": "Onward",
        "demo_mode": settings.DEMO_MODE,
        "navigation": navigation_for(user, request.path, counts=_counts(request, user)) if user is not None else [],
    }
