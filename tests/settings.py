"""The test suite's settings: the portal's own settings module, read in the environment the
suite sets for itself, then what only tests need. Nothing here depends on how the process was
started; ``pyproject.toml`` names this module for pytest-django.

A subprocess a test starts (a Celery worker, ``manage.py check``) inherits this environment
and ``DJANGO_SETTINGS_MODULE``; a test that means to check the production defaults removes
them (``tests/foundation/test_settings.py``).
"""

from __future__ import annotations

import os

# The environment of a test run: variables already set (by `make test`, CI or a developer)
# win. The cookies and redirects are for plain-http test clients and the live server.
TEST_ENVIRONMENT = {
    "SECRET_KEY": "test-suite-only-secret-key-never-used-to-serve-anything-0123456789",
    "EMAIL_URL": "locmem://",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "SECURITY_CONTACT": "security@localhost",
}
for _name, _value in TEST_ENVIRONMENT.items():
    os.environ.setdefault(_name, _value)

from referral_portal.settings import *  # noqa: E402, F403
from referral_portal.settings import BASE_DIR, STATICFILES_DIRS, STORAGES  # noqa: E402

# Hashing is not what the suite tests; a fast hasher saves seconds per persona.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The browser tests load axe-core as a same-origin script, so they run under the real CSP.
STATICFILES_DIRS = [*STATICFILES_DIRS, ("axe", BASE_DIR / "node_modules" / "axe-core")]
# Pages are rendered without collectstatic's manifest.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
