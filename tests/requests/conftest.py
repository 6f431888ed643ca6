from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _no_two_factor_prompt(settings: Any) -> None:
    # Officers' pages here are about requests, not sign-in: two-factor has its own tests.
    settings.TWO_FACTOR_ENFORCED = False


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def in_process() -> Any:
    """Tasks run eagerly in this process, as without a broker."""
    from referral_portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def alice_client(client: Any, people: Any) -> Any:
    client.force_login(people.alice)
    return client


@pytest.fixture
def people(people: Any) -> Any:
    """The personas, with a levels-of-need framework (four levels) loaded for the home
    authority, as an administrator would load one: these tests choose levels. An authority with
    no framework is asked for none (tests/procedures/test_levels_of_need_question.py)."""
    from tests.thresholds.factories import small_framework

    small_framework(people.home)
    return people
