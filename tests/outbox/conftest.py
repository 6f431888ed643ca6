from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def email_of(people: Any) -> Any:
    """Queue one account email (an approval notice) to ``to`` and commit it."""
    from django.test import TestCase

    from referral_portal.outbox.services import email_queue

    def make(to: str = "nell@example.org", **kw: Any) -> Any:
        with TestCase.captureOnCommitCallbacks(execute=True):
            email = email_queue(
                kind=kw.pop("kind", "registration_approved"),
                to=to,
                subject="Your referral portal account is approved",
                body="Hello Nell,\n\nSign in.",
                authority_id=people.home.pk,
                **kw,
            )
        email.refresh_from_db()
        return email

    return make
