"""Shared pieces of the JSON API: errors always as JSON in one shape, never a 500 page, and
an OpenAPI description that says every status an operation answers with and the real
constraints of its parameters (checked by schemathesis in tests/api/)."""

from __future__ import annotations

import json
from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from referral_portal.errors import DomainError


@extend_schema_serializer(component_name="ApiError")
class ErrorSerializer(serializers.Serializer[Any]):
    """The one shape of every error the API answers with."""

    error = serializers.CharField(help_text="What is wrong, in words a person can act on")
    field = serializers.CharField(
        required=False, help_text="The request field at fault, when the error is about one"
    )


class JSONTypesMixin(serializers.Serializer[Any]):
    """In a JSON body, text must be a JSON string and a yes/no a JSON true or false, as the
    schema says (``string``, ``boolean``). DRF would otherwise turn 12 into "12" and "yes"
    or 1 into true. HTML form bodies, where everything is text, are read as before."""

    def to_internal_value(self, data: Any) -> Any:
        request = self.context.get("request")
        if (
            request is not None
            and "json" in (request.content_type or "")
            and isinstance(data, dict)
        ):
            errors = {}
            for name, field in self.fields.items():
                value = data.get(name)
                if value is None or field.read_only:
                    continue
                if isinstance(field, serializers.BooleanField) and not isinstance(value, bool):
                    errors[name] = ["Must be true or false."]
                elif (
                    isinstance(field, serializers.CharField)
                    and not isinstance(field, serializers.ChoiceField)
                    and not isinstance(value, str)
                ):
                    errors[name] = ["Must be text (a JSON string)."]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every error as ``{"error": ..., "field": ...}``: a service's DomainError with the status
    it names (``referral_portal.errors``), DRF's own errors with theirs."""
    if isinstance(exc, DomainError):
        return Response(exc.as_api(), status=exc.api_status)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"error": str(response.data["detail"])}
    return response


RETRY_AFTER = {
    "Retry-After": {
        "schema": {"type": "integer", "minimum": 0},
        "description": "How many seconds to wait before trying again",
        "required": True,
    }
}


class PortalAutoSchema(AutoSchema):
    """drf-spectacular's schema, plus what every operation can answer besides its own codes:
    every 4xx body is the one ``Error`` schema; 401 and 403 where a sign-in or token is
    needed; 429 with ``Retry-After`` where the operation is rate-limited."""

    def map_parsers(self) -> list[str]:
        # The API's contract is JSON in and JSON out. DRF's default parsers also read HTML
        # forms, where a JSON null or an empty list cannot be said; documenting those would
        # promise clients requests that cannot mean what the schema says.
        media_types = super().map_parsers()
        return ["application/json"] if "application/json" in media_types else media_types

    def _error(self, code: str, description: str) -> dict[str, Any]:
        response: dict[str, Any] = self._get_response_for_code(  # type: ignore[no-untyped-call]  # drf-spectacular has no type information
            ErrorSerializer, code
        )
        response["description"] = description
        return response

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)  # type: ignore[arg-type]  # drf-spectacular has no type information
        if direction != "response":
            return responses
        for code, response in list(responses.items()):
            if code.startswith("4"):
                responses[code] = self._error(code, response.get("description") or "Refused")
        public = any(isinstance(p, AllowAny) for p in self.view.get_permissions())
        if not public:
            responses.setdefault(
                "401", self._error("401", "Not signed in: no valid token or session")
            )
            responses.setdefault("403", self._error("403", "Signed in, but not allowed this"))
        if self.view.get_throttles():
            limited = self._error(
                "429", "Too many requests: wait the number of seconds in Retry-After"
            )
            limited["headers"] = dict(RETRY_AFTER)
            responses["429"] = limited
        return responses


def authority_enum_hook(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """An ``authority`` is one of the portal's authorities' slugs: say so in the schema (an
    enum read from the database when the schema is served), for query parameters and for
    request bodies, so a client knows which values are accepted."""
    from django.db import DatabaseError

    from referral_portal.accounts.models import Authority

    try:
        slugs = list(Authority.objects.order_by("slug").values_list("slug", flat=True))
    except DatabaseError:
        # drf-spectacular's system check builds the schema before any migration has run
        # (`check --deploy` on a new server): the enum is added when the schema is served.
        slugs = []
    if not slugs:
        return result
    request_components = set()
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("name") == "authority":
                    parameter["schema"] = {"type": "string", "enum": slugs}
            for media in operation.get("requestBody", {}).get("content", {}).values():
                ref = media.get("schema", {}).get("$ref", "")
                if ref:
                    request_components.add(ref.rsplit("/", 1)[-1])
    schemas = result.get("components", {}).get("schemas", {})
    _drop_unused(result)
    for name in request_components:
        authority = schemas.get(name, {}).get("properties", {}).get("authority")
        if authority is not None and authority.get("type") == "string":
            authority.pop("minLength", None)
            authority.pop("maxLength", None)
            authority.pop("pattern", None)
            authority["enum"] = slugs
    return result


NO_NUL = "^[^\\u0000]*$"


def no_nul_hook(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """Every text the API reads refuses the NUL character (DRF's CharField does, and
    PostgreSQL cannot store it): say so with a pattern on free-text strings in requests."""

    def constrain(schema: dict[str, Any]) -> None:
        if schema.get("type") == "string" and not ({"enum", "format", "pattern"} & set(schema)):
            schema["pattern"] = NO_NUL

    request_components = set()
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                constrain(parameter.get("schema", {}))
            for media in operation.get("requestBody", {}).get("content", {}).values():
                ref = media.get("schema", {}).get("$ref", "")
                if ref:
                    request_components.add(ref.rsplit("/", 1)[-1])
    schemas = result.get("components", {}).get("schemas", {})
    for name in request_components:
        for prop in schemas.get(name, {}).get("properties", {}).values():
            constrain(prop)
            constrain(prop.get("items", {}))
    return result


def _drop_unused(result: dict[str, Any]) -> None:
    """Remove component schemas nothing refers to any more (each app's old error shapes,
    replaced by ``ApiError`` above), so the description lists one error schema."""
    schemas = result.get("components", {}).get("schemas", {})
    while True:
        text = json.dumps({"paths": result.get("paths", {}), "components": schemas})
        unused = [name for name in schemas if f'"#/components/schemas/{name}"' not in text]
        if not unused:
            return
        for name in unused:
            del schemas[name]
