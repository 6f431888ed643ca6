"""Single-use links for confirming an email address.

The hash covers the user's status and confirmation time, so once the address is confirmed the
link stops working (as Django's password-reset tokens stop once the password changes).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class EmailConfirmationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "referral_portal.accounts.tokens.EmailConfirmationTokenGenerator"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        confirmed = "" if user.email_confirmed_at is None else user.email_confirmed_at.isoformat()
        return f"{user.pk}{user.email}{user.status}{confirmed}{timestamp}"

    def made_for(self, user: Any, token: str) -> bool:
        """Whether ``token`` is one this generator made for ``user`` as they are now, however
        old it is: an expired link can then say that it expired, not that it is wrong."""
        try:
            ts_b36, _ = token.split("-")
            timestamp = base36_to_int(ts_b36)
        except ValueError:
            return False
        return constant_time_compare(
            self._make_token_with_timestamp(user, timestamp, self.secret), token
        )


email_confirmation_token = EmailConfirmationTokenGenerator()
