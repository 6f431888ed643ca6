"""Whether an authority has an information-request process, and where it comes from.

The rules of ``requests.information.consent`` are Birmingham Children's Trust's ("Making an Information
Request to Birmingham Children's Trust - Partner Agencies only"). They run only for an authority
whose procedure row (``referral_portal.procedures``) offers information requests; for any other
authority the pages say that no process is published and give the front door's numbers, and the
API answers 404.
"""

from __future__ import annotations

from typing import Any

from contacts.models import ServiceKind
from contacts.selectors import directory_for
from referral_portal.procedures.models import Kind, Procedure
from referral_portal.procedures.selectors import procedure_for, procedure_row


def information_procedure(authority: Any) -> Procedure | None:
    """The authority's information-request procedure, or None when the portal offers none."""
    return procedure_for(authority=authority, kind=Kind.INFORMATION_REQUESTS)


def not_offered_message(authority: Any) -> str:
    name = getattr(authority, "name", "this authority")
    return (
        f"No information-request process is published for {name} in the sources this portal "
        "is built from, so the portal takes no information requests for it. Contact its front "
        "door."
    )


def not_offered_context(authority: Any) -> dict[str, Any]:
    """What the "no process" page shows: the message and the front door's numbers and hours."""
    row = procedure_row(authority=authority, kind=Kind.INFORMATION_REQUESTS)
    directory = directory_for(authority) if authority is not None else None
    front_door = directory.of_kind(ServiceKind.FRONT_DOOR) if directory else None
    out_of_hours = directory.of_kind(ServiceKind.OUT_OF_HOURS) if directory else None
    return {
        "authority": authority,
        "summary": (row.summary if row is not None and row.summary else "")
        or not_offered_message(authority),
        "front_door": front_door,
        "out_of_hours": out_of_hours,
    }
