"""Deployment checks of our own, run by `manage.py check --deploy`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def security_contact_check(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if settings.SECURITY_CONTACT:
        return []
    return [
        Warning(
            "SECURITY_CONTACT is not set, so /.well-known/security.txt is not published.",
            hint="Set SECURITY_CONTACT to the mailbox that receives vulnerability reports.",
            id="portal.W001",
        )
    ]
