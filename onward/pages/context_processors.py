from django.conf import settings

from onward.pages.navigation import navigation_for


def service(request):
    user = getattr(request, "user", None)
    return {
        "service_name": "Onward",
        "demo_mode": settings.DEMO_MODE,
        "navigation": navigation_for(user, request.path) if user is not None else [],
    }
