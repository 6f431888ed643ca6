"""Our ``requests`` app shadows the PyPI ``requests`` library inside the portal's processes.

Django REST framework treats ``requests`` as optional (``try: import requests``) and, finding our
app instead, builds a test client on it and fails. Tell DRF plainly that ``requests`` is absent.
Called from ``settings.py`` so it runs in every process before DRF's test module can load.
"""

from __future__ import annotations


def hide_pypi_requests_from_drf() -> None:
    import rest_framework.compat

    # The stubs type it as the module; None is what DRF itself sets when it is absent.
    rest_framework.compat.requests = None  # type: ignore[assignment]  # see the comment above
