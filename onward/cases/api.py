"""`/api/v1/cases/` (api.md): serializers parse and check field shapes, the
services apply the rules, the selectors decide what the caller may see.

Also what every API view of a named person shares: never cached, 404 for what
the caller may not see, the services' field errors as 400s, and the record's
version as its `ETag`, taken back in `If-Match` (412 when stale).
"""

from contextlib import contextmanager
from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from onward.audit import services as audit
from onward.cases import selectors, services
from onward.cases.constants import MAX_CUSTODIAL_TERM_DAYS, MAX_NAME_LENGTH, CaseStatus, LegalStatus, ReleaseType
from onward.cases.validators import normalise_prison_number, validate_prison_number
from onward.concurrency import StaleVersion
from onward.estate.constants import OrganisationKind
from onward.estate.models import Organisation
from onward.journey.release_days import discharge_explanation
from onward.openapi import CONFLICT, FIELD_ERRORS, FORBIDDEN, NOT_FOUND, STALE
from onward.validation import FIRST_DAY, LAST_DAY

# --- what every API view of a named person shares ------------------------------------------------
# (The mixins of views keep their words in comments: the schema would show a docstring as every operation's.)


# For API views that answer a named person's data: never kept by a browser or a proxy (api.md).
class PersonalData:
    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        add_never_cache_headers(response)
        return response


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("Someone else changed this since you read it: fetch it again and reapply your change")
    default_code = "stale"


class CannotOpenHere(exceptions.APIException):
    """A prison number the caller may not see: one answer, whoever holds it, so nothing about them is told."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "cannot_open_here"


# An If-Match that names no version Onward ever gave can match nothing: the change is refused, as stale.
NO_VERSION = -1


def if_match(request):
    """The version the caller's `If-Match` names, for a service's `expected_version` (None without one)."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return None
    value = header.strip().removeprefix("W/").strip('"')
    # ASCII digits only ("²" is a digit to str.isdigit), and few enough for int() to take.
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else NO_VERSION


def with_etag(response, version):
    """The record's version as its ETag: what the caller sends back in If-Match."""
    response["ETag"] = f'"{version}"'
    return response


def field_errors(error, renames=None):
    """A service's ValidationError as the API's 400 body: each message under the field the caller sent."""
    renames = {"case": "non_field_errors", **(renames or {})}
    if not hasattr(error, "message_dict"):
        return {"non_field_errors": error.messages}
    detail = {}
    for name, messages in error.message_dict.items():
        detail.setdefault(renames.get(name, name), []).extend(messages)
    return detail


@contextmanager
def service_errors(**renames):
    """Run a service: its field errors answer 400 (named as the API names them), a stale version 412.
    PermissionDenied and Http404 pass through: DRF answers them 403 and 404."""
    try:
        yield
    except DjangoValidationError as error:
        raise ValidationError(field_errors(error, renames)) from error
    except StaleVersion as error:
        raise PreconditionFailed from error


def refuse_unchangeable(data, names, message):
    """Fields a PATCH may not change are refused by name, never silently ignored."""
    sent = sorted(name for name in names if isinstance(data, dict) and name in data)
    if sent:
        raise ValidationError({name: [message] for name in sent})


class Day(serializers.DateField):
    """A calendar day, YYYY-MM-DD, from 1900 to 2199."""

    def __init__(self, **kwargs):
        message = _("Enter a date between 1900 and 2199")
        kwargs["validators"] = [
            *kwargs.get("validators", ()),
            MinValueValidator(FIRST_DAY, message=message),
            MaxValueValidator(LAST_DAY, message=message),
        ]
        super().__init__(**kwargs)


class ChoiceOf(serializers.ChoiceField):
    """One of a domain vocabulary's values, published in the schema once, under the vocabulary's own name."""

    def __init__(self, vocabulary, **kwargs):
        self.vocabulary = vocabulary
        super().__init__(choices=vocabulary.choices, **kwargs)

    def to_representation(self, value):
        # A record that has no value yet (a reason on a handover never rejected) says null, not "".
        if value == "" and self.allow_null:
            return None
        return super().to_representation(value)


class ChoiceOfSchema(OpenApiSerializerFieldExtension):
    # Each vocabulary a named component of its own, so a `status` of handovers and a `status` of bank
    # applications never compete for one enum name.
    target_class = ChoiceOf

    def get_name(self):
        return self.target.vocabulary.__name__

    def map_serializer_field(self, auto_schema, direction):
        vocabulary = self.target.vocabulary
        return {
            "type": "string",
            "enum": list(vocabulary.values),
            "description": "\n".join(f"* `{value}`: {label}" for value, label in vocabulary.choices),
        }


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=_(
        'The ETag you read (for example "3"). When the record has changed since, the answer is 412 and '
        "nothing changes. Without it, the change is made whatever the version."
    ),
)
ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200, 201],
    description=_("The record's version: send it back in If-Match to change the record only as you read it"),
)


