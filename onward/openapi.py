"""The OpenAPI schema says what every operation really answers (api.md), not only its success.

`OnwardSchema` is drf-spectacular's AutoSchema plus the answers every operation
of the API can give, whatever its view declares:

- 400: the input guard (onward/inputs.py) refuses, on any operation, a query
  parameter or body field no field may hold, with a message per field;
- 401: every operation needs `Authorization: Bearer TOKEN`;
- 403: every operation is for some roles only;
- 404: every record is found only within the caller's scope (and a page past
  the end of a list is not found either).

Views declare what only they answer: 409 (two requests did the same at once)
and 412 (If-Match names a version the record has moved on from).

This module imports no view: DRF resolves the schema class while the API's
modules are still being imported.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ProblemSerializer(serializers.Serializer):
    detail = serializers.CharField()


FIELD_ERRORS = OpenApiResponse(
    response={"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    description=_(
        'The input was refused: a message per field, as {"field": ["message", ...]} '
        "(non_field_errors when no one field is at fault)"
    ),
)
UNAUTHENTICATED = OpenApiResponse(
    ProblemSerializer, description=_("No valid `Authorization: Bearer TOKEN` was sent (the answer says Bearer)")
)
FORBIDDEN = OpenApiResponse(ProblemSerializer, description=_("Your role may not do this to this record"))
NOT_FOUND = OpenApiResponse(
    ProblemSerializer, description=_("No such record, or not one you may see (the two are not told apart)")
)
CONFLICT = OpenApiResponse(
    response={"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    description=_(
        "Someone else did the same at the same moment and theirs stands: nothing was changed. "
        'The message is under the field at fault, as {"field": ["message"]}'
    ),
)
STALE = OpenApiResponse(
    ProblemSerializer,
    description=_("If-Match names a version the record has moved on from: nothing was changed"),
)

EVERY_OPERATION_ANSWERS = {"400": FIELD_ERRORS, "401": UNAUTHENTICATED, "403": FORBIDDEN, "404": NOT_FOUND}


class OnwardSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        bodies = super()._get_response_bodies(direction)
        for code, response in EVERY_OPERATION_ANSWERS.items():
            if code not in bodies:
                bodies[code] = self._get_response_for_code(response, code, direction=direction)
        return bodies
