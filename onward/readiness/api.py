"""`/api/v1/cases/{id}/readiness/` and the records behind it (api.md): ID and bank applications, jobcentre
appointments, the Universal Credit record, the National Insurance number and accommodation on release.

Every answer is read through `case_get` (404 for a case the caller may not see), and every change goes
through the readiness services the pages call, with their rules and their owners: a role that may see the
case but not change the record answers 403. A PATCH sends only what changes; the services take a record
whole, so the fields not sent keep the values read.
"""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from onward.cases.api import (
    ETAG,
    IF_MATCH,
    ChoiceOf,
    Day,
    OnTheCase,
    answers,
    if_match,
    refuse_unchangeable,
    service_errors,
    with_etag,
)
from onward.concurrency import NOT_YET_RECORDED, StaleVersion
from onward.estate.constants import OrganisationKind
from onward.estate.models import Organisation
from onward.readiness import selectors, services
from onward.readiness.constants import (
    MAX_BANK_NAME_LENGTH,
    MAX_NOTES_LENGTH,
    MAX_SUPERSEDED_REASON_LENGTH,
    AccommodationStatus,
    BankStatus,
    ClaimPreparation,
    DocumentType,
    IdStatus,
    NiStatus,
    ReadinessState,
)
from onward.readiness.models import UniversalCreditRecord

# Without If-Match a PATCH still writes over only the values it read: when another change crossed it, it
# reads and merges again, this many times at most, before answering 412.
MERGE_ATTEMPTS = 3
MONEY = {"max_digits": 7, "decimal_places": 2}


def _version(record):
    return record.version if record is not None else NOT_YET_RECORDED


def merged_change(*, read, write, expected_version):
    """Write a PATCH through a service that takes the record whole: `write(record, expected_version)` with the
    fields not sent taken from `record` as just read. With If-Match, that version is expected; without, the
    version read is, so a change that crossed another is merged again rather than lost."""
    attempts = 1 if expected_version is not None else MERGE_ATTEMPTS
    for attempt in range(1, attempts + 1):
        record = read()
        try:
            return write(record, expected_version if expected_version is not None else _version(record))
        except StaleVersion:
            if attempt == attempts:
                raise


def _kept(sent, record, names):
    """The values to write for `names`: as sent, or as the record holds them (None when there is none yet)."""
    return {name: sent[name] if name in sent else getattr(record, name, None) for name in names}


def _created(response, url_name, case, record):
    response["Location"] = reverse(url_name, args=[case.pk, record.pk])
    return with_etag(response, record.version)


# --- the readiness summary -----------------------------------------------------------------------


class ReadinessItemSerializer(serializers.Serializer):
    code = serializers.CharField(
        source="key",
        help_text="id, bank-account, ni-number, accommodation, uc-claim, advance or jobcentre-appointment",
    )
    label = serializers.CharField()
    status = ChoiceOf(ReadinessState, source="state")
    due_on = serializers.DateField(
        allow_null=True, help_text=_("The due date of the touchpoint named in `touchpoint`, never one of its own")
    )
    touchpoint = serializers.CharField(allow_null=True)
    detail = serializers.CharField()


class ReadinessSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    discharge_date = serializers.DateField(allow_null=True)
    items = ReadinessItemSerializer(many=True)
    critical_path = serializers.ListField(
        child=serializers.CharField(), help_text=_("What holds up day one, most urgent first, in plain words")
    )


class ReadinessView(OnTheCase, APIView):
    @extend_schema(
        summary="Ready on day one: the readiness summary the case page shows",
        responses=answers({200: ReadinessSerializer}, invalid=False),
    )
    def get(self, request, case_id):
        case = self.case()
        summary = selectors.readiness_summary(case)
        return Response(
            ReadinessSerializer(
                {
                    "case": case.pk,
                    "discharge_date": case.discharge_date,
                    "items": summary.items,
                    "critical_path": summary.critical_path,
                }
            ).data
        )


# --- ID applications ----------------------------------------------------------------------------


class IdApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    document_type = ChoiceOf(DocumentType)
    submitted_on = Day()
    cost = serializers.DecimalField(**MONEY, help_text=_("In pounds, like 12.50"))
    priority = serializers.BooleanField(required=False, default=False)
    status = ChoiceOf(IdStatus, read_only=True)
    refund = serializers.DecimalField(**MONEY, read_only=True, allow_null=True)
    received_on = serializers.DateField(read_only=True, allow_null=True)
    stored_in_property = serializers.BooleanField(read_only=True)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=MAX_NOTES_LENGTH)
    version = serializers.IntegerField(read_only=True)


