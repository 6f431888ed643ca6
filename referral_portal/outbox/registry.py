"""Kinds of email: what each is, who answers for its failures, and what the sender needs.

Feature apps register their kinds in ``AppConfig.ready`` (the core imports no feature app);
the core's own kinds (account emails) are in ``kinds.py``. A row whose kind is not registered
is not sent: it fails visibly ("unknown kind"), it is never dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from referral_portal.outbox.models import Email

Attachment = tuple[str, bytes, str]  # file name, content, MIME type


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    # Roles (``accounts.Role`` values) of the authority's people who see a failure and resend.
    responsible: frozenset[str]
    # The body holds a one-time link or code: emptied once sent (it is not kept at rest).
    secret: bool = False
    # Built at send time, outside any transaction (an outcome letter's PDF).
    attachments: Callable[[Email], Sequence[Attachment]] | None = None
    # Called in the transaction that records the result, so the feature's own row follows.
    on_sent: Callable[[Email], None] | None = None
    on_failed: Callable[[Email], None] | None = None
    on_resend: Callable[[Email], None] | None = None
    # Where a person sees what the email is about (a URL), if anywhere.
    link: Callable[[Email], str] | None = None
    # The outbox audits each send against the row it is about; a kind that audits its own
    # events (letters) turns this off.
    audit_sent: bool = True


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Register ``kind``. Registering the same name twice (a reloaded app) replaces it."""
    _kinds[kind.name] = kind
    return kind


def kind_for(name: str) -> Kind | None:
    return _kinds.get(name)


def kinds() -> dict[str, Kind]:
    return dict(_kinds)
