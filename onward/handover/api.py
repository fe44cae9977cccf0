"""Warm handovers and referrals through the API (api.md): sent under the case, then read and moved on at their
own address, through the services the pages call.

`handover_get` and `referral_get` scope by the case: a handover or referral whose case the caller may not see
answers 404. Who may take each step (the sender revokes, the receiver accepts, rejects and completes) is the
services' to say: anyone else who sees the case is answered 403.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from onward.cases.api import (
    ETAG,
    IF_MATCH,
    ChoiceOf,
    OnTheCase,
    PersonalData,
    WorksWithCases,
    answers,
    if_match,
    service_errors,
    with_etag,
)
from onward.estate.constants import OrganisationKind
from onward.estate.models import Organisation
from onward.handover import selectors, services
from onward.handover.constants import (
    CrsService,
    FlagReason,
    HandoverStatus,
    ReferralKind,
    ReferralRejectReason,
    RejectReason,
)
from onward.handover.services import MAX_TEXT

PACK = _(
    "What the receiver needs on day one, as it stood when sent: discharge date, release area, readiness, "
    "appointment, and the notes the person agreed to share"
)


def _text(**kwargs):
    return serializers.CharField(required=False, allow_blank=True, default="", max_length=MAX_TEXT, **kwargs)


# Notes go to the receiver only with the person's agreement: the services refuse them otherwise.
class SharedNotes(serializers.Serializer):
    shared_notes = _text(help_text=_("Notes the person agreed to share"))
    person_agreed_to_share = serializers.BooleanField(
        required=False, default=False, help_text=_("Must be true to send shared notes")
    )


# --- handovers -----------------------------------------------------------------------------------------


class HandoverSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    jobcentre_code = serializers.CharField(source="jobcentre.code")
    jobcentre_name = serializers.CharField(source="jobcentre.name")
    status = ChoiceOf(HandoverStatus)
    send_by = serializers.DateField()
    accept_by = serializers.DateField(
        help_text=_("D + 2 working days, or the local agreement's own; it moves when the discharge day moves")
    )
    sent_at = serializers.DateTimeField()
    accepted_at = serializers.DateTimeField(allow_null=True)
    rejected_at = serializers.DateTimeField(allow_null=True)
    reject_reason = ChoiceOf(RejectReason, allow_null=True)
    reject_details = serializers.CharField()
    completed_at = serializers.DateTimeField(allow_null=True)
    attended = serializers.BooleanField(
        source="first_appointment_attended", allow_null=True, help_text=_("Whether the first appointment was attended")
    )
    revoked_at = serializers.DateTimeField(allow_null=True)
    revoke_reason = serializers.CharField()
    flagged_reason = ChoiceOf(
        FlagReason, allow_null=True, help_text=_("The case changed under the open handover: someone needs to act")
    )
    pack = serializers.JSONField(help_text=PACK)
    version = serializers.IntegerField()


class HandoverSendSerializer(SharedNotes):
    jobcentre_code = serializers.CharField(max_length=20, help_text=_("A jobcentre serving the release area"))
    needs = _text(help_text=_("What the person needs from the jobcentre"))


class HandoverRejectSerializer(serializers.Serializer):
    reason = ChoiceOf(RejectReason)
    details = _text(help_text=_("Needed when the reason is other"))


class HandoverCompleteSerializer(serializers.Serializer):
    attended = serializers.BooleanField(help_text=_("Whether the person attended their first appointment"))


class RevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=MAX_TEXT, help_text=_("Why it is revoked"))


HANDOVER = OpenApiResponse(HandoverSerializer, description=_("The handover as it now stands"))


def _organisation(code, **lookups):
    return Organisation.objects.filter(code=code.strip().upper(), active=True, **lookups).first()


class CaseHandoversView(OnTheCase, APIView):
    @extend_schema(
        summary="A case's warm handovers, newest first",
        responses=answers({200: HandoverSerializer(many=True)}, invalid=False),
    )
    def get(self, request, case_id):
        return Response(HandoverSerializer(selectors.handovers_for_case(self.case()), many=True).data)

    @extend_schema(
        summary="Send a warm handover to the jobcentre serving the release area",
        description=_(
            "The jobcentre sees the case from the moment it is sent. Answers the handover with its id, "
            "status and accept_by."
        ),
        request=HandoverSendSerializer,
        parameters=[ETAG],
        responses=answers({201: HANDOVER}),
    )
    def post(self, request, case_id):
        case = self.case()
        body = HandoverSendSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = body.validated_data
        with service_errors(jobcentre="jobcentre_code"):
            handover = services.handover_send(
                actor=request.user,
                case=case,
                jobcentre=_organisation(values["jobcentre_code"], kind=OrganisationKind.JOBCENTRE),
                needs=values["needs"],
                shared_notes=values["shared_notes"],
                person_agreed_to_share=values["person_agreed_to_share"],
            )
        response = Response(HandoverSerializer(handover).data, status=status.HTTP_201_CREATED)
        response["Location"] = reverse("api:handover-detail", args=[handover.pk])
        return with_etag(response, handover.version)


# A handover or a referral at its own address, and the steps of its loop.
class ClosedLoop(PersonalData, viewsets.ViewSet):
    permission_classes = [permissions.IsAuthenticated, WorksWithCases]
    serializer = None

    def record(self, pk):
        raise NotImplementedError

    def _answer(self, record):
        return with_etag(Response(self.serializer(record).data), record.version)

    def _step(self, request, pk, step, body_class=None):
        record = self.record(pk)
        values = {}
        if body_class is not None:
            body = body_class(data=request.data)
            body.is_valid(raise_exception=True)
            values = body.validated_data
        with service_errors():
            record = step(request.user, record, expected_version=if_match(request), **values)
        return self._answer(record)

    def retrieve(self, request, pk):
        return self._answer(self.record(pk))


def _steps(noun, serializer, *, reject, complete):
    """The documentation of a loop's steps: they answer alike, and fail alike."""
    answer = answers(
        {200: OpenApiResponse(serializer, description=f"The {noun} as it now stands")},
        stale=True,
    )
    return {
        "retrieve": extend_schema(
            summary=f"One {noun}",
            parameters=[ETAG],
            responses=answers({200: OpenApiResponse(serializer)}, invalid=False),
        ),
        "accept": extend_schema(
            summary=f"Accept the {noun} (the receiver)", request=None, parameters=[IF_MATCH, ETAG], responses=answer
        ),
        "reject": extend_schema(
            summary=f"Reject the {noun}, with a reason (the receiver)",
            request=reject,
            parameters=[IF_MATCH, ETAG],
            responses=answer,
        ),
        "complete": extend_schema(
            summary="Close the loop after release (the receiver)",
            request=complete,
            parameters=[IF_MATCH, ETAG],
            responses=answer,
        ),
        "revoke": extend_schema(
            summary=f"Revoke the {noun}, with a reason (the sender)",
            request=RevokeSerializer,
            parameters=[IF_MATCH, ETAG],
            responses=answer,
        ),
    }