class IdApplicationChangeSerializer(serializers.Serializer):
    status = ChoiceOf(IdStatus, required=False)
    refund = serializers.DecimalField(
        **MONEY, required=False, allow_null=True, help_text=_("For a rejected application")
    )
    received_on = Day(
        required=False, allow_null=True, help_text=_("For an accepted application: when the document came")
    )
    stored_in_property = serializers.BooleanField(required=False)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=MAX_NOTES_LENGTH)


ID_CHANGES = ("status", "refund", "received_on", "stored_in_property")
ID_APPLICATION = OpenApiResponse(IdApplicationSerializer, description=_("The ID application as it now stands"))


@extend_schema_view(
    list=extend_schema(
        summary="A case's ID applications", responses=answers({200: IdApplicationSerializer(many=True)})
    ),
    create=extend_schema(
        summary="Record an application for an ID document (pending until the outcome is recorded)",
        request=IdApplicationSerializer,
        parameters=[ETAG],
        responses=answers({201: ID_APPLICATION}),
    ),
    retrieve=extend_schema(
        summary="One ID application", parameters=[ETAG], responses=answers({200: ID_APPLICATION}, invalid=False)
    ),
    partial_update=extend_schema(
        summary="Record what came of an ID application: accepted (and received) or rejected (with any refund)",
        description=_("The document, date submitted, cost and priority are not changed: add a new application."),
        request=IdApplicationChangeSerializer,
        parameters=[IF_MATCH, ETAG],
        responses=answers({200: ID_APPLICATION}, stale=True),
    ),
)
class IdApplicationViewSet(OnTheCase, viewsets.ViewSet):
    def list(self, request, case_id):
        return Response(IdApplicationSerializer(selectors.id_application_list(self.case()), many=True).data)

    def create(self, request, case_id):
        case = self.case()
        body = IdApplicationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with service_errors():
            application = services.id_application_add(actor=request.user, case=case, **body.validated_data)
        response = Response(IdApplicationSerializer(application).data, status=status.HTTP_201_CREATED)
        return _created(response, "api:id-application-detail", case, application)

    def retrieve(self, request, case_id, pk):
        application = selectors.id_application_get(case=self.case(), application_id=pk)
        return with_etag(Response(IdApplicationSerializer(application).data), application.version)

    def partial_update(self, request, case_id, pk):
        case = self.case()
        selectors.id_application_get(case=case, application_id=pk)
        refuse_unchangeable(
            request.data,
            ("document_type", "submitted_on", "cost", "priority"),
            _("This cannot be changed once the application is made: add a new application"),
        )
        body = IdApplicationChangeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        sent = body.validated_data

        def write(application, expected_version):
            return services.id_application_update(
                actor=request.user,
                application=application,
                notes=sent.get("notes"),
                expected_version=expected_version,
                **_kept(sent, application, ID_CHANGES),
            )

        with service_errors():
            application = merged_change(
                read=lambda: selectors.id_application_get(case=case, application_id=pk),
                write=write,
                expected_version=if_match(request),
            )
        return with_etag(Response(IdApplicationSerializer(application).data), application.version)


# --- bank applications ----------------------------------------------------------------------------


class BankStatusChangeSerializer(serializers.Serializer):
    status = ChoiceOf(BankStatus)
    changed_on = serializers.DateField()
    recorded_by = serializers.CharField(source="changed_by_name")


class BankApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    bank_name = serializers.CharField()
    submitted_on = serializers.DateField()
    status = ChoiceOf(BankStatus)
    response_on = serializers.DateField(allow_null=True)
    follows = serializers.IntegerField(
        source="follows_id", allow_null=True, help_text=_("The returned application this one resubmits")
    )
    resubmitted_as = serializers.SerializerMethodField(help_text=_("The application that resubmitted this one"))
    history = BankStatusChangeSerializer(many=True, help_text=_("Every status the application has had"))
    version = serializers.IntegerField()

    def get_resubmitted_as(self, application) -> int | None:
        resubmission = getattr(application, "resubmission", None)
        return resubmission.pk if resubmission is not None else None


class NewBankApplicationSerializer(serializers.Serializer):
    bank_name = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=MAX_BANK_NAME_LENGTH,
        help_text=_("Required, except for a resubmission to the same bank"),
    )
    submitted_on = Day()
    follows = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        help_text=_(
            "To resubmit an application the bank returned, its id: the new application follows it. "
            "If-Match, when sent, is checked against the returned application."
        ),
    )


class BankResponseSerializer(serializers.Serializer):
    status = ChoiceOf(BankStatus, required=False, help_text=_("The bank's response (not pending)"))
    response_on = Day(required=False)


