"""Management commands start in a fresh process without asking the database anything.

`makemigrations --check` runs in CI and on machines whose database is empty or not there
yet; nothing imported while Django starts (apps, models, URLs, metrics) may query it.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Nothing listens on port 9: any query made while starting fails the command.
UNREACHABLE = "postgres://nobody@127.0.0.1:9/none"


@pytest.mark.parametrize(
    "environment",
    [
        {"DJANGO_ENV": "development", "DEBUG": "1"},
        {"DJANGO_ENV": "development", "DEBUG": "1", "PROMETHEUS_METRICS": "1"},
        {"DJANGO_ENV": "production", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.org"},
    ],
    ids=["development", "with metrics", "production"],
)
def test_makemigrations_check_starts_without_the_database(environment):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PROMETHEUS", "DEBUG", "REDIS_URL"))
    }
    env.update(environment, DATABASE_URL=UNREACHABLE, DJANGO_SETTINGS_MODULE="config.settings")
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "No changes detected" in result.stdout
