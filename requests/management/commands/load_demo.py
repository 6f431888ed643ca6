from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from referral_portal.accounts.demo import DEMO_PASSWORD
from requests.demo import load_demo


class Command(BaseCommand):
    help = "Create the demo authorities, agencies, users and fictional families (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        logins = load_demo()
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Every demo user's password is:"))
        self.stdout.write(f"    {DEMO_PASSWORD}\n")
        width = max(len(login.email) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.email:<{width}}  {login.role:<26} {login.authority}")
        self.stdout.write(
            "\nStaff (officers, managers, Disclosure Team, administrators) sign in with a second\n"
            "step. For a demo user, get the current code with:\n"
            "    DEBUG=1 .venv/bin/python manage.py demo_code officer@birmingham.demo.example.org"
        )
