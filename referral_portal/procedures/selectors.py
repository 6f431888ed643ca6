"""Reading an authority's procedures."""

from __future__ import annotations

from typing import Any

from referral_portal.procedures.models import Kind, Procedure


def procedure_for(*, authority: Any, kind: str) -> Procedure | None:
    """The authority's procedure of ``kind`` when the portal offers it, else None."""
    if authority is None:
        return None
    # One row at most (unique per authority and kind): no ordering, so no join to the authority.
    return Procedure.objects.filter(authority=authority, kind=kind, offered=True).order_by().first()


def procedure_row(*, authority: Any, kind: str) -> Procedure | None:
    """The row whether offered or not (a row not offered says why none is offered)."""
    if authority is None:
        return None
    return Procedure.objects.filter(authority=authority, kind=kind).first()


def procedures_of(*, authority: Any) -> list[Procedure]:
    """Every kind for the authority, with an unsaved row (not offered) where none is stored."""
    stored = {p.kind: p for p in Procedure.objects.filter(authority=authority)}
    return [stored.get(kind) or Procedure(authority=authority, kind=kind) for kind in Kind.values]
