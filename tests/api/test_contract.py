"""The API keeps the promises of its OpenAPI description, as an independent client sees it:
schemathesis runs every check against the public operations of a running portal."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
SCHEMATHESIS = ROOT / ".venv-contract" / "bin" / "schemathesis"
PUBLIC_OPERATIONS = [
    "contacts_list",
    "contacts_now",
    "thresholds_indicators",
    "thresholds_assess",
    "information_requests_check_create",
]

pytestmark = pytest.mark.django_db(transaction=True)


def test_schemathesis_finds_no_failure_in_the_public_operations(
    live_server, people, tmp_path, monkeypatch
):
    if not SCHEMATHESIS.exists():
        pytest.fail(f"{SCHEMATHESIS} is missing: run `make install-test`")
    from django.core.cache import cache
    from rest_framework.throttling import AnonRateThrottle

    # The anonymous limit (120 a minute) would answer most generated requests with 429 and
    # leave the operations untested; 429 itself is tested in tests/usability/test_api_contract.py.
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "100000/min")
    cache.delete("throttle_anon_127.0.0.1")
    command = [
        str(SCHEMATHESIS),
        "--config-file",
        str(ROOT / "tests" / "api" / "schemathesis.toml"),
        "run",
        f"{live_server.url}/api/v1/schema/?format=json",
        "--checks",
        "all",
        "--max-examples",
        "40",
        "--seed",
        "20261201",
        "--workers",
        "1",
    ]
    for operation in PUBLIC_OPERATIONS:
        command += ["--include-operation-id", operation]
    # A separate virtualenv and working directory: schemathesis imports the PyPI `requests`,
    # which our own `requests` app shadows inside the portal's processes.
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "DJANGO_SETTINGS_MODULE"}}
    run = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600
    )
    output = run.stdout + run.stderr
    cache.delete("throttle_anon_127.0.0.1")
    assert run.returncode == 0, output[-6000:]
    assert "Tested: 5" in output, output[-3000:]
    assert "Rate limited" not in output, output[-3000:]  # the operations were really exercised
