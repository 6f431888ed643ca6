"""Fixtures of the levels-of-need tests: Worcestershire's framework as the migration loads it."""

from __future__ import annotations

from typing import Any

import pytest

from referral_portal.accounts.models import Authority
from thresholds.framework_io import DATA_FILE, parse_framework
from thresholds.models import Framework, Indicator


def load_worcestershire() -> Framework:
    """The framework the data migration loaded; loaded again when a transactional test's
    flush removed it."""
    from referral_portal.accounts.demo import AUTHORITIES
    from referral_portal.procedures.services import procedures_load_from_sources
    from thresholds import services

    spec = next(a for a in AUTHORITIES if a["slug"] == "worcestershire")
    authority, _ = Authority.objects.get_or_create(slug="worcestershire", defaults=spec)
    procedures_load_from_sources(authority=authority)
    framework = Framework.objects.filter(authority=authority, is_current=True).first()
    if framework is None:
        data = parse_framework(DATA_FILE.read_text(encoding="utf-8"))
        framework = services.framework_import(data=data, authority=authority)
    return framework


@pytest.fixture
def worcestershire(db: Any) -> Framework:
    return load_worcestershire()


@pytest.fixture
def birmingham(db: Any) -> Authority:
    from referral_portal.accounts.demo import AUTHORITIES

    spec = next(a for a in AUTHORITIES if a["slug"] == "birmingham")
    return Authority.objects.get_or_create(slug="birmingham", defaults=spec)[0]


def indicator(framework: Framework, text: str) -> Indicator:
    return Indicator.objects.get(area__domain__framework=framework, text=text)


@pytest.fixture(autouse=True)
def _generous_api_throttle(monkeypatch: pytest.MonkeyPatch) -> None:
    """The anonymous rate (120/min) is counted in Redis across tests and runs; these tests
    are about answers, not rate limits."""
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "100000/min")
