from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from referral_portal.accounts.models import AgencyType
from referral_portal.outbox.models import Email
from tests.factories import AgencyDomainFactory, AgencyFactory


@pytest.fixture
def client_for() -> Any:
    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


@pytest.fixture
def gp(people: Any) -> Any:
    """A GP practice of the home authority; its doctors have no accounts."""
    agency = AgencyFactory(
        authority=people.home, name="Riverside Surgery", agency_type=AgencyType.GP, domain=None
    )
    AgencyDomainFactory(agency=agency, domain="riverside.example.nhs.uk", verified=True)
    AgencyDomainFactory(agency=agency, domain="unverified.example.org", verified=False)
    return agency


def emails_to(address: str, kind: str = "") -> list[Email]:
    rows = Email.objects.filter(to=address).order_by("id")
    if kind:
        rows = rows.filter(kind=kind)
    return list(rows)


def link_in(email: Email) -> str:
    match = re.search(r"https?://[^/\s]+(/gathering/answer/[^\s]+/)", email.body)
    assert match, email.body
    return match.group(1)


def code_in(email: Email) -> str:
    match = re.search(r"code is (\d{6})", email.body)
    assert match, email.body
    return match.group(1)


@pytest.fixture
def helpers() -> SimpleNamespace:
    return SimpleNamespace(emails_to=emails_to, link_in=link_in, code_in=code_in)
