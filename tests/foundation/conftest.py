from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _emails_in_process(outbox_in_process: Any) -> None:
    """Account emails leave through the outbox; here it sends in-process after the commit."""
