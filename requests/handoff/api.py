"""The hand-off's API (docs/handoff.md).

``GET /api/v1/handoffs?since=<cursor>``: the authority's hand-off documents after the cursor,
oldest first, for an integration account's key. ``POST /api/v1/contacts/{id}/handoff-receipt``:
the council's system records its own ids for a contact. ``GET
/api/v1/schema/contact-handoff-v1.json``: the document's JSON Schema (public).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from referral_portal.accounts.models import Role
from referral_portal.api import ErrorSerializer, JSONTypesMixin
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_record
from requests.handoff import document as documents
from requests.handoff import services
from requests.handoff.models import HandoffEvent
from requests.models import Contact

PAGE = 100
MAX_PAGE = 500


def _integration(request: Request) -> Any:
    user: Any = request.user
    if getattr(user, "role", None) != Role.INTEGRATION or user.authority_id is None:
        raise PermissionDenied
    return user


class HandoffPageSerializer(serializers.Serializer[Any]):
    documents = serializers.ListField(
        child=serializers.DictField(),
        help_text="contact-handoff/v1 documents (the schema: /api/v1/schema/contact-handoff-v1.json)",
    )
    next = serializers.CharField(help_text="The cursor for the next call (since=)")
    more = serializers.BooleanField(help_text="True if more documents wait after this page")


class HandoffFeedView(APIView):
    @extend_schema(
        summary="The authority's hand-off documents after a cursor, oldest first",
        parameters=[
            OpenApiParameter(
                "since",
                OpenApiTypes.STR,
                description="The next value of the previous page; empty for the first page",
                pattern="^[0-9]{0,18}$",
            ),
            OpenApiParameter(
                "limit", OpenApiTypes.INT, description="At most this many (1 to 500; 100)"
            ),
        ],
        responses={200: HandoffPageSerializer, 400: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        user = _integration(request)
        since_text = request.query_params.get("since", "") or "0"
        limit_text = request.query_params.get("limit", "") or str(PAGE)
        if not since_text.isdigit() or len(since_text) > 18:
            return Response(
                {"error": "since must be the next value of a previous page", "field": "since"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if not limit_text.isdigit() or not 1 <= int(limit_text) <= MAX_PAGE:
            return Response(
                {"error": "limit must be a whole number from 1 to 500", "field": "limit"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        since, limit = int(since_text), int(limit_text)
        events = list(
            HandoffEvent.objects.filter(authority_id=user.authority_id, pk__gt=since).order_by(
                "pk"
            )[: limit + 1]
        )
        more = len(events) > limit
        events = events[:limit]
        audit_record(
            actor=user,
            action=AuditAction.LIST,
            object_type="handoff.feed",
            authority_id=user.authority_id,
            request=request._request,
            changes={"contacts": sorted({e.contact_id for e in events})},
        )
        return Response(
            {
                # The pull API, like the export, gives no optional section (docs/handoff.md).
                "documents": [documents.for_recipient(e.document, []) for e in events],
                "next": str(events[-1].pk if events else since),
                "more": more,
            }
        )


class PersonIdSerializer(JSONTypesMixin, serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=["child", "person"])
    portal_id = serializers.IntegerField(min_value=1)
    external_id = serializers.CharField(max_length=100)


class ReceiptInSerializer(JSONTypesMixin, serializers.Serializer[Any]):
    webhook_id = serializers.CharField(
        required=False, allow_blank=True, max_length=40, help_text="The event recorded"
    )
    system = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="For example: Mosaic"
    )
    case_id = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="The system's case id"
    )
    person_ids = PersonIdSerializer(many=True, required=False)


class ReceiptOutSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    received_at = serializers.DateTimeField()


class ReceiptView(APIView):
    @extend_schema(
        summary="Record the council's own ids for a contact handed off to it",
        request=ReceiptInSerializer,
        responses={201: ReceiptOutSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        user = _integration(request)
        contact = Contact.objects.filter(pk=pk, authority_id=user.authority_id).first()
        if contact is None or not HandoffEvent.objects.filter(contact=contact).exists():
            raise Http404("No contact of yours was handed off with this id")
        data = ReceiptInSerializer(data=request.data, context={"request": request})
        if not data.is_valid():
            field, errors = next(iter(data.errors.items()))
            return Response(
                {
                    "error": f"{field}: {errors[0] if isinstance(errors, list) else errors}",
                    "field": field,
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        person_ids = list(data.validated_data.get("person_ids", []))
        known = {
            "child": set(contact.children.values_list("pk", flat=True)),
            "person": set(contact.people.values_list("pk", flat=True)),
        }
        for entry in person_ids:
            if entry["portal_id"] not in known[entry["kind"]]:
                return Response(
                    {
                        "error": f"{entry['kind']} {entry['portal_id']} is not on this contact",
                        "field": "person_ids",
                    },
                    status=status.HTTP_400_BAD_REQUEST,
                )
        receipt = services.receipt_record(
            contact=contact,
            user=user,
            system=data.validated_data.get("system", ""),
            case_id=data.validated_data.get("case_id", ""),
            person_ids=[dict(entry) for entry in person_ids],
            webhook_id=data.validated_data.get("webhook_id", ""),
            request=request._request,
        )
        return Response(
            {"id": receipt.pk, "received_at": receipt.received_at},
            status=status.HTTP_201_CREATED,
        )


class SchemaView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    # Served beside the OpenAPI description (as /api/v1/schema/ itself), not an operation in it.
    @extend_schema(exclude=True)
    def get(self, request: Request) -> Response:
        return Response(documents.schema())
