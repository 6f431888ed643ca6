"""Writes of information gathering. The pages, the API and beat call only these.

Every change is audited against the contact (``requests.contact``), so the record's timeline
shows it, and every disclosure of a child's details is written to the disclosure log
(``GatheringDisclosure``). Emails go through the outbox in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from typing import IO

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from referral_portal.accounts.models import Agency, Role, User, UserStatus
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import Actor, audit_record
from referral_portal.errors import DomainError
from referral_portal.govuk import dates
from requests import attachments as files
from requests.gathering import emails
from requests.gathering.models import (
    AnswerKind,
    GatheringAnswer,
    GatheringAttachment,
    GatheringDisclosure,
    GatheringRequest,
    GatheringStatus,
)
from requests.models import Contact
from requests.triage import selectors as triage_selectors
from requests.triage import services as triage_services
from requests.triage.models import ProfessionalContacted

# What identifies a child to the professional asked, and nothing else (never the referral).
DISCLOSED_FIELDS = ["child_name", "child_date_of_birth", "child_address"]
DISCLOSED_LABELS = {
    "child_name": "Child's name",
    "child_date_of_birth": "Date of birth",
    "child_address": "Address",
}

# This portal's standards (not a council's): see docs/decisions.md.
CODE_LIFETIME = dt.timedelta(minutes=15)
CODE_MAX_ATTEMPTS = 5
CODES_PER_HOUR = 5
CODE_GAP = dt.timedelta(seconds=30)
# With no deadline ahead (further enquiries, or an overdue contact): a day to answer.
REPLY_WITHOUT_DEADLINE = dt.timedelta(hours=24)
SHORTEST_REPLY = dt.timedelta(minutes=30)
REMIND_BEFORE = dt.timedelta(hours=2)
LINK_SALT = "gathering.link"


class GatheringError(DomainError):
    """A request that breaks a rule; the message is shown as it is, beside ``field``."""


class Closed(GatheringError):
    """The request is closed: the front door no longer needs an answer."""

    api_status = 409


class NotFound(GatheringError):
    """Something the caller may not know exists: answered as "not found"."""

    api_status = 404


# --- asking --------------------------------------------------------------------------------


def default_reply_by(*, contact: Contact, now: dt.datetime | None = None) -> dt.datetime:
    """This portal's standard: half the time left before the contact's deadline, so the
    officer has the other half to weigh the answers; a day when no deadline is ahead."""
    now = now or timezone.now()
    deadline = triage_selectors.contact_deadline(contact)
    if (
        deadline is None
        or triage_services.in_follow_up(contact)
        or deadline - now < 2 * SHORTEST_REPLY
    ):
        return (now + REPLY_WITHOUT_DEADLINE).replace(second=0, microsecond=0)
    return (now + (deadline - now) / 2).replace(second=0, microsecond=0)


def agencies_to_ask(*, authority_id: int) -> list[Agency]:
    """The authority's agencies with a verified email domain: only they can be asked."""
    return list(
        Agency.objects.filter(authority_id=authority_id, domains__verified=True)
        .distinct()
        .order_by("name")
    )


def safeguarding_leads(agency: Agency) -> list[User]:
    return list(
        User.objects.filter(
            agency=agency, role=Role.SAFEGUARDING_LEAD, status=UserStatus.ACTIVE
        ).order_by("full_name")
    )


def _agency_of(contact: Contact, agency_id: int) -> Agency:
    agency = (
        Agency.objects.filter(pk=agency_id, authority_id=contact.authority_id)
        .prefetch_related("domains")
        .first()
    )
    if agency is None:
        raise NotFound("That agency was not found", field="agency")
    return agency


