"""Writes of information requests. Each service checks the consent rules and audits itself."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from referral_portal.accounts.models import Authority, User
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_record
from referral_portal.errors import DomainError
from referral_portal.states import StateMachine
from requests.information import consent as rules
from requests.information import emails
from requests.information.models import Disclosure, InformationRequest, Status

CODE_LIFETIME = timedelta(minutes=15)
CODE_MAX_ATTEMPTS = 5
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
# Signed letters arrive as PDFs, photos or scans; emails as PDFs. Checked from the bytes.
EVIDENCE_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
}


class InformationRequestError(DomainError):
    """A domain error: the view shows the message, the API answers 400 or 409."""


class IllegalTransition(InformationRequestError):
    api_status = 409


class NotOffered(InformationRequestError):
    """The authority's sources give it no information-request process."""

    api_status = 404


class NotProcessable(InformationRequestError):
    def __init__(self, problems: tuple[rules.Problem, ...]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems), field=problems[0].field)

    def as_api(self) -> dict[str, Any]:
        return {
            "error": str(self),
            "field": self.problems[0].field,
            "problems": [p.as_dict() for p in self.problems],
        }


# --- the state machine -------------------------------------------------------------------------

ALLOWED: dict[str, frozenset[str]] = {
    Status.AWAITING_VERIFICATION: frozenset({Status.RECEIVED, Status.VERIFICATION_FAILED}),
    Status.RECEIVED: frozenset({Status.ANSWERED, Status.REFUSED, Status.NEEDS_MORE_INFORMATION}),
    Status.NEEDS_MORE_INFORMATION: frozenset({Status.RECEIVED, Status.REFUSED}),
    Status.ROUTED: frozenset({Status.ANSWERED, Status.REFUSED}),
    Status.ANSWERED: frozenset(),
    Status.REFUSED: frozenset(),
    Status.VERIFICATION_FAILED: frozenset(),
}
INFORMATION_REQUEST = StateMachine.of_statuses(
    "information request",
    ALLOWED,
    lambda current, new: (
        f"This request is {Status(current).label.lower()}: it cannot be "
        f"{Status(new).label.lower()} now"
    ),
)


def transition(info_request: InformationRequest, new: str) -> None:
    """Move to ``new`` (``INFORMATION_REQUEST.move()``: the one place the allowed moves live)."""
    info_request.status = INFORMATION_REQUEST.move(info_request.status, new)


# --- creating a request -----------------------------------------------------------------------


@dataclass(frozen=True)
class StoredEvidence:
    path: str
    name: str
    mime: str


def evidence_check(upload: UploadedFile) -> str:
    """The file's type from its bytes (never its name); raise with a message if not allowed."""
    if upload.size and upload.size > EVIDENCE_MAX_BYTES:
        raise InformationRequestError("The consent evidence must be smaller than 10MB")
    head = upload.read(262)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in EVIDENCE_TYPES:
        raise InformationRequestError("The consent evidence must be a PDF, JPG or PNG")
    return str(kind.mime)  # filetype has no type information


def _store_evidence(upload: UploadedFile) -> StoredEvidence:
    mime = evidence_check(upload)
    directory = Path(settings.MEDIA_ROOT) / "information"
    directory.mkdir(parents=True, exist_ok=True)
    # A random name: the requester's file name is kept only as a label, never as a path.
    relative = f"information/{uuid.uuid4().hex}.{EVIDENCE_TYPES[mime]}"
    temp = directory / f".{uuid.uuid4().hex}.part"
    with temp.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    temp.rename(Path(settings.MEDIA_ROOT) / relative)
    name = Path(upload.name or "evidence").name[:200]
    return StoredEvidence(relative, name, mime)


def evidence_file_path(info_request: InformationRequest) -> Path:
    return Path(settings.MEDIA_ROOT) / info_request.evidence_path


def _code_hash(info_request: InformationRequest, code: str) -> str:
    return salted_hmac(
        "information.verification", f"{info_request.pk}:{code}", algorithm="sha256"
    ).hexdigest()


def _issue_code(info_request: InformationRequest) -> None:
    # Wrong tries are counted across codes: a new code does not buy 5 more guesses.
    code = f"{secrets.randbelow(10**6):06d}"
    info_request.verification_code_hash = _code_hash(info_request, code)
    info_request.verification_expires_at = timezone.now() + CODE_LIFETIME
    # Written with the request; the outbox sends it once the transaction commits.
    emails.verification_code(info_request, code)


