"""Typed readers for settings from the environment.

Each reader fails loudly with a ``ConfigError`` naming the variable; ``settings.py`` turns that
into a one-line message and stops start-up (no traceback), as healthchecks' settings do.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit


class ConfigError(Exception):
    """A setting read from the environment is missing or malformed."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None else value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigError(f"{name} must be true or false (1/0, yes/no, on/off), got {value!r}")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {value!r}") from None
    if number < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, got {number}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: set[str]) -> str:
    value = os.environ.get(name, default)
    if value not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(sorted(choices))}, got {value!r}")
    return value


def database_from_url(name: str, url: str) -> dict[str, object]:
    """A Django DATABASES entry from a ``postgres://`` or ``sqlite:///`` URL."""
    import dj_database_url

    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise ConfigError(
            f"{name} must start with postgres:// or sqlite:///, got a URL with scheme {scheme!r}"
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # dj_database_url raises plain ValueError and friends
        raise ConfigError(f"{name} is not a valid database URL: {exc}") from None
    if scheme != "sqlite" and not config.get("NAME"):
        raise ConfigError(f"{name} must name a database, e.g. postgres://user@host:5432/portal")
    return dict(config)


def redis_url(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in {"redis", "rediss"} or not parts.hostname:
        raise ConfigError(f"{name} must look like redis://host:6379/0, got {value!r}")
    try:
        parts.port  # noqa: B018 - validates the port number
    except ValueError:
        raise ConfigError(f"{name} has an invalid port: {value!r}") from None
    return value


@dataclass(frozen=True)
class EmailConfig:
    backend: str
    host: str = "localhost"
    port: int = 25
    user: str = ""
    password: str = ""
    use_tls: bool = False
    use_ssl: bool = False
    file_path: str = ""
    timeout: int = 20


def email_from_url(name: str, url: str) -> EmailConfig:
    """Parse ``smtp://user:pass@host:587?tls=1``, ``smtps://…``, ``console://`` or ``file:///dir``."""
    parts = urlsplit(url)
    scheme = parts.scheme
    if scheme == "console":
        return EmailConfig(backend="django.core.mail.backends.console.EmailBackend")
    if scheme == "file":
        if not parts.path:
            raise ConfigError(f"{name} with file:// must give a folder, e.g. file:///var/mail")
        return EmailConfig(
            backend="django.core.mail.backends.filebased.EmailBackend", file_path=parts.path
        )
    if scheme == "locmem":
        return EmailConfig(backend="django.core.mail.backends.locmem.EmailBackend")
    if scheme not in {"smtp", "smtps", "smtp+tls"}:
        raise ConfigError(
            f"{name} must start with smtp://, smtps://, smtp+tls://, file:// or console://,"
            f" got scheme {scheme!r}"
        )
    if not parts.hostname:
        raise ConfigError(f"{name} must name a host, e.g. smtp://mail.example.org:587")
    try:
        port = parts.port
    except ValueError:
        raise ConfigError(f"{name} has an invalid port") from None
    query = parse_qs(parts.query)
    tls = scheme == "smtp+tls" or query.get("tls", ["0"])[0].lower() in _TRUE
    ssl = scheme == "smtps" or query.get("ssl", ["0"])[0].lower() in _TRUE
    return EmailConfig(
        backend="django.core.mail.backends.smtp.EmailBackend",
        host=parts.hostname,
        port=port or (465 if ssl else 587 if tls else 25),
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=tls,
        use_ssl=ssl,
    )
