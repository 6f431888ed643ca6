from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


@pytest.fixture
def client_for() -> Any:
    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


@pytest.fixture
def queued(monkeypatch: Any) -> list[Any]:
    """Task messages the code would publish (args only), instead of reaching Redis."""
    from requests.letters.tasks import letter_send_task

    published: list[Any] = []
    monkeypatch.setattr(
        letter_send_task, "apply_async", lambda args=None, **kw: published.append(args)
    )
    return published


@pytest.fixture
def front_door(people: Any) -> Any:
    """The home authority's front door in the directory, open on weekdays."""
    import datetime as dt

    from contacts.models import Availability, OpeningHours, Service, ServiceKind

    service = Service.objects.create(
        authority=people.home,
        kind=ServiceKind.FRONT_DOOR,
        name="Home Children's Front Door",
        short_name="Front Door",
        phone="0100 000 0001",
        availability=Availability.HOURS,
    )
    for weekday in range(5):
        OpeningHours.objects.create(
            service=service, weekday=weekday, opens=dt.time(8, 45), closes=dt.time(17, 15)
        )
    return service