def _reference(info_request: InformationRequest) -> str:
    return f"{info_request.authority.code}-IR-{info_request.pk:06d}"


def disclosure_team_email(authority: Authority) -> str | None:
    """The Disclosure Team's address from the directory; the seed's only for Birmingham."""
    from contacts.selectors import service_for

    service = service_for(authority=authority, kind="disclosure_team")
    email = service.email if service is not None else ""
    if email:
        return str(email)
    if authority.slug == "birmingham":
        return rules.SEED_ADDRESS_BIRMINGHAM  # 002.L3.2
    return None


@transaction.atomic
def information_request_create(
    *,
    user: User,
    level: int,
    data: dict[str, Any],
    evidence: UploadedFile | None = None,
    request: HttpRequest | None = None,
) -> InformationRequest:
    """A practitioner's request. Refused unless the consent rules say it can be processed."""
    agency = user.agency
    if agency is None:
        raise InformationRequestError("Only a partner agency's practitioner can make a request")
    from requests.information.procedures import information_procedure, not_offered_message

    if information_procedure(agency.authority) is None:
        raise NotOffered(not_offered_message(agency.authority))
    if rules.level_needs_identity_code(level) and not agency.has_verified_domain(user.email):
        # 002.L1.7: the identity check needs a work address on the agency's verified domain.
        raise InformationRequestError(
            "Your email address is not on a verified domain of your agency, so we cannot check "
            "who you are. Ask your safeguarding lead to contact the front door."
        )
    fields = {
        key: data[key]
        for key in (
            "child_first_name",
            "child_last_name",
            "child_date_of_birth",
            "child_address",
            "purpose",
            "consent",
            "consent_date",
            "consent_given_by",
            "consent_recorded_by",
            "exemption",
            "exemption_details",
            "offence_concerns",
            "offence_details",
            "wider_family",
            "reason_needed",
            "consent_not_sought_reason",
            "safeguarding_confirmed",
        )
        if data.get(key) not in (None, "")
    }
    info_request = InformationRequest(
        authority=agency.authority,
        agency=agency,
        created_by=user,
        level=level,
        reference=f"pending-{uuid.uuid4().hex[:16]}",
        status=Status.RECEIVED,
        **fields,
    )
    assessment = info_request.assessment()
    if not assessment.can_process:
        raise NotProcessable(assessment.problems)
    if info_request.consent == rules.Consent.WRITTEN:
        if evidence is None:
            raise NotProcessable(
                (
                    rules.Problem(
                        "evidence",
                        "Upload the signed letter or email giving consent",
                        "002.L2.7",
                    ),
                )
            )
    if evidence is not None:
        stored = _store_evidence(evidence)
        info_request.evidence_path = stored.path
        info_request.evidence_name = stored.name
        info_request.evidence_mime = stored.mime
    now = timezone.now()
    if level == 1:
        info_request.status = Status.AWAITING_VERIFICATION
        info_request.verification_email = user.email
    elif rules.route_for(level) == rules.Route.DISCLOSURE_TEAM:
        info_request.status = Status.ROUTED  # 002.L3.2
        info_request.routed_to_email = disclosure_team_email(agency.authority) or ""
        info_request.received_at = now
    else:
        info_request.received_at = now
    info_request.save()
    info_request.reference = _reference(info_request)
    info_request.save(update_fields=["reference"])
    if level == 1:
        _issue_code(info_request)
        info_request.save()
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=info_request,
        request=request,
        changes={"level": level, "status": info_request.status, "rules": list(assessment.rules)},
    )
    if info_request.status == Status.ROUTED:
        emails.disclosure_team_notice(info_request)
    return info_request


@transaction.atomic
def information_request_resend_code(
    *, info_request: InformationRequest, user: User, request: HttpRequest | None = None
) -> None:
    info_request = InformationRequest.objects.select_for_update().get(pk=info_request.pk)
    if info_request.status != Status.AWAITING_VERIFICATION:
        raise IllegalTransition("This request does not need a code")
    _issue_code(info_request)
    info_request.save()
    audit_record(
        actor=user,
        action=AuditAction.SEND,
        obj=info_request,
        request=request,
        changes={"code": "resent"},
    )