BANK_APPLICATION = OpenApiResponse(BankApplicationSerializer, description=_("The bank application as it now stands"))


def _bank_application(case, application_id):
    return selectors.bank_application_get(case=case, application_id=application_id)


@extend_schema_view(
    list=extend_schema(
        summary="A case's bank applications, with each one's history",
        responses=answers({200: BankApplicationSerializer(many=True)}),
    ),
    create=extend_schema(
        summary="Record an application for a basic bank account, or resubmit one the bank returned",
        request=NewBankApplicationSerializer,
        parameters=[IF_MATCH, ETAG],
        responses=answers({201: BANK_APPLICATION}, stale=True),
    ),
    retrieve=extend_schema(
        summary="One bank application", parameters=[ETAG], responses=answers({200: BANK_APPLICATION}, invalid=False)
    ),
    partial_update=extend_schema(
        summary="Record the bank's response",
        description=_(
            "Every response stays in the application's history. A returned application is sent again "
            "by adding a new one that follows it."
        ),
        request=BankResponseSerializer,
        parameters=[IF_MATCH, ETAG],
        responses=answers({200: BANK_APPLICATION}, stale=True),
    ),
)
class BankApplicationViewSet(OnTheCase, viewsets.ViewSet):
    def _answer(self, case, application_id, status_code=status.HTTP_200_OK):
        # Read again, so the history and any resubmission are as they now stand.
        application = _bank_application(case, application_id)
        return with_etag(Response(BankApplicationSerializer(application).data, status=status_code), application.version)

    def list(self, request, case_id):
        applications = selectors.bank_application_list(self.case()).select_related("resubmission")
        return Response(BankApplicationSerializer(applications, many=True).data)

    def create(self, request, case_id):
        case = self.case()
        body = NewBankApplicationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        follows = values.pop("follows")
        with service_errors():
            if follows is None:
                application = services.bank_application_add(actor=request.user, case=case, **values)
            else:
                try:
                    returned = _bank_application(case, follows)
                except Http404 as error:
                    raise ValidationError({"follows": [_("No bank application on this case has this id")]}) from error
                application = services.bank_application_resubmit(
                    actor=request.user, application=returned, expected_version=if_match(request), **values
                )
        response = self._answer(case, application.pk, status.HTTP_201_CREATED)
        response["Location"] = reverse("api:bank-application-detail", args=[case.pk, application.pk])
        return response

    def retrieve(self, request, case_id, pk):
        return self._answer(self.case(), pk)

    def partial_update(self, request, case_id, pk):
        case = self.case()
        _bank_application(case, pk)
        refuse_unchangeable(
            request.data,
            ("bank_name", "submitted_on", "follows"),
            _("This cannot be changed once the application is made: resubmit it as a new application"),
        )
        body = BankResponseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        sent = body.validated_data

        def write(application, expected_version):
            return services.bank_application_respond(
                actor=request.user,
                application=application,
                expected_version=expected_version,
                **_kept(sent, application, ("status", "response_on")),
            )

        with service_errors():
            merged_change(read=lambda: _bank_application(case, pk), write=write, expected_version=if_match(request))
        return self._answer(case, pk)


# --- jobcentre appointments -----------------------------------------------------------------------


