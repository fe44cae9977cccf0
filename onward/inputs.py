"""One guard on every input: what no form, list or API endpoint of Onward ever has to take.

Every request passes `InputGuardMiddleware` before any view: its path, every
query parameter and every form field it posts. Every body the API parses (JSON,
or a form sent with PATCH) passes the guarded parsers before any serializer.
Both refuse, with 400 and a message under the name of the parameter or field at
fault, what Onward could never store or search for:

- a NUL character (PostgreSQL's text cannot hold one, so a search or a save
  would fail deep in the database);
- half of a surrogate pair (it is no character: UTF-8 cannot encode it);
- a value longer than `MAX_VALUE_LENGTH` characters (five times the longest
  text any form takes, 4,000 characters);
- JSON nested deeper than `MAX_JSON_DEPTH` (no body of the API nests more than
  three deep; parsing thousands of brackets exhausts the parser's stack).

A cookie holding any of these is dropped before the session reads it
(`CookieGuardMiddleware`): a cookie is no one's answer to refuse.

Forms and serializers then judge each field's meaning; this guard only keeps
out what no field may ever hold, so that no input ends in a 500.
"""

import codecs
import json
import re

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.utils.json import strict_constant

MAX_VALUE_LENGTH = 20_000
MAX_PATH_LENGTH = 2_000
MAX_JSON_DEPTH = 32
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def input_problem(value, max_length=MAX_VALUE_LENGTH):
    """Why no field may hold this text (None: it may hold it, as far as the guard is concerned)."""
    if not isinstance(value, str):
        return None
    if len(value) > max_length:
        return _("This must be %(max)s characters or fewer") % {"max": f"{max_length:,}"}
    if _UNSTORABLE.search(value):
        return _("This must not contain control characters such as NUL")
    return None


def _query_problems(querydict, problems):
    for name, values in querydict.lists():
        problem = input_problem(name)
        if problem:
            problems.setdefault(_field_name(name), []).append(problem)
            continue
        for value in values:
            problem = input_problem(value)
            if problem:
                problems.setdefault(name, []).append(problem)
                break
    return problems


def _field_name(name):
    """A parameter's name fit to show back (the name itself may be what is at fault)."""
    return _UNSTORABLE.sub("", name)[:100] or "non_field_errors"


def request_problems(request):
    """Each part of the request at fault, with its messages: the path, query parameters and form fields."""
    problems = {}
    problem = input_problem(request.path, MAX_PATH_LENGTH)
    if problem:
        problems["path"] = [problem]
    _query_problems(request.GET, problems)
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        _query_problems(request.POST, problems)
    return problems


class InputGuardMiddleware:
    """Refuse, before any view, a request whose path, query or form fields hold what no field may hold."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problems = request_problems(request)
        if problems:
            return refusal(request, problems)
        return self.get_response(request)


class CookieGuardMiddleware:
    """A cookie is no one's answer: one that could not be stored or looked up (a session key holding a NUL, say)
    is dropped before the session or anything else reads it, not refused."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name, value in list(request.COOKIES.items()):
            if input_problem(name) or input_problem(value):
                del request.COOKIES[name]
        return self.get_response(request)


def refusal(request, problems):
    """400 with a message per parameter or field: JSON for the API, the GOV.UK error summary for pages."""
    if request.path.startswith("/api/"):
        return JsonResponse(problems, status=400)
    return render(
        request,
        "errors/400.html",
        {"problems": [(name, message) for name, messages in problems.items() for message in messages]},
        status=400,
    )


def _depth_exceeds(text, limit):
    """Whether JSON text nests deeper than `limit`, counted without parsing (strings are skipped)."""
    depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return True
        elif ch in "]}":
            depth -= 1
    return False


def _json_problems(value, path, problems):
    if isinstance(value, dict):
        for key, item in value.items():
            name = f"{path}.{key}" if path else key
            problem = input_problem(key)
            if problem:
                problems.setdefault(_field_name(name), []).append(problem)
            else:
                _json_problems(item, name, problems)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _json_problems(item, f"{path}[{index}]" if path else f"[{index}]", problems)
    else:
        problem = input_problem(value)
        if problem:
            problems.setdefault(path or "non_field_errors", []).append(problem)
    return problems


class GuardedJSONParser(JSONParser):
    """DRF's JSON parser, refusing bodies nested too deep and strings no field may hold, each under its field."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.getreader(encoding)(stream).read()
        except (UnicodeDecodeError, LookupError) as error:
            raise ParseError(_("The body must be JSON in UTF-8")) from error
        if _depth_exceeds(text, MAX_JSON_DEPTH):
            raise ParseError(_("The body must not nest more than %(depth)s levels deep") % {"depth": MAX_JSON_DEPTH})
        try:
            data = json.loads(text, parse_constant=strict_constant)
        except (ValueError, RecursionError) as error:
            raise ParseError(_("The body must be JSON: %(error)s") % {"error": error}) from error
        problems = _json_problems(data, "", {})
        if problems:
            raise ValidationError(problems)
        return data


class GuardedFormParser(FormParser):
    """DRF's form parser (a PATCH the middleware does not see), refusing what no field may hold, under its field."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        problems = _query_problems(data, {})
        if problems:
            raise ValidationError(problems)
        return data


class GuardedMultiPartParser(MultiPartParser):
    """DRF's multipart parser, refusing what no field may hold, under its field."""

    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        problems = _query_problems(parsed.data, {})
        if problems:
            raise ValidationError(problems)
        return parsed
