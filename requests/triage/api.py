"""The triage JSON API for officers (token auth): the queue, claiming, recording a decision.

Same services and rules as the pages; an action the contact's state does not allow is 409.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from referral_portal.accounts.models import Role
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_record
from referral_portal.procedures.selectors import response_aim_for
from requests.selectors import get_contact_for_user
from requests.triage import selectors, services
from requests.triage.models import Outcome, QueueEntry


class QueueEntrySerializer(serializers.Serializer[Any]):
    contact_id = serializers.IntegerField()
    reference = serializers.CharField()
    urgent = serializers.BooleanField()
    state = serializers.CharField()
    received_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField()
    due = serializers.SerializerMethodField()
    agency = serializers.CharField(source="agency_name")
    children = serializers.SerializerMethodField()
    level_of_need = serializers.IntegerField(allow_null=True)
    held_by = serializers.SerializerMethodField()

    def get_due(self, entry: QueueEntry) -> str:
        return selectors.due_tag(entry)

    def get_children(self, entry: QueueEntry) -> list[str]:
        return [name for name in entry.child_names.split("\n") if name]

    def get_held_by(self, entry: QueueEntry) -> str | None:
        return entry.held_by.email if entry.held_by else None


class QueuePageSerializer(serializers.Serializer[Any]):
    results = QueueEntrySerializer(many=True)
    next = serializers.CharField(allow_blank=True)


class DecisionInSerializer(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    rationale = serializers.CharField(help_text="Internal: never printed in any letter")
    next_steps = serializers.CharField(required=False, allow_blank=True, default="")
    family_text = serializers.CharField(
        required=False,
        help_text="What we tell the family; the outcome's standard wording (003) if left out",
    )
    family_text_easy_read = serializers.CharField(
        required=False, help_text="The same in EasyRead; the standard EasyRead wording if left out"
    )
    referrer_text = serializers.CharField(
        required=False,
        help_text="What we tell the referrer and the professionals contacted; the standard "
        "wording if left out",
    )
    immediate_action_taken = serializers.CharField(required=False, allow_blank=True, default="")
    letters_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Only where the authority's procedures give no duty manager's agreement (the "
        "decision is final when recorded) and the outcome letters will not reach everyone: why "
        "record it anyway",
    )


class DecisionOutSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    outcome = serializers.CharField()
    status = serializers.CharField()


class MessageSerializer(serializers.Serializer[Any]):
    status = serializers.CharField()


def _front_door(request: Request) -> Any:
    user = request.user
    if getattr(user, "role", None) not in {Role.OFFICER, Role.MANAGER}:
        raise PermissionDenied
    return user


class QueueView(APIView):
    @extend_schema(responses=QueuePageSerializer, summary="The open contacts, most urgent first")
    def get(self, request: Request) -> Response:
        user = _front_door(request)
        services.queue_reconcile_if_due(
            authority_id=user.authority_id, aim=response_aim_for(authority=user.authority_id)
        )
        page = selectors.queue_page(
            user=user,
            filters=selectors.QueueFilters(
                held_by_me=request.query_params.get("mine") == "1",
                unassigned=request.query_params.get("unassigned") == "1",
                overdue=request.query_params.get("overdue") == "1",
            ),
            cursor=request.query_params.get("after", ""),
        )
        audit_record(
            actor=user,
            action=AuditAction.LIST,
            object_type="triage.queue",
            request=request._request,
            changes={"shown": [entry.contact_id for entry in page.entries]},
        )
        return Response(
            {
                "results": QueueEntrySerializer(page.entries, many=True).data,
                "next": page.next_cursor,
            }
        )


class ClaimView(APIView):
    @extend_schema(request=None, responses=MessageSerializer, summary="Claim a contact")
    def post(self, request: Request, pk: int) -> Response:
        user = _front_door(request)
        contact = get_contact_for_user(user=user, pk=pk, request=request._request)
        # A refusal (a DomainError) is answered by referral_portal.api.exception_handler.
        services.contact_claim(user=user, contact=contact, request=request._request)
        return Response({"status": "claimed"})


class DecisionView(APIView):
    @extend_schema(
        request=DecisionInSerializer,
        responses={201: DecisionOutSerializer},
        summary="Record a decision: a duty manager agrees it where the authority's procedures "
        "give that, else it is final",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = _front_door(request)
        contact = get_contact_for_user(user=user, pk=pk, request=request._request)
        data = DecisionInSerializer(data=request.data)
        if not data.is_valid():
            first = next(iter(data.errors.items()))
            return Response(
                {"error": f"{first[0]}: {first[1][0]}", "fields": data.errors},
                status=status.HTTP_400_BAD_REQUEST,
            )
        decision = services.decision_propose(
            user=user, contact=contact, request=request._request, **data.validated_data
        )
        return Response(
            {"id": decision.pk, "outcome": decision.outcome, "status": decision.status},
            status=status.HTTP_201_CREATED,
        )
