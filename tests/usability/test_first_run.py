"""A newcomer's first run is clean (review S1, S2, S5, S6): no setuptools licence warning, no
model warning on `migrate` with the embedded SQLite database, and the README says how to reset
the demo and that a demo code works once."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_licence_is_an_spdx_string_so_setuptools_prints_no_deprecation_warning():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT"  # a TOML table is deprecated (S1)
    assert not any(c.startswith("License ::") for c in project.get("classifiers", []))


def test_the_first_runs_sqlite_database_gives_no_model_warning(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'first-run.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "referral_portal.settings",
    }
    result = subprocess.run(  # noqa: S603  # nosec B603: our own manage.py, fixed arguments
        [sys.executable, "manage.py", "check", "--database", "default"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "W040" not in result.stdout + result.stderr  # S2
    assert "System check identified no issues" in result.stdout  # the database checks ran too


def test_the_readme_says_how_to_reset_the_demo_and_that_a_code_works_once():
    readme = (ROOT / "README.md").read_text()
    assert "make demo-reset" in readme  # S6
    assert "Each code works once" in readme and "30-second window" in readme  # S5
    assert "Ctrl-C stops `make run`" in readme
