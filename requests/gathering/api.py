"""Information gathering for agency systems (issue 22 item 5), with an API key of a verified
agency user: list the open requests, answer one (``Idempotency-Key`` makes a retry safe).

The same services and rules as the pages: an answer is final, sending again is a correction,
and the answerer is recorded as a professional consulted.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import IntegrityError, transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from referral_portal.accounts.models import AGENCY_ROLES, Role
from referral_portal.api import ErrorSerializer, JSONTypesMixin
from requests.gathering import selectors, services
from requests.gathering.models import AnswerKind, GatheringRequest
from requests.models import IdempotencyKey

MAX_KEY = 150


class ChildOut(serializers.Serializer[Any]):
    name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    address = serializers.CharField()


class GatheringRequestOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    front_door = serializers.CharField()
    recipient_email = serializers.EmailField()
    reply_by = serializers.DateTimeField()
    sent_at = serializers.DateTimeField()
    answered = serializers.BooleanField(help_text="An answer has been sent (it may be corrected)")
    questions = serializers.ListField(child=serializers.CharField())
    children = ChildOut(many=True, help_text="Only what identifies each child")


class GatheringListOut(serializers.Serializer[Any]):
    results = GatheringRequestOut(many=True)


class AnswerItemIn(JSONTypesMixin, serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=AnswerKind.choices)
    text = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=20000,
        help_text="The answer, or why it cannot be shared; empty for no_information",
    )


class AnswerIn(JSONTypesMixin, serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200, help_text="The answerer's name")
    answers = AnswerItemIn(many=True, help_text="One per question, in the questions' order")


class AnswerOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    request = serializers.IntegerField()
    sent_at = serializers.DateTimeField()
    correction = serializers.BooleanField()


def _agency_user(request: Request) -> Any:
    """A practitioner or safeguarding lead whose address is on a verified agency domain."""
    user: Any = request.user
    agency = getattr(user, "agency", None)
    if getattr(user, "role", None) not in AGENCY_ROLES or agency is None:
        raise PermissionDenied("Only a partner agency's professionals can use this")
    if not agency.has_verified_domain(user.email):
        raise PermissionDenied("Your address is not on a verified domain of your agency")
    return user


def _visible(user: Any) -> Any:
    """A safeguarding lead sees the agency's open requests; anyone else those sent to them."""
    email = None if user.role == Role.SAFEGUARDING_LEAD else user.email
    return selectors.open_requests_for_agency(agency_id=user.agency_id, email=email)


def _out(gathering: GatheringRequest) -> dict[str, Any]:
    return {
        "id": gathering.pk,
        "front_door": gathering.contact.authority.front_door_name,
        "recipient_email": gathering.recipient_email,
        "reply_by": gathering.reply_by,
        "sent_at": gathering.sent_at,
        "answered": gathering.answered_at is not None,
        "questions": list(gathering.questions),
        "children": selectors.children_disclosed(gathering),
    }


class GatheringListView(APIView):
    @extend_schema(
        operation_id="gathering_requests_list",
        summary="Open requests for information to your agency",
        description=(
            "The open requests for information sent to the caller (to a safeguarding lead: "
            "every open request to their agency), with the questions and what identifies each "
            "child. Needs an API key of a professional whose address is on a verified domain "
            "of their agency. Every request listed is recorded as viewed."
        ),
        responses={200: GatheringListOut},
    )
    def get(self, request: Request) -> Response:
        user = _agency_user(request)
        rows = list(_visible(user).prefetch_related("contact__children")[:200])
        for gathering in rows:
            services.viewed(
                gathering=gathering, by_email=user.email, user=user, request=request._request
            )
        return Response({"results": [GatheringRequestOut(_out(g)).data for g in rows]})


