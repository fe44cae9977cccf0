"""`/api/v1/cases/` (api.md): serializers parse and check field shapes, the
services apply the rules, the selectors decide what the caller may see."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from onward.audit import services as audit
from onward.cases import selectors, services
from onward.cases.constants import MAX_CUSTODIAL_TERM_DAYS, MAX_NAME_LENGTH, CaseStatus, LegalStatus, ReleaseType
from onward.estate.constants import OrganisationKind
from onward.estate.models import Organisation
from onward.journey.release_days import discharge_explanation


class CaseSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    prison_number = serializers.CharField(max_length=20)
    given_name = serializers.CharField(max_length=MAX_NAME_LENGTH)
    family_name = serializers.CharField(max_length=MAX_NAME_LENGTH)
    date_of_birth = serializers.DateField()
    ni_number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    female = serializers.BooleanField(required=False, default=False)
    learning_difficulty_or_disability = serializers.BooleanField(required=False, default=False)
    care_leaver = serializers.BooleanField(required=False, default=False)
    veteran = serializers.BooleanField(required=False, default=False)
    prison_code = serializers.CharField(max_length=20)
    status = serializers.ChoiceField(choices=CaseStatus.choices, read_only=True)
    reception_date = serializers.DateField()
    legal_status = serializers.ChoiceField(choices=LegalStatus.choices)
    sentence_date = serializers.DateField(required=False, allow_null=True, default=None)
    custodial_term_days = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=MAX_CUSTODIAL_TERM_DAYS
    )
    release_date = serializers.DateField(required=False, allow_null=True, default=None)
    release_type = serializers.ChoiceField(choices=ReleaseType.choices, required=False, default=ReleaseType.STANDARD)
    indeterminate_sentence = serializers.BooleanField(required=False, default=False)
    released_to_community = serializers.BooleanField(required=False, default=True)
    claiming_benefits = serializers.BooleanField(required=False, default=False)
    uc_housing_costs = serializers.BooleanField(required=False, default=False)
    employed_at_reception = serializers.BooleanField(required=False, default=False)
    has_right_to_work_id = serializers.BooleanField(required=False, default=False)
    has_bank_account = serializers.BooleanField(required=False, default=False)
    has_ni_number = serializers.BooleanField(required=False, default=False)
    extra_day_requested = serializers.BooleanField(required=False, default=False)
    release_area = serializers.CharField(max_length=8, required=False, allow_blank=True, default="")
    pdu_code = serializers.CharField(max_length=20, required=False, allow_blank=True, allow_null=True, default=None)
    confirmed_discharge_date = serializers.DateField(
        read_only=True, help_text="The prison's confirmed release date, from NOMIS: it is the discharge day"
    )
    expected_discharge_date = serializers.DateField(read_only=True)
    actual_discharge_date = serializers.DateField(read_only=True)
    discharge_date = serializers.DateField(read_only=True)
    discharge_explanation = serializers.SerializerMethodField()
    version = serializers.IntegerField(read_only=True)

    def get_discharge_explanation(self, case) -> str:
        return discharge_explanation(case)

    def to_representation(self, case):
        def plain(value):
            return value.isoformat() if isinstance(value, date) else value

        # The same field lists the case service writes, so the two cannot drift apart.
        derived = ("status", "expected_discharge_date", "actual_discharge_date", "discharge_date", "version")
        values = {name: plain(getattr(case.person, name)) for name in services.PERSON_FIELDS}
        values |= {name: plain(getattr(case, name)) for name in (*services.CASE_FIELDS, *derived) if name != "pdu"}
        values |= {
            "id": case.pk,
            "prison_number": case.person.prison_number,
            "prison_code": case.prison.code,
            "pdu_code": case.pdu.code if case.pdu_id else None,
            "discharge_explanation": discharge_explanation(case),
        }
        return {name: values[name] for name in self.fields}

    def validate_pdu_code(self, value):
        if not value:
            return None
        pdu = Organisation.objects.filter(code=value.strip().upper(), kind=OrganisationKind.PDU, active=True).first()
        if pdu is None:
            raise serializers.ValidationError(_("No active probation delivery unit has this code"))
        return pdu

    def validate_prison_code(self, value):
        prison = services.prison_for_code(value)
        if prison is None:
            raise serializers.ValidationError(_("No active prison has this code"))
        return prison


def _raise_as_api_errors(error):
    if hasattr(error, "message_dict"):
        detail = {
            ("prison_code" if k == "prison" else "pdu_code" if k == "pdu" else k): v
            for k, v in error.message_dict.items()
        }
    else:
        detail = {"non_field_errors": error.messages}
    raise ValidationError(detail) from error


class WorksWithCases(permissions.BasePermission):
    """Only roles that open named cases reach the case API at all."""

    message = _("Your role does not work with named cases")

    def has_permission(self, request, view):
        return selectors.may_work_with_cases(request.user)


@extend_schema_view(
    list=extend_schema(summary="Cases you may see"),
    retrieve=extend_schema(summary="One case"),
    create=extend_schema(summary="Open a custody episode (the person is found or created by prison number)"),
    partial_update=extend_schema(summary="Change a case; derived dates follow"),
)
class CaseViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CaseSerializer
    permission_classes = [permissions.IsAuthenticated, WorksWithCases]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.cases_visible_to(self.request.user).order_by("id")

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        audit.record(actor=request.user, action="case.list", changes={"query": request.query_params.dict()})
        return response

    def get_object(self):
        return selectors.case_get(user=self.request.user, case_id=self.kwargs["pk"])

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        prison = values.pop("prison_code")
        values["pdu"] = values.pop("pdu_code")
        try:
            case = services.case_create(actor=request.user, prison=prison, **values)
        except DjangoValidationError as error:
            _raise_as_api_errors(error)
        except PermissionDenied as error:
            # Creating a case somewhere you cannot see answers as if it were not there.
            raise ValidationError({"prison_code": [str(error)]}) from error
        return Response(self.get_serializer(case).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        case = self.get_object()
        serializer = self.get_serializer(case, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        if "prison_code" in changes or "prison_number" in changes:
            raise ValidationError(
                {
                    name: [
                        _(
                            "Prison number and prison cannot be changed here: record a transfer, or correct the person's record"
                        )
                    ]
                    for name in ("prison_code", "prison_number")
                    if name in changes
                }
            )
        if "pdu_code" in changes:
            changes["pdu"] = changes.pop("pdu_code")
        # Only fields the caller sent count as changes, not serializer defaults.
        changes = {
            name: value
            for name, value in changes.items()
            if name in request.data or (name == "pdu" and "pdu_code" in request.data)
        }
        expected = request.headers.get("If-Match", "").strip('"W/ ')
        try:
            case = services.case_update(
                actor=request.user,
                case=case,
                changes=changes,
                expected_version=int(expected) if expected.isdigit() else None,
            )
        except services.CaseConflict:
            return Response(
                {"detail": _("Someone else changed this case: fetch it again and reapply your change")},
                status=status.HTTP_412_PRECONDITION_FAILED,
            )
        except DjangoValidationError as error:
            _raise_as_api_errors(error)
        return Response(self.get_serializer(case).data)