HANDOVER_STEPS = _steps(
    "handover", HandoverSerializer, reject=HandoverRejectSerializer, complete=HandoverCompleteSerializer
)


class HandoverViewSet(ClosedLoop):
    serializer = HandoverSerializer

    def record(self, pk):
        return selectors.handover_get(user=self.request.user, handover_id=pk)

    @HANDOVER_STEPS["retrieve"]
    def retrieve(self, request, pk):
        return super().retrieve(request, pk)

    @HANDOVER_STEPS["accept"]
    def accept(self, request, pk):
        return self._step(
            request, pk, lambda actor, record, **step: services.handover_accept(actor=actor, handover=record, **step)
        )

    @HANDOVER_STEPS["reject"]
    def reject(self, request, pk):
        return self._step(
            request,
            pk,
            lambda actor, record, **step: services.handover_reject(actor=actor, handover=record, **step),
            HandoverRejectSerializer,
        )

    @HANDOVER_STEPS["complete"]
    def complete(self, request, pk):
        return self._step(
            request,
            pk,
            lambda actor, record, **step: services.handover_complete(actor=actor, handover=record, **step),
            HandoverCompleteSerializer,
        )

    @HANDOVER_STEPS["revoke"]
    def revoke(self, request, pk):
        return self._step(
            request,
            pk,
            lambda actor, record, **step: services.handover_revoke(actor=actor, handover=record, **step),
            RevokeSerializer,
        )


# --- referrals -----------------------------------------------------------------------------------------


class ReferralSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    kind = ChoiceOf(ReferralKind)
    receiver_code = serializers.CharField(source="receiver.code")
    receiver_name = serializers.CharField(source="receiver.name")
    service = ChoiceOf(CrsService, allow_null=True, help_text=_("The CRS service asked for; null for probation"))
    status = ChoiceOf(HandoverStatus)
    respond_by = serializers.DateField()
    sent_at = serializers.DateTimeField()
    accepted_at = serializers.DateTimeField(allow_null=True)
    rejected_at = serializers.DateTimeField(allow_null=True)
    reject_reason = ChoiceOf(ReferralRejectReason, allow_null=True)
    reject_details = serializers.CharField()
    completed_at = serializers.DateTimeField(allow_null=True)
    engaged = serializers.BooleanField(allow_null=True, help_text=_("Whether the person engaged after release"))
    revoked_at = serializers.DateTimeField(allow_null=True)
    revoke_reason = serializers.CharField()
    flagged_reason = ChoiceOf(
        FlagReason, allow_null=True, help_text=_("The case changed under the open referral: someone needs to act")
    )
    pack = serializers.JSONField(help_text=PACK)
    version = serializers.IntegerField()


class ReferralSendSerializer(SharedNotes):
    kind = ChoiceOf(ReferralKind)
    receiver_code = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=20,
        help_text=_("A CRS provider's code; for probation, the person's PDU (the default)"),
    )
    service = ChoiceOf(CrsService, required=False, default="", help_text=_("For CRS: the service the person needs"))
    reason = _text(help_text=_("What the person needs and why you are referring them"))


class ReferralRejectSerializer(serializers.Serializer):
    reason = ChoiceOf(ReferralRejectReason)
    details = _text(help_text=_("Needed when the reason is other"))


class ReferralCompleteSerializer(serializers.Serializer):
    engaged = serializers.BooleanField(help_text=_("Whether the person engaged with the service after release"))


REFERRAL = OpenApiResponse(ReferralSerializer, description=_("The referral as it now stands"))
REFERRAL_FIELD_NAMES = {"receiver": "receiver_code"}


class CaseReferralsView(OnTheCase, APIView):
    @extend_schema(
        summary="A case's referrals to probation and CRS, newest first",
        responses=answers({200: ReferralSerializer(many=True)}, invalid=False),
    )
    def get(self, request, case_id):
        return Response(ReferralSerializer(selectors.referrals_for_case(self.case()), many=True).data)

    @extend_schema(
        summary="Refer the person to their probation delivery unit, or to a CRS provider for one service",
        description=_(
            "A CRS provider sees the person from the moment it is referred until it rejects the referral "
            "or the referral is revoked."
        ),
        request=ReferralSendSerializer,
        parameters=[ETAG],
        responses=answers({201: REFERRAL}),
    )
    def post(self, request, case_id):
        case = self.case()
        body = ReferralSendSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = body.validated_data
        code = values["receiver_code"].strip()
        if code:
            receiver = _organisation(code)
        elif values["kind"] == ReferralKind.PROBATION:
            receiver = case.pdu
        else:
            receiver = None
        with service_errors(**REFERRAL_FIELD_NAMES):
            referral = services.referral_send(
                actor=request.user,
                case=case,
                kind=values["kind"],
                receiver=receiver,
                service=values["service"],
                reason=values["reason"],
                shared_notes=values["shared_notes"],
                person_agreed_to_share=values["person_agreed_to_share"],
            )
        response = Response(ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)
        response["Location"] = reverse("api:referral-detail", args=[referral.pk])
        return with_etag(response, referral.version)


REFERRAL_STEPS = _steps(
    "referral", ReferralSerializer, reject=ReferralRejectSerializer, complete=ReferralCompleteSerializer
)


class ReferralViewSet(ClosedLoop):
    serializer = ReferralSerializer

    def record(self, pk):
        return selectors.referral_get(user=self.request.user, referral_id=pk)

    @REFERRAL_STEPS["retrieve"]
    def retrieve(self, request, pk):
        return super().retrieve(request, pk)

    @REFERRAL_STEPS["accept"]
    def accept(self, request, pk):
        return self._step(
            request, pk, lambda actor, record, **step: services.referral_accept(actor=actor, referral=record, **step)
        )

    @REFERRAL_STEPS["reject"]
    def reject(self, request, pk):
        return self._step(
            request,
            pk,
            lambda actor, record, **step: services.referral_reject(actor=actor, referral=record, **step),
            ReferralRejectSerializer,
        )

    @REFERRAL_STEPS["complete"]
    def complete(self, request, pk):
        return self._step(
            request,
            pk,
            lambda actor, record, **step: services.referral_complete(actor=actor, referral=record, **step),
            ReferralCompleteSerializer,
        )

    @REFERRAL_STEPS["revoke"]
    def revoke(self, request, pk):
        return self._step(
            request,
            pk,
            lambda actor, record, **step: services.referral_revoke(actor=actor, referral=record, **step),
            RevokeSerializer,
        )
