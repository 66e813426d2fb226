"""manage.py with no environment: the code-only commands run, the others say what is missing."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our manage.py, arguments written here)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "HOME": str(ROOT), **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_makemigrations_check_runs_in_a_fresh_checkout_with_no_environment(tmp_path):
    # Only where the embedded database keeps its files is said, so as not to touch .data.
    result = _manage(
        "makemigrations", "--check", "--dry-run", env={"SIECI_DATA_DIR": str(tmp_path)}
    )
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_a_command_that_needs_the_settings_says_what_is_missing_not_models_not_loaded():
    # Production (DEBUG and DJANGO_ENV unset) without a SECRET_KEY: Django alone ends with
    # "AppRegistryNotReady: Models aren't loaded yet".
    result = _manage("check")
    assert result.returncode == 1
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr
    assert "DEBUG=1" in result.stderr
    assert "Traceback" not in result.stderr and "AppRegistryNotReady" not in result.stderr


def test_a_server_saying_production_is_not_switched_to_development():
    result = _manage("makemigrations", "--check", "--dry-run", env={"DJANGO_ENV": "production"})
    assert result.returncode == 1
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr
