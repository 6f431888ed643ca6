"""The JSON API of information requests. The consent rules come from ``requests.information.consent`` only."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from referral_portal.accounts.models import AGENCY_ROLES, Authority
from referral_portal.api import JSONTypesMixin
from requests.information import consent as rules
from requests.information import procedures, selectors, services
from requests.information.models import InformationRequest, Status


def _enum(values: Any) -> list[str]:
    return [str(v) for v in values]


class NullableChoice(serializers.ChoiceField):
    def __init__(self, choices: list[str], **kwargs: Any) -> None:
        super().__init__(choices=choices, allow_null=True, required=False, **kwargs)


class CheckSerializer(JSONTypesMixin, serializers.Serializer[Any]):
    authority = serializers.SlugField(help_text="The authority's slug, e.g. birmingham")
    level = serializers.ChoiceField(choices=[1, 2, 3])
    agency_type = serializers.ChoiceField(choices=_enum(rules.ApiAgencyType))
    consent = NullableChoice(_enum(rules.Consent))
    exemption = NullableChoice(_enum(rules.Exemption))
    offence_concerns = serializers.ListField(
        child=serializers.ChoiceField(choices=_enum(rules.OffenceConcern)),
        required=False,
        allow_empty=True,
        max_length=20,
    )
    offence_details = serializers.CharField(
        allow_null=True, allow_blank=True, required=False, max_length=4000
    )
    reason_needed = NullableChoice(_enum(rules.ReasonNeeded))
    consent_not_sought_reason = serializers.CharField(
        allow_null=True, allow_blank=True, required=False, max_length=4000
    )
    safeguarding_confirmed = serializers.BooleanField(allow_null=True, required=False)

    def validate_authority(self, value: str) -> Authority:
        authority = Authority.objects.filter(slug=value).first()
        if authority is None:
            raise serializers.ValidationError(f"Unknown authority {value!r}")
        return authority


class ProblemSerializer(serializers.Serializer[Any]):
    field = serializers.CharField()
    message = serializers.CharField()


class CheckResultSerializer(serializers.Serializer[Any]):
    can_process = serializers.BooleanField()
    consent_required = serializers.BooleanField()
    route = serializers.ChoiceField(choices=_enum(rules.Route))
    problems = ProblemSerializer(many=True)
    disclosable = serializers.ListField(child=serializers.CharField())
    notes = serializers.ListField(
        child=serializers.CharField(),
        help_text="What the officer still checks by reading the request; never a refusal",
    )


ERROR = inline_serializer(
    "InformationRequestError", {"error": serializers.CharField(), "field": serializers.CharField()}
)


def _invalid(serializer: serializers.Serializer[Any]) -> Response:
    """The first error, as {"error": ..., "field": ...}: one field named, never a 500."""
    errors = serializer.errors
    field, messages = next(iter(errors.items()))
    message = messages
    while isinstance(message, list | dict):
        message = next(iter(message.values())) if isinstance(message, dict) else message[0]
    if field == "non_field_errors":
        return Response({"error": str(message)}, status=status.HTTP_400_BAD_REQUEST)
    return Response(
        {"error": f"{field}: {message}", "field": field}, status=status.HTTP_400_BAD_REQUEST
    )


def _assess(data: dict[str, Any]) -> rules.Assessment:
    return rules.assess(
        level=int(data["level"]),
        agency_type=data["agency_type"],
        consent=data.get("consent"),
        exemption=data.get("exemption"),
        offence_concerns=data.get("offence_concerns") or [],
        offence_details=data.get("offence_details"),
        reason_needed=data.get("reason_needed"),
        consent_not_sought_reason=data.get("consent_not_sought_reason"),
        safeguarding_confirmed=data.get("safeguarding_confirmed"),
    )


@extend_schema(
    request=CheckSerializer,
    responses={200: CheckResultSerializer, 400: ERROR, 404: ERROR},
    summary="Can this information request be processed?",
    description="Public: holds no personal data. Tells a requester, before they fill anything "
    "in, whether a request can be processed under the authority's published information-request "
    "rules, whether consent is required, where it goes, which fields its level permits, and "
    "what the officer will still check. 404 when the authority publishes no information-request "
    "process.",
)
@api_view(["POST"])
@permission_classes([AllowAny])
@throttle_classes([AnonRateThrottle])
def check(request: Request) -> Response:
    body: object = request.data  # any JSON: an array or a string too
    if not isinstance(body, dict):
        return Response({"error": "Send a JSON object"}, status=status.HTTP_400_BAD_REQUEST)
    serializer = CheckSerializer(data=request.data, context={"request": request})
    if not serializer.is_valid():
        return _invalid(serializer)
    authority = serializer.validated_data["authority"]
    if procedures.information_procedure(authority) is None:
        return Response(
            {"error": procedures.not_offered_message(authority), "field": "authority"},
            status=status.HTTP_404_NOT_FOUND,
        )
    return Response(_assess(serializer.validated_data).as_dict())


class CreateSerializer(serializers.Serializer[Any]):
    """The ``consent`` choice set is documented once, on the check endpoint: a second enum
    component of the same name would collide with the Request for Support's in the schema."""

    level = serializers.ChoiceField(choices=[1, 2, 3])
    child_first_name = serializers.CharField(max_length=100)
    child_last_name = serializers.CharField(max_length=100)
    child_date_of_birth = serializers.DateField()
    child_address = serializers.CharField(max_length=500, required=False, allow_blank=True)
    purpose = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    consent = serializers.CharField(
        required=False,
        allow_null=True,
        help_text="One of: " + ", ".join(_enum(rules.Consent)) + " (as on the check endpoint)",
    )
    consent_date = serializers.DateField(required=False, allow_null=True)
    consent_given_by = serializers.CharField(max_length=200, required=False, allow_blank=True)
    consent_recorded_by = serializers.CharField(max_length=200, required=False, allow_blank=True)
    exemption = NullableChoice(_enum(rules.Exemption))
    exemption_details = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    offence_concerns = serializers.ListField(
        child=serializers.ChoiceField(choices=_enum(rules.OffenceConcern)),
        required=False,
        max_length=20,
    )
    offence_details = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    wider_family = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    reason_needed = NullableChoice(_enum(rules.ReasonNeeded))
    consent_not_sought_reason = serializers.CharField(
        max_length=4000, required=False, allow_blank=True, allow_null=True
    )
    safeguarding_confirmed = serializers.BooleanField(required=False, allow_null=True)
    evidence = serializers.FileField(required=False, help_text="Multipart only: PDF, JPG or PNG")

    def validate_consent(self, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if value not in _enum(rules.Consent):
            raise serializers.ValidationError(f'"{value}" is not a valid choice.')
        return value

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        level = int(data["level"])
        if level >= 2 and not (data.get("purpose") or "").strip():
            raise serializers.ValidationError({"purpose": "Say why you need this information"})
        if data.get("exemption") and not (data.get("exemption_details") or "").strip():
            raise serializers.ValidationError({"exemption_details": "Give the case details"})
        return data


def request_payload(info_request: InformationRequest) -> dict[str, Any]:
    """Status and answer, as the requester sees them (no other request's data)."""
    disclosure = getattr(info_request, "disclosure", None)
    return {
        "id": info_request.pk,
        "reference": info_request.reference,
        "level": info_request.level,
        "status": info_request.status,
        "status_label": Status(info_request.status).label,
        "route": str(rules.route_for(info_request.level)),
        "routed_to_email": info_request.routed_to_email or None,
        "refused_reason": info_request.refused_reason or None,
        "more_information_needed": info_request.more_information_needed or None,
        "answer": disclosure.disclosed if disclosure is not None else None,
        "answered_at": info_request.answered_at,
    }


@extend_schema(
    request=CreateSerializer,
    responses={
        201: inline_serializer(
            "InformationRequestCreated",
            {"id": serializers.IntegerField(), "reference": serializers.CharField()},
        ),
        400: ERROR,
        404: ERROR,
    },
    summary="Make an information request (practitioners)",
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
@throttle_classes([UserRateThrottle])
def create(request: Request) -> Response:
    user: Any = request.user
    if user.role not in AGENCY_ROLES:
        raise PermissionDenied("Only partner-agency practitioners can make information requests")
    if not hasattr(request.data, "get"):
        return Response({"error": "Send a JSON object"}, status=status.HTTP_400_BAD_REQUEST)
    serializer = CreateSerializer(data=request.data)
    if not serializer.is_valid():
        return _invalid(serializer)
    data = dict(serializer.validated_data)
    # A refusal (NotProcessable 400 with its problems, NotOffered 404, ...) is answered by
    # referral_portal.api.exception_handler with the status the error names.
    info_request = services.information_request_create(
        user=user,
        level=int(data["level"]),
        data=data,
        evidence=data.get("evidence"),
        request=request._request,
    )
    return Response(request_payload(info_request), status=status.HTTP_201_CREATED)


@extend_schema(
    responses={
        200: inline_serializer(
            "InformationRequestStatus",
            {
                "id": serializers.IntegerField(),
                "reference": serializers.CharField(),
                "level": serializers.IntegerField(),
                "status": serializers.ChoiceField(choices=Status.choices),
                "status_label": serializers.CharField(),
                "route": serializers.CharField(),
                "routed_to_email": serializers.EmailField(allow_null=True),
                "refused_reason": serializers.CharField(allow_null=True),
                "more_information_needed": serializers.CharField(allow_null=True),
                "answer": serializers.DictField(allow_null=True),
                "answered_at": serializers.DateTimeField(allow_null=True),
            },
        ),
        404: ERROR,
    },
    summary="An information request's status and answer",
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
@throttle_classes([UserRateThrottle])
def detail(request: Request, pk: int) -> Response:
    from django.http import Http404

    try:
        info_request = selectors.get_information_request_for_user(
            user=request.user, pk=pk, request=request._request
        )
    except Http404 as error:
        raise NotFound("No such information request") from error
    return Response(request_payload(info_request))


class VerifySerializer(serializers.Serializer[Any]):
    code = serializers.RegexField(r"^\d{6}$", error_messages={"invalid": "Enter the 6-digit code"})


@extend_schema(
    request=VerifySerializer,
    responses={200: OpenApiTypes.OBJECT, 400: ERROR, 404: ERROR, 409: ERROR},
    summary="Confirm a Level 1 request with the code emailed to the requester",
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
@throttle_classes([UserRateThrottle])
def verify(request: Request, pk: int) -> Response:
    from django.http import Http404

    try:
        info_request = selectors.get_information_request_for_user(
            user=request.user, pk=pk, request=request._request, audit_view=False
        )
    except Http404 as error:
        raise NotFound("No such information request") from error
    if info_request.created_by_id != request.user.pk:
        raise NotFound("No such information request")
    body: object = request.data  # any JSON: an array or a string too
    if not isinstance(body, dict):
        return Response({"error": "Send a JSON object"}, status=status.HTTP_400_BAD_REQUEST)
    serializer = VerifySerializer(data=request.data)
    if not serializer.is_valid():
        return _invalid(serializer)
    message = services.information_request_verify(  # IllegalTransition: 409 (exception_handler)
        info_request=info_request,
        user=request.user,
        code=serializer.validated_data["code"],
        request=request._request,
    )
    if message is not None:
        return Response({"error": message, "field": "code"}, status=status.HTTP_400_BAD_REQUEST)
    info_request.refresh_from_db()
    return Response(request_payload(info_request))
