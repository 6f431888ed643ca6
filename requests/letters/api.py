"""The letters JSON API for the front door (token or session): a contact's letters and statuses."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from referral_portal.accounts.models import Role
from requests.letters.models import Letter
from requests.letters.selectors import letters_for_contact
from requests.selectors import get_contact_for_user


class LetterSerializer(serializers.ModelSerializer[Letter]):
    kind_label = serializers.CharField(source="get_kind_display")
    status_label = serializers.CharField(source="get_status_display")
    by_post = serializers.SerializerMethodField()

    class Meta:
        model = Letter
        fields = [
            "id",
            "decision",
            "kind",
            "kind_label",
            "recipient_name",
            "by_post",
            "status",
            "status_label",
            "held_reason",
            "attempts",
            "sent_at",
            "posted_at",
        ]

    def get_by_post(self, letter: Letter) -> bool:
        return not letter.recipient_email


class ContactLettersView(APIView):
    @extend_schema(responses=LetterSerializer(many=True), summary="A contact's outcome letters")
    def get(self, request: Request, pk: int) -> Response:
        user: Any = request.user
        if user.role not in (Role.OFFICER, Role.MANAGER):
            raise Http404
        contact = get_contact_for_user(user=user, pk=pk, request=request)
        return Response(LetterSerializer(letters_for_contact(contact=contact), many=True).data)
