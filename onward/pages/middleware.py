"""What every answer of Onward carries, whichever view gave it.

- `ConflictMiddleware`: the loser of two requests doing the same at once
  (`onward.concurrency.Conflict`, raised by a service) is told so with 409 and
  the service's message, on every page, without a view catching it.
"""

from django.shortcuts import render

from onward.concurrency import Conflict


class ConflictMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Conflict):
            return render(request, "errors/409.html", {"message": exception.message}, status=409)
        return None