def _professional(
    agency: Agency, *, lead_id: int | None, name: str, email: str
) -> tuple[str, str, bool]:
    """(name, email, is the lead) of whom to ask; refused unless they are of ``agency``."""
    if lead_id is not None:
        lead = next((u for u in safeguarding_leads(agency) if u.pk == lead_id), None)
        if lead is None:
            raise NotFound(
                f"That safeguarding lead of {agency.name} was not found", field="recipient"
            )
        return lead.full_name or lead.email, lead.email, True
    name = " ".join(name.split())
    email = email.strip().lower()
    if not name:
        raise GatheringError("Enter the professional's name", field="name")
    if not email:
        raise GatheringError("Enter the professional's work email address", field="email")
    domains = [d.domain for d in agency.domains.all() if d.verified]
    if not agency.has_verified_domain(email):
        raise GatheringError(
            f"{email} is not on a verified domain of {agency.name} "
            f"({', '.join(domains)}): ask someone at that address only",
            field="email",
        )
    account = User.objects.filter(email__iexact=email).first()
    if account is not None and account.agency_id != agency.pk:
        # Someone of another agency or authority: not to be found from here.
        raise NotFound(f"No professional of {agency.name} has that address", field="email")
    return name, email, bool(account and account.role == Role.SAFEGUARDING_LEAD)


def link_token(gathering: GatheringRequest) -> str:
    return signing.dumps([gathering.pk, gathering.link_nonce], salt=LINK_SALT)