def answers(ok, *, invalid=True, forbidden=True, stale=False, conflict=False):
    """An operation's documented answers: `ok` ({status: response}) and the errors it really gives (400, 401, 403
    and 404 are every operation's: onward/openapi.py adds any not named here)."""
    documented = dict(ok) | {404: NOT_FOUND}
    if invalid:
        documented[400] = FIELD_ERRORS
    if forbidden:
        documented[403] = FORBIDDEN
    if stale:
        documented[412] = STALE
    if conflict:
        documented[409] = CONFLICT
    return documented


class WorksWithCases(permissions.BasePermission):
    """Only roles that open named cases reach the case API at all."""

    message = _("Your role does not work with named cases")

    def has_permission(self, request, view):
        return selectors.may_work_with_cases(request.user)


# Views of what hangs off one case (`case_id` in the path): the case is read, and the read audited, once a
# request; a case the caller may not see answers 404.
class OnTheCase(PersonalData):
    permission_classes = [permissions.IsAuthenticated, WorksWithCases]

    def case(self):
        if not hasattr(self, "_case"):
            self._case = selectors.case_get(user=self.request.user, case_id=self.kwargs["case_id"])
        return self._case


# --- cases ---------------------------------------------------------------------------------------


class CaseSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    prison_number = serializers.CharField(max_length=20)
    given_name = serializers.CharField(max_length=MAX_NAME_LENGTH)
    family_name = serializers.CharField(max_length=MAX_NAME_LENGTH)
    date_of_birth = Day()
    ni_number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    female = serializers.BooleanField(required=False, default=False)
    learning_difficulty_or_disability = serializers.BooleanField(required=False, default=False)
    care_leaver = serializers.BooleanField(required=False, default=False)
    veteran = serializers.BooleanField(required=False, default=False)
    prison_code = serializers.CharField(max_length=20)
    status = serializers.ChoiceField(choices=CaseStatus.choices, read_only=True)
    reception_date = Day()
    legal_status = serializers.ChoiceField(choices=LegalStatus.choices)
    sentence_date = Day(required=False, allow_null=True, default=None)
    custodial_term_days = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=MAX_CUSTODIAL_TERM_DAYS
    )
    release_date = Day(required=False, allow_null=True, default=None)
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
        read_only=True,
        allow_null=True,
        help_text="The prison's confirmed release date, from NOMIS: it is the discharge day",
    )
    # Null on remand, or before a release date is known.
    expected_discharge_date = serializers.DateField(read_only=True, allow_null=True)
    actual_discharge_date = serializers.DateField(read_only=True, allow_null=True)
    discharge_date = serializers.DateField(read_only=True, allow_null=True)
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


CASE_FIELD_NAMES = {"prison": "prison_code", "to_prison": "prison_code", "pdu": "pdu_code"}