def _body_hash(data: Any) -> str:
    return hashlib.sha256(
        json.dumps(data, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()


class GatheringAnswerView(APIView):
    @extend_schema(
        operation_id="gathering_requests_answer",
        summary="Answer a request for information",
        description=(
            "Send the answers, one per question in order: kind `answer` (with text), "
            "`no_information`, or `cannot_share` (with the reason as text). A sent answer is "
            "final: sending again makes a correction kept beside it. Only the professional the "
            "request was sent to can answer it; any other request is not found (404). Send an "
            "Idempotency-Key header to make retries safe: a call repeated with the same key "
            "and body returns the first answer and makes nothing new; the same key with "
            "another body is refused (422)."
        ),
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                required=False,
                description=f"A unique string per answer, at most {MAX_KEY} characters",
            )
        ],
        request=AnswerIn,
        responses={
            201: AnswerOut,
            400: ErrorSerializer,
            404: ErrorSerializer,
            409: ErrorSerializer,
            422: ErrorSerializer,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        user = _agency_user(request)
        gathering = (
            GatheringRequest.objects.filter(
                pk=pk, agency_id=user.agency_id, recipient_email__iexact=user.email
            )
            .select_related("contact")
            .first()
        )
        if gathering is None:
            raise NotFound("No such request for information")
        body: Any = request.data
        if not isinstance(body, dict):
            return Response({"error": "Send a JSON object"}, status=status.HTTP_400_BAD_REQUEST)
        key = request.headers.get("Idempotency-Key", "").strip()
        if len(key) > MAX_KEY:
            return Response(
                {"error": f"Idempotency-Key must be {MAX_KEY} characters or fewer"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        stored_key = f"gathering-answer:{gathering.pk}:{key}"
        body_hash = _body_hash(request.data)
        if key:
            replay = self._replay(user=user, key=stored_key, body_hash=body_hash)
            if replay is not None:
                return replay
        data = AnswerIn(data=request.data)
        if not data.is_valid():
            field, problems = next(iter(data.errors.items()))
            return Response(
                {"error": f"{field}: {_first(problems)}", "field": field},
                status=status.HTTP_400_BAD_REQUEST,
            )
        values = data.validated_data
        with transaction.atomic():
            row = None
            if key:
                try:
                    with transaction.atomic():
                        row = IdempotencyKey.objects.create(
                            user=user, key=stored_key, body_hash=body_hash
                        )
                except IntegrityError:
                    replay = self._replay(user=user, key=stored_key, body_hash=body_hash)
                    if replay is not None:
                        return replay
                    raise
            try:
                answer = services.answer_send(
                    gathering=gathering,
                    answers=values["answers"],
                    name=values["name"],
                    email=user.email,
                    user=user,
                    verified_how=f"API key of {user.email}",
                    request=request._request,
                )
            except services.AnswerErrors as error:
                field, message = next(iter(error.errors.items()))
                transaction.set_rollback(True)
                return Response(
                    {"error": message, "field": _api_field(field)},
                    status=status.HTTP_400_BAD_REQUEST,
                )
            result = {
                "id": answer.pk,
                "request": gathering.pk,
                "sent_at": answer.sent_at.isoformat(),
                "correction": answer.corrects_id is not None,
            }
            if row is not None:
                row.status_code = 201
                row.response = result
                row.save(update_fields=["status_code", "response"])
        return Response(result, status=status.HTTP_201_CREATED)

    def _replay(self, *, user: Any, key: str, body_hash: str) -> Response | None:
        existing = IdempotencyKey.objects.filter(user=user, key=key).first()
        if existing is None:
            return None
        if existing.body_hash != body_hash:
            return Response(
                {"error": "This Idempotency-Key was used with a different request body"},
                status=status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        response = Response(existing.response, status=existing.status_code or 409)
        response["Idempotent-Replayed"] = "true"
        return response


def _first(problems: Any) -> str:
    if isinstance(problems, list) and problems:
        return _first(problems[0])
    if isinstance(problems, dict) and problems:
        return _first(next(iter(problems.values())))
    return str(problems)


def _api_field(form_field: str) -> str:
    """``q1_text`` (the page's field) as ``answers[1].text`` (the API's)."""
    index, _, part = form_field[1:].partition("_")
    return f"answers[{index}].{part}"