def request_for_token(token: str) -> GatheringRequest:
    """The request a signed link opens; NotFound for a forged link or one passed on since."""
    try:
        pk, nonce = signing.loads(token, salt=LINK_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise NotFound("This link is not right: use the link in the email") from None
    gathering = GatheringRequest.objects.filter(pk=pk).select_related("agency", "contact").first()
    if gathering is None or not constant_time_compare(str(nonce), gathering.link_nonce):
        raise NotFound("This link no longer works: the request may have been passed to a colleague")
    return gathering


def _audit(
    *,
    actor: Actor,
    gathering: GatheringRequest,
    event: str,
    action: str = AuditAction.UPDATE,
    request: HttpRequest | None = None,
    **details: object,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="requests.contact",
        object_id=gathering.contact_id,
        authority_id=gathering.authority_id,
        request=request,
        changes={"event": event, "gathering_request": gathering.pk, **details},
    )


def _disclose(gathering: GatheringRequest, *, by: str) -> GatheringDisclosure:
    return GatheringDisclosure.objects.create(
        request=gathering,
        authority_id=gathering.authority_id,
        to_name=gathering.recipient_name,
        to_email=gathering.recipient_email,
        to_agency=gathering.agency.name,
        fields=list(gathering.disclosed),
        basis=gathering.basis,
        by_label=by,
    )


@transaction.atomic
def gathering_request_send(
    *,
    user: User,
    contact: Contact,
    agency_id: int,
    lead_id: int | None,
    name: str = "",
    email: str = "",
    questions: Sequence[str],
    reply_by: dt.datetime,
    request: HttpRequest | None = None,
) -> GatheringRequest:
    """The officer asks one professional: refused without consent or an approved override
    (checked here, whatever the page showed), for an agency of another authority, or for an
    address outside the agency's verified domains."""
    contact = Contact.objects.get(pk=contact.pk)
    try:
        basis = triage_services.gathering_may_ask(user=user, contact=contact)
    except PermissionDenied:
        raise NotFound("That contact was not found") from None
    except DomainError as error:
        raise GatheringError(str(error)) from None
    agency = _agency_of(contact, agency_id)
    if not any(d.verified for d in agency.domains.all()):
        raise GatheringError(
            f"{agency.name} has no verified email domain: ask them outside the portal",
            field="agency",
        )
    recipient_name, recipient_email, is_lead = _professional(
        agency, lead_id=lead_id, name=name, email=email
    )
    asked = [" ".join(q.split()) for q in questions if q and q.strip()]
    if not asked:
        raise GatheringError("Choose or write at least one question", field="questions")
    now = timezone.now()
    if reply_by <= now + SHORTEST_REPLY:
        raise GatheringError(
            "The reply-by time must be at least 30 minutes from now", field="reply_by_on"
        )
    deadline = triage_selectors.contact_deadline(contact)
    if (
        deadline is not None
        and deadline > now + 2 * SHORTEST_REPLY
        and not triage_services.in_follow_up(contact)
    ):
        if reply_by > deadline:
            when = dates.when(deadline)
            raise GatheringError(
                f"The reply-by time must be before the contact's deadline, {when}",
                field="reply_by_on",
            )
    gathering = GatheringRequest.objects.create(
        contact=contact,
        authority_id=contact.authority_id,
        agency=agency,
        agency_type=agency.agency_type,
        recipient_name=recipient_name,
        recipient_email=recipient_email,
        to_safeguarding_lead=is_lead,
        questions=asked,
        disclosed=list(DISCLOSED_FIELDS),
        basis=basis,
        reply_by=reply_by,
        sent_by=user,
        sent_at=now,
        link_nonce=secrets.token_hex(16),
    )
    _disclose(gathering, by=user.email)
    _audit(
        actor=user,
        gathering=gathering,
        event="gathering_request_sent",
        action=AuditAction.SEND,
        request=request,
        agency=agency.pk,
        basis=basis,
    )
    emails.request_to_professional(gathering, link_token(gathering))
    return gathering


@transaction.atomic
def gathering_request_close(
    *, user: User, gathering: GatheringRequest, reason: str, request: HttpRequest | None = None
) -> GatheringRequest:
    """The officer closes a request that will not be answered in time, with a reason."""
    gathering = GatheringRequest.objects.select_for_update().get(pk=gathering.pk)
    contact = gathering.contact
    if not (
        getattr(user, "is_authenticated", False)
        and user.role in {Role.OFFICER, Role.MANAGER}
        and user.authority_id == contact.authority_id
    ):
        raise NotFound("That request was not found")
    if gathering.status != GatheringStatus.OPEN:
        raise GatheringError("This request is no longer waiting for an answer")
    if not reason.strip():
        raise GatheringError("Say why the request is closed without an answer", field="reason")
    gathering.status = GatheringStatus.CLOSED
    gathering.closed_reason = reason.strip()
    gathering.closed_by = user
    gathering.closed_at = timezone.now()
    gathering.code_hash = ""  # the link now only says the request is closed
    gathering.save()
    _audit(actor=user, gathering=gathering, event="gathering_request_closed", request=request)
    return gathering


# --- the professional's identity -------------------------------------------------------------


def _code_hash(gathering: GatheringRequest, code: str) -> str:
    return salted_hmac(
        "gathering.code", f"{gathering.pk}:{gathering.link_nonce}:{code}", algorithm="sha256"
    ).hexdigest()


@transaction.atomic
def code_send(*, gathering: GatheringRequest, request: HttpRequest | None = None) -> None:
    """A one-time code to the verified agency address the request was sent to: at most five an
    hour, one every 30 seconds; each lasts 15 minutes."""
    gathering = GatheringRequest.objects.select_for_update().get(pk=gathering.pk)
    if gathering.status == GatheringStatus.CLOSED:
        raise GatheringError("This request has been closed")
    now = timezone.now()
    sent = [dt.datetime.fromisoformat(t) for t in gathering.codes_sent]
    recent = [t for t in sent if now - t < dt.timedelta(hours=1)]
    if recent and now - max(recent) < CODE_GAP:
        raise GatheringError("A code was sent a moment ago: check your email, or wait 30 seconds")
    if len(recent) >= CODES_PER_HOUR:
        raise GatheringError(
            "Five codes have been sent in the last hour: wait an hour, or ask the front door "
            "to send the request again"
        )
    code = f"{secrets.randbelow(10**6):06d}"
    gathering.code_hash = _code_hash(gathering, code)
    gathering.code_expires_at = now + CODE_LIFETIME
    gathering.code_attempts = 0
    gathering.codes_sent = [t.isoformat() for t in recent] + [now.isoformat()]
    gathering.save(update_fields=["code_hash", "code_expires_at", "code_attempts", "codes_sent"])
    _audit(actor=None, gathering=gathering, event="gathering_code_sent", request=request)
    emails.one_time_code(gathering, code)


@transaction.atomic
def code_check(
    *, gathering: GatheringRequest, code: str, request: HttpRequest | None = None
) -> str | None:
    """None when the code is right, else the message to show. Returns rather than raises, so
    the count of wrong tries is committed. Five wrong tries end the code."""
    gathering = GatheringRequest.objects.select_for_update().get(pk=gathering.pk)
    now = timezone.now()
    if not gathering.code_hash or gathering.code_expires_at is None:
        return "Ask for a code first"
    if now >= gathering.code_expires_at:
        return "The code has expired: ask for a new code"
    if constant_time_compare(_code_hash(gathering, code.strip()), gathering.code_hash):
        gathering.code_hash = ""
        gathering.code_expires_at = None
        gathering.save(update_fields=["code_hash", "code_expires_at"])
        _audit(
            actor=None,
            gathering=gathering,
            event="gathering_identity_confirmed",
            request=request,
            how="one-time code",
            by=gathering.recipient_email,
        )
        return None
    gathering.code_attempts += 1
    left = CODE_MAX_ATTEMPTS - gathering.code_attempts
    if left <= 0:
        gathering.code_hash = ""
    gathering.save(update_fields=["code_attempts", "code_hash"])
    _audit(
        actor=None,
        gathering=gathering,
        event="gathering_code_wrong",
        action=AuditAction.DENIED,
        request=request,
    )
    if left <= 0:
        return "The code was wrong 5 times: ask for a new code"
    return f"The code is not right. You have {left} {'try' if left == 1 else 'tries'} left."


def account_matches(*, gathering: GatheringRequest, user: User) -> bool:
    """A signed-in account is the professional asked: same address, same agency, active."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.agency_id == gathering.agency_id
        and user.email.lower() == gathering.recipient_email.lower()
    )


def may_pass_on(gathering: GatheringRequest) -> bool:
    """Only a request addressed to the agency's safeguarding lead may be passed on."""
    return gathering.to_safeguarding_lead and gathering.status == GatheringStatus.OPEN


@transaction.atomic
def gathering_pass_on(
    *,
    gathering: GatheringRequest,
    by_email: str,
    name: str,
    email: str,
    request: HttpRequest | None = None,
) -> GatheringRequest:
    """The safeguarding lead passes the request to a colleague of the same agency: a new link
    goes to the colleague, the lead's stops working, and the disclosure is logged."""
    gathering = GatheringRequest.objects.select_for_update().get(pk=gathering.pk)
    if not may_pass_on(gathering):
        raise GatheringError("Only the safeguarding lead can pass on an open request")
    agency = Agency.objects.prefetch_related("domains").get(pk=gathering.agency_id)
    new_name, new_email, _ = _professional(agency, lead_id=None, name=name, email=email)
    if new_email == gathering.recipient_email.lower():
        raise GatheringError("Enter a colleague's address, not your own", field="email")
    gathering.passed_on_by = f"{gathering.recipient_name} <{gathering.recipient_email}>"
    gathering.recipient_name = new_name
    gathering.recipient_email = new_email
    gathering.to_safeguarding_lead = False
    gathering.link_nonce = secrets.token_hex(16)
    gathering.code_hash = ""
    gathering.code_expires_at = None
    gathering.codes_sent = []
    gathering.draft = {}
    gathering.save()
    # The lead's draft files go with the lead's draft: the colleague starts afresh.
    for attachment in GatheringAttachment.objects.filter(request=gathering, answer=None):
        files.attachment_delete_file(attachment.stored_name)
        attachment.delete()
    _disclose(gathering, by=by_email)
    _audit(
        actor=None,
        gathering=gathering,
        event="gathering_passed_on",
        request=request,
        by=by_email,
        to=new_email,
    )
    emails.request_to_professional(gathering, link_token(gathering), passed_on=True)
    return gathering


# --- answering -------------------------------------------------------------------------------


def _clean_answers(
    gathering: GatheringRequest, answers: Sequence[dict[str, str]], *, final: bool
) -> list[dict[str, str]]:
    """One entry per question: kind and text; a final answer needs every question answered."""
    cleaned = []
    errors: dict[str, str] = {}
    for index, question in enumerate(gathering.questions):
        given = answers[index] if index < len(answers) else {}
        kind = (given.get("kind") or "").strip()
        text = (given.get("text") or "").strip()
        if kind and kind not in AnswerKind.values:
            errors[f"q{index}_kind"] = "Choose one of the answers given"
            kind = ""
        if final:
            if not kind:
                errors[f"q{index}_kind"] = (
                    f"Answer question {index + 1}, or say you hold no information"
                )
            elif kind == AnswerKind.ANSWER and not text:
                errors[f"q{index}_text"] = f"Enter your answer to question {index + 1}"
            elif kind == AnswerKind.CANNOT_SHARE and not text:
                errors[f"q{index}_text"] = (
                    f"Say why you cannot share the answer to question {index + 1}"
                )
        if kind == AnswerKind.NO_INFORMATION:
            text = ""
        cleaned.append({"question": question, "kind": kind, "text": text})
    if errors:
        raise AnswerErrors(errors)
    return cleaned


class AnswerErrors(GatheringError):
    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("There is a problem with the answers")


@transaction.atomic
def draft_save(
    *,
    gathering: GatheringRequest,
    answers: Sequence[dict[str, str]],
    by_email: str,
    name: str = "",
) -> GatheringRequest:
    gathering = GatheringRequest.objects.select_for_update().get(pk=gathering.pk)
    if gathering.status == GatheringStatus.CLOSED:
        raise GatheringError("This request has been closed")
    gathering.draft = {
        "answers": _clean_answers(gathering, answers, final=False),
        "by": by_email,
        "name": " ".join(name.split()),
    }
    gathering.draft_saved_at = timezone.now()
    gathering.save(update_fields=["draft", "draft_saved_at"])
    return gathering


def attachment_add(
    *, gathering: GatheringRequest, name: str, size: int, stream: IO[bytes], by_email: str
) -> GatheringAttachment:
    """Checked as the Request for Support's files are (type from the bytes, size, count)."""
    already = GatheringAttachment.objects.filter(request=gathering, answer=None).count()
    try:
        kind = files.attachment_check(name=name, size=size, stream=stream, already=already)
    except ValidationError as error:
        raise GatheringError(error.messages[0], field="file") from None
    stored = files.attachment_store(stream)
    return GatheringAttachment.objects.create(
        request=gathering,
        name=files.attachment_name_clean(name),
        stored_name=stored,
        content_type=kind.content_type,
        size=size,
        uploaded_by_email=by_email,
    )


def _answer_text(answers: Sequence[dict[str, str]]) -> str:
    lines = []
    for index, entry in enumerate(answers, start=1):
        label = AnswerKind(entry["kind"]).label
        text = entry["text"]
        lines.append(f"{index}. {entry['question']}\n{label}{': ' + text if text else ''}")
    return "\n\n".join(lines)


@transaction.atomic
def answer_send(
    *,
    gathering: GatheringRequest,
    answers: Sequence[dict[str, str]],
    name: str,
    email: str,
    user: User | None = None,
    verified_how: str,
    request: HttpRequest | None = None,
) -> GatheringAnswer:
    """The professional sends their answers: final. Sent again after that, it is a correction
    (a new answer naming the one it corrects). The answerer is recorded as a professional
    contacted, so they are sent the outcome letter (003)."""
    gathering = GatheringRequest.objects.select_for_update().get(pk=gathering.pk)
    if gathering.status == GatheringStatus.CLOSED:
        raise Closed("This request has been closed: the front door no longer needs an answer")
    cleaned = _clean_answers(gathering, answers, final=True)
    previous = gathering.answers.order_by("-sent_at", "-id").first()
    now = timezone.now()
    answer = GatheringAnswer.objects.create(
        request=gathering,
        answers=cleaned,
        answered_by_name=" ".join(name.split()) or email,
        answered_by_email=email.lower(),
        answered_by_user=user if getattr(user, "is_authenticated", False) else None,
        verified_how=verified_how,
        sent_at=now,
        corrects=previous,
    )
    GatheringAttachment.objects.filter(request=gathering, answer=None).update(answer=answer)
    if gathering.status == GatheringStatus.OPEN:
        gathering.status = GatheringStatus.ANSWERED
        gathering.answered_at = now
    gathering.draft = {}
    gathering.draft_saved_at = None
    gathering.save()
    _record_consulted(gathering, answer)
    _audit(
        actor=user,
        gathering=gathering,
        event="gathering_correction_sent" if previous else "gathering_answer_sent",
        action=AuditAction.CREATE,
        request=request,
        answer=answer.pk,
        by=answer.answered_by_email,
        how=verified_how,
    )
    emails.answer_to_officer(gathering, answer_id=answer.pk, correction=previous is not None)
    return answer


def _record_consulted(gathering: GatheringRequest, answer: GatheringAnswer) -> None:
    """003: "Any professional who has been contacted for information during enquiries will
    also be sent an outcomes letter": the answerer joins the letters' recipients, once."""
    contact = gathering.contact
    existing = ProfessionalContacted.objects.filter(
        contact=contact, email__iexact=answer.answered_by_email
    ).first()
    said = _answer_text(answer.answers)
    if existing is not None:
        existing.said = said
        existing.save(update_fields=["said"])
        return
    ProfessionalContacted.objects.create(
        contact=contact,
        name=answer.answered_by_name,
        agency=gathering.agency.name,
        email=answer.answered_by_email,
        contacted_at=gathering.sent_at,
        during_enquiries=triage_services.in_follow_up(contact),
        asked="\n".join(gathering.questions),
        said=said,
        recorded_by=gathering.sent_by,
    )


def viewed(
    *,
    gathering: GatheringRequest,
    by_email: str,
    user: User | None = None,
    request: HttpRequest | None = None,
) -> None:
    """Every view of the request by a professional is in the audit trail."""
    _audit(
        actor=user,
        gathering=gathering,
        event="gathering_request_viewed",
        action=AuditAction.VIEW,
        request=request,
        by=by_email,
    )


# --- on the clock ----------------------------------------------------------------------------


def remind_at(gathering: GatheringRequest) -> dt.datetime:
    """This portal's standard: two hours before the reply-by time, or halfway through the
    time given if that was under four hours."""
    given = gathering.reply_by - gathering.sent_at
    return gathering.reply_by - min(REMIND_BEFORE, given / 2)


def clock_tick(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Beat's pass: remind professionals before the reply-by time; flag the officer and the
    duty managers once it has passed. Each email once (the rows are marked in the same
    transaction, and the outbox's keys make a repeat a no-op)."""
    now = now or timezone.now()
    reminded = flagged = 0
    open_ids = list(
        GatheringRequest.objects.filter(
            status=GatheringStatus.OPEN, overdue_flagged_at__isnull=True
        ).values_list("pk", flat=True)[:1000]
    )
    for pk in open_ids:
        with transaction.atomic():
            gathering = (
                GatheringRequest.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=GatheringStatus.OPEN)
                .select_related("contact", "sent_by")
                .first()
            )
            if gathering is None:
                continue
            if gathering.reply_by <= now:
                gathering.overdue_flagged_at = now
                gathering.save(update_fields=["overdue_flagged_at"])
                emails.overdue_to_front_door(gathering)
                _audit(actor=None, gathering=gathering, event="gathering_overdue_flagged")
                flagged += 1
            elif gathering.reminded_at is None and remind_at(gathering) <= now:
                gathering.reminded_at = now
                gathering.save(update_fields=["reminded_at"])
                emails.reminder_to_professional(gathering, link_token(gathering))
                _audit(actor=None, gathering=gathering, event="gathering_reminder_sent")
                reminded += 1
    return {"reminded": reminded, "flagged": flagged}
