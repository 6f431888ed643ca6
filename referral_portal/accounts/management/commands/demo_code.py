from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo user's authenticator (DEBUG only)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("demo_code works only with DEBUG on: it is for the demo data")
        device = TOTPDevice.objects.filter(
            user__email=email.lower(), confirmed=True, name="Demo authenticator"
        ).first()
        if device is None:
            raise CommandError(
                f"No demo authenticator for {email}: run `manage.py load_demo` first"
            )
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