class CaseQuerySerializer(serializers.Serializer):
    prison_number = serializers.CharField(required=False, max_length=20)

    def validate_prison_number(self, value):
        value = normalise_prison_number(value)
        try:
            validate_prison_number(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error
        return value


class DischargeSerializer(serializers.Serializer):
    actual_discharge_date = Day(help_text=_("The day the person left custody"))


def _prison(value):
    prison = services.prison_for_code(value)
    if prison is None:
        raise serializers.ValidationError(_("No active prison has this code"))
    return prison


class TransferSerializer(serializers.Serializer):
    prison_code = serializers.CharField(max_length=20, help_text=_("The prison the person moved to"))
    transfer_date = Day()

    def validate_prison_code(self, value):
        return _prison(value)


class RecallSerializer(serializers.Serializer):
    recall_date = Day()
    prison_code = serializers.CharField(max_length=20, help_text=_("The prison the person is recalled to"))

    def validate_prison_code(self, value):
        return _prison(value)


CASE = OpenApiResponse(CaseSerializer, description=_("The case as it now stands"))
RECALL_ANSWER = _(
    "Answers 201 with the recall episode now open, the custody episode the person is in now, at its own "
    "address (Location). The episode they were released from is closed as `recalled` and stays readable at "
    "this address. If-Match is checked against that released episode."
)


@extend_schema_view(
    list=extend_schema(
        summary="Cases you may see",
        parameters=[
            OpenApiParameter("prison_number", OpenApiTypes.STR, description=_("Only this person's cases (A1234BC)"))
        ],
        responses=answers({200: CaseSerializer(many=True)}, forbidden=True),
    ),
    retrieve=extend_schema(summary="One case", parameters=[ETAG], responses=answers({200: CASE}, invalid=False)),
    create=extend_schema(
        summary="Open a custody episode (the person is found or created by prison number)",
        description=_(
            "Opening a case in a prison you do not work in answers 400 on prison_code, as if the prison were not there."
        ),
        parameters=[ETAG],
        responses=answers({201: CASE})
        | {
            409: OpenApiResponse(
                FIELD_ERRORS.response,
                description=_(
                    "The prison number belongs to someone you may not see (held, or known, elsewhere), or was "
                    "opened by someone else at the same moment: one answer whatever else was sent, and nothing is "
                    "changed. Ask the holding prison, wait for the feed, or find the person's case."
                ),
            )
        },
    ),
    partial_update=extend_schema(
        summary="Change a case; derived dates follow",
        parameters=[IF_MATCH, ETAG],
        responses=answers({200: CASE}, stale=True),
    ),
)
class CaseViewSet(
    PersonalData, mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = CaseSerializer
    permission_classes = [permissions.IsAuthenticated, WorksWithCases]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        cases = selectors.cases_visible_to(self.request.user).order_by("id")
        if self.action != "list":
            return cases
        query = CaseQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        if "prison_number" in query.validated_data:
            cases = cases.filter(person__prison_number=query.validated_data["prison_number"])
        return cases

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        # The audit row names everyone on the page answered, so "who looked at this person" finds it.
        audit.record(
            actor=request.user,
            action="case.list",
            changes={"query": request.query_params.dict(), "cases": [case.pk for case in page]},
            people=[case.person.prison_number for case in page],
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def get_object(self):
        return selectors.case_get(user=self.request.user, case_id=self.kwargs["pk"])

    def _answer(self, case, status_code=status.HTTP_200_OK):
        return with_etag(Response(self.get_serializer(case).data, status=status_code), case.version)

    def retrieve(self, request, *args, **kwargs):
        return self._answer(self.get_object())

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        prison = values.pop("prison_code")
        values["pdu"] = values.pop("pdu_code")
        try:
            with service_errors(**CASE_FIELD_NAMES):
                try:
                    case = services.case_create(actor=request.user, prison=prison, **values)
                except services.CaseCannotOpenHere as error:
                    raise CannotOpenHere(error.message_dict) from error
        except PermissionDenied as error:
            # Creating a case somewhere you cannot see answers as if it were not there.
            raise ValidationError({"prison_code": [str(error)]}) from error
        return self._answer(case, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        case = self.get_object()
        serializer = self.get_serializer(case, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        refuse_unchangeable(
            changes,
            ("prison_code", "prison_number"),
            _("Prison number and prison cannot be changed here: record a transfer, or correct the person's record"),
        )
        if "pdu_code" in changes:
            changes["pdu"] = changes.pop("pdu_code")
        # Only fields the caller sent count as changes, not serializer defaults.
        changes = {
            name: value
            for name, value in changes.items()
            if name in request.data or (name == "pdu" and "pdu_code" in request.data)
        }
        with service_errors(**CASE_FIELD_NAMES):
            case = services.case_update(
                actor=request.user, case=case, changes=changes, expected_version=if_match(request)
            )
        return self._answer(case)

    @extend_schema(
        summary="Record the day the person left custody",
        description=_("It replaces the derived discharge date; touchpoints and handover deadlines follow it."),
        request=DischargeSerializer,
        parameters=[IF_MATCH, ETAG],
        responses=answers({200: CASE}, stale=True),
    )
    @action(detail=True, methods=["post"])
    def discharge(self, request, pk=None):
        case = self.get_object()
        body = DischargeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with service_errors(**CASE_FIELD_NAMES):
            case = services.case_record_discharge(
                actor=request.user, case=case, expected_version=if_match(request), **body.validated_data
            )
        return self._answer(case)

    @extend_schema(
        summary="Record a transfer to another prison",
        description=_("The receiving prison holds the case from now on: the sending prison no longer sees it."),
        request=TransferSerializer,
        parameters=[IF_MATCH, ETAG],
        responses=answers({200: CASE}, stale=True),
    )
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        case = self.get_object()
        body = TransferSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with service_errors(**CASE_FIELD_NAMES):
            case = services.case_transfer(
                actor=request.user,
                case=case,
                to_prison=body.validated_data["prison_code"],
                transfer_date=body.validated_data["transfer_date"],
                expected_version=if_match(request),
            )
        return self._answer(case)

    @extend_schema(
        summary="Record a recall to custody: the released episode closes and a recall episode opens",
        description=RECALL_ANSWER,
        request=RecallSerializer,
        parameters=[IF_MATCH, ETAG],
        responses=answers(
            {201: OpenApiResponse(CaseSerializer, description=_("The recall episode now open"))}, stale=True
        ),
    )
    @action(detail=True, methods=["post"])
    def recall(self, request, pk=None):
        case = self.get_object()
        body = RecallSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with service_errors(**CASE_FIELD_NAMES):
            recall = services.case_recall(
                actor=request.user,
                case=case,
                recall_date=body.validated_data["recall_date"],
                prison=body.validated_data["prison_code"],
                expected_version=if_match(request),
            )
        response = self._answer(recall, status.HTTP_201_CREATED)
        response["Location"] = reverse("api:case-detail", args=[recall.pk])
        return response
