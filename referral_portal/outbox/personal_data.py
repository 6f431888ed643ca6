"""The outbox holds addresses and the words of emails for as long as it needs them: a sent or
cancelled email is deleted OUTBOX_KEEP_DAYS after it (``services.outbox_prune``), and the body of
one that carries a link or a code is emptied as soon as it is sent (see rights/registry.py)."""

from __future__ import annotations

from referral_portal.outbox.models import Email
from referral_portal.rights import registry
from referral_portal.rights.registry import About, kept

WHILE_SENDING = "needed to send the email; deleted by the outbox days after it was sent"

registry.declare(
    Email,
    personal={
        "to": kept(WHILE_SENDING, About.THIRD_PARTY),
        "subject": kept(WHILE_SENDING, About.THIRD_PARTY),
        "body": kept(WHILE_SENDING, About.THIRD_PARTY),
        "last_error": kept(WHILE_SENDING, About.THIRD_PARTY),
    },
    not_personal={"kind", "key", "object_type", "message_id", "status", "lease_token"},
)
