from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _home_takes_information_requests(request: pytest.FixtureRequest) -> None:
    """The test authority "home" publishes an information-request process ("away" too, so
    that the tests of who sees what can make requests in both)."""
    if "people" not in request.fixturenames:
        return
    from tests.information.factories import give_information_requests

    people = request.getfixturevalue("people")
    give_information_requests(people.home)
    give_information_requests(people.away)


@pytest.fixture(autouse=True)
def _emails_in_process(outbox_in_process: Any) -> None:
    """The emails leave through the outbox; here it sends in-process after the commit (the
    worker tests start a real worker instead)."""


@pytest.fixture
def eager_tasks() -> Iterator[None]:
    """Run Celery tasks in-process (the broker is not what these tests are about)."""
    from referral_portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def more(people: SimpleNamespace) -> SimpleNamespace:
    """A Probation officer, a local authority social worker and a Cafcass officer (home)."""
    from referral_portal.accounts.models import AgencyType, Role
    from tests.factories import AgencyFactory, UserFactory

    probation = AgencyFactory(
        authority=people.home, name="Probation", agency_type=AgencyType.PROBATION
    )
    council = AgencyFactory(
        authority=people.home, name="Council", agency_type=AgencyType.LOCAL_AUTHORITY
    )
    return SimpleNamespace(
        probation=probation,
        council=council,
        pete=UserFactory(
            email="pete@probation.example.org", role=Role.PRACTITIONER, agency=probation
        ),
        cora=UserFactory(email="cora@council.example.org", role=Role.PRACTITIONER, agency=council),
    )
