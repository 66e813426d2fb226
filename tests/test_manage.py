"""manage.py says what is wrong with the settings instead of Django's later, unrelated error."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_settings_error_is_said_not_hidden_behind_models_not_loaded():
    # Production (DEBUG unset) without a SECRET_KEY: Django alone ends makemigrations with
    # "AppRegistryNotReady: Models aren't loaded yet".
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "HOME": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr
    assert "DEBUG=1" in result.stderr
    assert "Traceback" not in result.stderr and "AppRegistryNotReady" not in result.stderr
