"""A bad setting stops start-up with one line naming the variable, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.settings import TEST_ENVIRONMENT

ROOT = Path(__file__).resolve().parents[2]


def run_check(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "DEBUG",
            "DJANGO_SETTINGS_MODULE",
            *TEST_ENVIRONMENT,
        }
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"DEBUG": "0", "EMAIL_URL": "console://"}, "SECRET_KEY"),
        ({"DEBUG": "1", "DATABASE_URL": "mongodb://localhost/portal"}, "DATABASE_URL"),
        ({"DEBUG": "1", "DATABASE_URL": "postgres://localhost:notaport/portal"}, "DATABASE_URL"),
        ({"DEBUG": "1", "REDIS_URL": "http://localhost:6379"}, "REDIS_URL"),
        ({"DEBUG": "1", "REDIS_URL": "redis://localhost:port/0"}, "REDIS_URL"),
        ({"DEBUG": "1", "EMAIL_URL": "pigeon://loft"}, "EMAIL_URL"),
        ({"DEBUG": "0", "SECRET_KEY": "x" * 60}, "EMAIL_URL"),
        ({"DEBUG": "1", "SESSION_IDLE_TIMEOUT": "soon"}, "SESSION_IDLE_TIMEOUT"),
    ],
)
def test_bad_setting_stops_start_up_with_one_line_naming_it(
    env: dict[str, str], variable: str
) -> None:
    result = run_check(**env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Configuration error: ")
    assert variable in lines[0]
    assert "Traceback" not in result.stderr


def test_first_run_needs_no_settings_beyond_debug() -> None:
    """`make run` sets only DEBUG: SQLite, in-process tasks and file email are the defaults."""
    result = run_check(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_settings_start_with_the_required_variables() -> None:
    result = run_check(
        DEBUG="0",
        SECRET_KEY="k" * 64,
        EMAIL_URL="smtp+tls://mail.example.org:587",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/test",
        ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode == 0, result.stderr


def test_email_url_parsing() -> None:
    from referral_portal.env import email_from_url

    config = email_from_url("EMAIL_URL", "smtp://user%40x:p%3Ass@mail.example.org:2525?tls=1")
    assert (config.host, config.port, config.user, config.password, config.use_tls) == (
        "mail.example.org",
        2525,
        "user@x",
        "p:ss",
        True,
    )
    assert email_from_url("EMAIL_URL", "smtps://mail.example.org").port == 465
    assert email_from_url("EMAIL_URL", "file:///tmp/mail").file_path == "/tmp/mail"


def test_deploy_check_is_clean_with_production_settings() -> None:
    import secrets

    drop = {
        "DATABASE_URL",
        "REDIS_URL",
        "DEBUG",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "DJANGO_SETTINGS_MODULE",
        *TEST_ENVIRONMENT,
    }
    clean = {k: v for k, v in os.environ.items() if k not in drop}
    clean.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        EMAIL_URL="smtp+tls://mail.example.org:587",
        ALLOWED_HOSTS="portal.example.org",
        SECURITY_CONTACT="security@council.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_behind_a_transaction_pooler_neither_prepared_statements_nor_server_side_cursors() -> None:
    """PgBouncer in transaction mode (docker-compose.yml, profile "pooler") gives each
    transaction any server connection: nothing may outlive one (issue 23)."""
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASE_PREPARED_STATEMENTS, "
        "s.DATABASES['default'].get('DISABLE_SERVER_SIDE_CURSORS', False))"
    )
    base = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}}
    base.update(DEBUG="1", DJANGO_SETTINGS_MODULE="referral_portal.settings")
    for value, expected in (("0", "False True"), ("1", "True False")):
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={**base, "DATABASE_PREPARED_STATEMENTS": value},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.stdout.strip() == expected, result.stderr[-500:]
