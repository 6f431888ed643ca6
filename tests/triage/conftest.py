from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.factories import UserFactory


@pytest.fixture
def oscar(people: Any) -> Any:
    """A second officer of the home authority, for two people at once."""
    from referral_portal.accounts.models import Role

    return UserFactory(
        email="oscar@home.example.org", role=Role.OFFICER, authority=people.home, agency=None
    )


@pytest.fixture
def client_for() -> Any:
    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make
