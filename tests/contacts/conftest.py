"""Fixtures of the contacts directory: the seed data loaded, and a clean cache per test."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.cache import cache

SEED_MIGRATION = importlib.import_module("contacts.migrations.0002_load_seed_directory")


def _forget_everything() -> None:
    from contacts import panel, selectors

    cache.clear()
    selectors._local.clear()  # the per-process copies too: a rollback sends no signal
    panel.forget_answers()


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    _forget_everything()
    yield
    _forget_everything()


@pytest.fixture
def seeded(db: Any) -> SimpleNamespace:
    """Birmingham and Worcestershire as the data migration loads them (idempotent: the
    migration already ran for the test database, but transactional tests flush it)."""
    from django.apps import apps

    from referral_portal.accounts.models import Authority

    SEED_MIGRATION.load(apps, None)
    _forget_everything()
    return SimpleNamespace(
        birmingham=Authority.objects.get(slug="birmingham"),
        worcestershire=Authority.objects.get(slug="worcestershire"),
    )
