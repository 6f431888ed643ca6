"""JSON API of the levels-of-need framework: search the indicators, suggest a level.

Public and rate-limited. The tool's pages and this API call the same service, so they give
the same answer.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from referral_portal.accounts.models import Authority
from referral_portal.errors import DomainError
from thresholds import selectors, services
from thresholds.assessment import MAX_ID, parse_ids
from thresholds.models import Framework, Indicator

ERROR = inline_serializer("ThresholdsError", {"error": serializers.CharField()})
INDICATOR_FIELDS: dict[str, serializers.Field[Any, Any, Any, Any]] = {
    "id": serializers.IntegerField(),
    "text": serializers.CharField(),
    "level": serializers.IntegerField(min_value=1, max_value=4),
    "domain": serializers.CharField(),
    "area": serializers.CharField(),
}
INDICATORS = inline_serializer("Indicator", INDICATOR_FIELDS, many=True)
ASSESS_REQUEST = inline_serializer(
    "AssessRequest",
    {
        "authority": serializers.CharField(help_text="Authority slug, e.g. worcestershire"),
        "indicators": serializers.ListField(
            child=serializers.IntegerField(min_value=1, max_value=MAX_ID - 1),
            min_length=1,
            max_length=1000,  # MAX_INDICATORS
        ),
    },
)
REASONS = inline_serializer(
    "Reason",
    {
        "id": serializers.IntegerField(),
        "text": serializers.CharField(),
        "level": serializers.IntegerField(),
    },
    many=True,
)
ASSESS_RESPONSE = inline_serializer(
    "AssessResult",
    {
        "level": serializers.IntegerField(min_value=1, max_value=4),
        "reasons": REASONS,
        "pathway": serializers.CharField(),
        "framework_version": serializers.CharField(),
        "reference": serializers.CharField(),
    },
)
MAX_INDICATORS = 1000


class Problem(DomainError):
    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.api_status = status


def _authority_framework(slug: Any) -> tuple[Authority, Framework]:
    if not isinstance(slug, str) or not slug.strip():
        raise Problem("Give the authority, for example worcestershire", 400)
    slug = slug.replace("\x00", "")  # PostgreSQL refuses NUL in text: never a 500
    authority = Authority.objects.filter(slug=slug.strip()[:50]).first()
    if authority is None:
        raise Problem(f"No authority called '{slug.strip()[:50]}'", 404)
    framework = selectors.framework_for(authority=authority)
    if framework is None:
        raise Problem(str(services.NoFramework(authority)), 404)
    return authority, framework


class PublicAPIView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]


class IndicatorsView(PublicAPIView):
    @extend_schema(
        operation_id="thresholds_indicators",
        summary="Search the examples of need",
        description=(
            "The indicators (examples of need) of the authority's current levels-of-need "
            "framework, in the order of its tables. `q` keeps those whose text contains it, "
            "ignoring case. 404 when the authority has no framework in the portal."
        ),
        parameters=[
            OpenApiParameter("authority", OpenApiTypes.STR, required=True),
            OpenApiParameter("q", OpenApiTypes.STR, required=False),
        ],
        responses={200: INDICATORS, 400: ERROR, 404: ERROR},
    )
    def get(self, request: Request) -> Response:
        _authority, framework = _authority_framework(request.query_params.get("authority"))
        q = request.query_params.get("q", "")[:100]
        return Response(selectors.indicator_rows(framework=framework, q=q))


class AssessView(PublicAPIView):
    @extend_schema(
        operation_id="thresholds_assess",
        summary="Suggest a level of need",
        description=(
            "The suggested level is the highest level among the indicators given; the reasons "
            "are those indicators, highest level first. The assessment is stored (`reference`). "
            "Professional judgement decides, not the tool."
        ),
        request=ASSESS_REQUEST,
        responses={200: ASSESS_RESPONSE, 400: ERROR, 404: ERROR, 422: ERROR},
    )
    def post(self, request: Request) -> Response:
        body: object = request.data  # any JSON: an array or a string too
        if not isinstance(body, dict):
            raise Problem("Send a JSON object with 'authority' and 'indicators'", 400)
        # Problems, and AssessmentError (422), are answered by the API's exception handler.
        authority, framework = _authority_framework(body.get("authority"))
        raw = body.get("indicators")
        if not isinstance(raw, list):
            raise Problem("'indicators' must be a list of indicator ids", 400)
        if len(raw) > MAX_INDICATORS:
            raise Problem(f"Give at most {MAX_INDICATORS} indicators", 400)
        ids, bad = parse_ids(raw)
        if bad:
            raise Problem(f"Not indicator ids: {', '.join(bad[:20])}", 400)
        if not ids:
            raise Problem("Give at least one indicator id in 'indicators'", 400)
        assessment = services.assessment_create(
            authority=authority,
            indicator_ids=ids,
            user=request.user,
            framework=framework,
            request=request._request,
        )
        indicators = sorted(
            Indicator.objects.filter(pk__in=ids), key=lambda i: (-i.level, i.position, i.pk)
        )
        level = selectors.level_of(framework=framework, number=assessment.level)
        return Response(
            {
                "level": assessment.level,
                "reasons": [{"id": i.pk, "text": i.text, "level": i.level} for i in indicators],
                "pathway": level.pathway if level else "",
                "framework_version": framework.version,
                "reference": assessment.reference,
            }
        )
