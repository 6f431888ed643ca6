"""Single-use links for confirming an email address.

The hash covers the user's status and confirmation time, so once the address is confirmed the
link stops working (as Django's password-reset tokens stop once the password changes).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class EmailConfirmationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "referral_portal.accounts.tokens.EmailConfirmationTokenGenerator"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        confirmed = "" if user.email_confirmed_at is None else user.email_confirmed_at.isoformat()
        return f"{user.pk}{user.email}{user.status}{confirmed}{timestamp}"


email_confirmation_token = EmailConfirmationTokenGenerator()
