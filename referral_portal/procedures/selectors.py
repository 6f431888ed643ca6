"""Reading an authority's procedures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from referral_portal.accounts.models import Authority
from referral_portal.procedures.models import Kind, Procedure

# An authority, or its id (callers that hold only a row's authority_id), or None (no authority).
AuthorityRef = Authority | int | None


def procedure_for(*, authority: AuthorityRef, kind: str) -> Procedure | None:
    """The authority's procedure of ``kind`` when the portal offers it, else None."""
    if authority is None:
        return None
    # One row at most (unique per authority and kind): no ordering, so no join to the authority.
    return Procedure.objects.filter(authority=authority, kind=kind, offered=True).order_by().first()


def procedure_row(*, authority: AuthorityRef, kind: str) -> Procedure | None:
    """The row whether offered or not (a row not offered says why none is offered)."""
    if authority is None:
        return None
    return Procedure.objects.filter(authority=authority, kind=kind).first()


def procedures_of(*, authority: Authority) -> list[Procedure]:
    """Every kind for the authority, with an unsaved row (not offered) where none is stored."""
    stored = {p.kind: p for p in Procedure.objects.filter(authority=authority)}
    return [stored.get(kind) or Procedure(authority=authority, kind=kind) for kind in Kind.values]


@dataclass(frozen=True)
class ResponseAim:
    """An authority's response aim for a Request for Support, as its procedure row gives it."""

    hours: int
    # The extension in the source's words; empty: the procedure gives none, none may be asked.
    extension: str
    portal_standard: bool
    citation: str

    @property
    def delta(self) -> dt.timedelta:
        return dt.timedelta(hours=self.hours)

    def sentence(self, *, front_door: str, by: str = "") -> str:
        """For referrers: how long, by when, and whose aim it is (the portal's own standard is
        never worded as the authority's promise)."""
        when = f"a response within {self.hours} hours" + (f", by {by}" if by else "")
        if self.portal_standard:
            return (
                f"This portal's standard is {when}. It is this portal's standard, not a "
                f"timescale published by {front_door}."
            )
        cited = f" ({self.citation})" if self.citation else ""
        return f"{front_door} aims to give {when}{cited}."


def response_aim_of(procedure: Procedure | None) -> ResponseAim | None:
    """The aim a procedure row gives: None when not offered or without a whole number of hours."""
    if procedure is None or not procedure.offered:
        return None
    return response_aim_from(
        details=procedure.details,
        portal_standard=procedure.portal_standard,
        citation=procedure.citation,
    )


def response_aim_from(
    *, details: object, portal_standard: bool = True, citation: str = ""
) -> ResponseAim | None:
    """The aim from a row's ``details`` (read with the submission's own statement)."""
    if not isinstance(details, dict):
        return None
    hours = str(details.get("hours", "") or "").strip()
    if not hours.isdigit() or int(hours) < 1:
        return None
    return ResponseAim(
        hours=int(hours),
        extension=str(details.get("extension", "") or "").strip(),
        portal_standard=portal_standard,
        citation=citation,
    )


def response_aim_for(*, authority: AuthorityRef) -> ResponseAim | None:
    """The authority's response aim, or None: it has none, and no deadline is promised."""
    return response_aim_of(procedure_for(authority=authority, kind=Kind.RESPONSE_AIM))


def offers(*, authority: AuthorityRef, kind: str) -> bool:
    """Whether the portal offers the authority this procedure (a row, offered)."""
    if authority is None:
        return False
    return Procedure.objects.filter(authority=authority, kind=kind, offered=True).exists()


def offered_of(*, authority: AuthorityRef, kinds: list[str]) -> dict[str, Procedure]:
    """The authority's offered procedures of ``kinds`` in one query: {kind: row}."""
    if authority is None:
        return {}
    rows = Procedure.objects.filter(authority=authority, kind__in=kinds, offered=True).order_by()
    return {row.kind: row for row in rows}
