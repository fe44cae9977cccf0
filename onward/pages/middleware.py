"""What every answer of Onward carries, whichever view gave it.

- `ResponseHeadersMiddleware`: nothing a signed-in person (or an API caller) is
  shown is kept by a browser or a proxy (`Cache-Control: no-store`), and no page
  may use the camera, microphone, location or other powerful features
  (`Permissions-Policy`).
- `ConflictMiddleware`: the loser of two requests doing the same at once
  (`onward.concurrency.Conflict`, raised by a service) is told so with 409 and
  the service's message, on every page, without a view catching it.
"""

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from onward.concurrency import Conflict

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
)


def holds_personal_data(request):
    """Whether the answer may show personal data: anything a signed-in user or an API caller is answered."""
    user = getattr(request, "user", None)
    return request.path.startswith("/api/") or bool(user is not None and user.is_authenticated)


class ResponseHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if holds_personal_data(request):
            add_never_cache_headers(response)
        return response


class ConflictMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Conflict):
            return render(request, "errors/409.html", {"message": exception.message}, status=409)
        return None