@transaction.atomic
def information_request_verify(
    *, info_request: InformationRequest, user: User, code: str, request: HttpRequest | None = None
) -> str | None:
    """002.L1.7: the code sent to the work email confirms who is asking. 5 wrong tries end it.

    Returns None when confirmed, else the message to show. It returns rather than raises so
    that the count of wrong tries is committed, not rolled back with an exception.
    """
    info_request = InformationRequest.objects.select_for_update().get(pk=info_request.pk)
    if info_request.status != Status.AWAITING_VERIFICATION:
        raise IllegalTransition("This request does not need a code")
    now = timezone.now()
    expires = info_request.verification_expires_at
    if expires is None or now >= expires:
        return "The code has expired. Ask for a new code."
    if constant_time_compare(
        _code_hash(info_request, code.strip()), info_request.verification_code_hash
    ):
        transition(info_request, Status.RECEIVED)
        info_request.verified_at = now
        info_request.received_at = now
        info_request.verification_code_hash = ""
        info_request.save()
        audit_record(
            actor=user,
            action=AuditAction.UPDATE,
            obj=info_request,
            request=request,
            changes={"status": Status.RECEIVED, "verified": True},
        )
        return None
    info_request.verification_attempts += 1
    left = CODE_MAX_ATTEMPTS - info_request.verification_attempts
    if left <= 0:
        transition(info_request, Status.VERIFICATION_FAILED)
        info_request.verification_code_hash = ""
    info_request.save()
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=info_request,
        request=request,
        changes={"verified": False, "attempts": info_request.verification_attempts},
    )
    if left <= 0:
        return "The code was wrong 5 times, so this request has ended. Start a new request."
    return f"The code is not right. You have {left} {'try' if left == 1 else 'tries'} left."


# --- the front door's handling -----------------------------------------------------------------


def _require_claim(info_request: InformationRequest, officer: User) -> None:
    if info_request.claimed_by_id != officer.pk:
        raise InformationRequestError("Claim this request before you work on it")


@transaction.atomic
def information_request_claim(
    *, info_request: InformationRequest, officer: User, request: HttpRequest | None = None
) -> InformationRequest:
    """One officer per request: the conditional update lets exactly one claim win."""
    claimed = InformationRequest.objects.filter(
        pk=info_request.pk, claimed_by__isnull=True, status=Status.RECEIVED
    ).update(claimed_by=officer, claimed_at=timezone.now())
    info_request.refresh_from_db()
    if claimed != 1 and info_request.claimed_by_id != officer.pk:
        raise InformationRequestError("Another officer is already working on this request")
    audit_record(
        actor=officer,
        action=AuditAction.UPDATE,
        obj=info_request,
        request=request,
        changes={"claimed_by": officer.pk},
    )
    return info_request


@transaction.atomic
def information_request_record_dispensation(
    *,
    info_request: InformationRequest,
    officer: User,
    reason: str,
    request: HttpRequest | None = None,
) -> InformationRequest:
    """002.P.9: the officer's record of why consent is being dispensed with."""
    _require_claim(info_request, officer)
    if not reason.strip():
        raise InformationRequestError("Enter why consent is being dispensed with")
    info_request.dispensation_reason = reason.strip()
    info_request.save(update_fields=["dispensation_reason", "updated_at"])
    audit_record(
        actor=officer,
        action=AuditAction.UPDATE,
        obj=info_request,
        request=request,
        changes={"fields": ["dispensation_reason"]},
    )
    return info_request


def _basis_detail(info_request: InformationRequest, basis: rules.Basis) -> str:
    if basis == rules.Basis.EXEMPTION or basis == rules.Basis.PROCEEDINGS:
        label = rules.EXEMPTION_LABELS.get(rules.Exemption(info_request.exemption), "")
        return f"{label}. {info_request.exemption_details}".strip()
    if basis == rules.Basis.CONSENT_DISPENSED:
        return info_request.dispensation_reason
    if basis == rules.Basis.VERBAL_CONSENT:
        return (
            f"Verbal consent given by {info_request.consent_given_by}, "
            f"recorded by {info_request.consent_recorded_by}"
        )
    if basis == rules.Basis.WRITTEN_CONSENT:
        return f"Signed letter or email: {info_request.evidence_name}"
    return f"Code confirmed by {info_request.verification_email}"


