"""The deployment files are valid: docker-compose.yml parses and names every service."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def compose_command() -> list[str] | None:
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
        if probe.returncode == 0:
            return ["docker", "compose"]
    return None


def test_docker_compose_config_passes_and_has_every_service() -> None:
    command = compose_command()
    if command is None:
        pytest.skip("neither docker-compose nor the docker compose plugin is installed")
    env = dict(os.environ, SECRET_KEY="k" * 60, EMAIL_URL="smtp://mail.example.org:25")
    result = subprocess.run(
        [*command, "config", "--services"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    # The mail catcher is in the "demo" profile (checked below); compose 1.x lists it anyway.
    assert {"proxy", "web", "worker", "beat", "db", "redis"} <= set(result.stdout.split())
    demo = subprocess.run(
        [*command, "--profile", "demo", "config", "--services"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "mail" in demo.stdout.split()


def test_compose_refuses_to_start_without_a_secret_key() -> None:
    command = compose_command()
    if command is None:
        pytest.skip("neither docker-compose nor the docker compose plugin is installed")
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run(
        [*command, "config", "-q"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def _compose_config() -> dict:
    import yaml

    from tests.settings import TEST_ENVIRONMENT

    command = compose_command()
    if command is None:
        pytest.skip("neither docker-compose nor the docker compose plugin is installed")
    # The compose file's own defaults, not the test suite's environment.
    env = {k: v for k, v in os.environ.items() if k not in TEST_ENVIRONMENT}
    env.update(SECRET_KEY="k" * 60, EMAIL_URL="smtp://mail.example.org:25")
    result = subprocess.run(
        [*command, "--profile", "demo", "config"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def _published(service: dict) -> list[str]:
    ports = []
    for port in service.get("ports", []):
        if isinstance(port, dict):
            ports.append(f"{port.get('host_ip', '0.0.0.0')}:{port.get('published')}")  # noqa: S104
        else:
            ports.append(str(port))
    return ports


def test_review_m7_only_the_proxy_is_published_and_the_mail_catcher_on_loopback() -> None:
    """Review M7: mailpit's page (every reset link and letter) was on 0.0.0.0:8025, and
    gunicorn on 0.0.0.0:8000 with no proxy in front."""
    services = _compose_config()["services"]
    mail = _published(services["mail"])
    assert mail and all(p.startswith("127.0.0.1:") for p in mail)
    assert services["mail"]["profiles"] == ["demo"]
    assert _published(services["web"]) == []
    assert all(p.startswith("127.0.0.1:") for p in _published(services["proxy"]))
    web = services["web"]
    command = web["command"] if isinstance(web["command"], str) else " ".join(web["command"])
    assert "--worker-class gthread" in command
    assert web["environment"]["TRUSTED_PROXIES"] == "proxy"
    assert web["environment"]["SECURE_SSL_REDIRECT"] == "1"


def test_the_proxy_buffers_bodies_with_size_and_time_limits() -> None:
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    for directive in (
        "client_max_body_size 12m;",
        "client_body_timeout 15s;",
        "proxy_request_buffering on;",
        "proxy_set_header X-Forwarded-For $remote_addr;",
        "limit_req zone=perip",
    ):
        assert directive in conf


def test_web_and_worker_scale_and_the_schema_is_migrated_once() -> None:
    """`docker compose up --scale web=N --scale worker=M` (issue 23): no fixed name or host
    port on what scales; the schema migrated by one service before any of them starts, never
    by N web instances at once; one beat; PgBouncer (transaction mode) in its own profile."""
    services = _compose_config()["services"]
    for name in ("web", "worker"):
        assert "container_name" not in services[name]
        assert _published(services[name]) == []
    web = services["web"]
    command = web["command"] if isinstance(web["command"], str) else " ".join(web["command"])
    assert "migrate" not in command
    migrate = services["migrate"]
    migrate_command = migrate["command"]
    if not isinstance(migrate_command, str):
        migrate_command = " ".join(migrate_command)
    assert "manage.py migrate" in migrate_command
    assert "pgbouncer" not in migrate["environment"]["DATABASE_URL"]
    for name in ("web", "worker", "beat"):
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
    assert services["web"]["environment"]["DATABASE_PREPARED_STATEMENTS"] == "1"
    with_pooler = subprocess.run(
        [*compose_command(), "--profile", "pooler", "config"],  # type: ignore[misc]
        cwd=ROOT,
        env=dict(os.environ, SECRET_KEY="k" * 60, EMAIL_URL="smtp://mail.example.org:25"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert with_pooler.returncode == 0, with_pooler.stderr
    assert "POOL_MODE: transaction" in with_pooler.stdout