@extend_schema_field({"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$", "example": "09:30"})
class HourAndMinute(serializers.TimeField):
    """A time of day as a letter says it, hours and minutes ("09:30"): not an RFC 3339 time, which has seconds."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class AppointmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    jobcentre_code = serializers.CharField(source="jobcentre.code")
    jobcentre_name = serializers.CharField(source="jobcentre.name")
    appointment_on = serializers.DateField()
    appointment_time = HourAndMinute()
    booked_at = serializers.DateTimeField()
    booked_by = serializers.CharField(source="booked_by_name")
    in_force = serializers.SerializerMethodField(help_text=_("False once a rebooking superseded it"))
    before_release = serializers.SerializerMethodField(
        help_text=_("The release moved past this booking: it must be rebooked")
    )
    superseded_at = serializers.DateTimeField(allow_null=True)
    superseded_reason = serializers.CharField(help_text=_("Why it was rebooked"))
    version = serializers.IntegerField()

    def get_in_force(self, appointment) -> bool:
        return appointment.superseded_at is None

    def get_before_release(self, appointment) -> bool:
        return appointment.superseded_at is None and selectors.appointment_before_release(
            self.context["case"], appointment
        )


class BookingSerializer(serializers.Serializer):
    jobcentre_code = serializers.CharField(max_length=20, help_text=_("A jobcentre serving the release area"))
    appointment_on = Day(help_text=_("On or after the discharge date"))
    appointment_time = serializers.TimeField(help_text=_("HH:MM"))
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=MAX_SUPERSEDED_REASON_LENGTH,
        help_text=_("Why it is rebooked: needed when an appointment is already booked"),
    )


def _jobcentre(code):
    return Organisation.objects.filter(code=code.strip().upper(), kind=OrganisationKind.JOBCENTRE, active=True).first()


APPOINTMENT = OpenApiResponse(AppointmentSerializer, description=_("The appointment"))


@extend_schema_view(
    list=extend_schema(
        summary="A case's jobcentre appointments: the one in force and those it superseded, newest first",
        responses=answers({200: AppointmentSerializer(many=True)}),
    ),
    create=extend_schema(
        summary="Book the first jobcentre appointment, or rebook it",
        description=_(
            "A booking is never changed in place: booking over the appointment in force supersedes it (it stays "
            "in the history) and needs a reason. If-Match, when sent, is checked against the appointment in force "
            '("0" when you saw none booked).'
        ),
        request=BookingSerializer,
        parameters=[IF_MATCH, ETAG],
        responses=answers({201: APPOINTMENT}, stale=True),
    ),
    retrieve=extend_schema(
        summary="One jobcentre appointment", parameters=[ETAG], responses=answers({200: APPOINTMENT}, invalid=False)
    ),
)
class AppointmentViewSet(OnTheCase, viewsets.ViewSet):
    def _serialise(self, appointment, case):
        return AppointmentSerializer(appointment, context={"case": case}).data

    def list(self, request, case_id):
        case = self.case()
        appointments = selectors.jobcentre_appointment_list(case)
        return Response(AppointmentSerializer(appointments, many=True, context={"case": case}).data)

    def create(self, request, case_id):
        case = self.case()
        body = BookingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        jobcentre = _jobcentre(values.pop("jobcentre_code"))
        with service_errors(jobcentre="jobcentre_code"):
            appointment = services.appointment_book(
                actor=request.user, case=case, jobcentre=jobcentre, expected_version=if_match(request), **values
            )
        response = Response(self._serialise(appointment, case), status=status.HTTP_201_CREATED)
        return _created(response, "api:appointment-detail", case, appointment)

    def retrieve(self, request, case_id, pk):
        case = self.case()
        appointment = selectors.appointment_get(case=case, appointment_id=pk)
        return with_etag(Response(self._serialise(appointment, case)), appointment.version)


# --- one record a case: Universal Credit, the NI number, accommodation ------------------------------------


class UniversalCreditSerializer(serializers.Serializer):
    benefit_claim_closed_on = Day(required=False, allow_null=True)
    housing_costs_continued_on = Day(required=False, allow_null=True)
    checklist = serializers.ListField(
        child=ChoiceOf(ClaimPreparation),
        required=False,
        max_length=len(ClaimPreparation.values),
        help_text=_("Claim preparation: what the person has ready (or does not need)"),
    )
    claim_prepared = serializers.BooleanField(read_only=True)
    claim_started_in_custody_on = Day(required=False, allow_null=True)
    claim_made_on = Day(required=False, allow_null=True)
    advance_requested = serializers.BooleanField(required=False, allow_null=True)
    advance_paid_amount = serializers.DecimalField(**MONEY, required=False, allow_null=True)
    advance_paid_on = Day(required=False, allow_null=True)
    version = serializers.IntegerField(read_only=True, help_text=_("0 until anything is recorded"))


# A record a case has one of, or none yet (version 0): GET reads it, PATCH changes what is sent.
class OneRecordView(OnTheCase, APIView):
    def record(self, case):
        raise NotImplementedError

    def represent(self, case, record):
        raise NotImplementedError

    def _answer(self, case):
        record = self.record(case)
        return with_etag(Response(self.represent(case, record)), _version(record))

    def get(self, request, case_id):
        return self._answer(self.case())


class UniversalCreditView(OneRecordView):
    def record(self, case):
        return selectors.uc_record_get(case)

    def represent(self, case, record):
        return UniversalCreditSerializer(record or UniversalCreditRecord(case=case, version=NOT_YET_RECORDED)).data

    @extend_schema(
        summary="A case's Universal Credit record: closure on entry, housing costs, the claim and the advance",
        parameters=[ETAG],
        responses=answers({200: UniversalCreditSerializer}, invalid=False),
    )
    def get(self, request, case_id):
        return super().get(request, case_id)

    @extend_schema(
        summary="Record any part of the Universal Credit record",
        description=_(
            "Each part goes to the service that records it, with its own rules and owner, in one transaction: "
            "closure on entry and housing costs, claim preparation, the claim (with whether an advance is "
            "wanted), then the advance paid (which the receiving jobcentre may record). A refused part changes "
            "nothing."
        ),
        request=UniversalCreditSerializer,
        parameters=[IF_MATCH, ETAG],
        responses=answers({200: UniversalCreditSerializer}, stale=True),
    )
    def patch(self, request, case_id):
        case = self.case()
        body = UniversalCreditSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with service_errors():
            services.uc_record_change(
                actor=request.user, case=case, changes=dict(body.validated_data), expected_version=if_match(request)
            )
        return self._answer(case)


class NiNumberSerializer(serializers.Serializer):
    status = ChoiceOf(NiStatus, required=False, allow_null=True, help_text=_("null until recorded"))
    ni_number = serializers.CharField(
        required=False, allow_blank=True, max_length=20, help_text=_("The person's number, once known or received")
    )
    applied_on = Day(required=False, allow_null=True)
    received_on = Day(required=False, allow_null=True)
    version = serializers.IntegerField(read_only=True, help_text=_("0 until anything is recorded"))


class NiNumberView(OneRecordView):
    def record(self, case):
        return selectors.ni_number_record_get(case)

    def represent(self, case, record):
        return NiNumberSerializer(
            {
                "status": record.status if record else None,
                "ni_number": case.person.ni_number,
                "applied_on": record.applied_on if record else None,
                "received_on": record.received_on if record else None,
                "version": _version(record),
            }
        ).data

    @extend_schema(
        summary="Where the person's National Insurance number stands",
        parameters=[ETAG],
        responses=answers({200: NiNumberSerializer}, invalid=False),
    )
    def get(self, request, case_id):
        return super().get(request, case_id)

    @extend_schema(
        summary="Record where the National Insurance number stands",
        description=_("A known or received number is stored on the person."),
        request=NiNumberSerializer,
        parameters=[IF_MATCH, ETAG],
        responses=answers({200: NiNumberSerializer}, stale=True),
    )
    def patch(self, request, case_id):
        case = self.case()
        body = NiNumberSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        sent = body.validated_data

        def write(record, expected_version):
            values = _kept(sent, record, ("status", "applied_on", "received_on"))
            # The number held goes with a status that has one; an application has none yet.
            held = case.person.ni_number if values["status"] in (NiStatus.KNOWN, NiStatus.RECEIVED) else ""
            return services.ni_number_record(
                actor=request.user,
                case=case,
                ni_number=sent.get("ni_number", held),
                expected_version=expected_version,
                **values,
            )

        with service_errors():
            merged_change(read=lambda: self.record(case), write=write, expected_version=if_match(request))
        case.person.refresh_from_db(fields=["ni_number"])
        return self._answer(case)


class AccommodationSerializer(serializers.Serializer):
    status = ChoiceOf(AccommodationStatus, required=False, allow_null=True, help_text=_("null until recorded"))
    release_area = serializers.CharField(
        required=False, allow_blank=True, max_length=8, help_text=_("Postcode district, like NR1: kept on the case")
    )
    version = serializers.IntegerField(read_only=True, help_text=_("0 until anything is recorded"))


class AccommodationView(OneRecordView):
    def record(self, case):
        return selectors.accommodation_record_get(case)

    def represent(self, case, record):
        return AccommodationSerializer(
            {
                "status": record.status if record else None,
                "release_area": case.release_area,
                "version": _version(record),
            }
        ).data

    @extend_schema(
        summary="Where the person will live on release",
        parameters=[ETAG],
        responses=answers({200: AccommodationSerializer}, invalid=False),
    )
    def get(self, request, case_id):
        return super().get(request, case_id)

    @extend_schema(
        summary="Record where the person will live on release",
        description=_("The release area goes on the case, whose touchpoints follow it."),
        request=AccommodationSerializer,
        parameters=[IF_MATCH, ETAG],
        responses=answers({200: AccommodationSerializer}, stale=True),
    )
    def patch(self, request, case_id):
        case = self.case()
        body = AccommodationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        sent = body.validated_data

        def write(record, expected_version):
            return services.accommodation_record(
                actor=request.user,
                case=case,
                release_area=sent.get("release_area"),
                expected_version=expected_version,
                **_kept(sent, record, ("status",)),
            )

        with service_errors():
            merged_change(read=lambda: self.record(case), write=write, expected_version=if_match(request))
        case.refresh_from_db(fields=["release_area"])
        return self._answer(case)