@transaction.atomic
def information_request_answer(
    *,
    info_request: InformationRequest,
    officer: User,
    disclosed: dict[str, Any],
    request: HttpRequest | None = None,
) -> Disclosure:
    """Answer with the fields the level permits and no others; log the disclosure."""
    info_request = InformationRequest.objects.select_for_update().get(pk=info_request.pk)
    if info_request.level != 3:
        _require_claim(info_request, officer)
    outside = rules.fields_outside_level(info_request.level, disclosed)
    if outside:
        raise InformationRequestError(
            f"Level {info_request.level} does not permit disclosing: {', '.join(outside)}"
        )
    if info_request.level == 1:
        outcome = disclosed.get("outcome")
        if outcome not in rules.LEVEL1_OUTCOMES:
            raise InformationRequestError("Choose whether the child is known")
        allowed = {"outcome", *rules.level1_fields_for_outcome(outcome)}
        extra = sorted(k for k, v in disclosed.items() if v not in (None, "") and k not in allowed)
        if extra:
            raise InformationRequestError(
                f"With this outcome you cannot disclose: {', '.join(extra)}"
            )
    assessment = info_request.assessment()
    if not assessment.can_process or assessment.basis is None:
        raise NotProcessable(assessment.problems)
    needs_record = rules.officer_must_record_dispensation(
        level=info_request.level,
        agency_type=info_request.api_agency_type,
        consent=info_request.consent or None,
        exemption=info_request.exemption or None,
    )
    if needs_record and not info_request.dispensation_reason:
        raise InformationRequestError(
            "Record why consent is being dispensed with before you answer"
        )
    transition(info_request, Status.ANSWERED)
    now = timezone.now()
    info_request.answered_at = now
    info_request.save()
    clean = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in disclosed.items()}
    clean = {k: v for k, v in clean.items() if v not in (None, "")}
    disclosure = Disclosure.objects.create(
        request=info_request,
        authority_id=info_request.authority_id,
        level=info_request.level,
        disclosed=clean,
        recipient=info_request.created_by,
        recipient_email=info_request.created_by.email,
        recipient_agency=info_request.agency.name,
        basis=assessment.basis,
        basis_detail=_basis_detail(info_request, assessment.basis),
        consent_date=info_request.consent_date,
        officer=officer,
        at=now,
    )
    audit_record(
        actor=officer,
        action=AuditAction.SEND,
        obj=info_request,
        request=request,
        changes={
            "status": Status.ANSWERED,
            "fields": sorted(clean),
            "basis": str(assessment.basis),
        },
    )
    _notify_requester(info_request)
    return disclosure


def _notify_requester(info_request: InformationRequest) -> None:
    emails.requester_update(info_request)


@transaction.atomic
def information_request_refuse(
    *,
    info_request: InformationRequest,
    officer: User,
    reason: str,
    request: HttpRequest | None = None,
) -> InformationRequest:
    info_request = InformationRequest.objects.select_for_update().get(pk=info_request.pk)
    if info_request.level != 3:
        _require_claim(info_request, officer)
    if not reason.strip():
        raise InformationRequestError("Enter the reason for refusing")
    transition(info_request, Status.REFUSED)
    info_request.refused_reason = reason.strip()
    info_request.save()
    audit_record(
        actor=officer,
        action=AuditAction.REFUSE,
        obj=info_request,
        request=request,
        changes={"status": Status.REFUSED},
    )
    _notify_requester(info_request)
    return info_request


@transaction.atomic
def information_request_ask_more(
    *,
    info_request: InformationRequest,
    officer: User,
    question: str,
    request: HttpRequest | None = None,
) -> InformationRequest:
    info_request = InformationRequest.objects.select_for_update().get(pk=info_request.pk)
    _require_claim(info_request, officer)
    if not question.strip():
        raise InformationRequestError("Enter what more information you need")
    transition(info_request, Status.NEEDS_MORE_INFORMATION)
    info_request.more_information_needed = question.strip()
    info_request.save()
    audit_record(
        actor=officer,
        action=AuditAction.UPDATE,
        obj=info_request,
        request=request,
        changes={"status": Status.NEEDS_MORE_INFORMATION},
    )
    _notify_requester(info_request)
    return info_request


@transaction.atomic
def information_request_reply(
    *,
    info_request: InformationRequest,
    user: User,
    reply: str,
    request: HttpRequest | None = None,
) -> InformationRequest:
    info_request = InformationRequest.objects.select_for_update().get(pk=info_request.pk)
    if info_request.created_by_id != user.pk:
        raise InformationRequestError("Only the person who made the request can reply")
    if not reply.strip():
        raise InformationRequestError("Enter the information the front door asked for")
    transition(info_request, Status.RECEIVED)
    info_request.more_information_reply = reply.strip()
    info_request.save()
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=info_request,
        request=request,
        changes={"status": Status.RECEIVED, "fields": ["more_information_reply"]},
    )
    return info_request


def request_url(info_request: InformationRequest) -> str:
    return settings.PORTAL_BASE_URL + reverse("information:detail", args=[info_request.pk])
