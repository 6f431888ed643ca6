"""``POST /api/v1/requests-for-support``: agency systems send a whole Request for Support.

Token authentication per user. The body is checked by the same forms as the pages, so the
rules and messages are the same; errors are field by field. An ``Idempotency-Key`` header
makes a retried call return the first answer instead of making a second request.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import IntegrityError, transaction
from django.http import QueryDict
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from referral_portal.accounts.api_tokens import ApiTokenAuthentication
from referral_portal.accounts.models import User
from requests import forms as rfs
from requests import services
from requests import support_rules as rules
from requests.models import (
    ChildConsent,
    ConcernCategory,
    Consent,
    ConsentAdvice,
    ConsentNotSoughtReason,
    IdempotencyKey,
    YesNo,
    YesNoNotKnown,
)

MAX_CHILDREN = 20
MAX_PEOPLE = 30


def _text(max_length: int, help_text: str = "") -> serializers.CharField:
    return serializers.CharField(
        required=False, allow_blank=True, max_length=max_length, help_text=help_text
    )


def _choice(choices: Any, help_text: str) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=["", *choices.values], required=False, allow_blank=True, help_text=help_text
    )


class ChildIn(serializers.Serializer[Any]):
    first_name = _text(100)
    last_name = _text(100)
    date_of_birth = serializers.DateField(
        required=False, allow_null=True, help_text="YYYY-MM-DD; not in the future"
    )
    expected_due_date = serializers.DateField(
        required=False, allow_null=True, help_text="YYYY-MM-DD, for an unborn child: next 10 months"
    )
    sex = serializers.ChoiceField(choices=["female", "male", "other", "not_known"], required=False)
    ethnicity = _text(100)
    address = _text(500)
    school = _text(200)
    first_language = _text(100)
    additional_needs = _text(2000)
    interpreter_language = _text(100, "Language, if an interpreter is needed")
    needs_bsl = serializers.BooleanField(required=False, default=False)
    needs_easy_read = serializers.BooleanField(required=False, default=False)
    needs_large_print = serializers.BooleanField(required=False, default=False)
    other_communication_needs = _text(2000)


class ChildPRIn(serializers.Serializer[Any]):
    child = serializers.IntegerField(
        min_value=0, help_text="The child's place in `children`, counting from 0"
    )
    parental_responsibility = serializers.ChoiceField(choices=["yes", "no", "not_known"])


class PersonIn(serializers.Serializer[Any]):
    full_name = _text(200)
    relationship = _text(100)
    parental_responsibility = serializers.ChoiceField(
        choices=["yes", "no", "not_known"],
        required=False,
        help_text="One answer for every child. Where it differs between the children (for "
        "example half-siblings), send `parental_responsibility_per_child` instead",
    )
    parental_responsibility_per_child = ChildPRIn(
        many=True,
        required=False,
        help_text="Does this person hold parental responsibility for each child? One entry per "
        "child of `children`",
    )
    lives_with_child = serializers.BooleanField(required=False, default=True)
    address = _text(500)
    address_unsafe = serializers.BooleanField(required=False, default=False)
    email = _text(254)
    phone = _text(40)
    interpreter_language = _text(100, "Language, if an interpreter is needed")
    needs_bsl = serializers.BooleanField(required=False, default=False)
    needs_easy_read = serializers.BooleanField(required=False, default=False)
    needs_large_print = serializers.BooleanField(required=False, default=False)
    alleged_source_of_harm = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Alleged to have caused the harm: outcome letters to the family are held",
    )


class RequestForSupportIn(serializers.Serializer[Any]):
    authority = _text(5, "Authority code, e.g. BHM; must be your agency's authority if given")
    immediate_danger = serializers.BooleanField(required=False, default=False)
    referrer_role = _text(200)
    referrer_phone = _text(40)
    referrer_email = _text(254)
    children = ChildIn(many=True, required=False)
    people = PersonIn(many=True, required=False)
    categories = serializers.ListField(
        child=serializers.CharField(max_length=40),
        required=False,
        max_length=20,
        help_text=(
            "Categories of concern or need: " + ", ".join(ConcernCategory.values) + ". "
            "'child_in_need' (child in need or family support) alone needs no past_harm"
        ),
    )
    discussed_with_lead = _choice(YesNo, "Discussed with a safeguarding lead or a manager")
    early_help_in_place = _choice(
        YesNoNotKnown, "Is there an Early Help Assessment or a family plan for the child?"
    )
    past_harm = _text(5000, "Required when a category of harm is chosen")
    future_danger = _text(5000)
    complicating_factors = _text(5000)
    existing_strengths = _text(5000)
    existing_safety = _text(5000)
    needs_to_happen = _text(5000)
    safety_scale = serializers.IntegerField(required=False, allow_null=True, help_text="0 to 10")
    safety_scale_reason = _text(5000)
    child_words = _text(5000)
    child_heard_how = _text(5000)
    level_of_need = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=(
            "The level of need in the authority's own framework, only where the portal holds "
            "one: for Worcestershire a level 1 to 4 of its Multi Agency Levels of Need guidance "
            "(GET /api/v1/thresholds/levels). Where the portal holds none (Birmingham, whose "
            "threshold document is Right Help, Right Time) leave it out or null: a number is "
            "refused with a message naming the authority's document, as the form offers none"
        ),
    )
    level_reason = _text(
        5000,
        "Why this level; where the authority has no framework in the portal, the child's need "
        "described against its own document (Birmingham: Right Help, Right Time)",
    )
    early_help_confirmed = serializers.BooleanField(
        required=False,
        default=False,
        help_text=(
            "For a level of need below social care's (1 to 3) where the authority's guidance "
            "names an Early Help route: true confirms what the request asks for (for "
            "Birmingham, that the child or family require either social work assessment or "
            "intensive family support). Read the route on the form's Early Help page"
        ),
    )
    consent = _choice(Consent, "The parents' consent (004 section 4)")
    consent_refused_details = _text(5000, "What the parents said; required when refused")
    consent_advice = _choice(
        ConsentAdvice,
        "Required when refused: advice sought from a manager or the nominated safeguarding "
        "lead, or it would cause undue delay",
    )
    consent_advice_outcome = _text(5000, "Required when advice was sought")
    consent_child_protection = _choice(
        YesNo, "Required when refused: is there a child protection concern?"
    )
    consent_not_sought_reason = _choice(ConsentNotSoughtReason, "Required when not sought")
    consent_not_sought_details = _text(5000, "Required when not sought or not established")
    child_consent = _choice(ChildConsent, "The child's consent, or no capacity to consent")
    child_consent_details = _text(5000, "Required when the child's consent was not sought")
    declaration = serializers.BooleanField(
        required=False, help_text="Must be true: the referrer confirms the declaration"
    )


RequestForSupportOut = inline_serializer(
    "RequestForSupportCreated",
    {
        "id": serializers.IntegerField(),
        "reference": serializers.CharField(),
        "status": serializers.CharField(),
        "received_at": serializers.DateTimeField(),
        "due_at": serializers.DateTimeField(
            allow_null=True,
            help_text="By the authority's response aim; null where the authority has none "
            "(no time is promised)",
        ),
        "status_url": serializers.URLField(),
    },
)
ErrorOut = inline_serializer("Error", {"error": serializers.CharField()})

# Page forms that check the contact's own fields, in the order of the form.
CONTACT_FORMS = (
    rfs.ReferrerForm,
    rfs.ConcernsForm,
    rfs.WorriesForm,
    rfs.WorkingWellForm,
    rfs.NextStepsForm,
    rfs.SafetyScaleForm,
    rfs.ChildsVoiceForm,
    rfs.LevelForm,
    rfs.ConsentForm,
)


def _query(data: dict[str, Any]) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, list):
            query.setlist(key, [str(v) for v in value])
        elif isinstance(value, bool):
            query[key] = "on" if value else ""
        else:
            query[key] = str(value)
    return query


def _date_parts(data: dict[str, Any], name: str) -> None:
    value = data.pop(name, None)
    if value is not None:
        data[f"{name}_0"], data[f"{name}_1"], data[f"{name}_2"] = value.day, value.month, value.year


def _errors(form: Any) -> dict[str, list[str]]:
    return {name: [str(e) for e in errors] for name, errors in form.errors.items()}


def validate_request(
    data: dict[str, Any], *, authority: Any = None
) -> tuple[dict[str, Any], list[Any], list[Any], dict[str, Any]]:
    """The cleaned fields, children and people, and the field-level errors (same as the pages)."""
    errors: dict[str, Any] = {}
    fields: dict[str, Any] = {}
    for form_class in CONTACT_FORMS:
        kwargs: dict[str, Any] = {}
        if form_class is rfs.WorriesForm:
            kwargs["harm"] = rules.past_harm_asked(data.get("categories"))
        if form_class is rfs.LevelForm:
            # The level in the authority's own terms, as the page asks it (identical rules).
            form = rfs.level_form_for(
                authority,
                _query({k: data.get(k) for k in ("level_of_need", "level_reason")}),
            )
            if "level_of_need" not in form.fields and data.get("level_of_need") is not None:
                errors["level_of_need"] = [rfs.level_refused(form)]
        else:
            form = form_class(_query({k: data.get(k) for k in form_class.base_fields}), **kwargs)
        if form.is_valid():
            fields.update(form.cleaned_data)
        else:
            errors.update(_errors(form))
    # Below the threshold for social care, what the page asks to confirm (000; 004 §7).
    route = rules.early_help_route(authority=authority, level=fields.get("level_of_need"))
    if route is not None:
        form = rfs.EarlyHelpForm(
            _query({"early_help_confirmed": data.get("early_help_confirmed")}), route=route
        )
        if form.is_valid():
            fields["early_help_confirmed"] = True
        else:
            errors.update(_errors(form))
    children: list[Any] = []
    child_errors: list[Any] = []
    for child in data.get("children") or []:
        child = dict(child)
        child["unborn"] = (
            "yes" if child.get("expected_due_date") and not child.get("date_of_birth") else "no"
        )
        _date_parts(child, "date_of_birth")
        _date_parts(child, "expected_due_date")
        form = rfs.ChildForm(_query(child))
        if form.is_valid():
            cleaned = dict(form.cleaned_data)
            cleaned.pop("unborn")
            children.append(cleaned)
            child_errors.append({})
        else:
            child_errors.append(_errors(form))
    if not children and not child_errors:
        errors["children"] = ["Add at least one child"]
    elif any(child_errors):
        errors["children"] = child_errors
    people, person_errors = [], []
    named = [
        " ".join(f"{c.get('first_name', '')} {c.get('last_name', '')}".split()) or f"child {index}"
        for index, c in enumerate(data.get("children") or [])
    ]
    for person in data.get("people") or []:
        person = dict(person)
        person["lives_with_child"] = "yes" if person.get("lives_with_child", True) else "no"
        # The form's question per child, reported on the API's own field.
        field = (
            "parental_responsibility_per_child"
            if person.get("parental_responsibility_per_child") is not None
            else "parental_responsibility"
        )
        answers, pr_errors = _declared_pr(person, named)
        form = rfs.PersonForm(_query({**person, **answers}), children=list(enumerate(named)))
        errors_here = {} if form.is_valid() else _errors(form)
        for index in range(len(named)):
            for message in errors_here.pop(rfs.pr_field(index), []):
                pr_errors.append(message)
        if pr_errors:
            errors_here[field] = pr_errors
        if errors_here:
            person_errors.append(errors_here)
        else:
            people.append(dict(form.cleaned_data))
            person_errors.append({})
    if not people and not person_errors:
        errors["people"] = [
            "Add at least one person in the household or with parental responsibility"
        ]
    elif any(person_errors):
        errors["people"] = person_errors
    if data.get("declaration") is not True:
        errors["declaration"] = ["Confirm the declaration to send your request"]
    return fields, children, people, errors


def _declared_pr(person: dict[str, Any], named: list[str]) -> tuple[dict[str, str], list[str]]:
    """The person's answers as the form's questions, one per child, and what is wrong with them.

    ``parental_responsibility`` (one answer, as before PR was asked per child) still works and
    applies to every child; ``parental_responsibility_per_child`` answers child by child."""
    single = person.pop("parental_responsibility", None)
    per_child = person.pop("parental_responsibility_per_child", None)
    if single and per_child is not None:
        return {}, [
            "Send either parental_responsibility (one answer for every child) or "
            "parental_responsibility_per_child, not both"
        ]
    if per_child is None:
        return ({rfs.pr_field(i): single for i in range(len(named))} if single else {}), []
    answers: dict[str, str] = {}
    problems: list[str] = []
    for entry in per_child:
        index = entry["child"]
        if index >= len(named):
            problems.append(
                f"There is no child {index}: children are counted from 0 in the order of "
                f"children, and this request has {len(named)}"
            )
        elif rfs.pr_field(index) in answers:
            problems.append(f"{named[index]} is answered twice: answer once for each child")
        else:
            answers[rfs.pr_field(index)] = entry["parental_responsibility"]
    return answers, problems


def _body_hash(data: Any) -> str:
    return hashlib.sha256(
        json.dumps(data, sort_keys=True, default=str, separators=(",", ":")).encode()
    ).hexdigest()


def _result(contact: Any) -> dict[str, Any]:
    return {
        "id": contact.pk,
        "reference": contact.reference,
        "status": contact.status,
        "received_at": contact.submitted_at.isoformat(),
        "due_at": contact.due_at.isoformat() if contact.due_at else None,
        "status_url": services.status_url(contact),
    }


class RequestForSupportCreateView(APIView):
    authentication_classes = [ApiTokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="requests_for_support_create",
        summary="Send a Request for Support",
        description=(
            "Send a whole Request for Support as one JSON object. The rules and messages are "
            "those of the form's pages; errors come back field by field (400). Send an "
            "Idempotency-Key header to make retries safe: a call repeated with the same key and "
            "body returns the first answer and makes nothing new."
        ),
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                required=False,
                description="A unique string per request, at most 200 characters",
            )
        ],
        request=RequestForSupportIn,
        responses={201: RequestForSupportOut, 400: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    )
    def post(self, request: Request) -> Response:
        user = request.user
        agency = getattr(user, "agency", None)
        if (
            not isinstance(user, User)
            or agency is None
            or not services.user_may_refer(user=user, authority_id=agency.authority_id)
        ):
            return Response(
                {"error": "Only practitioners of a partner agency can send a Request for Support"},
                status=status.HTTP_403_FORBIDDEN,
            )
        body: object = request.data  # any JSON: an array or a string too
        if not isinstance(body, dict):
            return Response({"error": "Send a JSON object"}, status=status.HTTP_400_BAD_REQUEST)
        key = request.headers.get("Idempotency-Key", "").strip()
        if len(key) > 200:
            return Response(
                {"error": "Idempotency-Key must be 200 characters or fewer"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        body_hash = _body_hash(request.data)
        if key:
            replay = self._replay(user=user, key=key, body_hash=body_hash)
            if replay is not None:
                return replay
        serializer = RequestForSupportIn(data=request.data)
        if not serializer.is_valid():
            return Response(
                {"error": "The request has errors", **serializer.errors},
                status=status.HTTP_400_BAD_REQUEST,
            )
        data = serializer.validated_data
        code = data.get("authority", "")
        if code and code.upper() != agency.authority.code.upper():
            return Response(
                {"error": "You cannot send a Request for Support to this authority"},
                status=status.HTTP_403_FORBIDDEN,
            )
        fields, children, people, errors = validate_request(data, authority=agency.authority)
        if errors:
            return Response(
                {"error": "The request has errors", **errors}, status=status.HTTP_400_BAD_REQUEST
            )
        try:
            with transaction.atomic():
                row = None
                if key:
                    try:
                        with transaction.atomic():
                            row = IdempotencyKey.objects.create(
                                user=user, key=key, body_hash=body_hash
                            )
                    except IntegrityError:
                        # The same key arrived twice at once: the other call has finished.
                        row = None
                        replay = self._replay(user=user, key=key, body_hash=body_hash)
                        if replay is not None:
                            return replay
                        raise
                contact = services.request_create(
                    user=user,
                    fields=fields,
                    children=children,
                    people=people,
                    immediate_danger=bool(data.get("immediate_danger")),
                    request=request._request,
                )
                result = _result(contact)
                if row is not None:
                    row.status_code = 201
                    row.response = result
                    row.save(update_fields=["status_code", "response"])
        except services.SubmissionError as error:
            return Response({"error": str(error)}, status=status.HTTP_403_FORBIDDEN)
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
