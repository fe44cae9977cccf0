"""The API's front door: version 1 routes, schema and error shape."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework import exceptions, routers
from rest_framework.views import exception_handler as drf_exception_handler

from onward.accounts.authentication import BearerTokenAuthentication
from onward.cases.api import CaseViewSet, PreconditionFailed, field_errors
from onward.concurrency import Conflict, StaleVersion
from onward.handover.api import CaseHandoversView, CaseReferralsView, HandoverViewSet, ReferralViewSet
from onward.journey.api import CaseTouchpointsView, TouchpointRecordView, TouchpointUndoView
from onward.readiness.api import (
    AccommodationView,
    AppointmentViewSet,
    BankApplicationViewSet,
    IdApplicationViewSet,
    NiNumberView,
    ReadinessView,
    UniversalCreditView,
)


class ConflictError(exceptions.APIException):
    status_code = 409
    default_detail = _("Someone else did this at the same moment: fetch the record again to see it")
    default_code = "conflict"


def exception_handler(exc, context):
    """Django validation errors that reach the API are the caller's fault: 400, per field. A change made on a
    stale read is refused: 412. The loser of two requests doing the same at once: 409, with the message."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(field_errors(exc))
    elif isinstance(exc, StaleVersion):
        exc = PreconditionFailed()
    elif isinstance(exc, Conflict):
        exc = ConflictError(exc.detail)
    return drf_exception_handler(exc, context)


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """`Authorization: Bearer TOKEN` (api.md), as the schema tells partner systems."""

    target_class = BearerTokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        scheme = build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=BearerTokenAuthentication.keyword
        )
        scheme["description"] = (
            "Either an opaque token from `createuser --token`, or a JWT from a configured identity provider's "
            "client-credentials grant (for example HMPPS Auth), signed by a key in its JWKS, for a client made an "
            "Onward user with `createuser --client provider:client_id` and carrying a role that maps to that "
            "user's role. Either way the caller sees what that user may."
        )
        return scheme


router = routers.DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("cases", CaseViewSet, basename="case")

COLLECTION = {"get": "list", "post": "create"}
RECORD = {"get": "retrieve", "patch": "partial_update"}


def under_the_case(noun, viewset, *, name, record=RECORD):
    """A collection of records under a case, and each record at its own address."""
    return [
        path(f"v1/cases/<int:case_id>/{noun}/", viewset.as_view(COLLECTION), name=f"{name}-list"),
        path(f"v1/cases/<int:case_id>/{noun}/<int:pk>/", viewset.as_view(record), name=f"{name}-detail"),
    ]


def closed_loop(noun, viewset, *, name):
    """A handover or referral at its own address, and the steps of its loop."""
    return [
        path(f"v1/{noun}/<int:pk>/", viewset.as_view({"get": "retrieve"}), name=f"{name}-detail"),
        *(
            path(f"v1/{noun}/<int:pk>/{step}/", viewset.as_view({"post": step}), name=f"{name}-{step}")
            for step in ("accept", "reject", "complete", "revoke")
        ),
    ]


urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/cases/<int:case_id>/touchpoints/", CaseTouchpointsView.as_view(), name="case-touchpoints"),
    path(
        "v1/cases/<int:case_id>/touchpoints/<slug:code>/record/",
        TouchpointRecordView.as_view(),
        name="touchpoint-record",
    ),
    path("v1/cases/<int:case_id>/touchpoints/<slug:code>/undo/", TouchpointUndoView.as_view(), name="touchpoint-undo"),
    path("v1/cases/<int:case_id>/readiness/", ReadinessView.as_view(), name="case-readiness"),
    *under_the_case("id-applications", IdApplicationViewSet, name="id-application"),
    *under_the_case("bank-applications", BankApplicationViewSet, name="bank-application"),
    *under_the_case("appointments", AppointmentViewSet, name="appointment", record={"get": "retrieve"}),
    path("v1/cases/<int:case_id>/universal-credit/", UniversalCreditView.as_view(), name="universal-credit"),
    path("v1/cases/<int:case_id>/ni-number/", NiNumberView.as_view(), name="ni-number"),
    path("v1/cases/<int:case_id>/accommodation/", AccommodationView.as_view(), name="accommodation"),
    path("v1/cases/<int:case_id>/handovers/", CaseHandoversView.as_view(), name="case-handovers"),
    path("v1/cases/<int:case_id>/referrals/", CaseReferralsView.as_view(), name="case-referrals"),
    *closed_loop("handovers", HandoverViewSet, name="handover"),
    *closed_loop("referrals", ReferralViewSet, name="referral"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]
