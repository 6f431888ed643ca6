"""JSON API: who to call now, and the directory with hours. Public and rate-limited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from contacts import hours
from contacts.panel import EMERGENCY, panel_for_directory
from contacts.selectors import Directory, directory_for_slug, service_status
from referral_portal.errors import DomainError

AT_FORMAT = "ISO 8601, for example 2026-12-28T08:45:00+00:00 (no offset means Europe/London)"
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100

AUTHORITY_PARAM = OpenApiParameter(
    "authority", OpenApiTypes.STR, required=True, description="Authority slug, e.g. birmingham"
)
ERROR = inline_serializer("ContactsError", {"error": serializers.CharField()})


class BadRequest(DomainError):
    pass


class NotFound(DomainError):
    api_status = 404


def _directory(request: Request) -> Directory:
    slug = request.query_params.get("authority", "").strip()
    if not slug:
        raise BadRequest("Give the authority, for example ?authority=birmingham")
    directory = directory_for_slug(slug)
    if directory is None:
        raise NotFound(f"No authority called '{slug[:50]}'")
    return directory


def parse_at(raw: str | None) -> dt.datetime:
    """The moment asked about; a time without an offset is Europe/London."""
    if raw is None:
        return timezone.now().astimezone(hours.LONDON)
    try:
        if len(raw) > 40:  # the longest sensible form is about 32 characters
            raise ValueError(raw)
        moment = dt.datetime.fromisoformat(raw.strip())
    except ValueError:
        raise BadRequest(f"'at' must be a date and time in {AT_FORMAT}") from None
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise BadRequest(f"'at' must be between {EARLIEST_YEAR} and {LATEST_YEAR}")
    return hours.as_london(moment)


def _error(message: str, status: int) -> Response:
    return Response({"error": message}, status=status)


class PublicAPIView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]


class CallNowView(PublicAPIView):
    @extend_schema(
        operation_id="contacts_now",
        summary="Who to call now",
        description=(
            "Whether the authority's front door is open at the moment asked about, the one "
            "number to ring (front door when open, out-of-hours otherwise) and when that next "
            "changes. Opening times are inclusive and closing times exclusive; closed on "
            "England and Wales bank holidays."
        ),
        parameters=[
            AUTHORITY_PARAM,
            OpenApiParameter(
                "at",
                OpenApiTypes.DATETIME,
                required=False,
                description=f"{AT_FORMAT}; a year from {EARLIEST_YEAR} to {LATEST_YEAR}",
                pattern=r"^(20[0-9]{2}|2100)-",
            ),
        ],
        responses={
            200: inline_serializer(
                "CallNow",
                {
                    "authority": serializers.CharField(),
                    "at": serializers.DateTimeField(),
                    "front_door_open": serializers.BooleanField(),
                    "call": inline_serializer(
                        "CallNowNumber",
                        {
                            "name": serializers.CharField(),
                            "phone": serializers.CharField(),
                            "kind": serializers.ChoiceField(["front_door", "out_of_hours"]),
                        },
                    ),
                    "emergency": serializers.CharField(),
                    "next_change": serializers.DateTimeField(allow_null=True),
                },
            ),
            400: ERROR,
            404: ERROR,
        },
    )
    def get(self, request: Request) -> Response:
        # BadRequest (400) and NotFound (404) are answered by the API's exception handler.
        directory = _directory(request)
        at = parse_at(request.query_params.get("at"))
        panel = panel_for_directory(directory, at)
        if panel is None:
            return _error(f"'{directory.slug}' has no front door in the directory", 404)
        next_change = panel["next_change"]
        return Response(
            {
                "authority": directory.slug,
                "at": at.isoformat(),
                "front_door_open": panel["front_door_open"],
                "call": {"name": panel["name"], "phone": panel["phone"], "kind": panel["kind"]},
                "emergency": EMERGENCY,
                "next_change": next_change.isoformat() if next_change else None,
            }
        )


def _service_json(entry: Any, directory: Directory, now: dt.datetime) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "kind_label": entry.kind_label,
        "name": entry.name,
        "phone": entry.phone,
        "email": entry.email,
        "website": entry.website,
        "notes": entry.notes,
        "source": entry.source,
        "availability": entry.availability,
        "status_now": service_status(entry, directory, now),
        "weekly_hours": [
            {"weekday": day, "opens": f"{opens:%H:%M}", "closes": f"{closes:%H:%M}"}
            for day in range(7)
            for opens, closes in entry.schedule.weekly.get(day, ())
        ],
        "changed_days": [
            {
                "date": day.isoformat(),
                "closed": not ranges,
                "hours": [{"opens": f"{a:%H:%M}", "closes": f"{b:%H:%M}"} for a, b in ranges],
            }
            for day, ranges in sorted(entry.schedule.one_off.items())
            if day >= now.date()
        ],
    }


class DirectoryView(PublicAPIView):
    @extend_schema(
        operation_id="contacts_list",
        summary="The authority's services with their hours",
        description="Weekdays are 0 (Monday) to 6 (Sunday); times are Europe/London.",
        parameters=[AUTHORITY_PARAM],
        responses={
            200: inline_serializer(
                "Directory",
                {
                    "authority": serializers.CharField(),
                    "name": serializers.CharField(),
                    "services": serializers.ListField(child=serializers.DictField()),
                },
            ),
            400: ERROR,
            404: ERROR,
        },
    )
    def get(self, request: Request) -> Response:
        directory = _directory(request)
        now = timezone.now().astimezone(hours.LONDON)
        return Response(
            {
                "authority": directory.slug,
                "name": directory.name,
                "services": [_service_json(e, directory, now) for e in directory.services],
            }
        )
