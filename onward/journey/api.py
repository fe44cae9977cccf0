"""`/api/v1/cases/{id}/touchpoints/` (api.md) and recording completion."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from onward.cases import selectors as case_selectors
from onward.cases.api import Day, PersonalData, WorksWithCases, answers
from onward.journey import selectors, services
from onward.journey.constants import EmploymentOutcome, NotDoneReason, Outcome, PreReleaseChecklist
from onward.journey.touchpoints import CODES


class TouchpointSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    stage = serializers.CharField()
    owner_role = serializers.CharField()
    opens_on = serializers.DateField()
    due_on = serializers.DateField()
    status = serializers.CharField()
    accept_by = serializers.DateField(allow_null=True)
    agreement = serializers.CharField(source="agreement.code")
    recorded_on = serializers.DateField(source="recorded.on", allow_null=True, default=None)
    why = serializers.CharField()


class AsOfSerializer(serializers.Serializer):
    as_of = Day(required=False)


class RecordSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    completed_on = Day(required=False)
    reason = serializers.ChoiceField(choices=NotDoneReason.choices, required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    checklist = serializers.ListField(
        child=serializers.ChoiceField(choices=PreReleaseChecklist.choices), required=False, default=list
    )
    # For touchpoints whose duty is a record, what that record needs (touchpoints.md: recording the
    # touchpoint writes the record).
    appointment_date = Day(required=False, help_text="jobcentre-appointment")
    appointment_time = serializers.TimeField(required=False, help_text="jobcentre-appointment")
    jobcentre_code = serializers.CharField(required=False, max_length=20, help_text="jobcentre-appointment")
    advance_requested = serializers.BooleanField(required=False, help_text="uc-claim")
    amount = serializers.DecimalField(
        required=False, max_digits=7, decimal_places=2, help_text="advance-payment: the amount paid, in pounds"
    )
    ni_number = serializers.CharField(required=False, max_length=20, help_text="ni-number")
    employment_outcome = serializers.ChoiceField(
        choices=EmploymentOutcome.choices, required=False, help_text="employment checks"
    )
    job = serializers.CharField(required=False, max_length=200, help_text="employment checks")

    DETAIL_FIELDS = (
        "appointment_date",
        "appointment_time",
        "jobcentre_code",
        "advance_requested",
        "amount",
        "ni_number",
        "employment_outcome",
        "job",
    )


def _touchpoint_or_404(case, code, as_of=None):
    if code not in CODES:
        raise NotFound(_("No touchpoint has this code"))
    touchpoint = selectors.case_touchpoint(case, code, as_of=as_of)
    if touchpoint is None:
        raise NotFound(_("This touchpoint does not apply to this case"))
    return touchpoint


class CaseTouchpointsView(PersonalData, APIView):
    permission_classes = [IsAuthenticated, WorksWithCases]

    @extend_schema(
        summary="The touchpoints that apply to a case, evaluated as on a date",
        parameters=[OpenApiParameter("as_of", str, description="YYYY-MM-DD; default today")],
        responses=answers({200: TouchpointSerializer(many=True)}),
    )
    def get(self, request, case_id):
        query = AsOfSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        case = case_selectors.case_get(user=request.user, case_id=case_id)
        touchpoints = selectors.case_touchpoints(case, as_of=query.validated_data.get("as_of", date.today()))
        return Response(TouchpointSerializer(touchpoints, many=True).data)


class TouchpointRecordView(PersonalData, APIView):
    permission_classes = [IsAuthenticated, WorksWithCases]

    @extend_schema(
        summary="Record a touchpoint as done, not applicable or declined",
        request=RecordSerializer,
        responses=answers({201: TouchpointSerializer}, conflict=True),
    )
    def post(self, request, case_id, code):
        case = case_selectors.case_get(user=request.user, case_id=case_id)
        _touchpoint_or_404(case, code)
        body = RecordSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        details = {name: values.pop(name) for name in RecordSerializer.DETAIL_FIELDS if name in values}
        if "jobcentre_code" in details:
            details["jobcentre"] = details.pop("jobcentre_code")
        try:
            services.touchpoint_record(
                actor=request.user,
                case=case,
                code=code,
                completed_on=values.pop("completed_on", date.today()),
                details=details,
                **values,
            )
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        except PermissionDenied as error:
            return Response({"detail": str(error)}, status=status.HTTP_403_FORBIDDEN)
        return Response(TouchpointSerializer(_touchpoint_or_404(case, code)).data, status=status.HTTP_201_CREATED)


class TouchpointUndoView(PersonalData, APIView):
    permission_classes = [IsAuthenticated, WorksWithCases]

    @extend_schema(
        summary="Undo the record on a touchpoint (kept in history)",
        request=None,
        responses=answers({200: TouchpointSerializer}),
    )
    def post(self, request, case_id, code):
        case = case_selectors.case_get(user=request.user, case_id=case_id)
        _touchpoint_or_404(case, code)
        try:
            services.touchpoint_undo(actor=request.user, case=case, code=code)
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        except PermissionDenied as error:
            return Response({"detail": str(error)}, status=status.HTTP_403_FORBIDDEN)
        return Response(TouchpointSerializer(_touchpoint_or_404(case, code)).data)
