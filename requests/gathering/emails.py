"""Emails of information gathering: a link, never a child's details. Each is written to the
outbox (referral_portal/outbox) in the transaction that changes the request."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse

from referral_portal.accounts.models import Role, User, UserStatus
from referral_portal.govuk import dates
from referral_portal.outbox.models import Email
from referral_portal.outbox.registry import Kind, register
from referral_portal.outbox.services import email_queue

if TYPE_CHECKING:
    from requests.gathering.models import GatheringRequest

FRONT_DOOR = frozenset({Role.OFFICER, Role.MANAGER})


def _record(email: Email) -> str:
    from requests.gathering.models import GatheringRequest

    if email.object_id is None:
        return ""
    gathering = GatheringRequest.objects.filter(pk=email.object_id).first()
    return reverse("triage:record", args=[gathering.contact_id]) if gathering else ""


def register_kinds() -> None:
    for name, label in (
        ("gathering_request", "Information gathering: request to a professional"),
        ("gathering_reminder", "Information gathering: reminder to a professional"),
        ("gathering_answered", "Information gathering: answer received"),
        ("gathering_overdue", "Information gathering: reply-by time passed"),
    ):
        register(Kind(name=name, label=label, responsible=FRONT_DOOR, link=_record))
    # A code lasts 15 minutes: a failed one is not resent by a person; the professional asks
    # for a new one on the request's page.
    register(
        Kind(
            name="gathering_code",
            label="Information gathering: one-time code",
            responsible=frozenset(),
            secret=True,
        )
    )


def _when(moment: object) -> str:
    return dates.when(moment)  # type: ignore[arg-type]  # a datetime from the model; typed object by the caller


def link_url(token: str) -> str:
    return settings.PORTAL_BASE_URL + reverse("gathering:answer", args=[token])


def _front_door(gathering: GatheringRequest) -> str:
    return str(gathering.contact.authority.front_door_name)


def request_to_professional(
    gathering: GatheringRequest, token: str, *, passed_on: bool = False
) -> Email:
    """The request: who asks, by when, and a link. Who it is about is shown only after the
    professional has signed in or confirmed their address with a one-time code."""
    intro = (
        f"{gathering.passed_on_by} has passed you a request for information from "
        if passed_on
        else "You have a request for information from "
    )
    return email_queue(
        kind="gathering_request",
        key=f"gathering:{gathering.pk}:request:{gathering.link_nonce}",
        to=gathering.recipient_email,
        subject=f"Request for information from {_front_door(gathering)}",
        body=(
            f"{intro}{_front_door(gathering)} about a child your agency may know.\n\n"
            f"Please answer by {_when(gathering.reply_by)}.\n\n"
            f"Open the request: {link_url(token)}\n\n"
            "You will sign in to the referral portal, or confirm this address with a one-time "
            "code, before you see who the request is about. This email holds no details of "
            "the child.\n"
        ),
        authority_id=gathering.authority_id,
        obj=gathering,
    )


def one_time_code(gathering: GatheringRequest, code: str) -> Email:
    return email_queue(
        kind="gathering_code",
        to=gathering.recipient_email,
        subject="Your code to open a request for information",
        body=(
            f"Your one-time code is {code}.\n\n"
            "Enter it on the request's page within 15 minutes. If you did not ask for it, "
            "tell your safeguarding lead.\n"
        ),
        authority_id=gathering.authority_id,
        obj=gathering,
    )


def reminder_to_professional(gathering: GatheringRequest, token: str) -> Email:
    return email_queue(
        kind="gathering_reminder",
        key=f"gathering:{gathering.pk}:reminder",
        to=gathering.recipient_email,
        subject=f"Reminder: request for information from {_front_door(gathering)}",
        body=(
            f"{_front_door(gathering)} asked you for information and needs your answer by "
            f"{_when(gathering.reply_by)}.\n\nOpen the request: {link_url(token)}\n"
        ),
        authority_id=gathering.authority_id,
        obj=gathering,
    )


def _record_url(gathering: GatheringRequest) -> str:
    return settings.PORTAL_BASE_URL + reverse("triage:record", args=[gathering.contact_id])


def answer_to_officer(gathering: GatheringRequest, *, answer_id: int, correction: bool) -> Email:
    reference = gathering.contact.reference
    what = "A correction to an answer" if correction else "An answer"
    return email_queue(
        kind="gathering_answered",
        key=f"gathering:{gathering.pk}:answer:{answer_id}",
        to=gathering.sent_by.email,
        subject=f"{what} to your request for information on {reference}",
        body=(
            f"{what} from {gathering.agency.name} has arrived for contact {reference}.\n\n"
            f"Read it on the record: {_record_url(gathering)}\n"
        ),
        authority_id=gathering.authority_id,
        obj=gathering,
    )


def overdue_to_front_door(gathering: GatheringRequest) -> list[Email]:
    """To the officer who asked and to the authority's duty managers."""
    reference = gathering.contact.reference
    managers = User.objects.filter(
        authority_id=gathering.authority_id, role=Role.MANAGER, status=UserStatus.ACTIVE
    ).values_list("email", flat=True)
    addresses = dict.fromkeys([gathering.sent_by.email, *managers])
    return [
        email_queue(
            kind="gathering_overdue",
            key=f"gathering:{gathering.pk}:overdue:{address}",
            to=address,
            subject=f"No answer by the reply-by time: request for information on {reference}",
            body=(
                f"{gathering.agency.name} has not answered the request for information on "
                f"contact {reference}: it was due by {_when(gathering.reply_by)}.\n\n"
                "Chase it, or close it with a reason before proposing a decision: "
                f"{_record_url(gathering)}\n"
            ),
            authority_id=gathering.authority_id,
            obj=gathering,
        )
        for address in addresses
    ]
