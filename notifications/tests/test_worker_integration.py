"""A real Celery worker, a real Redis broker and the real test database deliver one e-mail.

Runs only when REDIS_URL is set, e.g.
REDIS_URL=redis://127.0.0.1:6379/0 pytest notifications/tests/test_worker_integration.py
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from notifications.models import EmailStatus
from notifications.tasks import deliver_email
from notifications.tests.factories import EmailRecordFactory

BASE_DIR = Path(settings.BASE_DIR)

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="needs a Redis broker (set REDIS_URL)"
)


@pytest.fixture
def worker(tmp_path, monkeypatch):
    # A queue of our own, so that no other worker on the same Redis takes the task.
    queue = f"notifications-test-{uuid.uuid4().hex[:8]}"
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@"
            f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "DJANGO_SETTINGS_MODULE": "notifications.tests.worker_settings",
        "DEBUG": "1",  # the worker is not under pytest: local settings, no SECRET_KEY needed
        # ...and not the test run's settings either, whose tasks run eagerly in the caller.
        "DJANGO_ENV": "development",
        "SIECI_TEST_EMAIL_DIR": str(tmp_path / "mail"),
    }
    log = (tmp_path / "worker.log").open("w")
    celery = Path(sys.executable).parent / "celery"
    process = subprocess.Popen(  # noqa: S603
        [str(celery), "-A", "config", "worker", "--pool=solo", "--concurrency=1", "-Q", queue],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    monkeypatch.setitem(deliver_email.app.conf, "task_always_eager", False)
    try:
        yield queue, tmp_path
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_delivers_a_queued_email_once(worker):
    queue, tmp_path = worker
    record = EmailRecordFactory(subject="Próba przez Redis")
    deliver_email.apply_async(args=[record.pk], queue=queue)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        record.refresh_from_db()
        if record.status != EmailStatus.QUEUED and record.status != EmailStatus.SENDING:
            break
        time.sleep(0.5)
    log = (tmp_path / "worker.log").read_text()
    assert record.status == EmailStatus.SENT, log
    assert record.attempts == 1
    files = list((tmp_path / "mail").glob("*.log"))
    assert len(files) == 1
    assert record.to_address in files[0].read_text()
